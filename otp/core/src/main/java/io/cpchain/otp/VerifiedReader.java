package io.cpchain.otp;

import io.cpchain.consensus.api.Hash;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a resource from its backends and takes only the bytes the chain commits to: each backend in
 * the order the owner registered them, chunk by chunk (one range read each), every chunk hashed as a
 * leaf, and the root, the total length and the chunk count compared with the commitment. The bytes go
 * to a file beside the target, moved into place only once they verify: nothing unverified is ever
 * left as the output. A backend that serves other, fewer or more bytes, or fails, is named, and the
 * next one is tried.
 */
public final class VerifiedReader {

  private final ResourceStores stores;

  public VerifiedReader(ResourceStores stores) {
    this.stores = stores;
  }

  /** What was read: the locator that served bytes matching the commitment, and why the ones before it did not. */
  public record Read(String servedBy, List<String> refused) {}

  /** Writes the verified bytes to {@code out}; throws {@link ContentRefusedException} naming each backend if none serves them. */
  public Read read(ContentCommitment commitment, List<String> locators, Path out) throws IOException {
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    List<String> refused = new ArrayList<>();
    for (String locator : locators) {
      Path aside = Files.createTempFile(dir, ".otp-", ".part");
      try {
        String fault = readInto(stores.open(locator), commitment, aside);
        if (fault == null) {
          Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          return new Read(locator, refused);
        }
        refused.add(locator + " " + fault);
      } catch (IllegalArgumentException e) {
        refused.add(e.getMessage());
      } finally {
        Files.deleteIfExists(aside);
      }
    }
    throw new ContentRefusedException(refused);
  }

  /** Null if the store served exactly the committed bytes (now in {@code into}), else what is wrong with them. */
  private static String readInto(ResourceStore store, ContentCommitment commitment, Path into) {
    ContentCommitment.Hasher hasher = new ContentCommitment.Hasher();
    try (OutputStream sink = Files.newOutputStream(into)) {
      for (long index = 0; index < commitment.chunkCount(); index++) {
        int length = commitment.chunkLength(index);
        byte[] chunk = store.readRange(index * commitment.chunkSize(), length);
        if (chunk.length < length) {
          return "served truncated bytes: chunk " + index + " has " + chunk.length + " of its " + length
              + " bytes (the chain commits to " + commitment.totalLength() + " bytes)";
        }
        if (chunk.length > length) {
          return "served more than chunk " + index + "'s " + length + " bytes";
        }
        hasher.add(chunk);
        sink.write(chunk);
      }
      if (store.readRange(commitment.totalLength(), 1).length > 0) {
        return "served more than the " + commitment.totalLength() + " bytes the chain commits to";
      }
    } catch (IOException e) {
      return "failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }
    Hash root = hasher.root();
    return root.equals(commitment.root()) ? null : "served altered bytes: their Merkle root is " + root.toHex()
        + ", the chain commits to " + commitment.root().toHex();
  }
}
