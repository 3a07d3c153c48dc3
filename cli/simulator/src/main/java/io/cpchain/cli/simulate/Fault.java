package io.cpchain.cli.simulate;

import io.cpchain.schemas.RejectReason;

/** Every kind of bad input the simulator injects, and the reason the pipeline must give for it. */
enum Fault {
  UNDECODABLE(RejectReason.UNDECODABLE),
  UNKNOWN_SCHEMA(RejectReason.UNKNOWN_SCHEMA),
  UNKNOWN_DEVICE(RejectReason.UNKNOWN_DEVICE),
  BAD_SIGNATURE(RejectReason.BAD_SIGNATURE),
  OUT_OF_RANGE(RejectReason.OUT_OF_RANGE),
  INCONSISTENT(RejectReason.INCONSISTENT),
  DUPLICATE_FRAME(RejectReason.DUPLICATE_FRAME),
  LATE_EVENT(RejectReason.LATE_EVENT);

  private final RejectReason expected;

  Fault(RejectReason expected) {
    this.expected = expected;
  }

  RejectReason expectedReason() {
    return expected;
  }
}
