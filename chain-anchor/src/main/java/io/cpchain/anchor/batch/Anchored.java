package io.cpchain.anchor.batch;

import io.cpchain.consensus.api.Hash;

/** Where a batch's root is on the chain: the final block and the transaction that recorded it. */
public record Anchored(long chainId, long height, Hash blockHash, long blockTimestampMs, Hash txHash,
    String submitter) {}
