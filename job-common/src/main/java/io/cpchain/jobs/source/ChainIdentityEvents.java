package io.cpchain.jobs.source;

import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.client.RegistrationFollower;
import java.io.Serializable;
import java.util.List;

/**
 * What one final block's accepted identity transactions mean for a job: plain Java, called by
 * {@link ChainIdentitySource}'s reader for each block that accepted any, in height order.
 */
@FunctionalInterface
public interface ChainIdentityEvents<T> extends Serializable {

  /** The records {@code block} makes, given the owners and devices as they are after it. */
  List<T> of(RegistrationFollower.Registrations block, Identities after);
}
