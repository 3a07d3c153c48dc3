package io.cpchain.consensus.transport;

import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.core.Network;
import io.cpchain.crypto.sign.Address;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fault injection on a node's outbound messages, for tests: each message to each peer is dropped
 * with probability {@code drop}, sent twice with probability {@code duplicate}, and delayed by a
 * uniform 0..{@code maxDelayMs} (so messages overtake each other: reordering).
 */
public final class FaultyNetwork implements Network {

  public record Faults(double drop, double duplicate, int maxDelayMs) {
    public static final Faults NONE = new Faults(0, 0, 0);

    public Faults {
      if (drop < 0 || drop >= 1 || duplicate < 0 || duplicate > 1 || maxDelayMs < 0) {
        throw new IllegalArgumentException("faults: drop in [0,1), duplicate in [0,1], maxDelayMs >= 0");
      }
    }

    public boolean none() {
      return drop == 0 && duplicate == 0 && maxDelayMs == 0;
    }
  }

  private final Network delegate;
  private final List<Address> peers;
  private final Faults faults;
  private final Random random;
  private final ScheduledExecutorService scheduler;

  public FaultyNetwork(Network delegate, List<Address> peers, Faults faults, Random random,
      ScheduledExecutorService scheduler) {
    this.delegate = delegate;
    this.peers = List.copyOf(peers);
    this.faults = faults;
    this.random = random;
    this.scheduler = scheduler;
  }

  @Override
  public void broadcast(Message message) {
    peers.forEach(peer -> send(peer, message));
  }

  @Override
  public synchronized void send(Address peer, Message message) {
    if (random.nextDouble() < faults.drop()) {
      return;
    }
    int copies = random.nextDouble() < faults.duplicate() ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      long delay = faults.maxDelayMs() == 0 ? 0 : random.nextInt(faults.maxDelayMs() + 1);
      if (delay == 0) {
        delegate.send(peer, message);
      } else {
        scheduler.schedule(() -> delegate.send(peer, message), delay, TimeUnit.MILLISECONDS);
      }
    }
  }
}
