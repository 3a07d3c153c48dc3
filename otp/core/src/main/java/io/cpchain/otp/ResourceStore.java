package io.cpchain.otp;

import java.io.IOException;

/**
 * One storage backend holding one resource's bytes, named by its locator ({@code file://…},
 * {@code https://…}). A backend is not trusted: what it serves is checked against the commitment on
 * the chain ({@link VerifiedReader}).
 */
public interface ResourceStore {

  /** The locator the chain records, which names this backend in every error. */
  String locator();

  /**
   * The bytes the backend serves for the range of {@code length} bytes from {@code offset}: fewer if
   * it holds fewer; one more than asked if it answers a range with more (what a remote origin can do).
   */
  byte[] readRange(long offset, int length) throws IOException;
}
