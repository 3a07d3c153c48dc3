package io.cpchain.cli.jobs;

import io.cpchain.cli.stack.FlinkRestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * Where a Flink cluster's REST API is, and the identity a client presents to it: the local stack's cluster takes
 * only clients with its {@link FlinkRestIdentity}, over TLS; a cluster given by {@code --flink} is reached as it is
 * (plain HTTP, whatever that cluster's operator allows).
 */
public record FlinkRest(String host, int port, Optional<FlinkRestIdentity> identity) {

  /** A cluster's plain REST endpoint, from {@code host:port}. */
  public static FlinkRest of(String hostPort) {
    String[] parts = hostPort.split(":");
    if (parts.length != 2 || parts[0].isEmpty() || !parts[1].matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("--flink must be host:port, got '" + hostPort + "'");
    }
    return new FlinkRest(parts[0], Integer.parseInt(parts[1]), Optional.empty());
  }

  public String address() {
    return host + ":" + port;
  }

  /** The URL of the Web UI and of REST path {@code path} (no leading slash). */
  public URI uri(String path) {
    return URI.create((identity.isPresent() ? "https://" : "http://") + address() + "/" + path);
  }

  /** A JDK HTTP client for this endpoint (HTTP/1.1: an h2c upgrade request gets no answer from Flink's REST server). */
  public HttpClient httpClient(Duration connectTimeout) {
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
    identity.ifPresent(id -> builder.sslContext(id.sslContext()));
    return builder.build();
  }

  /** Flink's client settings for {@code RestClusterClient}. */
  public Configuration clientConfiguration() {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, host);
    conf.set(RestOptions.PORT, port);
    identity.ifPresent(id -> id.applyTo(conf));
    return conf;
  }
}
