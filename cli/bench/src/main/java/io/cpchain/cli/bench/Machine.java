package io.cpchain.cli.bench;

import java.lang.management.ManagementFactory;

/** What a figure was measured on: benchmarks on small, noisy machines mean little without it. */
public final class Machine {

  private Machine() {}

  /** Cores, OS, JVM, heap and the load average now (other work on the machine skews every figure). */
  public static String describe() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + " ("
        + System.getProperty("java.vm.name") + "), max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB"
        + ", load " + (load < 0 ? "unknown" : String.format("%.2f", load)) + " (1 min)";
  }
}
