package io.cpchain.consensus.state;

import static io.cpchain.consensus.state.ChainStateTest.outcomes;
import static io.cpchain.consensus.state.ChainStateTest.receipts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.DeviceRecord;
import io.cpchain.consensus.api.OwnerRecord;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Owners and devices on the chain (issue 18, attack 2): a device id belongs to the first owner that
 * registered it; only that owner rotates or retires its key. Block times in these tests are the
 * block heights ({@link ChainStateTest#step}).
 */
class IdentityRulesTest {

  final ChainStateTest chain = new ChainStateTest();
  final AccountPrivateKey owner = chain.client;
  final AccountPrivateKey stranger = AccountPrivateKey.generate();
  final Ed25519PublicKey ownersDeviceKey = Ed25519PrivateKey.generate().publicKey();
  final Ed25519PublicKey strangersDeviceKey = Ed25519PrivateKey.generate().publicKey();

  static Transaction tx(AccountPrivateKey sender, long nonce, Payload payload) {
    return Transaction.sign(sender, 1, nonce, payload);
  }

  static Payload.RegisterOwner rootKey(long effectiveFromMs) {
    return new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), effectiveFromMs);
  }

  /** The owner and the stranger are both registered owners; the owner has registered veh-1. */
  ChainState withOwnersDevice() throws Exception {
    ChainState state = ChainState.genesis(chain.genesis(10));
    List<Receipt> setup = receipts(state, List.of(
        tx(owner, 0, rootKey(0)),
        tx(owner, 1, new Payload.RegisterDevice("veh-1", ownersDeviceKey, 100, 0)),
        tx(stranger, 0, rootKey(0))));
    assertEquals(List.of("OK", "OK", "OK"), outcomes(setup));
    return state;
  }

  @Test
  void aStrangerCannotRegisterRotateOrRetireAnotherOwnersDevice() throws Exception {
    ChainState state = withOwnersDevice();
    Address ownerAddress = owner.publicKey().address();
    List<Receipt> attack = receipts(state, List.of(
        tx(stranger, 1, new Payload.RegisterDevice("veh-1", strangersDeviceKey, 100, 0)),
        tx(stranger, 2, new Payload.RegisterDevice("veh-1", strangersDeviceKey, 5_000, 0)),
        tx(stranger, 3, new Payload.RetireDevice("veh-1"))));
    String notTheirs = "device veh-1 belongs to owner " + ownerAddress + "; only its owner may ";
    assertEquals(List.of(notTheirs + "register its keys", notTheirs + "register its keys", notTheirs + "retire it"),
        outcomes(attack));
    DeviceRecord device = state.device("veh-1").orElseThrow();
    assertEquals(ownerAddress, device.owner());
    assertEquals(List.of(ownersDeviceKey), device.keys().stream().map(DeviceRecord.DeviceKey::publicKey).toList());
    assertFalse(device.retired());
    assertEquals(ownersDeviceKey, device.keyAt(10_000).orElseThrow().publicKey(), "frames still verify only"
        + " under the owner's key");
  }

  @Test
  void aDeviceNeedsARegisteredOwnerAndItsOwnerRotatesOnlyForward() throws Exception {
    ChainState state = ChainState.genesis(chain.genesis(10));
    AccountPrivateKey newcomer = AccountPrivateKey.generate();
    Ed25519PublicKey rotated = Ed25519PrivateKey.generate().publicKey();
    assertEquals(List.of("the sender " + newcomer.publicKey().address() + " is not a registered owner; register its"
        + " root key first (RegisterOwner)"), outcomes(receipts(state, List.of(
            tx(newcomer, 0, new Payload.RegisterDevice("veh-9", ownersDeviceKey, 0, 0))))));
    assertTrue(state.device("veh-9").isEmpty());

    receipts(state, List.of(tx(owner, 0, rootKey(0)), tx(owner, 1, new Payload.RegisterDevice("veh-1",
        ownersDeviceKey, 100, 0))));
    assertEquals(List.of(
        "a device key rotation must take effect after the current key's validFromMs 100",
        "OK",
        "a device key rotation must take effect after the current key's validFromMs 5000"), outcomes(receipts(state,
        List.of(tx(owner, 2, new Payload.RegisterDevice("veh-1", rotated, 100, 0)),
            tx(owner, 3, new Payload.RegisterDevice("veh-1", rotated, 5_000, 9_000)),
            tx(owner, 4, new Payload.RegisterDevice("veh-1", rotated, 4_000, 0))))));
    DeviceRecord device = state.device("veh-1").orElseThrow();
    assertEquals(ownersDeviceKey, device.keyAt(4_999).orElseThrow().publicKey(), "the old key until the rotation");
    assertEquals(rotated, device.keyAt(5_000).orElseThrow().publicKey());
    assertTrue(device.keyAt(9_000).isEmpty(), "nothing after the new key's validTo");
    assertTrue(device.keyAt(99).isEmpty(), "nothing before the first key");

    AccountPrivateKey late = AccountPrivateKey.generate();
    receipts(state, List.of(tx(late, 0, rootKey(0)), tx(late, 1, new Payload.RegisterDevice("veh-2", rotated, 0,
        0))));
    assertEquals(List.of("a device key rotation must not take effect before its block (validFromMs 1 < block time "
        + (state.height() + 1) + ")"), outcomes(receipts(state, List.of(tx(late, 2,
            new Payload.RegisterDevice("veh-2", ownersDeviceKey, 1, 0))))), "no backdated rotation");
  }

  @Test
  void aRetiredDeviceVerifiesNothingAfterItsRetirementAndItsIdIsNotReused() throws Exception {
    ChainState state = withOwnersDevice();
    assertEquals(List.of("OK", "device veh-1 was retired at height 2; its id is not reused",
        "device veh-1 was retired at height 2; its id is not reused", "no device veh-7"), outcomes(receipts(state,
        List.of(tx(owner, 2, new Payload.RetireDevice("veh-1")),
            tx(owner, 3, new Payload.RegisterDevice("veh-1", ownersDeviceKey, 10_000, 0)),
            tx(owner, 4, new Payload.RetireDevice("veh-1")),
            tx(owner, 5, new Payload.RetireDevice("veh-7"))))));
    DeviceRecord device = state.device("veh-1").orElseThrow();
    assertTrue(device.retired());
    assertEquals(2, device.retiredAtMs(), "retired at its block's time");
    assertTrue(device.keyAt(2).isEmpty());
    assertTrue(state.device("veh-7").isEmpty());
  }

  @Test
  void anOwnersRootKeyRotatesFromAStatedTimeAndOnlyItsAccountRotatesIt() throws Exception {
    ChainState state = ChainState.genesis(chain.genesis(10));
    Payload.RegisterOwner first = rootKey(0);
    Payload.RegisterOwner second = rootKey(50_000);
    Payload.RegisterOwner strangers = rootKey(60_000);
    assertEquals(List.of("OK", "OK", "a root key rotation must take effect after the current key's effectiveFromMs"
        + " 50000", "OK"), outcomes(receipts(state, List.of(tx(owner, 0, first), tx(owner, 1, second),
            tx(owner, 2, rootKey(40_000)), tx(stranger, 0, strangers)))));
    OwnerRecord record = state.owner(owner.publicKey().address()).orElseThrow();
    assertEquals(first.rootKey(), record.keyAt(49_999).orElseThrow().rootKey());
    assertEquals(second.rootKey(), record.keyAt(50_000).orElseThrow().rootKey());
    assertEquals(second.rootKey(), record.keyAt(70_000).orElseThrow().rootKey(), "a stranger's key is its own record");
    assertEquals(strangers.rootKey(), state.owner(stranger.publicKey().address()).orElseThrow().keys().get(0)
        .rootKey());
  }

  @Test
  void registrationsAreInTheStateRoot() throws Exception {
    Payload.RegisterOwner root = rootKey(0);
    ChainState one = ChainState.genesis(chain.genesis(10));
    ChainState other = ChainState.genesis(chain.genesis(10));
    receipts(one, List.of(tx(owner, 0, root), tx(owner, 1, new Payload.RegisterDevice("veh-1", ownersDeviceKey, 0,
        0))));
    receipts(other, List.of(tx(owner, 0, root), tx(owner, 1, new Payload.RegisterDevice("veh-1", strangersDeviceKey,
        0, 0))));
    assertNotEquals(one.stateRoot(), other.stateRoot(), "the same accounts, another device key");
  }
}
