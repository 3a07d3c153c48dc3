package io.cpchain.crypto.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A file holding a secret (a password, a key, a credential): written owner-only from its first byte, to
 * a temp file beside it that is then moved in place, so no reader ever sees it open to others or half
 * written. Readers refuse one that others may read or write.
 */
public final class SecretFile {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SecretFile() {}

  /** Writes {@code content} to {@code file}, replacing what is there (whatever its permissions were). */
  public static void replace(Path file, byte[] content) throws IOException {
    Path temp = writeTemp(file, content);
    try {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes {@code content} to a new {@code file}; one that exists is left alone. */
  public static void create(Path file, byte[] content) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    Path temp = writeTemp(file, content);
    try {
      Files.createLink(file, temp); // unlike a rename, fails if another writer got there first
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Refuses a secret file that others may read or write: whoever made it so may have read it. */
  public static void requireOwnerOnly(Path file) throws IOException {
    if (!isPosix(file)) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(permissions)) {
      throw new IllegalStateException(file + " holds a secret but is open to others ("
          + PosixFilePermissions.toString(permissions) + "); chmod 600 " + file);
    }
  }

  private static Path writeTemp(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] ownerOnly = isPosix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return temp;
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
