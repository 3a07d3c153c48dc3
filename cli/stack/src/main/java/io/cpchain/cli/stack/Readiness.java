package io.cpchain.cli.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Polls a starting service until it answers, its process dies, or time runs out. */
final class Readiness {

  /** One attempt: true when ready; false or an exception when not yet. */
  interface Probe {
    boolean ready() throws Exception;
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Readiness() {}

  static void await(String what, ServiceProcess process, Duration timeout, Probe probe) {
    await(what, List.of(process), timeout, probe);
  }

  /** As {@link #await(String, ServiceProcess, Duration, Probe)} for a service of several processes, all needed. */
  static void await(String what, List<ServiceProcess> processes, Duration timeout, Probe probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (probe.ready()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what);
      } catch (Exception notYet) {
        // still starting
      }
      for (ServiceProcess process : processes) {
        if (process.running().isEmpty()) {
          throw new IllegalStateException(what + " exited while starting; see " + process.logFile());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " did not become ready in " + timeout.toSeconds() + " s; see "
            + processes.stream().map(p -> p.logFile().toString()).collect(Collectors.joining(", ")));
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what);
      }
    }
  }

  /** The HTTP status of a GET, or an exception if nothing answers. */
  static int httpStatus(String url) throws IOException, InterruptedException {
    return httpStatus(HTTP, URI.create(url));
  }

  /** As {@link #httpStatus(String)} through {@code client} (one that presents an identity). */
  static int httpStatus(HttpClient client, URI url) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
