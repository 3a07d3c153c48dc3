package io.cpchain.consensus.core;

import io.cpchain.consensus.api.Message;
import io.cpchain.crypto.sign.Address;

/** The core's outbound side: the transport in a node, the simulated router in tests. */
public interface Network {

  /** To every peer (not to this node itself). */
  void broadcast(Message message);

  void send(Address peer, Message message);
}
