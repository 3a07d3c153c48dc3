package io.cpchain.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress line's totals never go backwards when a failed job's new tasks count from zero again. */
class JobCounterTest {

  @Test
  void aReusedJobsEarlierCountIsLeftOutAndAFailoverCarriesTheTotalOn() {
    IngestStage.JobCounter valid = new IngestStage.JobCounter(1_000);
    assertEquals(0, valid.total(1_000));
    assertEquals(35_290, valid.total(36_290));
    assertEquals(35_290 + 1_790, valid.total(1_790), "the replacement tasks count from 0");
    assertEquals(35_290 + 13_444, valid.total(13_444));
  }
}
