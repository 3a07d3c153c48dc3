package io.cpchain.cli.bench.crypto;

import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.AccountPublicKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.crypto.sign.SignatureBackend;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One signature check per call, round-robin over distinct keys and messages: secp256k1 sender
 * recovery (what each validator does per transaction) and Ed25519 verification (what ingest does per
 * frame), each through the native library and through Bouncy Castle; and Ed25519 as it was checked
 * before (Bouncy Castle's verify alone, without the prime-order check of R that the rule now adds).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBenchmarks {

  static final int KEYS = 64;
  /** Bytes signed: about a transaction, and a device frame of 10 readings. */
  static final int TRANSACTION_BYTES = 160;
  static final int FRAME_BYTES = 256;

  private final byte[][] transactions = new byte[KEYS][];
  private final RecoverableSignature[] transactionSignatures = new RecoverableSignature[KEYS];
  private final AccountPublicKey[] senders = new AccountPublicKey[KEYS];
  private final byte[][] frames = new byte[KEYS][];
  private final byte[][] frameSignatures = new byte[KEYS][];
  private final Ed25519PublicKey[] devices = new Ed25519PublicKey[KEYS];
  private final Ed25519.PublicPoint[] devicePoints = new Ed25519.PublicPoint[KEYS];
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(19);
    for (int i = 0; i < KEYS; i++) {
      AccountPrivateKey account = AccountPrivateKey.generate();
      transactions[i] = new byte[TRANSACTION_BYTES];
      random.nextBytes(transactions[i]);
      transactionSignatures[i] = account.sign(transactions[i]);
      senders[i] = account.publicKey();
      Ed25519PrivateKey device = Ed25519PrivateKey.generate();
      frames[i] = new byte[FRAME_BYTES];
      random.nextBytes(frames[i]);
      frameSignatures[i] = device.sign(frames[i]);
      devices[i] = device.publicKey();
      devicePoints[i] = Ed25519.validatePublicKeyFullExport(devices[i].toBytes(), 0);
    }
  }

  private AccountPublicKey recover(SignatureBackend backend) throws GeneralSecurityException {
    int i = next++ & (KEYS - 1);
    AccountPublicKey sender = backend.recover(transactionSignatures[i], transactions[i]);
    if (!sender.equals(senders[i])) {
      throw new IllegalStateException(backend + " recovered another sender");
    }
    return sender;
  }

  private boolean verify(SignatureBackend backend) {
    int i = next++ & (KEYS - 1);
    if (!backend.verify(devices[i], frames[i], frameSignatures[i])) {
      throw new IllegalStateException(backend + " rejected a valid frame signature");
    }
    return true;
  }

  @Benchmark
  public Object secp256k1RecoverNative() throws GeneralSecurityException {
    return recover(SignatureBackend.NATIVE);
  }

  @Benchmark
  public Object secp256k1RecoverBouncyCastle() throws GeneralSecurityException {
    return recover(SignatureBackend.BOUNCY_CASTLE);
  }

  @Benchmark
  public boolean ed25519VerifyNative() {
    return verify(SignatureBackend.NATIVE);
  }

  @Benchmark
  public boolean ed25519VerifyBouncyCastle() {
    return verify(SignatureBackend.BOUNCY_CASTLE);
  }

  /** The code before: {@code Ed25519.verify} on the key's decoded point, nothing else. */
  @Benchmark
  public boolean ed25519VerifyBefore() {
    int i = next++ & (KEYS - 1);
    if (!Ed25519.verify(frameSignatures[i], 0, devicePoints[i], frames[i], 0, FRAME_BYTES)) {
      throw new IllegalStateException("Bouncy Castle rejected a valid frame signature");
    }
    return true;
  }
}
