package io.cpchain.consensus.api;

/** Bytes that are not a well-formed encoding of the expected object; the message says what is wrong. */
public final class CodecException extends Exception {
  public CodecException(String message) {
    super(message);
  }
}
