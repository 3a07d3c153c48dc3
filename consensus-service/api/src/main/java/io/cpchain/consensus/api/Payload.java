package io.cpchain.consensus.api;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.otp.uri.OtpUri;
import io.cpchain.otp.uri.OtpUriException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a transaction does. Each kind has a one-byte tag on the wire; its fields are checked here
 * (stateless rules), the state decides the rest (balances, deposits, who may revoke).
 */
public sealed interface Payload {

  int MAX_DATASET = 128;

  byte tag();

  void write(Encoder out);

  /** Stateless validity; throws with the reason. */
  void check() throws CodecException;

  /** Moves {@code amount} from the sender to {@code to}. */
  record Transfer(Address to, long amount) implements Payload {
    public byte tag() {
      return 1;
    }

    public void write(Encoder out) {
      out.address(to).i64(amount);
    }

    public void check() throws CodecException {
      positive(amount, "transfer amount");
    }
  }

  /** Admission: locks {@code deposit} of the sender's balance and makes the sender an RNode. */
  record RegisterRNode(long deposit) implements Payload {
    public byte tag() {
      return 2;
    }

    public void write(Encoder out) {
      out.i64(deposit);
    }

    public void check() throws CodecException {
      positive(deposit, "deposit");
    }
  }

  /** The sender anchors the Merkle root of {@code itemCount} items of a dataset over an interval range. */
  record Anchor(String dataset, Hash merkleRoot, long itemCount, long intervalStart, long intervalEnd)
      implements Payload {
    public byte tag() {
      return 3;
    }

    public void write(Encoder out) {
      out.string(dataset).hash(merkleRoot).i64(itemCount).i64(intervalStart).i64(intervalEnd);
    }

    public void check() throws CodecException {
      checkDataset(dataset);
      positive(itemCount, "item count");
      range(intervalStart, intervalEnd);
    }
  }

  /** What a grant is for: reading data through proxy re-encryption, or consent to be scored. */
  String PURPOSE_READ = "read";
  String PURPOSE_SCORING = "insurance-scoring";
  int MAX_PROXIES = 16;

  /**
   * The sender (the dataset's owner) lets {@code grantee} use the intervals of a dataset whose start
   * times (ms) lie in {@code [fromInterval, toInterval]}, until {@code expiresAtMs} (0: no expiry).
   * For {@link #PURPOSE_READ}, {@code threshold} of the {@code proxies} re-encrypt, and
   * {@code kfragCommitment} is the Keccak-256 of the {@link SharingTerms} the kfrags were made under;
   * nothing secret is here. A consent ({@link #PURPOSE_SCORING}) names no proxies. The grant's id is
   * its transaction's hash.
   */
  record Grant(String dataset, Address grantee, String purpose, long fromInterval, long toInterval,
      long expiresAtMs, int threshold, List<Address> proxies, Hash kfragCommitment) implements Payload {

    public Grant {
      proxies = List.copyOf(proxies);
    }

    /** A consent for {@code insurer} to score the dataset's data, from now on, until revoked. */
    public static Grant consent(String dataset, Address insurer) {
      return new Grant(dataset, insurer, PURPOSE_SCORING, 0, Long.MAX_VALUE, 0, 0, List.of(), Hash.ZERO);
    }

    public byte tag() {
      return 4;
    }

    public void write(Encoder out) {
      out.string(dataset).address(grantee).string(purpose).i64(fromInterval).i64(toInterval).i64(expiresAtMs)
          .i32(threshold).i32(proxies.size());
      proxies.forEach(out::address);
      out.hash(kfragCommitment);
    }

    public void check() throws CodecException {
      checkDataset(dataset);
      range(fromInterval, toInterval);
      if (expiresAtMs < 0) {
        throw new CodecException("expiry must not be negative");
      }
      if (purpose.equals(PURPOSE_SCORING)) {
        if (threshold != 0 || !proxies.isEmpty() || !kfragCommitment.isZero()) {
          throw new CodecException("a consent names no proxies, threshold or kfrags");
        }
      } else if (purpose.equals(PURPOSE_READ)) {
        if (proxies.isEmpty() || proxies.size() > MAX_PROXIES || Set.copyOf(proxies).size() != proxies.size()) {
          throw new CodecException("a read grant names 1.." + MAX_PROXIES + " distinct proxies");
        }
        if (threshold < 1 || threshold > proxies.size()) {
          throw new CodecException("threshold must be 1.." + proxies.size());
        }
        if (kfragCommitment.isZero()) {
          throw new CodecException("a read grant commits to its kfrags");
        }
      } else {
        throw new CodecException("unknown grant purpose '" + purpose + "'");
      }
    }
  }

