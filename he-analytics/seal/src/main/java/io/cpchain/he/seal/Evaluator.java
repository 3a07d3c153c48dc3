package io.cpchain.he.seal;

import io.cpchain.he.seal.SealBackend.Op;
import io.cpchain.he.seal.SealBackend.Rotation;

/** Computation on ciphertexts; needs no secret key. Every result is a new object to close. */
public final class Evaluator extends SealObject {

  Evaluator(SealBackend backend, int handle) {
    super(backend, handle);
  }

  public Ciphertext add(Ciphertext a, Ciphertext b) {
    return op(Op.add, a, b);
  }

  /** {@code accumulator += addend} without a new object: for long sums. */
  public void addInPlace(Ciphertext accumulator, Ciphertext addend) {
    backend.addInPlace(handle(), accumulator.handle(), addend.handle());
  }

  public Ciphertext sub(Ciphertext a, Ciphertext b) {
    return op(Op.sub, a, b);
  }

  public Ciphertext negate(Ciphertext a) {
    return op(Op.negate, a, null);
  }

  /** The product has three polynomials: {@link #relinearize} it before further multiplications. */
  public Ciphertext multiply(Ciphertext a, Ciphertext b) {
    return op(Op.multiply, a, b);
  }

  public Ciphertext addPlain(Ciphertext a, Plaintext b) {
    return op(Op.addPlain, a, b);
  }

  public Ciphertext multiplyPlain(Ciphertext a, Plaintext b) {
    return op(Op.multiplyPlain, a, b);
  }

  public Ciphertext relinearize(Ciphertext a, RelinKeys keys) {
    return op(Op.relinearize, a, keys);
  }

  /** CKKS: divides by the last prime of the current level, dividing the scale likewise. */
  public Ciphertext rescaleToNext(Ciphertext a) {
    return op(Op.rescaleToNext, a, null);
  }

  public Ciphertext modSwitchToNext(Ciphertext a) {
    return op(Op.modSwitchToNext, a, null);
  }

  /** Brings {@code a} down to the level of {@code like}, so that the two can be combined. */
  public Ciphertext modSwitchTo(Ciphertext a, Ciphertext like) {
    return op(Op.modSwitchTo, a, like);
  }

  /** Brings a plaintext down to the level of {@code like} (CKKS multiplyPlain after rescaling). */
  public Plaintext modSwitchTo(Plaintext a, Ciphertext like) {
    return new Plaintext(backend, backend.evaluate(handle(), Op.modSwitchTo, a.handle(), like.handle()));
  }

  /** BFV: rotates both rows of slots left by {@code steps} (negative: right). */
  public Ciphertext rotateRows(Ciphertext a, int steps, GaloisKeys keys) {
    return rotate(Rotation.rotateRows, a, steps, keys);
  }

  /** BFV: swaps the two rows of slots. */
  public Ciphertext rotateColumns(Ciphertext a, GaloisKeys keys) {
    return rotate(Rotation.rotateColumns, a, 0, keys);
  }

  /** CKKS: rotates the slots left by {@code steps} (negative: right). */
  public Ciphertext rotateVector(Ciphertext a, int steps, GaloisKeys keys) {
    return rotate(Rotation.rotateVector, a, steps, keys);
  }

  /** Every slot becomes the sum of all slots (needs the default Galois keys). */
  public Ciphertext sumElements(Ciphertext a, GaloisKeys keys) {
    return rotate(Rotation.sumElements, a, 0, keys);
  }

  private Ciphertext op(Op op, SealObject a, SealObject b) {
    return new Ciphertext(backend, backend.evaluate(handle(), op, a.handle(), b == null ? 0 : b.handle()));
  }

  private Ciphertext rotate(Rotation rotation, Ciphertext a, int steps, GaloisKeys keys) {
    return new Ciphertext(backend, backend.rotate(handle(), rotation, a.handle(), steps, keys.handle()));
  }
}
