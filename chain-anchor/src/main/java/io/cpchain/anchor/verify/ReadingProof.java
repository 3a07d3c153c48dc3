package io.cpchain.anchor.verify;

import io.cpchain.schemas.Bytes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.anchor.verify.ReceiptVerifier.Outcome;
import io.cpchain.anchor.verify.ReceiptVerifier.Verdict;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.merkle.InclusionProof;
import io.cpchain.crypto.sign.Address;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A self-contained proof that one reading belongs to an anchored interval: reading → (inclusion proof)
 * → the interval's readings Merkle root in the manifest → (manifest hash, inclusion proof) → the batch
 * root → the Anchor transaction in a final block. A JSON file; byte fields are hex. It carries the
 * validator set it was made with: a verifier checks the block's certificate against it, and should
 * compare it with the chain's genesis it trusts.
 *
 * @param reading the reading's single-object encoding (the interval tree's leaf)
 * @param readingProof crypto's encoding of the reading's inclusion proof in the interval's tree
 * @param manifest the manifest as published
 * @param receipt the manifest's {@link AnchorReceipt}, single-object encoded
 */
public record ReadingProof(int version, long chainId, List<String> validators, String reading, String readingProof,
    String manifest, String receipt) {

  public static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public static ReadingProof of(ValidatorSet validators, byte[] reading, InclusionProof readingProof,
      byte[] manifest, AnchorReceipt receipt) {
    HexFormat hex = HexFormat.of();
    return new ReadingProof(VERSION, validators.chainId(), validators.members().stream().map(Address::toHex).toList(),
        hex.formatHex(reading), hex.formatHex(readingProof.toBytes()), hex.formatHex(manifest),
        hex.formatHex(AvroMessages.of(AnchorReceipt.class).encode(receipt)));
  }

  public void write(Path file) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
  }

  /** Reads a proof file; throws {@link IllegalArgumentException} with one line if it is not one. */
  public static ReadingProof read(Path file) throws IOException {
    ReadingProof proof;
    try {
      proof = JSON.readValue(Files.readAllBytes(file), ReadingProof.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(file + " is not a proof file: " + e.getOriginalMessage());
    }
    if (proof.version() != VERSION) {
      throw new IllegalArgumentException(file + ": unknown proof version " + proof.version());
    }
    return proof;
  }

  public ValidatorSet validatorSet() {
    List<Address> members = new ArrayList<>();
    for (String address : validators) {
      try {
        members.add(Address.fromHex(address));
      } catch (CryptoFormatException e) {
        throw new IllegalArgumentException("validator '" + address + "' is not an address");
      }
    }
    return new ValidatorSet(chainId, members);
  }

  public AnchorReceipt decodedReceipt() throws IOException {
    return AvroMessages.of(AnchorReceipt.class).decode(HexFormat.of().parseHex(receipt));
  }

  /** Checks the whole chain of the proof against the blocks of {@code verifier}. */
  public Verdict verify(ReceiptVerifier verifier) throws IOException {
    HexFormat hex = HexFormat.of();
    byte[] manifestBytes = hex.parseHex(manifest);
    IntervalManifest decoded;
    try {
      decoded = AvroMessages.of(IntervalManifest.class).decode(manifestBytes);
    } catch (IOException | RuntimeException e) {
      return new Verdict(Outcome.MANIFEST_ALTERED, "the manifest does not decode: " + e.getMessage());
    }
    InclusionProof path;
    try {
      path = InclusionProof.fromBytes(hex.parseHex(readingProof));
    } catch (CryptoFormatException e) {
      return new Verdict(Outcome.PROOF_WRONG, "reading proof: " + e.getMessage());
    }
    if (path.treeSize() != decoded.getReadingCount()
        || !path.verifyLeaf(hex.parseHex(reading), Bytes.of(decoded.getReadingsMerkleRoot()))) {
      return new Verdict(Outcome.PROOF_WRONG, "the reading is not leaf " + path.leafIndex() + " of the interval's "
          + decoded.getReadingCount() + " readings");
    }
    return verifier.verify(manifestBytes, decodedReceipt());
  }
}
