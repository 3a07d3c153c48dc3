package io.cpchain.otp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A resource on an HTTP(S) origin the owner runs, read with range requests ({@code Range: bytes=a-b},
 * RFC 9110), one per chunk; an origin that ignores ranges is refused rather than read whole.
 */
public final class HttpStore implements ResourceStore {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI url;
  private final HttpClient http;

  public HttpStore(URI url, HttpClient http) {
    this.url = url;
    this.http = http;
  }

  @Override
  public String locator() {
    return url.toString();
  }

  @Override
  public byte[] readRange(long offset, int length) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .header("Range", "bytes=" + offset + "-" + (offset + length - 1)).build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() == 416) {
        return new byte[0]; // the origin holds nothing at this offset: truncated
      }
      if (response.statusCode() != 206) {
        throw new IOException("answered HTTP " + response.statusCode() + " to a range request (206 expected)");
      }
      return body.readNBytes(length + 1);
    }
  }
}
