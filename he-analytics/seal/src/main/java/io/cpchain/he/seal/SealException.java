package io.cpchain.he.seal;

/** An error from SEAL (its own message) or from the engine that runs it. */
public class SealException extends RuntimeException {

  public SealException(String message) {
    super(message);
  }

  public SealException(String message, Throwable cause) {
    super(message, cause);
  }
}
