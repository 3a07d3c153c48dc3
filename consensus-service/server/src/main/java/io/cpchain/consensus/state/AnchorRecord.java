package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.sign.Address;

/** An anchored Merkle root, looked up by the root. */
public record AnchorRecord(Hash merkleRoot, String dataset, long itemCount, long intervalStart, long intervalEnd,
    Address submitter, long height, Hash txHash) {}
