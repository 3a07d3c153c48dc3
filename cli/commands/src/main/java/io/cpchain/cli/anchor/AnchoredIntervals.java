package io.cpchain.cli.anchor;

import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.schemas.Bytes;
import io.cpchain.cli.stack.TopicScan;
import io.cpchain.cli.stack.Topics;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/** The manifests and anchor receipts on the local stack's topics, found by device, time or hash. */
public final class AnchoredIntervals {

  public static final String RECEIPTS_TOPIC = AnchorJobConfig.fromArgs().receiptsTopic();

  /** A manifest as published, with its decoded form and hash (lowercase hex). */
  public record Published(byte[] encoded, IntervalManifest manifest, String hash) {}

  private final Properties client;

  public AnchoredIntervals(Properties client) {
    this.client = client;
  }

  /** Manifests that decode and match, in interval order. */
  public List<Published> manifests(Predicate<Published> wanted) {
    AvroMessages<IntervalManifest> messages = AvroMessages.of(IntervalManifest.class);
    List<Published> found = new ArrayList<>();
    TopicScan.scan(client, Topics.MANIFESTS, record -> {
      try {
        Published p = new Published(record.value(), messages.decode(record.value()),
            HexFormat.of().formatHex(ManifestRef.hashOf(record.value())));
        if (wanted.test(p)) {
          found.add(p);
        }
      } catch (IOException | RuntimeException notAManifest) {
        // not a manifest: nothing that could be anchored
      }
    });
    found.sort((a, b) -> Long.compare(a.manifest().getIntervalStartMs(), b.manifest().getIntervalStartMs()));
    return found;
  }

  /** Every receipt on the receipts topic, by manifest hash (lowercase hex). */
  public Map<String, AnchorReceipt> receipts() {
    AvroMessages<AnchorReceipt> messages = AvroMessages.of(AnchorReceipt.class);
    Map<String, AnchorReceipt> receipts = new HashMap<>();
    TopicScan.scan(client, RECEIPTS_TOPIC, record -> {
      try {
        AnchorReceipt receipt = messages.decode(record.value());
        receipts.put(HexFormat.of().formatHex(Bytes.of(receipt.getManifestHash())), receipt);
      } catch (IOException | RuntimeException notAReceipt) {
        // skipped: a verification of its manifest then reports the receipt missing
      }
    });
    return receipts;
  }
}
