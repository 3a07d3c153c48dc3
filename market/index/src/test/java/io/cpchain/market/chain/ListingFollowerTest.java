package io.cpchain.market.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.QuorumCertificate;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.client.BlockFollower;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.market.index.ListingIndex;
import io.cpchain.market.index.SearchRequest;
import io.cpchain.market.index.SearchResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The index holds what certified final blocks say, through the chain's own listing rules: a
 * stranger's update in a block changes nothing, a block its validators did not certify changes
 * nothing and is asked for again.
 */
class ListingFollowerTest {

  static final long CHAIN = 5;
  final List<AccountPrivateKey> validators = IntStream.range(0, 4).mapToObj(i -> AccountPrivateKey.generate())
      .toList();
  final ValidatorSet genesis = new ValidatorSet(CHAIN, validators.stream().map(k -> k.publicKey().address())
      .toList());
  final AccountPrivateKey seller = AccountPrivateKey.generate();
  final AccountPrivateKey stranger = AccountPrivateKey.generate();
  final Map<Long, CommittedBlock> served = new HashMap<>();
  final ListingIndex index = new ListingIndex();
  Hash last = Hash.ZERO;

  @AfterEach
  void close() throws Exception {
    index.close();
  }

  /** Appends a block of {@code txs} signed by {@code signers} (three of the validators make a quorum). */
  void append(List<AccountPrivateKey> signers, Transaction... txs) {
    long height = served.size() + 1;
    Block block = new Block(new BlockHeader(CHAIN, height, 0, last, validators.get(0).publicKey().address(),
        height * 1_000, Block.txRoot(List.of(txs)), Hash.ZERO), List.of(txs));
    served.put(height, new CommittedBlock(block, new QuorumCertificate(CHAIN, height, 0, block.hash(), signers
        .stream().map(k -> Vote.sign(k, Vote.VoteType.PRECOMMIT, CHAIN, height, 0, block.hash()).signature())
        .toList())));
    last = block.hash();
  }

  static ListingTerms terms(Address owner, String title) {
    return new ListingTerms(title, "", List.of("traffic"), "mobility", "dataset", List.of("otp://" + owner.toHex()
        + "/datasets/traffic"), 10, "one-off", Hash.keccak(new byte[] {1}), List.of());
  }

  Transaction tx(AccountPrivateKey sender, long nonce, Payload payload) {
    return Transaction.sign(sender, CHAIN, nonce, payload);
  }

  List<String> titles() throws Exception {
    return index.search(SearchRequest.of("")).hits().stream().map(h -> h.listing().title()).toList();
  }

  @Test
  void onlyWhatTheChainAcceptedInCertifiedBlocksReachesTheIndex() throws Exception {
    Address sellerAddress = seller.publicKey().address();
    Transaction list = tx(seller, 0, new Payload.ListData(terms(sellerAddress, "Traffic")));
    append(validators.subList(0, 3), list, tx(stranger, 0, new Payload.UpdateListing(list.hash(),
        terms(stranger.publicKey().address(), "Hijacked"))), tx(stranger, 1, new Payload.ListData(
            terms(sellerAddress, "Resold"))));
    ListingFollower follower = new ListingFollower(height -> Optional.ofNullable(served.get(height)), genesis, index);
    assertTrue(follower.step());
    assertEquals(List.of("Traffic"), titles(), "the stranger's update and resale were refused by the rules");
    assertEquals(1, index.height());

    List<AccountPrivateKey> strangers = IntStream.range(0, 3).mapToObj(i -> AccountPrivateKey.generate()).toList();
    append(strangers, tx(seller, 1, new Payload.Delist(list.hash())));
    assertThrows(BlockFollower.UnverifiedBlockException.class, follower::step);
    assertEquals(List.of("Traffic"), titles(), "an uncertified block changes nothing");
    assertEquals(1, follower.height(), "and is asked for again");

    served.remove(2L);
    last = served.get(1L).block().hash();
    append(validators.subList(1, 4), tx(seller, 1, new Payload.UpdateListing(list.hash(), terms(sellerAddress,
        "Traffic speeds"))));
    assertTrue(follower.step());
    SearchResult updated = index.search(SearchRequest.of("speeds"));
    assertEquals(List.of(list.hash().toHex()), updated.hits().stream().map(SearchResult.Hit::id).toList());
    assertEquals(2, updated.hits().get(0).listing().updatedHeight());
    assertEquals(2_000, updated.hits().get(0).listing().updatedAtMs(), "the block's time");

    append(validators.subList(0, 3), tx(seller, 2, new Payload.Delist(list.hash())));
    assertTrue(follower.step());
    assertEquals(List.of(), titles());
    assertTrue(follower.listing(list.hash()).orElseThrow().delisted());
    assertFalse(follower.step(), "no block 4 yet");
  }
}
