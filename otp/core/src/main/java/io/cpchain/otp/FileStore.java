package io.cpchain.otp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** A resource as a file on a filesystem the reader mounts: {@code file:///dir/<content root>}. */
public final class FileStore implements ResourceStore {

  private final Path file;

  public FileStore(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public String locator() {
    return file.toUri().toString();
  }

  @Override
  public byte[] readRange(long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = offset;
      int read;
      while (buffer.hasRemaining() && (read = channel.read(buffer, position)) > 0) {
        position += read;
      }
    }
    return Arrays.copyOf(buffer.array(), buffer.position());
  }
}
