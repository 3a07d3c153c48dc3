package io.cpchain.cli.bench;

/** What a figure was measured on: benchmarks on small, noisy machines mean little without it. */
public final class Machine {

  private Machine() {}

  public static String describe() {
    return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + " ("
        + System.getProperty("java.vm.name") + "), max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
  }
}
