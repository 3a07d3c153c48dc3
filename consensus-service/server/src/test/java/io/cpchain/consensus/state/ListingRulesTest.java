package io.cpchain.consensus.state;

import static io.cpchain.consensus.state.ChainStateTest.outcomes;
import static io.cpchain.consensus.state.ChainStateTest.receipts;
import static io.cpchain.consensus.state.IdentityRulesTest.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingRecord;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Market listings on the chain (issue 21): the id is the ListData transaction's hash, a seller
 * lists only its own otp:// names, only the seller updates or delists, a delisting is final, and
 * listings are in the state root.
 */
class ListingRulesTest {

  final ChainStateTest chain = new ChainStateTest();
  final AccountPrivateKey seller = chain.client;
  final Address sellerAddress = seller.publicKey().address();
  final AccountPrivateKey stranger = AccountPrivateKey.generate();

  static ListingTerms terms(Address owner, String title) {
    String name = "otp://" + owner.toHex();
    return new ListingTerms(title, "speeds per segment", List.of("traffic"), "mobility", "dataset",
        List.of(name + "/datasets/traffic"), 500, "one-off", Hash.keccak("licence".getBytes()),
        List.of(name + "/datasets/traffic-sample"));
  }

  @Test
  void aListingsIdIsItsTransactionHashAndOnlyItsSellerUpdatesOrDelistsIt() throws Exception {
    ChainState state = ChainState.genesis(chain.genesis(10));
    Transaction list = tx(seller, 0, new Payload.ListData(terms(sellerAddress, "Traffic")));
    Hash id = list.hash();
    assertEquals(List.of("OK"), outcomes(receipts(state, List.of(list))));
    long listedAt = state.height();
    String notTheirs = "listing " + id + " belongs to seller " + sellerAddress + "; only its seller may ";
    assertEquals(List.of(notTheirs + "update it", notTheirs + "delist it", "no listing " + Hash.keccak(new byte[] {1})),
        outcomes(receipts(state, List.of(
            tx(stranger, 0, new Payload.UpdateListing(id, terms(stranger.publicKey().address(), "Hijacked"))),
            tx(stranger, 1, new Payload.Delist(id)),
            tx(seller, 1, new Payload.Delist(Hash.keccak(new byte[] {1})))))));
    ListingRecord unchanged = state.listing(id).orElseThrow();
    assertEquals("Traffic", unchanged.terms().title());
    assertEquals(sellerAddress, unchanged.seller());
    assertEquals(listedAt, unchanged.updatedHeight());

    assertEquals(List.of("OK"), outcomes(receipts(state, List.of(tx(seller, 2, new Payload.UpdateListing(id,
        terms(sellerAddress, "Traffic, every minute")))))));
    ListingRecord updated = state.listing(id).orElseThrow();
    assertEquals("Traffic, every minute", updated.terms().title());
    assertEquals(listedAt, updated.listedHeight(), "the id and the listing's height stay");
    assertEquals(listedAt + 2, updated.updatedHeight());

    assertEquals(List.of("OK", "listing " + id + " was delisted at height " + (listedAt + 3)
        + "; a delisting is final", "listing " + id + " was delisted at height " + (listedAt + 3)
        + "; a delisting is final"), outcomes(receipts(state, List.of(tx(seller, 3, new Payload.Delist(id)),
            tx(seller, 4, new Payload.UpdateListing(id, terms(sellerAddress, "Back"))),
            tx(seller, 5, new Payload.Delist(id))))));
    ListingRecord delisted = state.listing(id).orElseThrow();
    assertTrue(delisted.delisted());
    assertEquals("Traffic, every minute", delisted.terms().title());
  }

  @Test
  void aSellerListsOnlyItsOwnOtpNamesSoldOrSampled() throws Exception {
    ChainState state = ChainState.genesis(chain.genesis(10));
    Address other = stranger.publicKey().address();
    ListingTerms mine = terms(sellerAddress, "Mine");
    ListingTerms othersSample = new ListingTerms("Sample of another's", "", List.of(), "mobility", "dataset",
        mine.otpUris(), 1, "one-off", mine.licenceHash(), List.of("otp://" + other.toHex() + "/datasets/x"));
    Transaction forged = tx(seller, 0, new Payload.ListData(terms(other, "Resold")));
    Transaction sampled = tx(seller, 1, new Payload.ListData(othersSample));
    Transaction own = tx(seller, 2, new Payload.ListData(mine));
    String notOwn = " belongs to " + other + "; the seller " + sellerAddress + " lists only names under its own"
        + " address";
    assertEquals(List.of("otp://" + other.toHex() + "/datasets/traffic" + notOwn, "otp://" + other.toHex()
        + "/datasets/x" + notOwn, "OK"), outcomes(receipts(state, List.of(forged, sampled, own))));
    assertTrue(state.listing(forged.hash()).isEmpty());
    assertTrue(state.listing(sampled.hash()).isEmpty());
    assertEquals(List.of("OK"), outcomes(receipts(state, List.of(tx(seller, 3, new Payload.UpdateListing(own.hash(),
        mine))))));
    assertTrue(outcomes(receipts(state, List.of(tx(seller, 4, new Payload.UpdateListing(own.hash(),
        terms(other, "Resold")))))).get(0).endsWith(notOwn), "an update is held to the same rule");
    assertEquals("Mine", state.listing(own.hash()).orElseThrow().terms().title());
  }

  @Test
  void listingsAreInTheStateRoot() throws Exception {
    ChainState one = ChainState.genesis(chain.genesis(10));
    ChainState other = ChainState.genesis(chain.genesis(10));
    receipts(one, List.of(tx(seller, 0, new Payload.ListData(terms(sellerAddress, "a")))));
    receipts(other, List.of(tx(seller, 0, new Payload.ListData(terms(sellerAddress, "b")))));
    assertNotEquals(one.stateRoot(), other.stateRoot(), "the same accounts, another listing");
  }
}
