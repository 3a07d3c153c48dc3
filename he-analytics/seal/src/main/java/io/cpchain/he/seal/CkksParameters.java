package io.cpchain.he.seal;

import java.util.Arrays;

/**
 * CKKS: approximate arithmetic on n/2 real slots. The coefficient modulus primes are the levels:
 * the first and last are the precision kept, each middle prime is consumed by one rescale after a
 * multiplication, so give middle primes the bit size of log2(scale).
 */
public record CkksParameters(int polyModulusDegree, int[] coeffModulusBits, SecurityLevel securityLevel)
    implements EncryptionParameters {

  public CkksParameters {
    if (Integer.bitCount(polyModulusDegree) != 1 || polyModulusDegree < 1024) {
      throw new IllegalArgumentException("poly modulus degree must be a power of two >= 1024: " + polyModulusDegree);
    }
    if (coeffModulusBits == null || coeffModulusBits.length < 2) {
      throw new IllegalArgumentException("CKKS needs at least two coefficient modulus primes");
    }
    coeffModulusBits = coeffModulusBits.clone();
  }

  public static CkksParameters of(int polyModulusDegree, int... coeffModulusBits) {
    return new CkksParameters(polyModulusDegree, coeffModulusBits, SecurityLevel.tc128);
  }

  @Override
  public String scheme() {
    return "ckks";
  }

  @Override
  public int[] coeffModulusBits() {
    return coeffModulusBits.clone();
  }

  @Override
  public int plainModulusBits() {
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CkksParameters p && p.polyModulusDegree == polyModulusDegree
        && Arrays.equals(p.coeffModulusBits, coeffModulusBits) && p.securityLevel == securityLevel;
  }

  @Override
  public int hashCode() {
    return 31 * polyModulusDegree + Arrays.hashCode(coeffModulusBits);
  }

  @Override
  public String toString() {
    return "CKKS(n=" + polyModulusDegree + ", q=" + Arrays.toString(coeffModulusBits) + ", " + securityLevel + ")";
  }
}
