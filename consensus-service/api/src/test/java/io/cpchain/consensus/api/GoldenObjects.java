package io.cpchain.consensus.api;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixed objects of every signed or stored format, from fixed keys: secp256k1 signatures are
 * deterministic (RFC 6979), so the same objects encode to the same bytes on every run.
 * {@code golden-formats.txt} holds their encodings as the code wrote them when the vectors were made.
 */
final class GoldenObjects {

  static final long CHAIN = 7;
  static final AccountPrivateKey ALICE = key(0x11);
  static final AccountPrivateKey BOB = key(0x22);
  static final AccountPrivateKey PROXY = key(0x33);
  static final Hash ROOT = Hash.keccak("golden root".getBytes(StandardCharsets.US_ASCII));
  static final Hash GRANT_ID = Hash.keccak("golden grant".getBytes(StandardCharsets.US_ASCII));
  static final Hash LISTING_ID = Hash.keccak("golden listing".getBytes(StandardCharsets.US_ASCII));
  static final Hash ORDER_ID = Hash.keccak("golden order".getBytes(StandardCharsets.US_ASCII));

  private GoldenObjects() {}

  static AccountPrivateKey key(int fill) {
    byte[] scalar = new byte[32];
    Arrays.fill(scalar, (byte) fill);
    try {
      return AccountPrivateKey.fromBytes(scalar);
    } catch (CryptoFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  static UmbralPublicKey umbral(int fill) {
    byte[] scalar = new byte[32];
    Arrays.fill(scalar, (byte) fill);
    try {
      return UmbralSecretKey.fromBytes(scalar).publicKey();
    } catch (CryptoFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  static Ed25519PublicKey device(int fill) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) fill);
    try {
      return Ed25519PrivateKey.fromSeed(seed).publicKey();
    } catch (CryptoFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  static Address address(AccountPrivateKey key) {
    return key.publicKey().address();
  }

  static SharingTerms terms() {
    return new SharingTerms("fleet-7", umbral(0x44), umbral(0x55), umbral(0x66), 60_000, 2,
        List.of(address(PROXY), address(BOB)), List.of(new SharingTerms.EpochKfrags(3, umbral(0x77),
            List.of(Hash.keccak(new byte[] {1}), Hash.keccak(new byte[] {2})))));
  }

  static ListingTerms listing(String title) {
    String owner = "otp://" + address(ALICE).toHex();
    return new ListingTerms(title, "Speeds per road segment, every minute.\nFrom 40 vehicles.", List.of("traffic",
        "speed"), "mobility", "dataset", List.of(owner + "/datasets/traffic-2026"), 2_500, "one-off",
        Hash.keccak("licence: research only".getBytes(StandardCharsets.US_ASCII)), List.of(owner
        + "/datasets/traffic-sample"));
  }

  static ProxyResponse response() {
    return new ProxyResponse(GRANT_ID, 180_000, new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7});
  }

  /** One transaction per payload type, by name, each from Alice with its own nonce. */
  static Map<String, Transaction> transactions() {
    Map<String, Payload> payloads = new LinkedHashMap<>();
    payloads.put("transfer", new Payload.Transfer(address(BOB), 1_234));
    payloads.put("register-rnode", new Payload.RegisterRNode(500));
    payloads.put("anchor", new Payload.Anchor("fleet-7", ROOT, 42, 1_700_000_000_000L, 1_700_000_060_000L));
    payloads.put("grant", new Payload.Grant("fleet-7", address(BOB), Payload.PURPOSE_READ, 10, 20, 1_800_000_000_000L,
        2, List.of(address(PROXY), address(BOB)), Hash.keccak(terms().encode())));
    payloads.put("revoke", new Payload.Revoke(GRANT_ID));
    payloads.put("proxy-receipt", new Payload.ProxyReceipt(GRANT_ID, 15, Hash.keccak(new byte[] {9})));
    payloads.put("proxy-fault", Payload.ProxyFault.of(response(), response().sign(PROXY), terms()));
    payloads.put("register-owner", new Payload.RegisterOwner(umbral(0x88), 1_700_000_000_000L));
    payloads.put("register-device", new Payload.RegisterDevice("veh-0007", device(0x99), 1_700_000_000_000L,
        1_800_000_000_000L));
    payloads.put("retire-device", new Payload.RetireDevice("veh-0007"));
    payloads.put("register-resource", new Payload.RegisterResource(address(ALICE), "/datasets/traffic-2026", "dataset",
        3, List.of("file:///srv/otp/0a0b", "https://origin.example/otp/0a0b"), ROOT, 1_048_577, 1 << 20,
        List.of(address(PROXY))));
    payloads.put("list-data", new Payload.ListData(listing("Rush-hour traffic, Shenzhen ring road")));
    payloads.put("update-listing", new Payload.UpdateListing(LISTING_ID, listing("Rush-hour traffic, ring road 2")));
    payloads.put("delist", new Payload.Delist(LISTING_ID));
    payloads.put("proxy-receipts", new Payload.ProxyReceipts(List.of(
        new Payload.ProxyReceipt(GRANT_ID, 15, Hash.keccak(new byte[] {9})),
        new Payload.ProxyReceipt(GRANT_ID, 16, Hash.keccak(new byte[] {10})))));
    payloads.put("place-order", new Payload.PlaceOrder(LISTING_ID, 500, Hash.keccak("golden licence".getBytes(
        StandardCharsets.US_ASCII)), 1_700_000_600_000L, 1_700_086_400_000L));
    payloads.put("accept-order", new Payload.AcceptOrder(ORDER_ID));
    payloads.put("confirm-order", new Payload.ConfirmOrder(ORDER_ID));
    payloads.put("settle-order", new Payload.SettleOrder(ORDER_ID));
    payloads.put("cancel-order", new Payload.CancelOrder(ORDER_ID));
    Map<String, Transaction> txs = new LinkedHashMap<>();
    long nonce = 0;
    for (Map.Entry<String, Payload> p : payloads.entrySet()) {
      txs.put(p.getKey(), Transaction.sign(ALICE, CHAIN, nonce++, p.getValue()));
    }
    return txs;
  }

  static Block block() {
    List<Transaction> txs = List.copyOf(transactions().values()).subList(0, 3);
    BlockHeader header = new BlockHeader(CHAIN, 5, 1, Hash.keccak(new byte[] {4}), address(BOB), 1_700_000_123_456L,
        Block.txRoot(txs), Hash.keccak(new byte[] {5}));
    return new Block(header, txs);
  }

  static Vote vote(AccountPrivateKey voter, Vote.VoteType type) {
    return Vote.sign(voter, type, CHAIN, 5, 1, block().hash());
  }

  static QuorumCertificate certificate() {
    return new QuorumCertificate(CHAIN, 5, 1, block().hash(), List.of(vote(ALICE, Vote.VoteType.PRECOMMIT).signature(),
        vote(BOB, Vote.VoteType.PRECOMMIT).signature(), vote(PROXY, Vote.VoteType.PRECOMMIT).signature()));
  }

  static Proposal proposal() {
    return Proposal.sign(BOB, block(), 1, 0);
  }
}
