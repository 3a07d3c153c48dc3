package io.cpchain.he.function;

/**
 * One driver's encrypted feature totals for one period, between the two windows of the scoring
 * job (a Flink POJO: public fields, no-argument constructor).
 */
public final class DriverPeriodSum {

  public String driver;
  public long periodStartMs;
  public long periodEndMs;
  public int contributions;
  /** SEAL-serialized CKKS ciphertext, fresh level. */
  public byte[] ciphertext;

  public DriverPeriodSum() {}

  public DriverPeriodSum(String driver, long periodStartMs, long periodEndMs, int contributions, byte[] ciphertext) {
    this.driver = driver;
    this.periodStartMs = periodStartMs;
    this.periodEndMs = periodEndMs;
    this.contributions = contributions;
    this.ciphertext = ciphertext;
  }
}
