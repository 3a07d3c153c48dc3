package io.cpchain.consensus.state;

import static io.cpchain.consensus.state.ChainStateTest.outcomes;
import static io.cpchain.consensus.state.ChainStateTest.receipts;
import static io.cpchain.consensus.state.IdentityRulesTest.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ResourceRecord;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OTP resources on the chain (issue 20): only the owner an otp:// name carries registers under it,
 * and a final (owner, path, version) is never overwritten; a new version is a new record.
 */
class ResourceRulesTest {

  final ChainStateTest chain = new ChainStateTest();
  final AccountPrivateKey owner = chain.client;
  final Address ownerAddress = owner.publicKey().address();
  final AccountPrivateKey stranger = AccountPrivateKey.generate();

  static Payload.RegisterResource resource(Address owner, long version, String content) {
    return new Payload.RegisterResource(owner, "/datasets/traffic", "dataset", version, List.of("file:///srv/otp/"
        + content), Hash.keccak(content.getBytes()), 4096, 1024, List.of());
  }

  @Test
  void onlyTheOwnerInTheNameRegistersUnderIt() throws Exception {
    ChainState state = ChainState.genesis(chain.genesis(10));
    assertEquals(List.of("otp://" + ownerAddress.toHex() + "/datasets/traffic belongs to its owner; the sender "
        + stranger.publicKey().address() + " may register only under its own address", "OK"),
        outcomes(receipts(state, List.of(tx(stranger, 0, resource(ownerAddress, 1, "forged")),
            tx(stranger, 1, resource(stranger.publicKey().address(), 1, "own"))))));
    assertTrue(state.resource(ownerAddress, "/datasets/traffic", 1).isEmpty(), "the forged one is not recorded");
    assertEquals(Hash.keccak("own".getBytes()), state.resource(stranger.publicKey().address(), "/datasets/traffic", 0)
        .orElseThrow().terms().contentRoot(), "the stranger's own name is its own");
  }

  @Test
  void aFinalVersionIsNeverOverwrittenAndANewVersionIsANewRecord() throws Exception {
    ChainState state = ChainState.genesis(chain.genesis(10));
    assertEquals(List.of("OK"), outcomes(receipts(state, List.of(tx(owner, 0, resource(ownerAddress, 1, "v1"))))));
    long firstHeight = state.height();
    assertEquals(List.of("otp://" + ownerAddress.toHex() + "/datasets/traffic version 1 is registered since height "
        + firstHeight + "; a new version is a new record", "OK"), outcomes(receipts(state, List.of(
            tx(owner, 1, resource(ownerAddress, 1, "replaced")), tx(owner, 2, resource(ownerAddress, 2, "v2"))))));
    ResourceRecord first = state.resource(ownerAddress, "/datasets/traffic", 1).orElseThrow();
    assertEquals(Hash.keccak("v1".getBytes()), first.terms().contentRoot());
    assertEquals(firstHeight, first.height(), "the height of the block it is final in");
    ResourceRecord latest = state.resource(ownerAddress, "/datasets/traffic", 0).orElseThrow();
    assertEquals(2, latest.terms().version());
    assertEquals(firstHeight + 1, latest.height());
    assertTrue(state.resource(ownerAddress, "/datasets/traffic", 3).isEmpty());
    assertTrue(state.resource(ownerAddress, "/datasets/other", 0).isEmpty());
  }

  @Test
  void anOlderVersionRegisteredLaterDoesNotBecomeTheLatest() throws Exception {
    ChainState state = ChainState.genesis(chain.genesis(10));
    receipts(state, List.of(tx(owner, 0, resource(ownerAddress, 5, "v5")), tx(owner, 1, resource(ownerAddress, 2,
        "v2"))));
    assertEquals(5, state.resource(ownerAddress, "/datasets/traffic", 0).orElseThrow().terms().version());
    assertEquals(2, state.resource(ownerAddress, "/datasets/traffic", 2).orElseThrow().terms().version());
  }

  @Test
  void resourcesAreInTheStateRoot() throws Exception {
    ChainState one = ChainState.genesis(chain.genesis(10));
    ChainState other = ChainState.genesis(chain.genesis(10));
    receipts(one, List.of(tx(owner, 0, resource(ownerAddress, 1, "a"))));
    receipts(other, List.of(tx(owner, 0, resource(ownerAddress, 1, "b"))));
    assertNotEquals(one.stateRoot(), other.stateRoot(), "the same accounts, another content commitment");
  }
}
