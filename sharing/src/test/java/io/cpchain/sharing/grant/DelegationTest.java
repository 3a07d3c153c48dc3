package io.cpchain.sharing.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.KeyFrag;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.seal.SealOpenException;
import io.cpchain.crypto.seal.SealedBox;
import io.cpchain.crypto.seal.SealingKeyPair;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.SignedRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The owner's side of a grant, without any server: what each proxy receives and what the terms commit to. */
class DelegationTest {

  private static final Duration EPOCH = Duration.ofHours(1);
  private static final long T0 = 1_780_000_000_000L / EPOCH.toMillis() * EPOCH.toMillis();

  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final AccountPrivateKey ownerAccount = AccountPrivateKey.generate();
  private final UmbralSecretKey grantee = UmbralSecretKey.generate();
  private final List<SealingKeyPair> sealing = List.of(SealingKeyPair.generate(), SealingKeyPair.generate(),
      SealingKeyPair.generate());
  private final List<Delegation.Proxy> proxies = new ArrayList<>();

  DelegationTest() {
    for (SealingKeyPair key : sealing) {
      proxies.add(new Delegation.Proxy(AccountPrivateKey.generate().publicKey().address(), key.publicKey()));
    }
  }

  @Test
  void eachProxyOpensOnlyItsOwnKfragOfEveryEpochAndItIsTheOneTheTermsList() throws Exception {
    // a range over three epochs: from the middle of one to the start of the third
    Delegation delegation = Delegation.make(owner, "veh-1", grantee.publicKey(), proxies, 2, T0 + 1_800_000,
        T0 + 2 * EPOCH.toMillis(), EPOCH);
    SharingTerms terms = delegation.terms();
    assertEquals(List.of(T0 / EPOCH.toMillis(), T0 / EPOCH.toMillis() + 1, T0 / EPOCH.toMillis() + 2),
        terms.epochs().stream().map(SharingTerms.EpochKfrags::epoch).toList());
    Hash grantId = Hash.keccak("grant".getBytes());
    for (int p = 0; p < proxies.size(); p++) {
      int i = p;
      Messages.KfragDelivery delivery = delegation.deliveryFor(grantId, i, ownerAccount);
      assertEquals(terms, SharingTerms.decode(Hex.parse(delivery.terms(), "terms")));
      RecoverableSignature signature = RecoverableSignature.fromBytes(Hex.parse(delivery.signature(), "signature"));
      assertEquals(ownerAccount.publicKey(), signature.recover(SignedRequests.kfragDelivery(grantId,
          proxies.get(i).address(), Hex.parse(delivery.terms(), "terms"), delivery.kfrags())),
          "the owner's account signs the delivery for this grant and proxy");
      assertNotEquals(ownerAccount.publicKey(), signature.recover(SignedRequests.kfragDelivery(grantId,
          proxies.get((i + 1) % proxies.size()).address(), Hex.parse(delivery.terms(), "terms"), delivery.kfrags())),
          "and for no other proxy");
      for (int e = 0; e < terms.epochs().size(); e++) {
        SharingTerms.EpochKfrags epoch = terms.epochs().get(e);
        assertEquals(EpochKeys.epochSecret(owner, "veh-1", epoch.epoch(), EPOCH).publicKey(), epoch.delegating(),
            "the epoch's delegating key is the owner's hardened key of that epoch");
        byte[] sealed = Hex.parse(delivery.kfrags().get(e).sealed(), "sealed");
        KeyFrag kfrag = KeyFrag.fromBytes(SealedBox.open(sealing.get(i), SignedRequests.KFRAG_INFO,
            SignedRequests.kfragAad(grantId, epoch.epoch(), proxies.get(i).address()), sealed));
        assertEquals(epoch.kfragHashes().get(i), Hash.keccak(kfrag.toBytes()));
        kfrag.verify(terms.verifying(), epoch.delegating(), grantee.publicKey());
        SealingKeyPair other = sealing.get((i + 1) % sealing.size());
        assertThrows(SealOpenException.class, () -> SealedBox.open(other, SignedRequests.KFRAG_INFO,
            SignedRequests.kfragAad(grantId, epoch.epoch(), proxies.get(i).address()), sealed),
            "another proxy cannot open it");
        assertThrows(SealOpenException.class, () -> SealedBox.open(sealing.get(i), SignedRequests.KFRAG_INFO,
            SignedRequests.kfragAad(Hash.keccak("other grant".getBytes()), epoch.epoch(), proxies.get(i).address()),
            sealed), "nor can it be replayed under another grant");
      }
    }
  }

  @Test
  void twoGrantsOfTheSameRangeShareEpochKeysButNeverKfragsOrCommitments() {
    Delegation a = Delegation.make(owner, "veh-1", grantee.publicKey(), proxies, 2, T0, T0, EPOCH);
    Delegation b = Delegation.make(owner, "veh-1", grantee.publicKey(), proxies, 2, T0, T0, EPOCH);
    // fresh kfrags each time: two grants of the same range never share a commitment
    assertEquals(a.terms().epochs().get(0).delegating(), b.terms().epochs().get(0).delegating());
    assertNotEquals(a.terms().commitment(), b.terms().commitment());
  }

  @Test
  void aGrantThatCannotBeServedIsRefusedBeforeAnyKfragIsMade() {
    assertThrows(IllegalArgumentException.class,
        () -> Delegation.make(owner, "veh-1", grantee.publicKey(), proxies, 4, T0, T0, EPOCH));
    assertThrows(IllegalArgumentException.class,
        () -> Delegation.make(owner, "veh-1", grantee.publicKey(), proxies, 2, T0, T0 - 1, EPOCH));
    assertThrows(IllegalArgumentException.class, () -> Delegation.make(owner, "veh-1", grantee.publicKey(), proxies,
        2, T0, T0 + (Delegation.MAX_EPOCHS + 1) * EPOCH.toMillis(), EPOCH));
  }
}