  /** The sender, the grant's owner, withdraws it from the block that finalises this. */
  record Revoke(Hash grantId) implements Payload {
    public byte tag() {
      return 5;
    }

    public void write(Encoder out) {
      out.hash(grantId);
    }

    public void check() {}
  }

  /**
   * The sender, one of the grant's proxies, re-encrypted the capsule of the interval starting at
   * {@code interval} for the grantee; {@code fragmentHash} is the Keccak-256 of the cfrag it returned.
   */
  record ProxyReceipt(Hash grantId, long interval, Hash fragmentHash) implements Payload {
    public byte tag() {
      return 6;
    }

    public void write(Encoder out) {
      out.hash(grantId).i64(interval).hash(fragmentHash);
    }

    public void check() throws CodecException {
      if (interval < 0) {
        throw new CodecException("interval must not be negative");
      }
    }
  }

  /** The most receipts one {@link ProxyReceipts} carries. */
  int MAX_RECEIPTS = 256;

  /**
   * Many {@link ProxyReceipt}s of the sender in one transaction: one signature to check and one
   * transaction to order for up to {@link #MAX_RECEIPTS} re-encryptions. Each is judged as a
   * {@code ProxyReceipt} alone; those refused are left out (a grant revoked since it was served),
   * and the transaction is refused only if none stands.
   */
  record ProxyReceipts(List<ProxyReceipt> receipts) implements Payload {
    public ProxyReceipts {
      receipts = List.copyOf(receipts);
    }

    public byte tag() {
      return 15;
    }

    public void write(Encoder out) {
      out.i32(receipts.size());
      receipts.forEach(r -> r.write(out));
    }

    public void check() throws CodecException {
      if (receipts.isEmpty() || receipts.size() > MAX_RECEIPTS) {
        throw new CodecException("a batch holds 1.." + MAX_RECEIPTS + " receipts");
      }
      for (ProxyReceipt receipt : receipts) {
        receipt.check();
      }
      if (receipts.stream().map(ProxyReceipt::fragmentHash).distinct().count() != receipts.size()) {
        throw new CodecException("a batch receipts each fragment once");
      }
    }
  }

  /** Bounds of a fault's evidence: a capsule is 105 bytes and a cfrag under 400; the terms grow with the epochs. */
  int MAX_FRAGMENT = 1 << 10;
  int MAX_TERMS = 1 << 20;

  /**
   * Evidence that a proxy of a read grant returned a cfrag that fails its proof: the proxy's
   * {@code response} with its {@code signature}, and the encoded {@link SharingTerms} the grant
   * commits to. The evidence proves itself, so anyone may submit it; the state records a fault
   * against the proxy the signature recovers to, once per (grant, interval, proxy).
   */
  record ProxyFault(ProxyResponse response, RecoverableSignature signature, byte[] terms) implements Payload {

    public ProxyFault {
      terms = terms.clone();
    }

    public static ProxyFault of(ProxyResponse response, RecoverableSignature signature, SharingTerms terms) {
      return new ProxyFault(response, signature, terms.encode());
    }

    @Override
    public byte[] terms() {
      return terms.clone();
    }

    /** The terms, parsed; {@link #check} has refused evidence whose terms do not parse. */
    public SharingTerms sharingTerms() throws CodecException {
      return SharingTerms.decode(terms);
    }

    public byte tag() {
      return 7;
    }

    public void write(Encoder out) {
      out.hash(response.grantId()).i64(response.interval()).bytes(response.capsule()).bytes(response.cfrag())
          .signature(signature).bytes(terms);
    }

    public void check() throws CodecException {
      if (response.interval() < 0) {
        throw new CodecException("interval must not be negative");
      }
      if (response.capsule().length > MAX_FRAGMENT || response.cfrag().length > MAX_FRAGMENT) {
        throw new CodecException("capsule and cfrag must be at most " + MAX_FRAGMENT + " bytes");
      }
      try {
        sharingTerms();
      } catch (CodecException e) {
        throw new CodecException("the sharing terms do not parse: " + e.getMessage());
      }
    }

