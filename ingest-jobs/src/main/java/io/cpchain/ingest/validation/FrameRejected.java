package io.cpchain.ingest.validation;

import io.cpchain.schemas.RejectReason;

/**
 * A frame or reading failed a check. Carries the reason code that goes to the dead-letter topic and
 * a detail a person can act on. Rejections are routine (bad input is expected), so no stack trace.
 */
public final class FrameRejected extends Exception {

  private final RejectReason reason;

  public FrameRejected(RejectReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
