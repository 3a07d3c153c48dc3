package io.cpchain.crypto.pre;

/** A cfrag whose signature and re-encryption proof were checked: the only kind a grantee opens with. */
public final class VerifiedCapsuleFrag {

  private final CapsuleFrag cfrag;

  VerifiedCapsuleFrag(CapsuleFrag cfrag) {
    this.cfrag = cfrag;
  }

  public CapsuleFrag unverify() {
    return cfrag;
  }

  CapsuleFrag cfrag() {
    return cfrag;
  }
}
