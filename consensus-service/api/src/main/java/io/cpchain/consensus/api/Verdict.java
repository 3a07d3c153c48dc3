package io.cpchain.consensus.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The answer of a check on chain data (a certificate, a block, a transaction): {@link #OK}, or
 * {@link Refused} with the reason, which is what the API and the logs show.
 */
public sealed interface Verdict permits Verdict.Ok, Verdict.Refused {

  Verdict OK = new Ok();

  static Verdict refused(String reason) {
    return new Refused(reason);
  }

  /** {@link #OK} if {@code holds}, else refused with {@code reason}. */
  static Verdict check(boolean holds, String reason) {
    return holds ? OK : new Refused(reason);
  }

  default boolean ok() {
    return this instanceof Ok;
  }

  /** This one if refused, else the next check's. */
  default Verdict then(Supplier<Verdict> next) {
    return ok() ? next.get() : this;
  }

  /** Why it was refused; empty for OK. */
  String reason();

  record Ok() implements Verdict {
    @Override
    public String reason() {
      return "";
    }
  }

  record Refused(String reason) implements Verdict {
    public Refused {
      Objects.requireNonNull(reason, "a refusal says why");
    }
  }
}
