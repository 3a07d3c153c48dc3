package io.cpchain.crypto.pre;

/** A kfrag whose commitment and signature were checked: the only kind a proxy re-encrypts with. */
public final class VerifiedKeyFrag {

  private final KeyFrag kfrag;

  VerifiedKeyFrag(KeyFrag kfrag) {
    this.kfrag = kfrag;
  }

  public KeyFrag unverify() {
    return kfrag;
  }

  KeyFrag kfrag() {
    return kfrag;
  }
}
