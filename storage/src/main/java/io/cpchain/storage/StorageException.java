package io.cpchain.storage;

/** A storage operation failed; the message names the node and the chunk. */
public class StorageException extends Exception {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
