package io.cpchain.otp;

import java.io.IOException;
import java.util.List;

/** No backend served the bytes the chain commits to; the message names each backend and what it did, in one line. */
public final class ContentRefusedException extends IOException {

  private final List<String> refused;

  public ContentRefusedException(List<String> refused) {
    super("refused: no backend served the committed bytes: " + String.join("; ", refused));
    this.refused = List.copyOf(refused);
  }

  /** One entry per backend: its locator and what it served. */
  public List<String> refused() {
    return refused;
  }
}
