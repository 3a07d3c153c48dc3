package io.cpchain.anchor;

import io.cpchain.anchor.batch.ManifestRef;
import java.nio.charset.StandardCharsets;

/** Manifest references for domain tests: distinct hashes, three devices, one-second intervals. */
public final class TestManifests {

  private TestManifests() {}

  public static ManifestRef manifest(int i, long seenAtMs) {
    return new ManifestRef(ManifestRef.hashOf(("manifest-" + i).getBytes(StandardCharsets.UTF_8)), "veh-" + (i % 3),
        1_000L * i, 1_000L * i + 1_000, seenAtMs);
  }
}
