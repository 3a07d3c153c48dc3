package io.cpchain.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job jar carries the native signature libraries and they load from it, in a fresh class loader
 * each time, as Flink gives every (re)started job its own: libsecp256k1 and libsodium, not the
 * Bouncy Castle fallback.
 */
class JobJarNativeSignaturesITCase {

  @Test
  void nativeSignatureLibrariesLoadFromTheJobJarInEveryNewClassLoader() throws Exception {
    List<Path> jobJars = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "ingest-jobs-*-job.jar")) {
      jars.forEach(jobJars::add);
    }
    assertEquals(1, jobJars.size(), "one job jar in target/: " + jobJars);
    // Flink's own class path provides SLF4J, which the job jar leaves out.
    URL slf4j = org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation();
    URL[] classPath = {jobJars.get(0).toUri().toURL(), slf4j};
    for (int restart = 0; restart < 2; restart++) {
      try (URLClassLoader job = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
        Object inUse = job.loadClass("io.cpchain.crypto.sign.SignatureBackend").getMethod("inUse").invoke(null);
        assertEquals("secp256k1: libsecp256k1, Ed25519: libsodium", inUse, "class loader " + restart);
      }
    }
  }
}
