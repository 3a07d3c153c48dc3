package io.cpchain.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.cli.bench.SignedFrames.SignedFrame;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.cli.simulate.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench ingest's verify baseline, which runs without the stack: the simulator's frames as the bench
 * loads them (Kafka's in-memory producer stands in for the topic), decoded by the job's own decoder,
 * verified on all cores. The job and the passthrough need Kafka and Flink: their common timing is
 * {@link OutputRate}, tested in {@link HarnessTest}.
 */
class IngestBaselinesTest {

  @TempDir Path workDir;

  @Test
  void theVerifyBaselineChecksTheExactBytesTheJobVerifies() throws Exception {
    MockProducer<byte[], byte[]> topics = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    Fleet fleet = Fleet.loadOrCreate(workDir, 5, System.currentTimeMillis());
    Simulator simulator = new Simulator(topics, "raw");
    simulator.run(fleet, new Simulator.Settings(5, 50, Duration.ofSeconds(1), 0, 10, 7), () -> false);

    List<SignedFrame> frames = SignedFrames.of(values(topics, "raw"), fleet.registrations(5));
    assertEquals(50, frames.size());
    for (SignedFrame frame : frames) {
      assertTrue(frame.verify());
      // The signature covers the frame's encoding up to its signature field: 64 bytes and a length short.
      assertTrue(frame.signedLength() < frame.raw().length - 64, "signed " + frame.signedLength());
    }
    assertTrue(Ed25519VerifyRate.measure(frames, Duration.ofMillis(300)) > 0);
  }

  private static List<byte[]> values(MockProducer<byte[], byte[]> producer, String topic) {
    return producer.history().stream().filter(r -> r.topic().equals(topic)).map(ProducerRecord::value).toList();
  }
}
