package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's Kafka cluster losing a broker to SIGKILL while a transactional producer writes and a
 * read_committed consumer reads: with 3 brokers both go on and the broker rejoins; with 1 they pause and resume.
 * Either way the consumer sees every committed id exactly once.
 */
class KafkaBrokerFailureITCase {

  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
  private static final String TRANSACTIONAL_ID = "broker-failure-feed";
  /** Ids per transaction. */
  private static final int BATCH = 20;

  @TempDir Path workDir;
  private KafkaService kafka;
  private TransactionalFeed feed;
  private CommittedReader reader;

  @AfterEach
  void stop() throws Exception {
    if (feed != null) {
      feed.close();
    }
    if (reader != null) {
      reader.close();
    }
    if (kafka != null) {
      kafka.processes().forEach(broker -> broker.stop(Duration.ofSeconds(10)));
    }
  }

  @Test
  void threeBrokersKeepTheTransactionalStreamGoingWhenOneIsKilledAndItRejoins() throws Exception {
    StackConfig config = startCluster(3);
    try (Admin admin = admin(config)) {
      for (TopicDescription topic : admin.describeTopics(Topics.ALL.stream().map(Topics.Spec::name).toList())
          .allTopicNames().get().values()) {
        topic.partitions().forEach(p -> assertEquals(3, p.replicas().size(), topic.name()));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        assertEquals("2", admin.describeConfigs(List.of(resource)).all().get().get(resource)
            .get("min.insync.replicas").value(), topic.name());
      }
      startStream(config);
      awaitUntil("the consumer reads the first records", () -> reader.distinct() >= 500);
      TopicDescription transactionState = admin.describeTopics(List.of("__transaction_state")).allTopicNames().get()
          .get("__transaction_state");
      transactionState.partitions().forEach(p -> assertEquals(3, p.replicas().size(), "__transaction_state"));

      // The hardest broker to lose: the one coordinating the producer's transactions.
      int victim = admin.describeTransactions(List.of(TRANSACTIONAL_ID)).description(TRANSACTIONAL_ID).get()
          .coordinatorId();
      long killedAt = kill(victim);
      long committedAtKill = feed.committed();
      long readAtKill = reader.distinct();
      awaitUntil("produce and consume go on with broker " + victim + " dead",
          () -> feed.committed() >= committedAtKill + 1_000 && reader.distinct() >= readAtKill + 1_000);
      assertTrue(kafka.process(victim).running().isEmpty(), "broker " + victim + " stayed dead meanwhile");
      System.out.printf("3 brokers, coordinator %d killed: longest commit gap %d ms, %d aborted transactions%n",
          victim, feed.longestGapMillisSince(killedAt), feed.aborted());

      kafka.start();
      awaitUntil("broker " + victim + " is back in every ISR", () -> isrBackToThree(admin));
      long committedAtRejoin = feed.committed();
      awaitUntil("produce goes on after the rejoin", () -> feed.committed() >= committedAtRejoin + 500);
    }
    assertEveryCommittedIdReadOnce();
  }

  @Test
  void oneBrokerKilledAndRestartedPausesTheStreamAndLosesNothing() throws Exception {
    StackConfig config = startCluster(1);
    startStream(config);
    awaitUntil("the consumer reads the first records", () -> reader.distinct() >= 1_000);
    long killedAt = kill(1);
    kafka.start();
    kafka.awaitReadyAndCreateTopics(STEP_TIMEOUT);
    long committedAtRestart = feed.committed();
    awaitUntil("produce and consume resume after the restart",
        () -> feed.committed() >= committedAtRestart + 1_000 && reader.distinct() >= committedAtRestart + 1_000);
    System.out.printf("1 broker, killed and restarted: longest commit gap %d ms, %d aborted transactions%n",
        feed.longestGapMillisSince(killedAt), feed.aborted());
    assertEveryCommittedIdReadOnce();
  }

