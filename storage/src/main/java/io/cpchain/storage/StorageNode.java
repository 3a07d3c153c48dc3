package io.cpchain.storage;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One S3-compatible storage node: a stable id (what placement hashes), where it answers, the bucket
 * the chunks go in there and, for stores that want one (AWS), the bucket's region ({@code ""}: none
 * given, the client asks the store).
 */
public record StorageNode(String id, URI endpoint, String bucket, String region) {

  /** The bucket a node's chunks go in unless its URL names another. */
  public static final String DEFAULT_BUCKET = "cpchain-chunks";
  // S3's bucket naming rules (3-63 of lowercase letters, digits, dots and hyphens, a letter or digit at each end).
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");

  public StorageNode {
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException("storage node " + id + ": '" + bucket + "' is not an S3 bucket name"
          + " (3 to 63 lowercase letters, digits, dots and hyphens)");
    }
    if (!region.isEmpty() && !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("storage node " + id + ": '" + region + "' is not a region name");
    }
  }

  /** A node whose chunks go in {@link #DEFAULT_BUCKET}, with no region given. */
  public StorageNode(String id, URI endpoint) {
    this(id, endpoint, DEFAULT_BUCKET, "");
  }

  /**
   * Parses {@code id=url,id=url,...}, the form configuration files use; a url is
   * {@code http(s)://host[:port][/bucket][?region=name]}, e.g.
   * {@code eu=https://s3.eu-west-1.amazonaws.com/acme-cpchain?region=eu-west-1}.
   */
  public static List<StorageNode> parseList(String text) {
    List<StorageNode> nodes = new ArrayList<>();
    for (String entry : text.split(",")) {
      String[] idAndUrl = entry.strip().split("=", 2);
      if (idAndUrl.length != 2 || idAndUrl[0].isBlank()) {
        throw new IllegalArgumentException("storage nodes are id=url,id=url...; bad entry '" + entry.strip() + "'");
      }
      nodes.add(parse(idAndUrl[0].strip(), idAndUrl[1].strip()));
    }
    if (nodes.stream().map(StorageNode::id).distinct().count() != nodes.size()) {
      throw new IllegalArgumentException("storage node ids must be unique: " + text);
    }
    return nodes;
  }

  private static StorageNode parse(String id, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("storage node " + id + ": '" + url + "' is not a URL");
    }
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw new IllegalArgumentException("storage node " + id + " needs an http(s)://host:port URL");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    if (path.contains("/")) {
      throw new IllegalArgumentException("storage node " + id + ": the URL's path is one bucket name, not '"
          + path + "'");
    }
    String region = "";
    if (uri.getQuery() != null) {
      if (!uri.getQuery().startsWith("region=") || uri.getQuery().contains("&")) {
        throw new IllegalArgumentException("storage node " + id + ": the only URL parameter is region=name, not '"
            + uri.getQuery() + "'");
      }
      region = uri.getQuery().substring("region=".length());
    }
    URI endpoint = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    return new StorageNode(id, endpoint, path.isEmpty() ? DEFAULT_BUCKET : path, region);
  }

  /** The inverse of {@link #parseList}. */
  public static String formatList(List<StorageNode> nodes) {
    return String.join(",", nodes.stream().map(StorageNode::url).toList());
  }

  private String url() {
    return id + "=" + endpoint + (bucket.equals(DEFAULT_BUCKET) ? "" : "/" + bucket)
        + (region.isEmpty() ? "" : "?region=" + region);
  }
}
