package io.cpchain.cli.bench.crypto;

import io.cpchain.crypto.aead.IntervalCipher;
import io.cpchain.crypto.aead.IntervalKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** 1 MiB intervals: the chunked interval AEAD against one raw JCA AES-256-GCM call on the same bytes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IntervalCipherBenchmarks {

  static final int MIB = 1 << 20;

  private final byte[] plaintext = new byte[MIB];
  private final byte[] associatedData = "veh-00001|1750000000000|1750000060000".getBytes();
  private IntervalCipher cipher;
  private SecretKeySpec rawKey;
  private byte[] nonce;

  @Setup
  public void setUp() {
    new SecureRandom().nextBytes(plaintext);
    cipher = new IntervalCipher(IntervalKey.generate());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    rawKey = new SecretKeySpec(key, "AES");
    nonce = new byte[12];
  }

  /** 64 KiB segments, each its own GCM call: the shape the encrypt job stores. */
  @Benchmark
  public Object intervalCipherOneMiB() throws GeneralSecurityException {
    return cipher.encrypt(plaintext, associatedData, 64 * 1024);
  }

  @Benchmark
  public Object rawAesGcmOneMiB() throws GeneralSecurityException {
    nonce[0]++; // a benchmark, not a protocol: the key never meets a real plaintext
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
    gcm.updateAAD(associatedData);
    return gcm.doFinal(plaintext);
  }
}