  private StackConfig startCluster(int brokers) throws IOException {
    StackConfig config = new StackConfig(workDir, FreePorts.range(2 * brokers), brokers, 0, 0, 0, 0);
    kafka = new KafkaService(config);
    long start = System.nanoTime();
    kafka.start();
    kafka.awaitReadyAndCreateTopics(STEP_TIMEOUT);
    System.out.printf("%d ms until %d broker(s) are up with the stack's topics%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), brokers);
    return config;
  }

  private void startStream(StackConfig config) {
    feed = new TransactionalFeed(config.kafkaClient(KafkaUser.ADMIN));
    reader = new CommittedReader(config.kafkaClient(KafkaUser.ADMIN));
  }

  /** SIGKILL to the broker's own JVM, as a crash would; returns when it is gone. */
  private long kill(int broker) throws Exception {
    ProcessHandle process = kafka.process(broker).running().orElseThrow();
    // The pid is the JVM's own (setsid execs it), not a wrapper's that would leave the broker alive.
    String commandLine = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
    assertTrue(commandLine.contains("kafka.Kafka"), "pid " + process.pid() + " is the broker's JVM");
    long killedAt = System.nanoTime();
    assertTrue(process.destroyForcibly());
    process.onExit().get(30, TimeUnit.SECONDS);
    return killedAt;
  }

  private void assertEveryCommittedIdReadOnce() throws Exception {
    long committed = feed.close();
    awaitUntil("the consumer reads all " + committed + " committed ids", () -> reader.distinct() >= committed);
    reader.close();
    assertEquals(0, reader.duplicates(), "ids read twice");
    assertEquals(committed, reader.distinct(), "distinct ids read");
    assertEquals(committed, reader.ids().nextClearBit(0), "the ids read are exactly 0.." + (committed - 1));
  }

  private static boolean isrBackToThree(Admin admin) throws Exception {
    List<String> topics = new ArrayList<>(Topics.ALL.stream().map(Topics.Spec::name).toList());
    topics.add("__transaction_state");
    return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
        .flatMap(t -> t.partitions().stream())
        .allMatch(p -> p.isr().size() == 3);
  }

  private static Admin admin(StackConfig config) {
    return Admin.create(config.kafkaClient(KafkaUser.ADMIN));
  }

  /** Polls a condition until it holds; the step fails after {@link #STEP_TIMEOUT}. */
  private void awaitUntil(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    long start = System.nanoTime();
    while (!check.holds()) {
      feed.rethrow();
      reader.rethrow();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + " (committed " + feed.committed() + ", read "
            + reader.distinct() + ")");
      }
      Thread.sleep(100);
    }
    System.out.printf("%d ms until %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), what);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Writes ids 0, 1, 2, ... in transactions of {@link #BATCH}, as a transactional sink does: a commit that
   * times out is retried (it may have reached the coordinator), any other failure aborts the transaction and
   * its ids are written again, so every id is committed exactly once.
   */
  private static final class TransactionalFeed {
    private final Thread thread;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final List<Long> commitTimes = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    TransactionalFeed(Properties client) {
      Properties props = new Properties();
      props.putAll(client);
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
      props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      KafkaProducer<String, String> producer =
          new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
      producer.initTransactions();
      thread = new Thread(() -> {
        try (producer) {
          while (!stopping) {
            long first = committed.get();
            try {
              producer.beginTransaction();
              for (long id = first; id < first + BATCH; id++) {
                producer.send(new ProducerRecord<>(Topics.RAW, Long.toString(id), Long.toString(id)));
              }
              commit(producer);
              synchronized (commitTimes) {
                commitTimes.add(System.nanoTime());
              }
              committed.addAndGet(BATCH);
            } catch (KafkaException e) {
              if (isFatal(e)) {
                throw e;
              }
              abort(producer);
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "transactional-feed");
      thread.start();
    }

    private static boolean isFatal(KafkaException e) {
      return e instanceof org.apache.kafka.common.errors.ProducerFencedException
          || e instanceof org.apache.kafka.common.errors.OutOfOrderSequenceException
          || e instanceof org.apache.kafka.common.errors.AuthorizationException
          || e instanceof org.apache.kafka.common.errors.UnsupportedVersionException;
    }

    private static void commit(KafkaProducer<String, String> producer) {
      while (true) {
        try {
          producer.commitTransaction();
          return;
        } catch (TimeoutException e) {
          // may have reached the coordinator: the only safe next step is the same commit again
        }
      }
    }

    private void abort(KafkaProducer<String, String> producer) {
      aborted.incrementAndGet();
      while (true) {
        try {
          producer.abortTransaction();
          return;
        } catch (TimeoutException e) {
          // the coordinator is moving: try again
        }
      }
    }

    long committed() {
      return committed.get();
    }

    long aborted() {
      return aborted.get();
    }

    long longestGapMillisSince(long nanos) {
      synchronized (commitTimes) {
        long last = nanos;
        long longest = 0;
        for (long time : commitTimes) {
          if (time > nanos) {
            longest = Math.max(longest, time - last);
            last = time;
          }
        }
        return TimeUnit.NANOSECONDS.toMillis(longest);
      }
    }

    void rethrow() {
      if (failure.get() != null) {
        throw new AssertionError("the producer failed", failure.get());
      }
    }

    /** Stops after the transaction under way; returns how many ids were committed. */
    long close() throws InterruptedException {
      stopping = true;
      thread.join(STEP_TIMEOUT.toMillis());
      rethrow();
      return committed.get();
    }
  }

  /** Reads every partition of the topic from the start, read_committed, and counts each id it sees. */
  private static final class CommittedReader {
    private final Thread thread;
    private final BitSet ids = new BitSet();
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    CommittedReader(Properties client) {
      Properties props = new Properties();
      props.putAll(client);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
      thread = new Thread(() -> {
        try (consumer) {
          List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
          consumer.assign(partitions);
          consumer.seekToBeginning(partitions);
          while (!stopping) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
              int id = Integer.parseInt(record.value());
              synchronized (ids) {
                if (ids.get(id)) {
                  duplicates.incrementAndGet();
                } else {
                  ids.set(id);
                  distinct.incrementAndGet();
                }
              }
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "read-committed-reader");
      thread.start();
    }

    long distinct() {
      return distinct.get();
    }

    long duplicates() {
      return duplicates.get();
    }

    BitSet ids() {
      synchronized (ids) {
        return (BitSet) ids.clone();
      }
    }

    void rethrow() {
      if (failure.get() != null) {
        throw new AssertionError("the consumer failed", failure.get());
      }
    }

    void close() throws InterruptedException {
      stopping = true;
      thread.join(STEP_TIMEOUT.toMillis());
      rethrow();
    }
  }
}
