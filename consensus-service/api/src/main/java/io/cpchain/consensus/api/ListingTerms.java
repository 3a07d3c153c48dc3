package io.cpchain.consensus.api;

import io.cpchain.otp.uri.OtpUri;
import io.cpchain.otp.uri.OtpUriException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a seller says of data it offers on the market (PDash): the text a buyer searches, the
 * {@code otpUris} sold (each of the listing's {@code dataKind}), the price under its
 * {@code pricingModel}, the Keccak-256 {@code licenceHash} of the licence text, and
 * {@code sampleUris} anyone may open before buying. Every field is bounded here, with its own
 * reason; who may list under which names is the chain's rule ({@link Listings}).
 */
public record ListingTerms(String title, String description, List<String> tags, String category, String dataKind,
    List<String> otpUris, long price, String pricingModel, Hash licenceHash, List<String> sampleUris) {

  public static final int MAX_TITLE = 160;
  public static final int MAX_DESCRIPTION = 4096;
  public static final int MAX_TAGS = 16;
  public static final int MAX_URIS = 8;
  public static final int MAX_SAMPLES = 4;
  /** Tags and categories are facet values: short lower-case words joined by '-'. */
  public static final int MAX_WORD = 32;
  public static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9-]{0," + (MAX_WORD - 1) + "}");
  /** The decoder's bound on any one text field: above every field's own bound, so those give the reason. */
  static final int MAX_TEXT_FIELD = 2 * MAX_DESCRIPTION;

  /** The data kinds a listing sells, and the otp:// kind each of its URIs must be. */
  public static final Map<String, OtpUri.Kind> DATA_KINDS = Map.of("intervals", OtpUri.Kind.DEVICE_INTERVALS,
      "live", OtpUri.Kind.DEVICE_LIVE, "dataset", OtpUri.Kind.DATASET, "aggregate", OtpUri.Kind.AGGREGATE);
  public static final List<String> PRICING_MODELS = List.of("one-off", "per-interval", "subscription-per-day");

  public ListingTerms {
    tags = List.copyOf(tags);
    otpUris = List.copyOf(otpUris);
    sampleUris = List.copyOf(sampleUris);
  }

  public void write(Encoder out) {
    out.string(title).string(description).i32(tags.size());
    tags.forEach(out::string);
    out.string(category).string(dataKind).i32(otpUris.size());
    otpUris.forEach(out::string);
    out.i64(price).string(pricingModel).hash(licenceHash).i32(sampleUris.size());
    sampleUris.forEach(out::string);
  }

  static ListingTerms read(Decoder in) throws CodecException {
    return new ListingTerms(in.string(MAX_TEXT_FIELD), in.string(MAX_TEXT_FIELD),
        in.list(4, d -> d.string(MAX_TEXT_FIELD)), in.string(MAX_TEXT_FIELD), in.string(MAX_TEXT_FIELD),
        in.list(4, d -> d.string(MAX_TEXT_FIELD)), in.i64(), in.string(MAX_TEXT_FIELD), in.hash(),
        in.list(4, d -> d.string(MAX_TEXT_FIELD)));
  }

  /** Every otp:// name the listing carries, sold ones then samples, parsed (they were checked by {@link #check}). */
  public List<OtpUri> names() {
    return Stream.concat(otpUris.stream(), sampleUris.stream()).map(ListingTerms::parsed).toList();
  }

  /** Stateless validity, one reason per bound. */
  public void check() throws CodecException {
    text(title, "title", MAX_TITLE, false);
    if (title.isBlank()) {
      throw new CodecException("a listing's title must not be blank");
    }
    text(description, "description", MAX_DESCRIPTION, true);
    if (tags.size() > MAX_TAGS || Set.copyOf(tags).size() != tags.size()) {
      throw new CodecException("a listing has 0.." + MAX_TAGS + " distinct tags, this one " + tags.size()
          + (Set.copyOf(tags).size() != tags.size() ? " with repeats" : ""));
    }
    for (String tag : tags) {
      word(tag, "tag");
    }
    word(category, "category");
    OtpUri.Kind kind = DATA_KINDS.get(dataKind);
    if (kind == null) {
      throw new CodecException("data kind must be one of intervals, live, dataset, aggregate, not '" + dataKind + "'");
    }
    if (otpUris.isEmpty() || otpUris.size() > MAX_URIS || Set.copyOf(otpUris).size() != otpUris.size()) {
      throw new CodecException("a listing sells 1.." + MAX_URIS + " distinct otp:// names, this one "
          + otpUris.size());
    }
    for (String uri : otpUris) {
      OtpUri name = otp(uri, "otp uri");
      if (name.kind() != kind) {
        throw new CodecException("otp uri " + uri + " is a " + name.kind().label() + ", not of the listing's data"
            + " kind " + dataKind);
      }
    }
    if (price < 0) {
      throw new CodecException("price must not be negative");
    }
    if (!PRICING_MODELS.contains(pricingModel)) {
      throw new CodecException("pricing model must be one of " + String.join(", ", PRICING_MODELS) + ", not '"
          + pricingModel + "'");
    }
    if (licenceHash.isZero()) {
      throw new CodecException("the licence hash is the Keccak-256 of the licence text, not zero");
    }
    if (sampleUris.size() > MAX_SAMPLES || Set.copyOf(sampleUris).size() != sampleUris.size()) {
      throw new CodecException("a listing has 0.." + MAX_SAMPLES + " distinct sample uris, this one "
          + sampleUris.size());
    }
    for (String uri : sampleUris) {
      otp(uri, "sample uri");
    }
  }

  private static void text(String value, String what, int maxBytes, boolean multiline) throws CodecException {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new CodecException("a listing's " + what + " is at most " + maxBytes + " bytes of UTF-8, this one "
          + bytes);
    }
    boolean control = value.chars().anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n'
        || c == '\t')));
    if (control) {
      throw new CodecException("a listing's " + what + " has control characters");
    }
  }

  private static void word(String value, String what) throws CodecException {
    if (!WORD.matcher(value).matches()) {
      throw new CodecException("a " + what + " is 1.." + MAX_WORD + " of a-z 0-9 - (no leading '-'): '"
          + (value.length() > MAX_WORD ? value.substring(0, MAX_WORD) + "…" : value) + "'");
    }
  }

  private static OtpUri otp(String uri, String what) throws CodecException {
    try {
      return OtpUri.parse(uri);
    } catch (OtpUriException e) {
      throw new CodecException(what + ": " + e.getMessage());
    }
  }

  private static OtpUri parsed(String uri) {
    try {
      return OtpUri.parse(uri);
    } catch (OtpUriException e) {
      throw new IllegalStateException("a checked listing holds only valid otp:// names", e);
    }
  }
}
