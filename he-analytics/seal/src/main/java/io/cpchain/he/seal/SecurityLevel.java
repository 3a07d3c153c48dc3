package io.cpchain.he.seal;

/** The HomomorphicEncryption.org security standard levels SEAL enforces on parameters. */
public enum SecurityLevel {
  /** No check: for tests of parameters that would be rejected otherwise; never for real data. */
  none,
  tc128,
  tc192,
  tc256
}
