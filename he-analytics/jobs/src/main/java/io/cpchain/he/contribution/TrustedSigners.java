package io.cpchain.he.contribution;

import io.cpchain.conf.ConfigException;
import io.cpchain.crypto.sign.Address;
import java.util.Set;

/** The {@code trusted-signers} setting: pipeline node addresses, 0x hex, comma-separated, or {@link #NONE}. */
public final class TrustedSigners {

  /** No node's key can be assumed: each deployment names its own, and the jobs that verify refuse to start. */
  public static final String NONE = "none";

  public static final String SETTING = "trusted-signers";

  private TrustedSigners() {}

  /** The setting's addresses; a malformed one is a one-line {@link ConfigException} naming the setting. */
  public static Set<Address> of(String signers) {
    try {
      return parse(signers);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(SETTING + ": " + e.getMessage());
    }
  }

  /** For a job that verifies: at least one address, or it must not start. */
  public static Set<Address> required(String signers, String whatTheyVouchFor) {
    Set<Address> set = of(signers);
    if (set.isEmpty()) {
      throw new ConfigException(SETTING + ": name the pipeline node address(es) whose " + whatTheyVouchFor);
    }
    return set;
  }

  public static Set<Address> parse(String signers) {
    return signers.equals(NONE) ? Set.of() : Address.setFromHex(signers);
  }
}
