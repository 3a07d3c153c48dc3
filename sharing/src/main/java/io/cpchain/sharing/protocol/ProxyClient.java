package io.cpchain.sharing.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.consensus.api.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A proxy's HTTP API from the owner's or grantee's side; a refusal comes back as {@link Refused} with the proxy's reason. */
public final class ProxyClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** The proxy said no (or could not be reached): {@code status} 0 when it did not answer. */
  public static final class Refused extends RuntimeException {
    private final int status;

    public Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final URI base;

  public ProxyClient(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  public Messages.ProxyInfo info() {
    return join(send("GET", "/v1/info", null, Messages.ProxyInfo.class));
  }

  public Messages.ProxyInfo deliver(Messages.KfragDelivery delivery) {
    return join(send("POST", "/v1/kfrags", delivery, Messages.ProxyInfo.class));
  }

  public Messages.Terms terms(Hash grantId) {
    return join(send("GET", "/v1/grants/" + grantId.toHex() + "/terms", null, Messages.Terms.class));
  }

  public Messages.ProxyStats stats() {
    return join(send("GET", "/v1/stats", null, Messages.ProxyStats.class));
  }

  public Messages.Held held() {
    return join(send("GET", "/v1/grants", null, Messages.Held.class));
  }

  /** Asynchronous, so a grantee asks all n proxies at once and goes on with the first m good answers. */
  public CompletableFuture<Messages.ReencryptResponse> reencrypt(Messages.ReencryptRequest request) {
    return send("POST", "/v1/reencrypt", request, Messages.ReencryptResponse.class);
  }

  /** Waits (at most the proxy's live wait, a few seconds) for the grant's intervals after the request's cursor. */
  public Messages.Live live(Messages.LiveRequest request) {
    return join(send("POST", "/v1/live", request, Messages.Live.class));
  }

  /** Gives the proxy an anchored interval to announce (it checks the manifest and receipt on its chain). */
  public Messages.Announced announce(Messages.Anchored anchored) {
    return join(send("POST", "/v1/anchored", anchored, Messages.Announced.class));
  }

  private <T> CompletableFuture<T> send(String method, String path, Object body, Class<T> type) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    try {
      request = body == null ? request.GET() : request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
      if (failure != null) {
        throw new Refused(0, "proxy " + base + " unreachable: " + failure.getClass().getSimpleName());
      }
      try {
        if (response.statusCode() != 200) {
          throw new Refused(response.statusCode(), "proxy " + base + ": "
              + JSON.readValue(response.body(), Messages.Error.class).error());
        }
        return JSON.readValue(response.body(), type);
      } catch (IOException e) {
        throw new Refused(response.statusCode(), "proxy " + base + " answered no JSON");
      }
    });
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof Refused r ? r : new Refused(0, e.getCause().getMessage());
    }
  }
}
