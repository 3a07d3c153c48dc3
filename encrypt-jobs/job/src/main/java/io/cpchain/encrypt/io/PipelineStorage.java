package io.cpchain.encrypt.io;

import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.NodeStore;
import io.cpchain.storage.S3NodeStore;
import io.cpchain.storage.StorageCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/** What the job's writer needs on a task manager: the storage nodes and the node's signing key. */
public final class PipelineStorage {

  private PipelineStorage() {}

  /** Reads the storage credentials where the task runs, as the signing key. */
  public static ChunkStore chunkStore(EncryptJobConfig config) throws IOException {
    StorageCredentials credentials = StorageCredentials.read(Path.of(config.storageCredentialsFile()));
    List<NodeStore> stores = config.storageNodeList().stream()
        .map(node -> (NodeStore) new S3NodeStore(node, credentials))
        .toList();
    return new ChunkStore(stores, config.replicas());
  }

  /** Reads the signing key where the task runs: it never travels in the job graph or its arguments. */
  public static AccountPrivateKey signingKey(EncryptJobConfig config) throws IOException, GeneralSecurityException {
    return KeyStore.loadAccountFile(Path.of(config.signingKeyFile()),
        PasswordFile.read(Path.of(config.signingKeyPasswordFile())));
  }
}
