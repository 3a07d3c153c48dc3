package io.cpchain.cli.simulate;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The store-and-forward gateway between the fleet and Kafka: vehicles hand it their signed frames and
 * go on sensing and framing on their own schedule, and one thread forwards the frames in the order
 * they came. A send blocks while the producer cannot reach a broker (up to its {@code max.block.ms});
 * a vehicle that waited on it would pack the whole outage into its next frame, readings far older
 * than the ingest job's lateness bound. The gateway holds at most {@code capacityBytes} of frames; a
 * fleet that outruns that waits for room, as a device with a full buffer would.
 */
final class Gateway implements AutoCloseable {

  private static final ProducerRecord<byte[], byte[]> END = new ProducerRecord<>("", new byte[0]);

  private final Producer<byte[], byte[]> producer;
  private final Consumer<Exception> onFailure;
  private final Semaphore room;
  private final BlockingQueue<ProducerRecord<byte[], byte[]>> frames = new LinkedBlockingQueue<>();
  private final Thread forwarder;
  private volatile boolean failed;

  /** @param onFailure told of the first send that failed; the frames after it are not sent */
  Gateway(Producer<byte[], byte[]> producer, int capacityBytes, Consumer<Exception> onFailure) {
    this.producer = producer;
    this.onFailure = onFailure;
    this.room = new Semaphore(capacityBytes);
    this.forwarder = new Thread(this::forward, "gateway-forwarder");
    forwarder.setDaemon(true);
    forwarder.start();
  }

  /** Takes a frame to forward; waits only while the gateway is full. */
  void send(ProducerRecord<byte[], byte[]> record) throws InterruptedException {
    room.acquire(size(record));
    frames.put(record);
  }

  /** Forwards every frame handed over and waits until Kafka has acknowledged them all. */
  @Override
  public void close() throws InterruptedException {
    frames.put(END);
    forwarder.join();
    producer.flush();
  }

  private void forward() {
    try {
      for (ProducerRecord<byte[], byte[]> record = frames.take(); record != END; record = frames.take()) {
        if (!failed) {
          try {
            producer.send(record, (meta, error) -> {
              if (error != null) {
                fail(error);
              }
            });
          } catch (RuntimeException e) {
            fail(e);
          }
        }
        room.release(size(record));
      }
    } catch (InterruptedException e) {
      fail(e);
    }
  }

  private void fail(Exception error) {
    failed = true;
    onFailure.accept(error);
  }

  private static int size(ProducerRecord<byte[], byte[]> record) {
    return record.value().length + (record.key() == null ? 0 : record.key().length);
  }
}
