package io.cpchain.sharing.proxy;

/** Why a proxy says no, with the HTTP status it answers: 400 bad input, 403 not allowed, 404 unknown grant, 409 kfrags already held, 503 the chain view is too old or unavailable (ask another proxy). */
public final class ProxyRefusal extends Exception {

  private final int status;

  ProxyRefusal(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
