package io.cpchain.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.seal.SealingKeyPair;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTest {

  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
  @TempDir Path dir;

  private KeyStore store() {
    return new KeyStore(dir, new KeyFile.ScryptParams(1 << 10, 8, 1)); // cheap scrypt: tests only
  }

  @Test
  void keysRoundTripAndListWithoutAPassword() throws Exception {
    KeyStore store = store();
    KeyStore.Entry device = store.create("veh-1", KeyKind.ED25519, PASSWORD);
    KeyStore.Entry owner = store.create("owner", KeyKind.SECP256K1, PASSWORD);

    Ed25519PrivateKey deviceKey = store.loadEd25519("veh-1", PASSWORD);
    AccountPrivateKey ownerKey = store.loadAccount("owner", PASSWORD);
    assertEquals(device.id(), deviceKey.publicKey().keyId());
    assertEquals(owner.id(), ownerKey.publicKey().address().toHex());
    assertEquals(List.of(owner, device), store.list());
    assertArrayEquals(deviceKey.publicKey().toBytes(), java.util.HexFormat.of().parseHex(store.describe("veh-1").publicKeyHex()));
  }

  @Test
  void anOwnersKeyFileOpensAsTheUmbralKeyOfItsPublicKey() throws Exception {
    KeyStore.Entry owner = store().create("owner", KeyKind.SECP256K1, PASSWORD);
    Path file = dir.resolve("owner.key");
    UmbralSecretKey umbral = KeyStore.loadOwnerFile(file, PASSWORD);
    assertEquals(owner.publicKeyHex(), java.util.HexFormat.of().formatHex(umbral.publicKey().toBytes()),
        "what the owner publishes is what the file's public part says");
    assertEquals(owner.id(), KeyStore.loadAccountFile(file, PASSWORD).publicKey().address().toHex());
    store().create("device", KeyKind.ED25519, PASSWORD);
    assertThrows(CryptoFormatException.class, () -> KeyStore.loadOwnerFile(dir.resolve("device.key"), PASSWORD));
  }

  @Test
  void aProxysSealingKeyIsStoredEncryptedLikeTheOthers() throws Exception {
    KeyStore store = store();
    KeyStore.Entry proxy = store.create("proxy-1", KeyKind.X25519, PASSWORD);
    SealingKeyPair key = store.loadSealing("proxy-1", PASSWORD);
    assertEquals(new KeyStore.Entry("proxy-1", KeyKind.X25519,
        java.util.HexFormat.of().formatHex(key.publicKey().toBytes()), key.publicKey().keyId()), proxy);
    assertEquals(key.publicKey(), KeyStore.loadSealingFile(dir.resolve("proxy-1.key"), PASSWORD).publicKey());
    assertThrows(WrongPasswordException.class, () -> store.loadSealing("proxy-1", "guess".toCharArray()));
    store.create("owner", KeyKind.SECP256K1, PASSWORD);
    assertThrows(CryptoFormatException.class, () -> store.loadSealing("owner", PASSWORD));
    assertThrows(CryptoFormatException.class, () -> KeyStore.loadOwnerFile(dir.resolve("proxy-1.key"), PASSWORD));
  }

  @Test
  void aWrongPasswordIsOneClearError() throws Exception {
    KeyStore store = store();
    store.create("owner", KeyKind.SECP256K1, PASSWORD);
    WrongPasswordException e = assertThrows(WrongPasswordException.class,
        () -> store.loadAccount("owner", "guess".toCharArray()));
    assertEquals("wrong password for key file owner.key", e.getMessage());
  }

  @Test
  void theSecretIsNotInTheFileAndTheFileCannotBeReKeyed() throws Exception {
    KeyStore store = store();
    store.create("veh-1", KeyKind.ED25519, PASSWORD);
    Path file = dir.resolve("veh-1.key");
    String seedHex = java.util.HexFormat.of().formatHex(
        store.loadEd25519("veh-1", PASSWORD).seedBytes(io.cpchain.crypto.sign.SecretAccess.get()));
    assertFalse(Files.readString(file).contains(seedHex));

    String other = java.util.HexFormat.of().formatHex(Ed25519PrivateKey.generate().publicKey().toBytes());
    String text = Files.readString(file).replaceAll("(?m)^public=.*$", "public=" + other);
    Files.writeString(file, text);
    assertThrows(WrongPasswordException.class, () -> store.loadEd25519("veh-1", PASSWORD),
        "a swapped public key breaks the seal");
  }

  @Test
  void kindsNamesAndMalformedFilesAreChecked() throws Exception {
    KeyStore store = store();
    store.create("veh-1", KeyKind.ED25519, PASSWORD);
    assertThrows(CryptoFormatException.class, () -> store.loadAccount("veh-1", PASSWORD));
    assertThrows(IllegalArgumentException.class, () -> store.create("veh-1", KeyKind.ED25519, PASSWORD));
    assertThrows(IllegalArgumentException.class, () -> store.create("../escape", KeyKind.ED25519, PASSWORD));
    Files.writeString(dir.resolve("broken.key"), "format=something-else\n");
    assertThrows(CryptoFormatException.class, () -> store.describe("broken"));
    assertTrue(assertThrows(java.nio.file.NoSuchFileException.class, () -> store.describe("nobody"))
        .getMessage().contains("no key named 'nobody'"));
  }
}
