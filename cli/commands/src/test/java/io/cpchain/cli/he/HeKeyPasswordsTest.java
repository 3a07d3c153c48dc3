package io.cpchain.cli.he;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.WrongPasswordException;
import io.cpchain.he.keys.HeKeyPair;
import io.cpchain.he.traffic.TrafficLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where query traffic and insurer consume find a secret key's password: --password-file, or the file beside the key. */
class HeKeyPasswordsTest {

  @Test
  void theKeyOpensWithItsPasswordFileOrTheOneBesideItAndAWrongOneIsOneLine(@TempDir Path dir) throws Exception {
    assumeTrue(System.getenv(KeysCommand.PASSWORD_ENV) == null, "$" + KeysCommand.PASSWORD_ENV + " would come first");
    HeKeyPair pair = HeKeyPair.generate(TrafficLayout.PARAMETERS);
    Path keyDir = dir.resolve("he");
    Path keyFile = keyDir.resolve("analyst.key");
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> HeKeyPasswords.read(keyFile, null));
    assertEquals("no password for " + keyFile + ": give --password-file, set $" + KeysCommand.PASSWORD_ENV
        + ", or keep it in " + keyDir.resolve("password").toAbsolutePath(), none.getMessage());

    char[] password = HeKeyPasswords.forNewKey(keyDir, null); // made, as the demo does
    pair.secretKey().write(keyFile, password, new KeyFile.ScryptParams(1 << 10, 8, 1));
    assertEquals(pair.keyId(), HeKeyPasswords.read(keyFile, null).keyId());
    assertEquals(pair.keyId(), HeKeyPasswords.read(keyFile, keyDir.resolve("password")).keyId());

    Path wrong = Files.writeString(dir.resolve("wrong"), "not it\n");
    WrongPasswordException refused = assertThrows(WrongPasswordException.class,
        () -> HeKeyPasswords.read(keyFile, wrong));
    assertEquals("wrong password for key file analyst.key", refused.getMessage());
  }
}
