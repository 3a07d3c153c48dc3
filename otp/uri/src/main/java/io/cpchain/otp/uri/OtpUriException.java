package io.cpchain.otp.uri;

/** A text that is not an OTP name; the message is the one line a user sees. */
public final class OtpUriException extends Exception {

  public OtpUriException(String message) {
    super(message);
  }
}
