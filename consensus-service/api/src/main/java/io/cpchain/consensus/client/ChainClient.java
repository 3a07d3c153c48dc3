package io.cpchain.consensus.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.otp.uri.OtpUri;
import io.cpchain.otp.uri.OtpUriException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Java client of a node's HTTP/JSON API, for the pipeline, the CLI and tests. Thread-safe. Calls
 * throw {@link UncheckedIOException} when the node cannot be reached, or does not answer within
 * the client's timeout, or answers more than the client reads.
 */
public final class ChainClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** What a client reads of one answer unless told otherwise: far above any list a node gives today. */
  public static final int DEFAULT_MAX_ANSWER = 256 << 20;

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final int maxAnswerBytes;

  /** {@code base} like {@code http://127.0.0.1:7401}; a read waits up to 30 s (a submission 60 s). */
  public ChainClient(URI base) {
    this(base, Duration.ofSeconds(30), DEFAULT_MAX_ANSWER);
  }

  /** A client whose reads wait at most {@code timeout} (connecting included), answers up to {@code maxAnswerBytes}. */
  public ChainClient(URI base, Duration timeout, int maxAnswerBytes) {
    this.base = base;
    this.timeout = timeout;
    this.maxAnswerBytes = maxAnswerBytes;
    this.http = HttpClient.newBuilder().connectTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout
        : Duration.ofSeconds(5)).build();
  }

  public URI base() {
    return base;
  }

  /** Submits transactions; one result per transaction, in order (accepted, or the reason it was refused). */
  public List<Views.SubmitResult> submit(List<Transaction> txs) {
    List<String> hex = txs.stream().map(tx -> HexFormat.of().formatHex(tx.encoded())).toList();
    return post("/v1/txs", new Views.SubmitRequest(hex), Views.SubmitResponse.class).results();
  }

  /** Submits raw hex encodings as they are: for tools that relay transactions signed elsewhere. */
  public List<Views.SubmitResult> submitEncoded(List<String> hex) {
    return post("/v1/txs", new Views.SubmitRequest(hex), Views.SubmitResponse.class).results();
  }

  /** Submits one transaction; throws with the node's reason if it is refused. */
  public Hash submit(Transaction tx) {
    Views.SubmitResult result = submit(List.of(tx)).get(0);
    if (!result.accepted()) {
      throw new IllegalArgumentException("transaction refused: " + result.error());
    }
    return tx.hash();
  }

  /**
   * Signs {@code payload} as {@code sender} with its next nonce, submits it and waits up to {@code timeout} until it
   * is final: its receipt if the chain executed it, else a {@link ChainRefusedException} naming the payload and the
   * chain's reason. One transaction at a time per sender: the nonce is read from the node, not tracked.
   */
  public Views.ReceiptInfo submitAndAwait(AccountPrivateKey sender, Payload payload, Duration timeout)
      throws InterruptedException {
    Transaction tx = Transaction.sign(sender, status().chainId(), account(sender.publicKey().address()).nonce(),
        payload);
    Views.ReceiptInfo receipt = awaitReceipt(submit(tx), timeout);
    if (!receipt.status().equals("OK")) {
      throw new ChainRefusedException(payload.getClass().getSimpleName(), receipt);
    }
    return receipt;
  }

  public Optional<Views.ReceiptInfo> receipt(Hash txHash) {
    return find("/v1/txs/" + txHash.toHex(), Views.ReceiptInfo.class);
  }

  /** Polls until the transaction is in a final block, or throws after {@code timeout}. */
  public Views.ReceiptInfo awaitReceipt(Hash txHash, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Views.ReceiptInfo> receipt = receipt(txHash);
      if (receipt.isPresent()) {
        return receipt.get();
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no receipt for " + txHash.toHex() + " within " + timeout);
  }

  public Optional<Views.BlockInfo> block(long height) {
    return find("/v1/blocks/" + height, Views.BlockInfo.class);
  }

  public Views.AccountInfo account(Address address) {
    return find("/v1/accounts/" + address.toHex(), Views.AccountInfo.class).orElseThrow();
  }

  /** The proven faults of {@code proxy}, oldest first. */
  public List<Views.FaultInfo> faults(Address proxy) {
    return List.of(find("/v1/faults?proxy=" + proxy.toHex(), Views.FaultInfo[].class).orElseThrow());
  }

  /** {@code submitter}'s anchor of {@code merkleRoot}; empty if that account has not anchored it. */
  public Optional<Views.AnchorInfo> anchor(Address submitter, Hash merkleRoot) {
    return find("/v1/anchors/" + submitter.toHex() + "/" + merkleRoot.toHex(), Views.AnchorInfo.class);
  }

  /** The grant whose transaction has hash {@code id}, revoked or not; empty if the chain has none. */
  public Optional<Views.GrantInfo> grant(Hash id) {
    return find("/v1/grants/" + id.toHex(), Views.GrantInfo.class);
  }

  /** Every grant (and consent) on the chain, revoked ones included. */
  public List<Views.GrantInfo> grants() {
    return List.of(find("/v1/grants", Views.GrantInfo[].class).orElseThrow());
  }

  /** The owner's registered root keys; empty if the account never registered as an owner. */
  public Optional<Views.OwnerInfo> owner(Address owner) {
    return find("/v1/owners/" + owner.toHex(), Views.OwnerInfo.class);
  }

  /** The device's owner and keys; empty if no owner registered it (ids are checked on chain, so they are path-safe). */
  public Optional<Views.DeviceInfo> device(String deviceId) {
    if (!Payload.DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException("'" + deviceId + "' is not a device id");
    }
    return find("/v1/devices/" + deviceId, Views.DeviceInfo.class);
  }

  /**
   * Version {@code version} (0: the latest) of the OTP resource {@code owner}/{@code path}; empty if
   * the chain has none. Paths are checked with the otp:// grammar first, so they are path-safe.
   */
  public Optional<Views.ResourceInfo> resource(Address owner, String path, long version) {
    try {
      OtpUri.kindOfResourcePath(path);
    } catch (OtpUriException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return find("/v1/resources/" + owner.toHex() + path + (version == 0 ? "" : "?version=" + version),
        Views.ResourceInfo.class);
  }

  /** Market listing {@code id} (its ListData transaction's hash), delisted ones too; empty if the chain has none. */
  public Optional<Views.ListingInfo> listing(Hash id) {
    return find("/v1/listings/" + id.toHex(), Views.ListingInfo.class);
  }

  /** Market order {@code id} (its PlaceOrder transaction's hash), closed ones too; empty if the chain has none. */
  public Optional<Views.OrderInfo> order(Hash id) {
    return find("/v1/orders/" + id.toHex(), Views.OrderInfo.class);
  }

  /** The newest final block the node has applied; its other answers after this one are at least as new. */
  public Views.Head head() {
    return find("/v1/head", Views.Head.class).orElseThrow();
  }

  public Views.ChainStatus status() {
    return find("/v1/status", Views.ChainStatus.class).orElseThrow();
  }

  /**
   * Streams final blocks from {@code fromHeight} on to {@code onBlock}, on a daemon thread, until the
   * returned handle is closed or the node goes away.
   */
  public Closeable stream(long fromHeight, Consumer<Views.BlockInfo> onBlock) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/blocks/stream?from=" + fromHeight)).build();
    var response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(() -> {
      try (Stream<String> lines = response.join().body()) {
        lines.forEach(line -> {
          try {
            onBlock.accept(JSON.readValue(line, Views.BlockInfo.class));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (RuntimeException ended) {
        // the stream was closed or the node went away
      }
    }, "chain-stream");
    reader.setDaemon(true);
    reader.start();
    return () -> {
      response.cancel(true);
      response.thenAccept(r -> r.body().close());
      reader.interrupt();
    };
  }

  /** The block with its certificate from a {@link Views.BlockInfo}, to verify the certificate locally. */
  public static CommittedBlock decode(Views.BlockInfo block) throws CodecException {
    return CommittedBlock.decode(HexFormat.of().parseHex(block.encoded()));
  }

  private <T> Optional<T> find(String path, Class<T> type) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).build();
    return exchange(request, type);
  }

  private <T> T post(String path, Object body, Class<T> type) {
    try {
      HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout.multipliedBy(2))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
      return exchange(request, type).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> Optional<T> exchange(HttpRequest request, Class<T> type) {
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(maxAnswerBytes + 1);
      }
      if (body.length > maxAnswerBytes) {
        throw new UncheckedIOException(new IOException("node at " + base + " answered more than " + maxAnswerBytes
            + " bytes to " + request.uri().getPath()));
      }
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new IllegalArgumentException(JSON.readValue(body, Views.ErrorInfo.class).error());
      }
      return Optional.of(JSON.readValue(body, type));
    } catch (IOException e) {
      throw new UncheckedIOException("node at " + base + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
