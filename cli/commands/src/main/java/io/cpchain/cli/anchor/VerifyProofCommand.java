package io.cpchain.cli.anchor;

import io.cpchain.anchor.verify.ReadingProof;
import io.cpchain.anchor.verify.ReceiptVerifier;
import io.cpchain.consensus.api.ValidatorSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code verify-proof FILE}: checks a proof from {@code prove} with nothing but a chain node. */
@Command(name = "verify-proof", description = "Check a proof file written by 'prove' against a chain node: the"
    + " reading's path to the interval root, the manifest's path to the anchored root, the block's certificate.")
public final class VerifyProofCommand implements Callable<Integer> {

  @Mixin ChainOptions chainOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "the proof file")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no proof file " + file);
    }
    ReadingProof proof = ReadingProof.read(file);
    // Certificates count only if signed by the genesis validators: from --genesis when given, else the file's.
    ValidatorSet validators = chainOptions.genesis != null
        ? chainOptions.validators(Path.of(".")) : proof.validatorSet();
    ReceiptVerifier.Verdict verdict = proof.verify(new ReceiptVerifier(ReceiptVerifier.from(chainOptions.client()),
        validators));
    System.out.println(verdict.verified()
        ? "verified: the reading is in interval [" + proof.decodedReceipt().getIntervalStartMs() + ", "
            + proof.decodedReceipt().getIntervalEndMs() + ") of " + proof.decodedReceipt().getDeviceId()
            + ", anchored in final block " + proof.decodedReceipt().getBlockHeight()
        : verdict.toString());
    return verdict.verified() ? 0 : 1;
  }
}
