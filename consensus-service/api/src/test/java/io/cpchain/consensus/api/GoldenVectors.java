package io.cpchain.consensus.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A golden vector file from the test classpath: {@code name = hex} lines, {@code #} comments. */
public final class GoldenVectors {

  private final String resource;
  private final Map<String, byte[]> vectors;

  private GoldenVectors(String resource, Map<String, byte[]> vectors) {
    this.resource = resource;
    this.vectors = vectors;
  }

  public static GoldenVectors read(String resource) {
    try (InputStream in = GoldenVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the test classpath");
      }
      Map<String, byte[]> vectors = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] kv = line.split(" = ");
          vectors.put(kv[0].strip(), HexFormat.of().parseHex(kv[1].strip()));
        }
      }
      return new GoldenVectors(resource, vectors);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] get(String name) {
    byte[] bytes = vectors.get(name);
    if (bytes == null) {
      throw new AssertionError("no golden vector " + name + " in " + resource);
    }
    return bytes.clone();
  }
}
