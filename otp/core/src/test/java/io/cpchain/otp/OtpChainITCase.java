package io.cpchain.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.ChainRefusedException;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.otp.uri.OtpUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTP on a real four-node chain: an owner publishes a dataset on a directory and on an HTTP origin,
 * anyone resolves the name to the record and the block it is final in, gets the bytes verified
 * against it, and a byte changed on the origin is caught and the origin named.
 */
class OtpChainITCase {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void publishResolveAndGetAgainstTheChainCatchATamperedOrigin(@TempDir Path dir) throws Exception {
    try (TestChain chain = new TestChain(dir.resolve("chain"), 2)) {
      char[] password = PasswordFile.read(chain.password());
      AccountPrivateKey owner = KeyStore.loadAccountFile(chain.clientKey(1), password);
      AccountPrivateKey stranger = KeyStore.loadAccountFile(chain.clientKey(2), password);
      OtpClient otp = new OtpClient(chain.client(1), new ResourceStores(), WAIT);
      OtpClient elsewhere = new OtpClient(chain.client(3), new ResourceStores(), WAIT);
      byte[] bytes = new byte[3 * 4096 + 11];
      new Random(7).nextBytes(bytes);
      Path file = Files.write(dir.resolve("traffic.bin"), bytes);
      OtpUri name = OtpUri.parse("otp://" + owner.publicKey().address().toHex() + "/datasets/traffic");

      Views.ResourceInfo first = otp.publish(owner, name, file, dir.resolve("store").toUri().toString(), 4096,
          List.of(stranger.publicKey().address()));
      assertEquals(1, first.version(), "no version in the name: the first");
      assertEquals(name.atVersion(1).toString(), first.uri());
      assertTrue(first.height() > 0);
      assertEquals(List.of(stranger.publicKey().address().toHex()), first.proxies());

      Path www = Files.createDirectories(dir.resolve("www"));
      Files.copy(file, www.resolve("traffic.bin"));
      try (RangeOrigin origin = new RangeOrigin(www)) {
        String url = origin.url("traffic.bin").toString();
        Views.ResourceInfo second = otp.publish(owner, name, file, url, 4096, List.of());
        assertEquals(2, second.version(), "the next version");
        assertEquals(List.of(url), second.locators());

        Views.ResourceInfo latest = elsewhere.resolve(name).orElseThrow();
        assertEquals(second, latest, "another node resolves the name to the same record");
        assertTrue(elsewhere.proveFinal(latest, chain.validators()).ok(), "its block is certified and says so");
        Views.ResourceInfo lied = new Views.ResourceInfo(latest.uri(), latest.owner(), latest.path(), latest.kind(),
            latest.version(), List.of("file:///elsewhere"), latest.contentRoot(), latest.totalLength(),
            latest.chunkSize(), latest.proxies(), latest.height(), latest.registeredAtMs(), latest.txHash());
        assertEquals("transaction " + latest.txHash() + " in block " + latest.height() + " is not this record's"
            + " registration by its owner", elsewhere.proveFinal(lied, chain.validators()).reason(),
            "a node that changes a record is caught by the block");
        Path out = dir.resolve("out.bin");
        assertEquals(url, elsewhere.get(latest, out).servedBy());
        assertArrayEquals(bytes, Files.readAllBytes(out));
        Views.ResourceInfo v1 = elsewhere.resolve(name.atVersion(1)).orElseThrow();
        assertEquals(first, v1);
        assertTrue(elsewhere.get(v1, dir.resolve("v1.bin")).servedBy().startsWith("file:"));

        bytes[4096 * 2] ^= 1;
        Files.write(www.resolve("traffic.bin"), bytes);
        Files.delete(out);
        ContentRefusedException tampered = assertThrows(ContentRefusedException.class,
            () -> elsewhere.get(latest, out));
        assertTrue(tampered.getMessage().contains(url + " served altered bytes"), tampered.getMessage());
        assertFalse(Files.exists(out));
      }

      ChainRefusedException again = assertThrows(ChainRefusedException.class,
          () -> otp.publish(owner, name.atVersion(1), file, dir.resolve("store").toUri().toString(), 4096, List.of()));
      assertTrue(again.getMessage().contains("version 1 is registered since height " + first.height()
          + "; a new version is a new record"), again.getMessage());
      assertEquals(first, otp.resolve(name.atVersion(1)).orElseThrow(), "the final record stays as it was");

      // The chain itself refuses a stranger registering under the owner's name, whatever its client does.
      ChainClient client = chain.client(2);
      Transaction forged = Transaction.sign(stranger, client.status().chainId(),
          client.account(stranger.publicKey().address()).nonce(), new Payload.RegisterResource(
              owner.publicKey().address(), "/datasets/traffic", "dataset", 9, List.of("file:///forged"),
              io.cpchain.consensus.api.Hash.keccak(new byte[] {1}), 1, 1024, List.of()));
      Views.ReceiptInfo receipt = client.awaitReceipt(client.submit(forged), WAIT);
      assertEquals("FAILED", receipt.status());
      assertTrue(receipt.reason().contains("may register only under its own address"), receipt.reason());
      assertTrue(otp.resolve(name.atVersion(9)).isEmpty());
      assertEquals(2, otp.resolve(name).orElseThrow().version());
      assertThrows(IllegalArgumentException.class, () -> otp.publish(stranger, name, file, dir.resolve("store")
          .toUri().toString(), 4096, List.of()), "the client refuses before signing");
    }
  }
}
