package io.cpchain.consensus.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signed and stored formats byte for byte: fixed objects ({@link GoldenObjects}) encode to the
 * golden bytes in {@code golden/formats.txt}, the golden bytes decode to those objects, and what is
 * signed or hashed is the golden bytes too. A change of any format fails here.
 */
class GoldenFormatsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final GoldenVectors GOLDEN = GoldenVectors.read("/golden/formats.txt");

  private static byte[] golden(String name) {
    return GOLDEN.get(name);
  }

  private static void assertBytes(String name, byte[] actual) {
    assertEquals(HEX.formatHex(golden(name)), HEX.formatHex(actual), name);
  }

  @Test
  void everyTransactionPayloadTypeEncodesSignsAndHashesAsGolden() throws Exception {
    Map<String, Transaction> txs = GoldenObjects.transactions();
    assertEquals(20, txs.size(), "one vector per payload type");
    for (Map.Entry<String, Transaction> e : txs.entrySet()) {
      String name = "tx." + e.getKey();
      Transaction tx = e.getValue();
      byte[] encoded = tx.encoded();
      assertBytes(name, encoded);
      byte[] signed = new byte[encoded.length - 65];
      System.arraycopy(encoded, 0, signed, 0, signed.length);
      assertBytes(name + ".signed", signed);
      assertBytes(name + ".hash", tx.hash().toBytes());
      Transaction decoded = Transaction.decode(golden(name));
      assertEquals(tx, decoded, name);
      assertEquals(tx.payload().getClass(), decoded.payload().getClass());
      assertEquals(GoldenObjects.address(GoldenObjects.ALICE), decoded.sender(), name + ": the signer recovers");
      assertArrayEquals(golden(name), decoded.encoded());
    }
  }

  @Test
  void theProxyFaultEvidenceKeepsItsSignedResponseAndTerms() throws Exception {
    Payload.ProxyFault fault = (Payload.ProxyFault) Transaction.decode(golden("tx.proxy-fault")).payload();
    assertEquals(GoldenObjects.terms(), fault.sharingTerms());
    assertEquals(GoldenObjects.address(GoldenObjects.PROXY), fault.response().signer(fault.signature()));
  }

  @Test
  void theBlockAndItsHeaderEncodeAsGolden() throws Exception {
    Block block = GoldenObjects.block();
    Encoder header = new Encoder();
    block.header().write(header);
    assertBytes("header", header.toBytes());
    assertBytes("block", block.encode());
    assertBytes("block.hash", block.hash().toBytes());
    assertEquals(Hash.keccak(golden("header")), block.hash(), "the block hash is Keccak-256 of the header");
    Block decoded = Block.decode(golden("block"));
    assertEquals(block, decoded);
    assertEquals(block.header(), decoded.header());
    assertEquals(block.txs(), decoded.txs());
  }

  @Test
  void votesEncodeAndSignAsGolden() throws Exception {
    for (Vote.VoteType type : Vote.VoteType.values()) {
      String name = "vote." + type.name().toLowerCase(java.util.Locale.ROOT);
      Vote vote = GoldenObjects.vote(GoldenObjects.ALICE, type);
      Encoder out = new Encoder();
      vote.write(out);
      assertBytes(name, out.toBytes());
      assertBytes(name + ".signed", Vote.signedBytes(type, vote.chainId(), vote.height(), vote.round(),
          vote.blockHash()));
      Vote decoded = Vote.read(new Decoder(golden(name)));
      assertEquals(vote, decoded);
      assertEquals(GoldenObjects.address(GoldenObjects.ALICE), decoded.voter().orElseThrow());
    }
  }

  @Test
  void theCertificateTheCommittedBlockAndTheProposalEncodeAsGolden() throws Exception {
    QuorumCertificate qc = GoldenObjects.certificate();
    assertBytes("qc", qc.encode());
    assertEquals(qc, QuorumCertificate.decode(golden("qc")));
    ValidatorSet signers = new ValidatorSet(GoldenObjects.CHAIN, java.util.List.of(
        GoldenObjects.address(GoldenObjects.ALICE), GoldenObjects.address(GoldenObjects.BOB),
        GoldenObjects.address(GoldenObjects.PROXY)));
    assertEquals(Verdict.OK, QuorumCertificate.decode(golden("qc")).verify(GoldenObjects.block().hash(), 5, signers));

    CommittedBlock committed = new CommittedBlock(GoldenObjects.block(), qc);
    assertBytes("committed-block", committed.encode());
    assertEquals(committed, CommittedBlock.decode(golden("committed-block")));

    Proposal proposal = GoldenObjects.proposal();
    Encoder out = new Encoder();
    proposal.write(out);
    assertBytes("proposal", out.toBytes());
    Proposal decoded = Proposal.read(new Decoder(golden("proposal")));
    assertEquals(proposal, decoded);
    assertEquals(GoldenObjects.address(GoldenObjects.BOB), decoded.signer().orElseThrow());
  }
}
