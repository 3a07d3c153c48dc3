package io.cpchain.storage;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** One S3-compatible storage node: a stable id (what placement hashes) and where it answers. */
public record StorageNode(String id, URI endpoint) {

  /** Parses {@code id=http://host:port,id=http://host:port,...}, the form configuration files use. */
  public static List<StorageNode> parseList(String text) {
    List<StorageNode> nodes = new ArrayList<>();
    for (String entry : text.split(",")) {
      String[] idAndUrl = entry.strip().split("=", 2);
      if (idAndUrl.length != 2 || idAndUrl[0].isBlank()) {
        throw new IllegalArgumentException("storage nodes are id=url,id=url...; bad entry '" + entry.strip() + "'");
      }
      URI endpoint = URI.create(idAndUrl[1].strip());
      if (endpoint.getScheme() == null || endpoint.getHost() == null) {
        throw new IllegalArgumentException("storage node " + idAndUrl[0] + " needs an http(s)://host:port URL");
      }
      nodes.add(new StorageNode(idAndUrl[0].strip(), endpoint));
    }
    if (nodes.stream().map(StorageNode::id).distinct().count() != nodes.size()) {
      throw new IllegalArgumentException("storage node ids must be unique: " + text);
    }
    return nodes;
  }

  /** The inverse of {@link #parseList}. */
  public static String formatList(List<StorageNode> nodes) {
    return String.join(",", nodes.stream().map(n -> n.id() + "=" + n.endpoint()).toList());
  }
}
