package io.cpchain.consensus.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every wire object survives encode then decode unchanged; malformed bytes are refused with a reason. */
class CodecTest {

  static final AccountPrivateKey KEY = AccountPrivateKey.generate();
  static final Address OTHER = AccountPrivateKey.generate().publicKey().address();
  static final Address PROXY = AccountPrivateKey.generate().publicKey().address();
  static final Hash ROOT = Hash.keccak("root".getBytes());
  static final Ed25519PublicKey DEVICE = Ed25519PrivateKey.generate().publicKey();

  static List<Payload> everyPayload() {
    return List.of(new Payload.Transfer(OTHER, 5), new Payload.RegisterRNode(100),
        new Payload.Anchor("fleet-7", ROOT, 1200, 10, 12), Payload.Grant.consent("fleet-7", OTHER),
        new Payload.Grant("fleet-7", OTHER, Payload.PURPOSE_READ, 10, 99, 5_000, 2, List.of(OTHER, PROXY), ROOT),
        new Payload.Revoke(ROOT), new Payload.ProxyReceipt(ROOT, 4, ROOT), fault(new byte[105], terms().encode()),
        new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0),
        new Payload.RegisterDevice("veh-1", DEVICE, 10, 0), new Payload.RetireDevice("veh-1"),
        resource("/datasets/traffic", List.of("file:///srv/otp/ab", "https://origin.example/ab")),
        new Payload.ListData(listing()), new Payload.UpdateListing(ROOT, listing()), new Payload.Delist(ROOT),
        new Payload.ProxyReceipts(List.of(new Payload.ProxyReceipt(ROOT, 4, ROOT),
            new Payload.ProxyReceipt(ROOT, 5, Hash.keccak(new byte[] {1})))),
        new Payload.PlaceOrder(ROOT, 100, ROOT, 1_700_000_060_000L, 1_700_086_400_000L),
        new Payload.AcceptOrder(ROOT), new Payload.ConfirmOrder(ROOT), new Payload.SettleOrder(ROOT),
        new Payload.CancelOrder(ROOT));
  }

  static final String OWNER_NAME = "otp://" + KEY.publicKey().address().toHex();

  static ListingTerms listing() {
    return listing("Traffic speeds", "Per segment, per minute.", List.of("traffic"), "dataset",
        List.of(OWNER_NAME + "/datasets/traffic"), List.of());
  }

  static ListingTerms listing(String title, String description, List<String> tags, String dataKind,
      List<String> uris, List<String> samples) {
    return new ListingTerms(title, description, tags, "mobility", dataKind, uris, 100, "one-off", ROOT, samples);
  }

  static Payload.RegisterResource resource(String path, List<String> locators) {
    return new Payload.RegisterResource(KEY.publicKey().address(), path, "dataset", 1, locators, ROOT, 5_000, 1024,
        List.of(PROXY));
  }

  static SharingTerms terms() {
    UmbralPublicKey key = UmbralSecretKey.generate().publicKey();
    return new SharingTerms("fleet-7", key, key, key, 86_400_000, 1, List.of(PROXY),
        List.of(new SharingTerms.EpochKfrags(3, key, List.of(ROOT))));
  }

  static Payload.ProxyFault fault(byte[] cfrag, byte[] terms) {
    ProxyResponse response = new ProxyResponse(ROOT, 4, new byte[105], cfrag);
    return new Payload.ProxyFault(response, response.sign(KEY), terms);
  }

  @Test
  void aReceiptBatchHoldsOneTo256DistinctFragments() {
    Payload.ProxyReceipt one = new Payload.ProxyReceipt(ROOT, 4, ROOT);
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.ProxyReceipts(List.of())).encoded())
        .contains("a batch holds 1..256 receipts"));
    List<Payload.ProxyReceipt> tooMany = new ArrayList<>();
    for (int i = 0; i <= Payload.MAX_RECEIPTS; i++) {
      tooMany.add(new Payload.ProxyReceipt(ROOT, i, Hash.keccak(new byte[] {(byte) i, (byte) (i >> 8)})));
    }
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.ProxyReceipts(tooMany)).encoded())
        .contains("a batch holds 1..256 receipts"));
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.ProxyReceipts(List.of(one, one))).encoded())
        .contains("each fragment once"));
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.ProxyReceipts(List.of(
        new Payload.ProxyReceipt(ROOT, -1, ROOT)))).encoded()).contains("interval must not be negative"));
  }

  @Test
  void anOrderNamesItsLicenceAPriceAndDeadlinesInOrder() {
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.PlaceOrder(ROOT, -1, ROOT, 10, 20)).encoded())
        .contains("price must not be negative"));
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.PlaceOrder(ROOT, 1, Hash.ZERO, 10, 20)).encoded())
        .contains("an order names the licence hash the buyer agrees to"));
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.PlaceOrder(ROOT, 1, ROOT, 0, 20)).encoded())
        .contains("acceptByMs must be positive"));
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.PlaceOrder(ROOT, 1, ROOT, 20, 20)).encoded())
        .contains("completeByMs must be after acceptByMs"));
  }

  @Test
  void faultEvidenceIsBoundedAndItsTermsMustParse() {
    byte[] terms = terms().encode();
    assertTrue(message(Transaction.sign(KEY, 9, 0, fault(new byte[Payload.MAX_FRAGMENT + 1], terms)).encoded())
        .contains("exceeds the limit of 1024"));
    assertTrue(message(Transaction.sign(KEY, 9, 0, fault(new byte[300], Arrays.copyOf(terms, terms.length - 1)))
        .encoded()).contains("the sharing terms do not parse"));
  }

  @Test
  void everyTransactionTypeRoundTripsAndRecoversItsSender() throws CodecException {
    for (Payload payload : everyPayload()) {
      Transaction tx = Transaction.sign(KEY, 9, 3, payload);
      Transaction back = Transaction.decode(tx.encoded());
      assertEquals(payload, back.payload());
      assertEquals(tx.hash(), back.hash());
      assertEquals(KEY.publicKey().address(), back.sender());
      assertEquals(3, back.nonce());
      assertEquals(9, back.chainId());
    }
  }

  @Test
  void aBlockWithItsCertificateAndEveryMessageRoundTrip() throws CodecException {
    List<Transaction> txs = everyPayload().stream().map(p -> Transaction.sign(KEY, 9, 0, p)).toList();
    Block block = new Block(new BlockHeader(9, 5, 1, ROOT, KEY.publicKey().address(), 1234, Block.txRoot(txs), ROOT),
        txs);
    Block back = Block.decode(block.encode());
    assertEquals(block.hash(), back.hash());
    assertEquals(txs, back.txs());
    Vote vote = Vote.sign(KEY, Vote.VoteType.PRECOMMIT, 9, 5, 1, block.hash());
    QuorumCertificate qc = new QuorumCertificate(9, 5, 1, block.hash(), List.of(vote.signature()));
    assertEquals(qc, QuorumCertificate.decode(qc.encode()));
    List<Message> messages = List.of(new Message.ProposalMessage(Proposal.sign(KEY, block, 2, 1)),
        new Message.VoteMessage(vote), new Message.TxsMessage(txs), new Message.SyncRequest(77),
        new Message.SyncResponse(List.of(new CommittedBlock(block, qc))));
    for (Message message : messages) {
      byte[] wire = Message.encode(message);
      assertArrayEquals(wire, Message.encode(Message.decode(wire)), message.getClass().getSimpleName());
    }
    assertEquals(KEY.publicKey().address(), ((Message.VoteMessage) Message.decode(Message.encode(messages.get(1))))
        .vote().voter().orElseThrow());
  }

  @Test
  void aCertificateNeedsTwoThirdsOfDistinctValidatorsSigningThatBlock() {
    List<AccountPrivateKey> keys = List.of(KEY, AccountPrivateKey.generate(), AccountPrivateKey.generate(),
        AccountPrivateKey.generate());
    ValidatorSet validators = new ValidatorSet(9, keys.stream().map(k -> k.publicKey().address()).toList());
    Hash block = Hash.keccak("b".getBytes());
    List<io.cpchain.crypto.sign.RecoverableSignature> three = keys.subList(0, 3).stream()
        .map(k -> Vote.sign(k, Vote.VoteType.PRECOMMIT, 9, 4, 0, block).signature()).toList();
    assertEquals(Verdict.OK, new QuorumCertificate(9, 4, 0, block, three).verify(block, 4, validators));
    assertFalse(new QuorumCertificate(9, 4, 0, block, three.subList(0, 2)).verify(block, 4, validators).ok());
    assertFalse(new QuorumCertificate(9, 4, 0, block, List.of(three.get(0), three.get(0), three.get(1)))
        .verify(block, 4, validators).ok(), "a signer counted twice");
    assertFalse(new QuorumCertificate(9, 4, 0, block, three).verify(ROOT, 4, validators).ok(), "another block");
    assertFalse(new QuorumCertificate(9, 4, 1, block, three).verify(block, 4, validators).ok(),
        "signatures are for round 0, not 1");
    List<io.cpchain.crypto.sign.RecoverableSignature> prevotes = keys.subList(0, 3).stream()
        .map(k -> Vote.sign(k, Vote.VoteType.PREVOTE, 9, 4, 0, block).signature()).toList();
    assertFalse(new QuorumCertificate(9, 4, 0, block, prevotes).verify(block, 4, validators).ok(),
        "prevotes are not precommits");
  }

  @Test
  void malformedTransactionsAreRefusedWithAReason() {
    byte[] good = Transaction.sign(KEY, 9, 0, new Payload.Transfer(OTHER, 5)).encoded();
    assertTrue(message(Arrays.copyOf(good, good.length - 1)).contains("truncated"));
    byte[] unknownType = good.clone();
    unknownType[17] = 42;
    assertTrue(message(unknownType).contains("unknown transaction type 42"));
    byte[] unknownVersion = good.clone();
    unknownVersion[0] = 2;
    assertTrue(message(unknownVersion).contains("version"));
    assertTrue(message(Arrays.copyOf(good, good.length + 1)).contains("trailing"));
    byte[] zeroAmount = Transaction.sign(KEY, 9, 0, new Payload.Transfer(OTHER, 1)).encoded();
    Arrays.fill(zeroAmount, 18 + 20, 18 + 28, (byte) 0);
    assertTrue(message(zeroAmount).contains("must be positive"));
    byte[] tampered = good.clone();
    tampered[30] ^= 1; // another recipient: the signature now recovers some other key, never the sender
    try {
      assertTrue(!Transaction.decode(tampered).sender().equals(KEY.publicKey().address()));
    } catch (CodecException refused) {
      assertTrue(refused.getMessage().contains("signature"));
    }
  }

  @Test
  void aGrantThatCannotBeServedIsRefused() {
    Hash commitment = ROOT;
    assertTrue(message(grant(3, List.of(OTHER, PROXY), commitment)).contains("threshold must be 1..2"));
    assertTrue(message(grant(0, List.of(OTHER, PROXY), commitment)).contains("threshold must be 1..2"));
    assertTrue(message(grant(1, List.of(OTHER, OTHER), commitment)).contains("distinct proxies"));
    assertTrue(message(grant(1, List.of(), commitment)).contains("distinct proxies"));
    assertTrue(message(grant(1, List.of(OTHER), Hash.ZERO)).contains("commits to its kfrags"));
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.Grant("d", OTHER, "sell", 0, 1, 0, 0, List.of(),
        Hash.ZERO)).encoded()).contains("unknown grant purpose 'sell'"));
    assertTrue(message(Transaction.sign(KEY, 9, 0, new Payload.Grant("d", OTHER, Payload.PURPOSE_SCORING, 0, 1, 0, 1,
        List.of(PROXY), ROOT)).encoded()).contains("a consent names no proxies"));
  }

  @Test
  void identityPayloadsAreBoundedAndTheirKeysMustParse() {
    String idRule = "device id must be 1..64 of A-Z a-z 0-9 . _ : - (no leading dot)";
    assertEquals(idRule, message(device("..", 0, 0)));
    assertEquals(idRule, message(device("veh 1", 0, 0)));
    assertEquals(idRule, message(device("", 0, 0)));
    assertEquals("field of 65 bytes exceeds the limit of 64", message(device("v".repeat(65), 0, 0)));
    assertEquals("validToMs must be 0 (no end) or after validFromMs", message(device("veh-1", 10, 10)));
    assertEquals("validFromMs must not be negative", message(device("veh-1", -1, 0)));
    assertEquals(idRule, message(Transaction.sign(KEY, 9, 0,
        new Payload.RetireDevice("../owners")).encoded()));
    assertEquals("effectiveFromMs must not be negative", message(Transaction.sign(KEY, 9, 0,
        new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), -5)).encoded()));

    byte[] badRootKey = Transaction.sign(KEY, 9, 0, new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(),
        0)).encoded();
    badRootKey[18] = 5; // no compressed point starts so
    assertTrue(message(badRootKey).startsWith("root key: "), message(badRootKey));
    byte[] badDeviceKey = device("veh-1", 0, 0);
    Arrays.fill(badDeviceKey, 18 + 4 + 5, 18 + 4 + 5 + 32, (byte) 0xff);
    assertTrue(message(badDeviceKey).startsWith("device key: "), message(badDeviceKey));
  }

  private static byte[] device(String id, long validFromMs, long validToMs) {
    return Transaction.sign(KEY, 9, 0, new Payload.RegisterDevice(id, DEVICE, validFromMs, validToMs)).encoded();
  }

  private static byte[] grant(int threshold, List<Address> proxies, Hash commitment) {
    return Transaction.sign(KEY, 9, 0, new Payload.Grant("d", OTHER, Payload.PURPOSE_READ, 0, 1, 0, threshold, proxies,
        commitment)).encoded();
  }

  @Test
  void aResourceRegistrationIsRefusedAtTheApiWhenMalformedOrUnbounded() {
    List<String> one = List.of("file:///srv/otp/ab");
    Address owner = KEY.publicKey().address();
    Map<String, Payload> bad = new LinkedHashMap<>();
    bad.put("resource path: unknown OTP path '/files/x'", resource("/files/x", one));
    bad.put("resource path: a resource path has no version, query, percent-encoding or fragment: '/datasets/d@2'",
        resource("/datasets/d@2", one));
    bad.put("the path /aggregates/a is a aggregate, not a dataset", resource("/aggregates/a", one));
    bad.put("only datasets and aggregates are registered as resources so far, not a device-live",
        new Payload.RegisterResource(owner, "/devices/veh-1/live", "device-live", 1, one, ROOT, 0, 1024, List.of()));
    bad.put("resource version must be positive", new Payload.RegisterResource(owner, "/datasets/d", "dataset", 0, one,
        ROOT, 0, 1024, List.of()));
    bad.put("a resource names 1..8 distinct storage locators", resource("/datasets/d", List.of()));
    bad.put("a resource names 1..8 distinct storage locators ", resource("/datasets/d", List.of("file:///a",
        "file:///a")));
    bad.put("a storage locator is file://, http(s):// or s3:// and at most 512 printable ASCII characters",
        resource("/datasets/d", List.of("ftp://host/x")));
    bad.put("field of 520 bytes exceeds the limit of 512", resource("/datasets/d", List.of("file:///"
        + "a".repeat(Payload.MAX_LOCATOR))));
    bad.put("chunk size must be 1024..16777216 bytes", new Payload.RegisterResource(owner, "/datasets/d", "dataset", 1,
        one, ROOT, 0, 512, List.of()));
    bad.put("a resource is at most 1048576 chunks", new Payload.RegisterResource(owner, "/datasets/d", "dataset", 1,
        one, ROOT, (Payload.MAX_CHUNKS + 1) * 1024, 1024, List.of()));
    bad.put("total length must not be negative", new Payload.RegisterResource(owner, "/datasets/d", "dataset", 1,
        one, ROOT, -1, 1024, List.of()));
    bad.put("a resource names 0..16 distinct proxies", new Payload.RegisterResource(owner, "/datasets/d", "dataset",
        1, one, ROOT, 0, 1024, List.of(PROXY, PROXY)));
    bad.forEach((reason, payload) -> {
      String message = message(Transaction.sign(KEY, 9, 0, payload).encoded());
      assertTrue(message.startsWith(reason.strip()), message);
    });
  }

  @Test
  void aListingIsRefusedAtTheApiWhenMalformedOrOversizedWithOneReasonPerBound() {
    List<String> one = List.of(OWNER_NAME + "/datasets/d");
    List<String> noTags = List.of();
    Map<String, ListingTerms> bad = new LinkedHashMap<>();
    bad.put("a listing's title is at most 160 bytes of UTF-8, this one 161", listing("t".repeat(161), "", noTags,
        "dataset", one, List.of()));
    bad.put("a listing's title must not be blank", listing("  ", "", noTags, "dataset", one, List.of()));
    bad.put("a listing's title has control characters", listing("a\nb", "", noTags, "dataset", one, List.of()));
    bad.put("a listing's description is at most 4096 bytes of UTF-8, this one 4098", listing("t", "é".repeat(2049),
        noTags, "dataset", one, List.of()));
    bad.put("a listing has 0..16 distinct tags, this one 17", listing("t", "", IntStream.range(0, 17)
        .mapToObj(i -> "t" + i).toList(), "dataset", one, List.of()));
    bad.put("a listing has 0..16 distinct tags, this one 2 with repeats", listing("t", "", List.of("a", "a"),
        "dataset", one, List.of()));
    bad.put("a tag is 1..32 of a-z 0-9 - (no leading '-'): 'Traffic'", listing("t", "", List.of("Traffic"), "dataset",
        one, List.of()));
    bad.put("a tag is 1..32 of a-z 0-9 - (no leading '-'): '" + "a".repeat(32) + "…'", listing("t", "",
        List.of("a".repeat(33)), "dataset", one, List.of()));
    bad.put("data kind must be one of intervals, live, dataset, aggregate, not 'file'", listing("t", "", noTags,
        "file", one, List.of()));
    bad.put("a listing sells 1..8 distinct otp:// names, this one 0", listing("t", "", noTags, "dataset", List.of(),
        List.of()));
    bad.put("a listing sells 1..8 distinct otp:// names, this one 9", listing("t", "", noTags, "dataset",
        IntStream.range(0, 9).mapToObj(i -> OWNER_NAME + "/datasets/d" + i).toList(), List.of()));
    bad.put("otp uri: ", listing("t", "", noTags, "dataset", List.of("https://example.com/d"), List.of()));
    bad.put("otp uri " + OWNER_NAME + "/aggregates/a is a aggregate, not of the listing's data kind dataset",
        listing("t", "", noTags, "dataset", List.of(OWNER_NAME + "/aggregates/a"), List.of()));
    bad.put("a listing has 0..4 distinct sample uris, this one 5", listing("t", "", noTags, "dataset", one,
        IntStream.range(0, 5).mapToObj(i -> OWNER_NAME + "/datasets/s" + i).toList()));
    bad.put("sample uri: ", listing("t", "", noTags, "dataset", one, List.of("otp://nobody/datasets/s")));
    bad.forEach((reason, terms) -> {
      String message = message(Transaction.sign(KEY, 9, 0, new Payload.ListData(terms)).encoded());
      assertTrue(message.startsWith(reason), reason + " / " + message);
      String update = message(Transaction.sign(KEY, 9, 0, new Payload.UpdateListing(ROOT, terms)).encoded());
      assertEquals(message, update, "an update is held to the same bounds");
    });
    ListingTerms free = listing();
    Map<String, ListingTerms> terms = new LinkedHashMap<>();
    terms.put("price must not be negative", new ListingTerms("t", "", noTags, "mobility", "dataset", one, -1,
        "one-off", ROOT, List.of()));
    terms.put("pricing model must be one of one-off, per-interval, subscription-per-day, not 'monthly'",
        new ListingTerms("t", "", noTags, "mobility", "dataset", one, 1, "monthly", ROOT, List.of()));
    terms.put("the licence hash is the Keccak-256 of the licence text, not zero", new ListingTerms("t", "", noTags,
        "mobility", "dataset", one, 1, "one-off", Hash.ZERO, List.of()));
    terms.put("a category is 1..32 of a-z 0-9 - (no leading '-'): ''", new ListingTerms("t", "", noTags, "",
        "dataset", one, 1, "one-off", ROOT, List.of()));
    terms.forEach((reason, t) -> assertEquals(reason, message(Transaction.sign(KEY, 9, 0, new Payload.ListData(t))
        .encoded())));
    assertDoesNotThrow(() -> Transaction.decode(Transaction.sign(KEY, 9, 0, new Payload.ListData(free)).encoded()));
  }

  private static String message(byte[] bytes) {
    return assertThrows(CodecException.class, () -> Transaction.decode(bytes)).getMessage();
  }
}
