package io.cpchain.jobs.source;

import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.client.RegistrationFollower;
import java.io.Serializable;
import java.util.List;

/**
 * What one final block's accepted identity transactions mean for a job: plain Java, called by
 * {@link ChainIdentitySource}'s reader for each block that accepted any, in height order; and what
 * tells the job that the reader has caught up with the chain.
 */
@FunctionalInterface
public interface ChainIdentityEvents<T> extends Serializable {

  /** The records {@code block} makes, given the owners and devices as they are after it. */
  List<T> of(RegistrationFollower.Registrations block, Identities after);

  /**
   * The records that say the reader has read every final block the chain had when it started (or
   * was restored), up to {@code height}: called once per reader, after the records of those blocks,
   * when a node first has no next final block. None by default.
   */
  default List<T> caughtUp(long height) {
    return List.of();
  }
}
