package io.cpchain.otp;

import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.otp.uri.OtpUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Publish, resolve and get OTP resources: the chain says what the bytes are, the backends only hold them. */
public final class OtpClient {

  private final ChainClient chain;
  private final ResourceStores stores;
  private final Duration wait;

  /** {@code wait}: how long a publication waits for its registration to be final. */
  public OtpClient(ChainClient chain, ResourceStores stores, Duration wait) {
    this.chain = chain;
    this.stores = stores;
    this.wait = wait;
  }

  /**
   * Puts {@code file} on the backend {@code storage} names, checks that the backend serves it back
   * as committed, and registers it under {@code uri} signed by {@code owner} (whose address the name
   * must carry); no version in the name: the one after the latest. Returns the record once final.
   */
  public Views.ResourceInfo publish(AccountPrivateKey owner, OtpUri uri, Path file, String storage, int chunkSize,
      List<Address> proxies) throws IOException, InterruptedException {
    Address sender = owner.publicKey().address();
    if (!uri.owner().equals(sender)) {
      throw new IllegalArgumentException(uri + " belongs to " + uri.owner() + "; the key is " + sender
          + "'s, and only the owner in the name publishes under it");
    }
    if (uri.kind() != OtpUri.Kind.DATASET && uri.kind() != OtpUri.Kind.AGGREGATE) {
      throw new IllegalArgumentException("only datasets and aggregates are published so far, not " + uri);
    }
    if (chunkSize < Payload.MIN_CHUNK || chunkSize > Payload.MAX_CHUNK) {
      throw new IllegalArgumentException("the chunk size must be " + Payload.MIN_CHUNK + ".." + Payload.MAX_CHUNK
          + " bytes, not " + chunkSize);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no file " + file);
    }
    long version = uri.version() != 0 ? uri.version()
        : resolve(uri).map(r -> r.version() + 1).orElse(1L);
    ContentCommitment commitment = ContentCommitment.of(file, chunkSize);
    String locator = stores.put(storage, file, commitment);
    Path check = Files.createTempFile("otp-publish-", ".check");
    try {
      new VerifiedReader(stores).read(commitment, List.of(locator), check);
    } finally {
      Files.deleteIfExists(check);
    }
    Payload.RegisterResource payload = new Payload.RegisterResource(sender, uri.resourcePath(), uri.kind().label(),
        version, List.of(locator), commitment.root(), commitment.totalLength(), commitment.chunkSize(), proxies);
    Views.ReceiptInfo receipt = chain.submitAndAwait(owner, payload, wait);
    return chain.resource(sender, uri.resourcePath(), version).orElseThrow(() -> new IllegalStateException(
        "the registration is final at height " + receipt.height() + " but the node does not show it"));
  }

  /** The record the name resolves to: its version, or the latest; empty if the chain has none. */
  public Optional<Views.ResourceInfo> resolve(OtpUri uri) {
    return chain.resource(uri.owner(), uri.resourcePath(), uri.version());
  }

  /**
   * Checks a record against the chain itself rather than a node's word: the block at its height
   * carries a certificate of {@code validators} (the genesis ones), and the transaction of its hash in
   * that block is a {@code RegisterResource} signed by the record's owner that says exactly what the
   * record says. OK, or refused with the reason.
   */
  public Verdict proveFinal(Views.ResourceInfo record, ValidatorSet validators) {
    long height = record.height();
    Optional<Views.BlockInfo> info = chain.block(height);
    if (info.isEmpty()) {
      return Verdict.refused("no final block at height " + height);
    }
    CommittedBlock block;
    try {
      block = ChainClient.decode(info.get());
    } catch (CodecException e) {
      return Verdict.refused("block " + height + " does not decode: " + e.getMessage());
    }
    Verdict certificate = block.qc().verify(block.block().hash(), height, validators);
    if (!certificate.ok() || block.block().height() != height) {
      return Verdict.refused("block " + height + ": " + (!certificate.ok() ? certificate.reason()
          : "it says it is at height " + block.block().height()));
    }
    Hash txHash = Hash.fromHex(record.txHash());
    for (Transaction tx : block.block().txs()) {
      if (tx.hash().equals(txHash)) {
        return Verdict.check(tx.payload() instanceof Payload.RegisterResource r && tx.sender().equals(r.owner())
            && says(r, record), "transaction " + record.txHash() + " in block " + height + " is not this record's"
            + " registration by its owner");
      }
    }
    return Verdict.refused("block " + height + " has no transaction " + record.txHash());
  }

  private static boolean says(Payload.RegisterResource r, Views.ResourceInfo record) {
    return r.owner().toHex().equals(record.owner()) && r.path().equals(record.path()) && r.kind().equals(record.kind())
        && r.version() == record.version() && r.locators().equals(record.locators())
        && r.contentRoot().toHex().equals(record.contentRoot()) && r.totalLength() == record.totalLength()
        && r.chunkSize() == record.chunkSize()
        && r.proxies().stream().map(Address::toHex).toList().equals(record.proxies());
  }

  /** The commitment a record carries. */
  public static ContentCommitment commitment(Views.ResourceInfo record) {
    return new ContentCommitment(Hash.fromHex(record.contentRoot()), record.totalLength(), record.chunkSize());
  }

  /** Reads the resource's bytes into {@code out}, verified against the chain's record; throws if no backend serves them. */
  public VerifiedReader.Read get(Views.ResourceInfo record, Path out) throws IOException {
    return new VerifiedReader(stores).read(commitment(record), record.locators(), out);
  }
}
