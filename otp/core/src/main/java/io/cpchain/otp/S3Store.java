package io.cpchain.otp;

import io.cpchain.storage.S3NodeStore;
import io.cpchain.storage.StorageException;
import java.io.IOException;

/**
 * A resource as one object on an S3 storage node (the storage module's client): locator
 * {@code s3://<node id>/<key>}, the node's endpoint and bucket from the reader's storage node list;
 * read by range GETs, one per chunk.
 */
public final class S3Store implements ResourceStore {

  private final String nodeId;
  private final String key;
  private final S3NodeStore node;

  public S3Store(String nodeId, String key, S3NodeStore node) {
    this.nodeId = nodeId;
    this.key = key;
    this.node = node;
  }

  @Override
  public String locator() {
    return "s3://" + nodeId + "/" + key;
  }

  @Override
  public byte[] readRange(long offset, int length) throws IOException {
    try {
      return node.getRange(key, offset, length).orElseThrow(() -> new IOException("has no object " + key));
    } catch (StorageException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