    // byte arrays inside: equal when the encodings are
    @Override
    public boolean equals(Object other) {
      return other instanceof ProxyFault f && Arrays.equals(encoded(), f.encoded());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encoded());
    }

    private byte[] encoded() {
      Encoder out = new Encoder();
      write(out);
      return out.toBytes();
    }
  }

  /**
   * The sender registers itself as a data owner with its Umbral root public key, the key its epoch
   * keys are certified under. A later one from the same account rotates the key from
   * {@code effectiveFromMs} on (the state decides whether that time is allowed).
   */
  record RegisterOwner(UmbralPublicKey rootKey, long effectiveFromMs) implements Payload {
    public byte tag() {
      return 8;
    }

    public void write(Encoder out) {
      out.raw(rootKey.toBytes()).i64(effectiveFromMs);
    }

    public void check() throws CodecException {
      notNegative(effectiveFromMs, "effectiveFromMs");
    }
  }

  /**
   * Device ids: what the pipeline keys a device's records by, a path segment of the API and of an
   * otp:// name (so no leading dot); the one grammar is the OTP name's.
   */
  int MAX_DEVICE_ID = OtpUri.MAX_DEVICE_ID;
  Pattern DEVICE_ID = OtpUri.DEVICE_ID;

  /**
   * The sender, a registered owner, registers device {@code deviceId} with its Ed25519 key for
   * frames whose readings are at or after {@code validFromMs} (and before {@code validToMs}; 0: no
   * end). The transaction's signature is the owner's: the first owner to register an id owns it,
   * and only that owner may register a later key for it (a rotation).
   */
  record RegisterDevice(String deviceId, Ed25519PublicKey publicKey, long validFromMs, long validToMs)
      implements Payload {
    public byte tag() {
      return 9;
    }

    public void write(Encoder out) {
      out.string(deviceId).raw(publicKey.toBytes()).i64(validFromMs).i64(validToMs);
    }

    public void check() throws CodecException {
      checkDeviceId(deviceId);
      notNegative(validFromMs, "validFromMs");
      if (validToMs != 0 && validToMs <= validFromMs) {
        throw new CodecException("validToMs must be 0 (no end) or after validFromMs");
      }
    }
  }

  /** The sender, the device's owner, retires it from the block that finalises this on; its id is never reused. */
  record RetireDevice(String deviceId) implements Payload {
    public byte tag() {
      return 10;
    }

    public void write(Encoder out) {
      out.string(deviceId);
    }

    public void check() throws CodecException {
      checkDeviceId(deviceId);
    }
  }

  /** Bounds of a registered OTP resource: its storage locators, and its chunks (the content commitment's leaves). */
  int MAX_LOCATORS = 8;
  int MAX_LOCATOR = 512;
  int MIN_CHUNK = 1 << 10;
  int MAX_CHUNK = 16 << 20;
  long MAX_CHUNKS = 1 << 20;
  Pattern LOCATOR = Pattern.compile("(file|https?|s3)://[!-~]+");

  /**
   * The sender, {@code owner}, registers version {@code version} of the OTP resource
   * {@code otp://owner/path}: its bytes are at the {@code locators} (one backend each: {@code file://},
   * {@code http(s)://}, {@code s3://}), {@code contentRoot} is the RFC 6962 Merkle root over its
   * {@code totalLength} bytes cut into {@code chunkSize}-byte chunks (the last one shorter), and the
   * {@code proxies} may serve it. The state refuses a sender that is not the owner and a version
   * already registered: a final record is never overwritten.
   */
  record RegisterResource(Address owner, String path, String kind, long version, List<String> locators,
      Hash contentRoot, long totalLength, int chunkSize, List<Address> proxies) implements Payload {

    public RegisterResource {
      locators = List.copyOf(locators);
      proxies = List.copyOf(proxies);
    }

    /** How many chunks the content is cut into (an empty content has none). */
    public long chunkCount() {
      return (totalLength + chunkSize - 1) / chunkSize;
    }

    public byte tag() {
      return 11;
    }

    public void write(Encoder out) {
      out.address(owner).string(path).string(kind).i64(version).i32(locators.size());
      locators.forEach(out::string);
      out.hash(contentRoot).i64(totalLength).i32(chunkSize).i32(proxies.size());
      proxies.forEach(out::address);
    }

    public void check() throws CodecException {
      OtpUri.Kind pathKind;
      try {
        pathKind = OtpUri.kindOfResourcePath(path);
      } catch (OtpUriException e) {
        throw new CodecException("resource path: " + e.getMessage());
      }
      if (!pathKind.label().equals(kind)) {
        throw new CodecException("the path " + path + " is a " + pathKind.label() + ", not a " + kind);
      }
      if (pathKind != OtpUri.Kind.DATASET && pathKind != OtpUri.Kind.AGGREGATE) {
        throw new CodecException("only datasets and aggregates are registered as resources so far, not a " + kind);
      }
      positive(version, "resource version");
      if (locators.isEmpty() || locators.size() > MAX_LOCATORS || Set.copyOf(locators).size() != locators.size()) {
        throw new CodecException("a resource names 1.." + MAX_LOCATORS + " distinct storage locators");
      }
      for (String locator : locators) {
        if (locator.length() > MAX_LOCATOR || !LOCATOR.matcher(locator).matches()) {
          throw new CodecException("a storage locator is file://, http(s):// or s3:// and at most " + MAX_LOCATOR
              + " printable ASCII characters");
        }
      }
      if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
        throw new CodecException("chunk size must be " + MIN_CHUNK + ".." + MAX_CHUNK + " bytes");
      }
      notNegative(totalLength, "total length");
      if (chunkCount() > MAX_CHUNKS) {
        throw new CodecException("a resource is at most " + MAX_CHUNKS + " chunks");
      }
      if (proxies.size() > MAX_PROXIES || Set.copyOf(proxies).size() != proxies.size()) {
        throw new CodecException("a resource names 0.." + MAX_PROXIES + " distinct proxies");
      }
    }
  }

  /**
   * The sender, the seller, lists data on the market under {@code terms}; the listing's id is this
   * transaction's hash. The state refuses a listing of otp:// names that are not the seller's.
   */
  record ListData(ListingTerms terms) implements Payload {
    public byte tag() {
      return 12;
    }

    public void write(Encoder out) {
      terms.write(out);
    }

    public void check() throws CodecException {
      terms.check();
    }
  }

  /** The seller of listing {@code listingId} replaces its terms with {@code terms}; its id stays. */
  record UpdateListing(Hash listingId, ListingTerms terms) implements Payload {
    public byte tag() {
      return 13;
    }

    public void write(Encoder out) {
      out.hash(listingId);
      terms.write(out);
    }

    public void check() throws CodecException {
      terms.check();
    }
  }

  /** The seller of listing {@code listingId} takes it off the market, for good. */
  record Delist(Hash listingId) implements Payload {
    public byte tag() {
      return 14;
    }

    public void write(Encoder out) {
      out.hash(listingId);
    }

    public void check() {}
  }

  /**
   * The sender, the buyer, orders listing {@code listingId} at {@code price} (its current price) under
   * the licence whose Keccak-256 is {@code licenceHash} (the listing's): the price leaves the buyer's
   * balance into escrow. The seller may accept until {@code acceptByMs}; an accepted order completes by
   * {@code completeByMs} at the latest (block times, ms). The order's id is this transaction's hash.
   * The state refuses an order of a delisted or unknown listing, at another price or licence, beyond
   * the buyer's balance, by the seller itself, or with deadlines outside the chain's order rules.
   */
  record PlaceOrder(Hash listingId, long price, Hash licenceHash, long acceptByMs, long completeByMs)
      implements Payload {
    public byte tag() {
      return 16;
    }

    public void write(Encoder out) {
      out.hash(listingId).i64(price).hash(licenceHash).i64(acceptByMs).i64(completeByMs);
    }

    public void check() throws CodecException {
      notNegative(price, "price");
      if (licenceHash.isZero()) {
        throw new CodecException("an order names the licence hash the buyer agrees to");
      }
      positive(acceptByMs, "acceptByMs");
      if (completeByMs <= acceptByMs) {
        throw new CodecException("completeByMs must be after acceptByMs");
      }
    }
  }

  /** The seller accepts order {@code orderId} before its acceptBy deadline and escrows its deposit. */
  record AcceptOrder(Hash orderId) implements Payload {
    public byte tag() {
      return 17;
    }

    public void write(Encoder out) {
      out.hash(orderId);
    }

    public void check() {}
  }

  /** The buyer confirms accepted order {@code orderId}: the seller is paid and its deposit returned. */
  record ConfirmOrder(Hash orderId) implements Payload {
    public byte tag() {
      return 18;
    }

    public void write(Encoder out) {
      out.hash(orderId);
    }

    public void check() {}
  }

  /**
   * Anyone closes order {@code orderId} once its deadline passed: not accepted by acceptBy, the buyer
   * is refunded; accepted and not confirmed by completeBy, it completes (seller paid, deposit returned).
   */
  record SettleOrder(Hash orderId) implements Payload {
    public byte tag() {
      return 19;
    }

    public void write(Encoder out) {
      out.hash(orderId);
    }

    public void check() {}
  }

  /** The buyer withdraws order {@code orderId} before the seller accepted it: the price is refunded. */
  record CancelOrder(Hash orderId) implements Payload {
    public byte tag() {
      return 20;
    }

    public void write(Encoder out) {
      out.hash(orderId);
    }

    public void check() {}
  }

  static Payload read(int tag, Decoder in) throws CodecException {
    return switch (tag) {
      case 1 -> new Transfer(in.address(), in.i64());
      case 2 -> new RegisterRNode(in.i64());
      case 3 -> new Anchor(in.string(), in.hash(), in.i64(), in.i64(), in.i64());
      case 4 -> new Grant(in.string(), in.address(), in.string(), in.i64(), in.i64(), in.i64(), in.i32(),
          in.list(20, Decoder::address), in.hash());
      case 5 -> new Revoke(in.hash());
      case 6 -> new ProxyReceipt(in.hash(), in.i64(), in.hash());
      case 7 -> new ProxyFault(new ProxyResponse(in.hash(), in.i64(), in.bytes(MAX_FRAGMENT), in.bytes(MAX_FRAGMENT)),
          in.signature(), in.bytes(MAX_TERMS));
      case 8 -> new RegisterOwner(umbralKey(in), in.i64());
      case 9 -> new RegisterDevice(in.string(MAX_DEVICE_ID), ed25519Key(in), in.i64(), in.i64());
      case 10 -> new RetireDevice(in.string(MAX_DEVICE_ID));
      case 11 -> new RegisterResource(in.address(), in.string(OtpUri.MAX_PATH), in.string(32), in.i64(),
          in.list(4, d -> d.string(MAX_LOCATOR)), in.hash(), in.i64(), in.i32(), in.list(20, Decoder::address));
      case 12 -> new ListData(ListingTerms.read(in));
      case 13 -> new UpdateListing(in.hash(), ListingTerms.read(in));
      case 14 -> new Delist(in.hash());
      case 15 -> new ProxyReceipts(in.list(72, d -> new ProxyReceipt(d.hash(), d.i64(), d.hash())));
      case 16 -> new PlaceOrder(in.hash(), in.i64(), in.hash(), in.i64(), in.i64());
      case 17 -> new AcceptOrder(in.hash());
      case 18 -> new ConfirmOrder(in.hash());
      case 19 -> new SettleOrder(in.hash());
      case 20 -> new CancelOrder(in.hash());
      default -> throw new CodecException("unknown transaction type " + tag);
    };
  }

  private static void positive(long value, String what) throws CodecException {
    if (value <= 0) {
      throw new CodecException(what + " must be positive");
    }
  }

  private static void notNegative(long value, String what) throws CodecException {
    if (value < 0) {
      throw new CodecException(what + " must not be negative");
    }
  }

  private static void checkDeviceId(String deviceId) throws CodecException {
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new CodecException("device id must be 1.." + MAX_DEVICE_ID + " of A-Z a-z 0-9 . _ : - (no leading dot)");
    }
  }

  private static UmbralPublicKey umbralKey(Decoder in) throws CodecException {
    try {
      return UmbralPublicKey.fromBytes(in.raw(33));
    } catch (CryptoFormatException | IllegalArgumentException e) {
      throw new CodecException("root key: " + e.getMessage());
    }
  }

  private static Ed25519PublicKey ed25519Key(Decoder in) throws CodecException {
    try {
      return Ed25519PublicKey.fromBytes(in.raw(32));
    } catch (CryptoFormatException e) {
      throw new CodecException("device key: " + e.getMessage());
    }
  }

  private static void checkDataset(String dataset) throws CodecException {
    if (dataset.isEmpty() || dataset.length() > MAX_DATASET) {
      throw new CodecException("dataset id must be 1.." + MAX_DATASET + " characters");
    }
  }

  private static void range(long from, long to) throws CodecException {
    if (from < 0 || to < from) {
      throw new CodecException("interval range must satisfy 0 <= from <= to");
    }
  }
}
