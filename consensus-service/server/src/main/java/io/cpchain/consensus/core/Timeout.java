package io.cpchain.consensus.core;

/** A timer the core asked for; it comes back through {@link ConsensusCore#onTimeout}. */
public record Timeout(Kind kind, long height, int round) {
  public enum Kind { PROPOSE, PREVOTE, PRECOMMIT, PROPOSE_WAIT, RESEND }
}
