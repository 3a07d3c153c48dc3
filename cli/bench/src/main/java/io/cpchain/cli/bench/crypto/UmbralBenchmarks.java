package io.cpchain.cli.bench.crypto;

import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.CapsuleFrag;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.pre.UmbralSigner;
import io.cpchain.crypto.pre.VerifiedCapsuleFrag;
import io.cpchain.crypto.pre.VerifiedKeyFrag;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Umbral operations, measured as the reference's own benchmarks measure them (m = 2, n = 3). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UmbralBenchmarks {

  private UmbralSecretKey owner;
  private UmbralSecretKey grantee;
  private UmbralSigner signer;
  private Capsule capsule;
  private List<VerifiedKeyFrag> kfrags;
  private byte[] cfragBytes;
  private List<VerifiedCapsuleFrag> cfrags;

  @Setup
  public void setUp() throws GeneralSecurityException {
    owner = UmbralSecretKey.generate();
    grantee = UmbralSecretKey.generate();
    signer = new UmbralSigner(UmbralSecretKey.generate());
    capsule = Umbral.encapsulate(owner.publicKey()).capsule();
    kfrags = Umbral.generateKFrags(owner, grantee.publicKey(), signer, 2, 3, true, true);
    cfragBytes = Umbral.reencrypt(capsule, kfrags.get(0)).unverify().toBytes();
    cfrags = List.of(Umbral.reencrypt(capsule, kfrags.get(0)), Umbral.reencrypt(capsule, kfrags.get(1)));
  }

  @Benchmark
  public Object encapsulate() {
    return Umbral.encapsulate(owner.publicKey());
  }

  @Benchmark
  public Object generateKFrags() {
    return Umbral.generateKFrags(owner, grantee.publicKey(), signer, 2, 3, true, true);
  }

  @Benchmark
  public Object reencrypt() {
    return Umbral.reencrypt(capsule, kfrags.get(0));
  }

  /** Parsing included, as a proxy's receiver does it (and as the reference's API forces). */
  @Benchmark
  public Object verifyCfrag() throws GeneralSecurityException {
    return CapsuleFrag.fromBytes(cfragBytes).verify(capsule, signer.verifyingKey(), owner.publicKey(),
        grantee.publicKey());
  }

  @Benchmark
  public Object decapsulateReencrypted() throws GeneralSecurityException {
    return Umbral.decapsulateReencrypted(grantee, owner.publicKey(), capsule, cfrags);
  }
}
