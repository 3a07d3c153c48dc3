package io.cpchain.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {

  private static final Path JAR = Path.of("/jobs/ingest-job.jar");

  @TempDir Path dir;

  private RetainedCheckpoints retained() {
    return new RetainedCheckpoints(dir.resolve("checkpoints"), dir.resolve("submitted"));
  }

  private void checkpoint(String jobId, int n, boolean complete) throws IOException {
    Path chk = Files.createDirectories(dir.resolve("checkpoints").resolve(jobId).resolve("chk-" + n));
    if (complete) {
      Files.writeString(chk.resolve("_metadata"), "m");
    }
  }

  @Test
  void aJobNeverSubmittedHasNothingToResumeFrom() {
    assertEquals(Optional.empty(), retained().latest("cpchain-ingest"));
  }

  @Test
  void resumesFromTheNumericallyNewestCompleteCheckpoint() throws IOException {
    retained().recordSubmitted("cpchain-ingest", JAR, "Main", List.of(), 2, "a1");
    checkpoint("a1", 9, true);
    checkpoint("a1", 10, true);
    checkpoint("a1", 11, false); // being written when the cluster died
    assertEquals(Optional.of(dir.resolve("checkpoints/a1/chk-10")), retained().latest("cpchain-ingest"));
  }

  @Test
  void aRestoredJobThatDiedBeforeItsFirstCheckpointFallsBackToTheOneItRestoredFrom() throws IOException {
    RetainedCheckpoints retained = retained();
    retained.recordSubmitted("cpchain-encrypt", JAR, "Main", List.of(), 2, "first");
    checkpoint("first", 4, true);
    retained.recordSubmitted("cpchain-encrypt", JAR, "Main", List.of(), 2, "second"); // resumed from first's chk-4, then died at once
    checkpoint("second", 1, false);
    assertEquals(Optional.of(dir.resolve("checkpoints/first/chk-4")), retained.latest("cpchain-encrypt"));

    checkpoint("second", 2, true);
    assertEquals(Optional.of(dir.resolve("checkpoints/second/chk-2")), retained.latest("cpchain-encrypt"));
  }

  @Test
  void jobsAreKeptApartByName() throws IOException {
    RetainedCheckpoints retained = retained();
    retained.recordSubmitted("cpchain-ingest", JAR, "Main", List.of(), 2, "i");
    retained.recordSubmitted("cpchain-anchor", JAR, "Main", List.of(), 2, "a");
    checkpoint("i", 3, true);
    assertEquals(Optional.empty(), retained.latest("cpchain-anchor"));
    assertEquals(Optional.of(dir.resolve("checkpoints/i/chk-3")), retained.latest("cpchain-ingest"));
  }

  @Test
  void remembersABoundedNumberOfSubmissions() throws IOException {
    RetainedCheckpoints retained = retained();
    checkpoint("oldest", 1, true);
    retained.recordSubmitted("cpchain-ingest", JAR, "Main", List.of(), 2, "oldest");
    for (int i = 0; i < RetainedCheckpoints.REMEMBERED_SUBMISSIONS; i++) {
      retained.recordSubmitted("cpchain-ingest", JAR, "Main", List.of(), 2, "later-" + i);
    }
    List<String> ids = retained.submissions().get(0).ids();
    assertEquals(RetainedCheckpoints.REMEMBERED_SUBMISSIONS, ids.size());
    assertFalse(ids.contains("oldest"));
    assertEquals("later-" + (RetainedCheckpoints.REMEMBERED_SUBMISSIONS - 1), ids.get(0));
    assertEquals(Optional.empty(), retained.latest("cpchain-ingest"));
  }

  @Test
  void remembersHowEachJobWasSubmittedToSubmitItAgain() {
    RetainedCheckpoints retained = retained();
    List<String> args = List.of("--bootstrap-servers", "127.0.0.1:9092", "--note", "a value with = and spaces");
    retained.recordSubmitted("cpchain-ingest", JAR, "io.cpchain.ingest.job.TelemetryIngestJob", args, 2, "i1");
    retained.recordSubmitted("cpchain-anchor", Path.of("/jobs/anchor.jar"), "io.cpchain.anchor.job.AnchorJob",
        List.of(), 1, "a1");
    retained.recordSubmitted("cpchain-ingest", JAR, "io.cpchain.ingest.job.TelemetryIngestJob", args, 2, "i2");
    assertEquals(List.of(
            new RetainedCheckpoints.Submission("cpchain-anchor", Path.of("/jobs/anchor.jar"),
                "io.cpchain.anchor.job.AnchorJob", List.of(), 1, List.of("a1")),
            new RetainedCheckpoints.Submission("cpchain-ingest", JAR, "io.cpchain.ingest.job.TelemetryIngestJob", args, 2,
                List.of("i2", "i1"))),
        retained.submissions());
  }

  @Test
  void aJobNameThatIsNoFileNameIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> retained().latest("../etc"));
    assertTrue(refused.getMessage().contains("not a file name"), refused.getMessage());
  }
}
