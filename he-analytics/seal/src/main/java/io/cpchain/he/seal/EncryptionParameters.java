package io.cpchain.he.seal;

import java.util.Arrays;
import java.util.stream.Collectors;

/** SEAL encryption parameters: the scheme, the ring and the moduli. Keys are separate objects. */
public sealed interface EncryptionParameters permits BfvParameters, CkksParameters {

  String scheme();

  int polyModulusDegree();

  /** Bit sizes of the coefficient modulus primes, or null for SEAL's default at the security level. */
  int[] coeffModulusBits();

  /** Bit size of the batching plaintext modulus (BFV), 0 for CKKS. */
  int plainModulusBits();

  SecurityLevel securityLevel();

  /** Slots per plaintext: n for BFV batching, n/2 for CKKS. */
  default int slotCount() {
    return scheme().equals("ckks") ? polyModulusDegree() / 2 : polyModulusDegree();
  }

  /** The form the Javet bridge reads. */
  default String toJson() {
    int[] bits = coeffModulusBits();
    String coeffs = bits == null ? "null"
        : Arrays.stream(bits).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    return "{\"scheme\":\"" + scheme() + "\",\"polyModulusDegree\":" + polyModulusDegree()
        + ",\"coeffModulusBits\":" + coeffs + ",\"plainModulusBits\":" + plainModulusBits()
        + ",\"security\":\"" + securityLevel().name() + "\"}";
  }
}
