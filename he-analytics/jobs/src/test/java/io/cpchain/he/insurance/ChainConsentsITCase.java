package io.cpchain.he.insurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consents as transactions on a real four-node chain: granted and revoked by the owner, read by
 * the gateway's registry with the rule on block timestamps (a consent covers the periods starting
 * while it holds; one revoked during a period still covers that period, not the next).
 */
class ChainConsentsITCase {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void grantsAndRevocationsOnTheChainDecideWhichPeriodsAreScored(@TempDir Path dir) throws Exception {
    try (TestChain chain = new TestChain(dir, 2)) {
      ChainClient client = chain.client(1);
      char[] password = PasswordFile.read(chain.password());
      AccountPrivateKey owner = KeyStore.loadAccountFile(chain.clientKey(1), password);
      AccountPrivateKey other = KeyStore.loadAccountFile(chain.clientKey(2), password);
      Address insurer = other.publicKey().address();
      String insurerHex = insurer.toHex();

      List<Views.GrantInfo> grants = ChainConsents.grant(client, Map.of(owner, List.of("veh-1", "veh-2")), insurer,
          WAIT);
      assertEquals(2, grants.size());
      for (Views.GrantInfo grant : grants) {
        assertEquals(Payload.PURPOSE_SCORING, grant.purpose());
        assertEquals(owner.publicKey().address().toHex(), grant.owner());
        assertNull(grant.revokedAtMs());
      }
      long granted = grants.stream().mapToLong(Views.GrantInfo::grantedAtMs).max().orElseThrow();
      assertThrows(IllegalArgumentException.class,
          () -> ChainConsents.revoke(client, other, "veh-1", insurer, WAIT), "only the owner's consents are its to revoke");
      Views.GrantInfo revoked = ChainConsents.revoke(client, owner, "veh-2", insurer, WAIT).get(0);
      long revokedAt = revoked.revokedAtMs();
      assertTrue(revokedAt > granted);

      ConsentRegistry consents = new ChainConsents(URI.create(chain.api(2)), Duration.ZERO);
      assertFalse(consents.covers("veh-1", insurerHex, granted - 1), "a period that started before the grant");
      assertTrue(consents.covers("veh-1", insurerHex, granted));
      assertTrue(consents.covers("veh-2", insurerHex, revokedAt - 1), "revoked during that period: still scored");
      assertFalse(consents.covers("veh-2", insurerHex, revokedAt), "and not the next one");
      assertFalse(consents.covers("veh-1", owner.publicKey().address().toHex(), granted), "another insurer");
      assertFalse(consents.covers("veh-3", insurerHex, granted));
      // A period not started yet is answered once it has started, from a copy read after its start.
      long soon = System.currentTimeMillis() + 1_500;
      assertTrue(consents.covers("veh-1", insurerHex, soon));
      assertTrue(System.currentTimeMillis() >= soon);
    }
  }
}
