package io.cpchain.otp.uri;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Address;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OTP name, {@code otp://<owner address>/<path>}, parsed strictly: printable ASCII, at most
 * {@link #MAX_URI} characters, no percent-encoding, no fragment, no parameters a kind does not
 * take. The paths (the module README has the grammar):
 * <ul>
 *   <li>{@code /devices/<id>/intervals?from=<ms>&to=<ms>}: a device's intervals whose start times lie in [from, to];
 *   <li>{@code /devices/<id>/live}: the device's live stream;
 *   <li>{@code /datasets/<name>[@<version>]}: a dataset the owner publishes; no version: the latest;
 *   <li>{@code /aggregates/<name>}: an aggregate product.
 * </ul>
 * What the chain registers is the {@link #resourcePath()} (no version, no query): versions are
 * records of their own, a query selects inside a resource. Immutable.
 */
public record OtpUri(Address owner, Kind kind, String name, long version, long fromMs, long toMs) {

  public static final String SCHEME = "otp://";
  public static final int MAX_URI = 512;
  /** Device ids: the chain's grammar (consensus-api's {@code Payload.DEVICE_ID} is this one), a path segment. */
  public static final int MAX_DEVICE_ID = 64;
  public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_:-][A-Za-z0-9._:-]{0," + (MAX_DEVICE_ID - 1)
      + "}");
  /** Dataset and aggregate names: one path segment, no '@' (the version separator), no leading dot. */
  public static final int MAX_NAME = 64;
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0," + (MAX_NAME - 1) + "}");
  /** The longest resource path: the longest prefix and suffix around the longest segment. */
  public static final int MAX_PATH = "/devices/".length() + MAX_DEVICE_ID + "/intervals".length();

  private static final Pattern URI = Pattern.compile("otp://(0x[0-9A-Fa-f]{40})(/[^?#]*)(?:\\?([^#]*))?");
  private static final Pattern DEVICE_PATH = Pattern.compile("/devices/([^/]+)/(intervals|live)");
  private static final Pattern NAMED_PATH = Pattern.compile("/(datasets|aggregates)/([^/@]+)(?:@([^/]*))?");
  private static final Pattern INTERVAL_QUERY = Pattern.compile("from=([0-9]{1,18})&to=([0-9]{1,18})");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

  /** What a name points at; {@link #label()} is how the chain and the CLI spell it. */
  public enum Kind {
    DEVICE_INTERVALS("device-intervals"),
    DEVICE_LIVE("device-live"),
    DATASET("dataset"),
    AGGREGATE("aggregate");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** {@code version} 0: the latest (a dataset's only); {@code fromMs}/{@code toMs}: the interval range, else 0. */
  public OtpUri {
    if (owner == null || kind == null || name == null) {
      throw new IllegalArgumentException("owner, kind and name are required");
    }
  }

  /** Parses {@code text}, or throws with the one reason it is not an OTP name. */
  public static OtpUri parse(String text) throws OtpUriException {
    if (text == null || text.isEmpty()) {
      throw new OtpUriException("an OTP URI is required (otp://<owner address>/<path>)");
    }
    if (text.length() > MAX_URI) {
      throw new OtpUriException("an OTP URI is at most " + MAX_URI + " characters, this one has " + text.length());
    }
    if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new OtpUriException("an OTP URI is printable ASCII without spaces");
    }
    if (!text.startsWith(SCHEME)) {
      throw new OtpUriException("an OTP URI starts with " + SCHEME + ": '" + text + "'");
    }
    if (text.indexOf('%') >= 0 || text.indexOf('#') >= 0) {
      throw new OtpUriException("an OTP URI has no percent-encoding and no fragment: '" + text + "'");
    }
    Matcher uri = URI.matcher(text);
    if (!uri.matches()) {
      throw new OtpUriException("the authority of an OTP URI is the owner's address, 0x and 40 hex digits,"
          + " followed by a path: '" + text + "'");
    }
    Address owner = address(uri.group(1));
    String path = uri.group(2);
    String query = uri.group(3);
    Matcher device = DEVICE_PATH.matcher(path);
    if (device.matches()) {
      String id = segment(device.group(1), DEVICE_ID, "device id", MAX_DEVICE_ID, "A-Z a-z 0-9 . _ : -");
      if (device.group(2).equals("live")) {
        noQuery(query, "a live stream");
        return new OtpUri(owner, Kind.DEVICE_LIVE, id, 0, 0, 0);
      }
      return intervals(owner, id, query);
    }
    Matcher named = NAMED_PATH.matcher(path);
    if (named.matches()) {
      boolean dataset = named.group(1).equals("datasets");
      String name = segment(named.group(2), NAME, dataset ? "dataset name" : "aggregate name", MAX_NAME,
          "A-Z a-z 0-9 . _ -");
      noQuery(query, dataset ? "a dataset" : "an aggregate");
      long version = 0;
      if (named.group(3) != null) {
        if (!dataset) {
          throw new OtpUriException("only a dataset names a version: '" + text + "'");
        }
        if (!VERSION.matcher(named.group(3)).matches()) {
          throw new OtpUriException("a dataset version is a positive decimal of at most 18 digits, not '"
              + named.group(3) + "'");
        }
        version = Long.parseLong(named.group(3));
      }
      return new OtpUri(owner, dataset ? Kind.DATASET : Kind.AGGREGATE, name, version, 0, 0);
    }
    throw new OtpUriException("unknown OTP path '" + path + "': one of /devices/<id>/intervals?from=&to=,"
        + " /devices/<id>/live, /datasets/<name>[@version], /aggregates/<name>");
  }

  /** The kind of a registered resource path (no version, no query), or why it is not one. */
  public static Kind kindOfResourcePath(String path) throws OtpUriException {
    if (path == null || path.isEmpty() || path.length() > MAX_PATH) {
      throw new OtpUriException("a resource path is 1.." + MAX_PATH + " characters");
    }
    if (path.indexOf('@') >= 0 || path.indexOf('?') >= 0 || path.indexOf('%') >= 0 || path.indexOf('#') >= 0) {
      throw new OtpUriException("a resource path has no version, query, percent-encoding or fragment: '" + path
          + "'");
    }
    // Any address will do: the path's grammar does not depend on the owner.
    OtpUri parsed = parse(SCHEME + "0x" + "0".repeat(40) + path
        + (path.endsWith("/intervals") ? "?from=0&to=0" : ""));
    return parsed.kind;
  }

  /** The path the chain registers this resource under: no version, no query. */
  public String resourcePath() {
    return switch (kind) {
      case DEVICE_INTERVALS -> "/devices/" + name + "/intervals";
      case DEVICE_LIVE -> "/devices/" + name + "/live";
      case DATASET -> "/datasets/" + name;
      case AGGREGATE -> "/aggregates/" + name;
    };
  }

  /** This name at {@code version}, for a dataset. */
  public OtpUri atVersion(long version) {
    if (kind != Kind.DATASET || version < 1) {
      throw new IllegalArgumentException("only a dataset has positive versions in its name");
    }
    return new OtpUri(owner, kind, name, version, 0, 0);
  }

  /** The canonical text: the owner's EIP-55 address, then the path; {@code parse(toString())} equals this. */
  @Override
  public String toString() {
    String text = SCHEME + owner.toHex() + resourcePath();
    if (kind == Kind.DATASET && version > 0) {
      return text + "@" + version;
    }
    return kind == Kind.DEVICE_INTERVALS ? text + "?from=" + fromMs + "&to=" + toMs : text;
  }

  private static OtpUri intervals(Address owner, String id, String query) throws OtpUriException {
    if (query == null) {
      throw new OtpUriException("a device's intervals need ?from=<ms>&to=<ms>");
    }
    Matcher range = INTERVAL_QUERY.matcher(query);
    if (!range.matches()) {
      throw new OtpUriException("an intervals query is exactly from=<ms>&to=<ms> (decimal, at most 18 digits),"
          + " not '" + query + "'");
    }
    long from = Long.parseLong(range.group(1));
    long to = Long.parseLong(range.group(2));
    if (to < from) {
      throw new OtpUriException("an intervals range needs from <= to, not " + from + " > " + to);
    }
    return new OtpUri(owner, Kind.DEVICE_INTERVALS, id, 0, from, to);
  }

  private static void noQuery(String query, String what) throws OtpUriException {
    if (query != null) {
      throw new OtpUriException(what + " takes no query, not '?" + query + "'");
    }
  }

  private static String segment(String value, Pattern grammar, String what, int max, String alphabet)
      throws OtpUriException {
    if (!grammar.matcher(value).matches()) {
      throw new OtpUriException("a " + what + " is 1.." + max + " of " + alphabet + " (no leading dot), not '"
          + value + "'");
    }
    return value;
  }

  private static Address address(String hex) throws OtpUriException {
    try {
      return Address.fromHex(hex);
    } catch (CryptoFormatException e) {
      throw new OtpUriException("owner address " + hex + ": " + e.getMessage());
    }
  }
}
