package io.cpchain.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * Chunks on one S3-compatible node, through the MinIO client. Each chunk is an object named by its
 * id in one bucket; a write is checked against the ETag the node returns (the MD5 of what it stored,
 * for a single-part upload), so a chunk damaged on the way is noticed when it is written, not when
 * it is needed.
 */
public final class S3NodeStore implements NodeStore {

  /** One connection pool for every node; Nagle off, as small PUTs otherwise wait for delayed ACKs. */
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory()).build();

  private final StorageNode node;
  private final MinioClient client;
  private volatile boolean bucketReady;

  public S3NodeStore(StorageNode node, StorageCredentials credentials) {
    this.node = node;
    MinioClient.Builder client = MinioClient.builder().endpoint(node.endpoint().toString())
        .credentials(credentials.accessKey(), credentials.secretKey())
        .httpClient(HTTP);
    if (!node.region().isEmpty()) {
      client.region(node.region()); // else the client asks the store for the bucket's region
    }
    this.client = client.build();
  }

  @Override
  public StorageNode node() {
    return node;
  }

  @Override
  public void put(ChunkId id, byte[] content) throws StorageException {
    try {
      ensureBucket();
      ObjectWriteResponse response = client.putObject(PutObjectArgs.builder()
          .bucket(node.bucket()).object(id.hex()).data(content, content.length)
          .contentType("application/octet-stream").build());
      String etag = response.etag() == null ? "" : response.etag().replace("\"", "");
      String md5 = HexFormat.of().formatHex(md5().digest(content));
      if (!etag.equalsIgnoreCase(md5)) {
        throw new StorageException("node " + node.id() + " stored chunk " + id + " with ETag " + etag
            + ", expected MD5 " + md5);
      }
    } catch (MinioException | RuntimeException e) { // the client reports a refused connection unchecked
      throw new StorageException("node " + node.id() + " could not store chunk " + id + ": " + describe(e), e);
    }
  }

  @Override
  public Optional<byte[]> get(ChunkId id) throws StorageException {
    try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(node.bucket()).object(id.hex()).build())) {
      return Optional.of(response.readAllBytes());
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(errorCode(e)) || "NoSuchBucket".equals(errorCode(e))) {
        return Optional.empty();
      }
      throw new StorageException("node " + node.id() + " could not read chunk " + id + ": " + describe(e), e);
    } catch (MinioException | IOException | RuntimeException e) {
      throw new StorageException("node " + node.id() + " could not read chunk " + id + ": " + describe(e), e);
    }
  }

  /**
   * Stores a whole object {@code key} (an OTP resource) from a file. Not checked here: its reader
   * checks it against the commitment on the chain, and the publisher reads it back so before
   * registering it.
   */
  public void putObject(String key, Path file) throws StorageException {
    try (InputStream in = Files.newInputStream(file)) {
      ensureBucket();
      client.putObject(PutObjectArgs.builder().bucket(node.bucket()).object(key).stream(in, Files.size(file), null)
          .contentType("application/octet-stream").build());
    } catch (MinioException | IOException | RuntimeException e) {
      throw new StorageException("node " + node.id() + " could not store object " + key + ": " + describe(e), e);
    }
  }

  /**
   * Up to {@code length} bytes of object {@code key} from {@code offset} (a range GET): fewer at its
   * end, none past it; empty if there is no such object.
   */
  public Optional<byte[]> getRange(String key, long offset, int length) throws StorageException {
    try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(node.bucket()).object(key)
        .offset(offset).length((long) length).build())) {
      return Optional.of(response.readNBytes(length + 1));
    } catch (ErrorResponseException e) {
      if ("InvalidRange".equals(errorCode(e))) {
        return Optional.of(new byte[0]);
      }
      if ("NoSuchKey".equals(errorCode(e)) || "NoSuchBucket".equals(errorCode(e))) {
        return Optional.empty();
      }
      throw new StorageException("node " + node.id() + " could not read object " + key + ": " + describe(e), e);
    } catch (MinioException | IOException | RuntimeException e) {
      throw new StorageException("node " + node.id() + " could not read object " + key + ": " + describe(e), e);
    }
  }

  @Override
  public Set<ChunkId> list() throws StorageException {
    Set<ChunkId> chunks = new HashSet<>();
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(node.bucket()).build())) {
        return chunks;
      }
      for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(node.bucket()).build())) {
        // A filesystem-backed server lists a write in flight under <name>-<uuid> until it renames it: not a chunk yet.
        String name = item.get().objectName();
        if (ChunkId.isChunkId(name)) {
          chunks.add(new ChunkId(name));
        }
      }
      return chunks;
    } catch (MinioException | RuntimeException e) {
      throw new StorageException("node " + node.id() + " could not list its chunks: " + describe(e), e);
    }
  }

  @Override
  public boolean healthy() {
    try {
      client.bucketExists(BucketExistsArgs.builder().bucket(node.bucket()).build());
      return true;
    } catch (MinioException | RuntimeException e) {
      return false;
    }
  }

  private void ensureBucket() throws MinioException {
    if (bucketReady) {
      return;
    }
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(node.bucket()).build())) {
      try {
        client.makeBucket(MakeBucketArgs.builder().bucket(node.bucket()).build());
      } catch (ErrorResponseException e) {
        if (!"BucketAlreadyOwnedByYou".equals(errorCode(e)) && !"BucketAlreadyExists".equals(errorCode(e))) {
          throw e;
        }
      }
    }
    bucketReady = true;
  }

  private static String errorCode(ErrorResponseException e) {
    return e.errorResponse() == null ? "" : e.errorResponse().code();
  }

  private static String describe(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5"); // only to compare with the S3 ETag, not for integrity
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }
}
