package io.cpchain.he.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.WrongPasswordException;
import io.cpchain.crypto.sign.SecretAccess;
import io.cpchain.he.insurance.InsurerKeys;
import io.cpchain.he.traffic.TrafficLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key files: the secret one encrypted at rest, the public and evaluation ones plain, each saying what it is. */
class HeKeyFilesTest {

  private static final KeyFile.ScryptParams CHEAP = new KeyFile.ScryptParams(1 << 10, 8, 1); // tests only
  private static final char[] PASSWORD = "correct horse".toCharArray();

  private static HeKeyPair pair;

  @BeforeAll
  static void keys() {
    pair = HeKeyPair.generate(TrafficLayout.PARAMETERS);
  }

  @Test
  void theSecretFileNeverHoldsTheKeyInTheClearAndReadsBackWithItsPassword(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("analyst.key");
    pair.secretKey().write(file, PASSWORD, CHEAP);

    byte[] onDisk = Files.readAllBytes(file);
    byte[] key = pair.secretKey().sealKey(SecretAccess.get());
    String text = new String(onDisk, StandardCharsets.ISO_8859_1).toLowerCase();
    HexFormat hex = HexFormat.of();
    // Any 32-byte stretch of the key, raw or as hex, would be the key in the clear.
    for (int at = 0; at + 32 <= key.length; at += 32) {
      byte[] stretch = Arrays.copyOfRange(key, at, at + 32);
      assertFalse(text.contains(new String(stretch, StandardCharsets.ISO_8859_1).toLowerCase()), "raw key at " + at);
      assertFalse(text.contains(hex.formatHex(stretch)), "hex key at " + at);
    }
    assertTrue(text.contains("kdf=scrypt") && text.contains("kind=seal"), "the crypto module's key-file format");
    assertTrue(text.contains("public=" + pair.keyId()), "the key id is the public part");
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    HeSecretKey reread = HeSecretKey.read(file, PASSWORD);
    assertEquals(pair.keyId(), reread.keyId());
    assertArrayEquals(key, reread.sealKey(SecretAccess.get()));
    assertArrayEquals(pair.secretKey().parameters(), reread.parameters());
    assertEquals("HeSecretKey(" + pair.keyId() + ")", reread.toString());
    assertThrows(NullPointerException.class, () -> reread.sealKey(null));
    assertThrows(FileAlreadyExistsException.class, () -> pair.secretKey().write(file, PASSWORD, CHEAP),
        "a secret key file is never replaced");
  }

  @Test
  void aWrongPasswordIsOneClearError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("insurer.key");
    pair.secretKey().write(file, PASSWORD, CHEAP);
    WrongPasswordException wrong = assertThrows(WrongPasswordException.class,
        () -> HeSecretKey.read(file, "battery staple".toCharArray()));
    assertEquals("wrong password for key file insurer.key", wrong.getMessage());
  }

  @Test
  void anUnencryptedSecretFileOfEarlierVersionsIsRefusedWithHowToRemakeIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("analyst.key");
    Files.write(file, PlainKeyFile.encode(PlainKeyFile.UNENCRYPTED_SECRET, pair.keyId(), pair.secretKey().parameters(),
        pair.secretKey().sealKey(SecretAccess.get())));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> HeSecretKey.read(file, PASSWORD));
    assertEquals(file + " is an unencrypted HE secret key file (made before secret keys were encrypted at rest) and"
        + " is not read: make new keys (an insurer's: bin/cpchain insurer keys --dir DIR; the demo remakes its own"
        + " once <work dir>/he or <work dir>/insurance is removed) and re-encrypt under them", refused.getMessage());
    assertEquals(1, refused.getMessage().lines().count());
    assertThrows(IllegalArgumentException.class, () -> HePublicKey.read(file), "nor is it read as another kind");
  }

  @Test
  void publicAndEvaluationFilesArePlainAndSayWhatTheyAre(@TempDir Path dir) throws Exception {
    HePublicKey publicKey = pair.publicKey();
    assertEquals(publicKey.keyId(), HePublicKey.keyIdOf(publicKey.sealKey()));
    HePublicKey parsed = HePublicKey.parse(publicKey.toBytes(), "test");
    assertArrayEquals(publicKey.sealKey(), parsed.sealKey());
    assertArrayEquals(publicKey.parameters(), parsed.parameters());
    assertEquals("HePublicKey(" + publicKey.keyId() + ")", parsed.toString());

    HeEvaluationKeys evaluation = new HeEvaluationKeys(pair.keyId(), publicKey.parameters(), new byte[] {1, 2},
        new byte[] {3});
    Path evalFile = dir.resolve("insurer.eval");
    evaluation.write(evalFile);
    HeEvaluationKeys reread = HeEvaluationKeys.read(evalFile);
    assertArrayEquals(new byte[] {1, 2}, reread.relinKeys());
    assertArrayEquals(new byte[] {3}, reread.galoisKeys());
    assertEquals(pair.keyId(), reread.keyId());

    IllegalArgumentException asPublic = assertThrows(IllegalArgumentException.class, () -> HePublicKey.read(evalFile));
    assertEquals("an analytics public key is needed, " + evalFile + " holds the evaluation keys", asPublic.getMessage());
    Path pubFile = dir.resolve("analytics.pub");
    publicKey.write(pubFile);
    IllegalArgumentException asSecret = assertThrows(IllegalArgumentException.class,
        () -> HeSecretKey.read(pubFile, PASSWORD));
    assertEquals(pubFile + " holds the public key, not a secret key", asSecret.getMessage());
    IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
        () -> HePublicKey.parse("not a key".getBytes(), "x.key"));
    assertEquals("x.key is not an analytics key file", garbage.getMessage());
  }

  @Test
  void theInsurersThreeFilesGoWhereTheirNamesSay(@TempDir Path dir) throws Exception {
    InsurerKeys keys = InsurerKeys.generate();
    keys.write(dir, PASSWORD, CHEAP);
    assertEquals(keys.keyId(), HeSecretKey.read(dir.resolve(InsurerKeys.SECRET_FILE), PASSWORD).keyId());
    assertEquals(keys.keyId(), HePublicKey.read(dir.resolve(InsurerKeys.PUBLIC_FILE)).keyId());
    assertArrayEquals(keys.evaluationKeys().galoisKeys(),
        HeEvaluationKeys.read(dir.resolve(InsurerKeys.EVALUATION_FILE)).galoisKeys());
    assertFalse(keys.toString().contains(HexFormat.of().formatHex(keys.secretKey().sealKey(SecretAccess.get()), 0, 16)));
  }
}
