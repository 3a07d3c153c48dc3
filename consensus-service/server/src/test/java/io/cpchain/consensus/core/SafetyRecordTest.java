package io.cpchain.consensus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.GoldenVectors;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.core.SafetyRecord.Step;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored safety record byte for byte ({@code golden/safety-record.txt}): version 1 encodes and
 * decodes as golden, a record written by the unversioned code before it (version 0) reads as the
 * same record, and an unknown version is refused.
 */
class SafetyRecordTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final GoldenVectors GOLDEN = GoldenVectors.read("/golden/safety-record.txt");

  private static SafetyRecord golden() throws CodecException {
    Block block = Block.decode(GOLDEN.get("block"));
    List<Vote> polka = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      polka.add(((Message.VoteMessage) Message.decode(GOLDEN.get("polka." + i))).vote());
    }
    return new SafetyRecord(5, 1, Step.PRECOMMIT, 1, block, 1, block, polka);
  }

  @Test
  void versionOneEncodesAndDecodesAsGolden() throws Exception {
    assertEquals(HEX.formatHex(GOLDEN.get("safety.v1")), HEX.formatHex(golden().encode()));
    assertEquals(golden(), SafetyRecord.decode(GOLDEN.get("safety.v1")));
  }

  @Test
  void aRecordWrittenBeforeTheVersionByteReadsAsTheSameRecord() throws Exception {
    assertEquals(golden(), SafetyRecord.decode(GOLDEN.get("safety.v0")));
  }

  @Test
  void aRecordWithNothingLockedRoundTrips() throws Exception {
    SafetyRecord proposed = new SafetyRecord(9, 0, Step.PROPOSAL, -1, null, -1, null, List.of());
    assertEquals(proposed, SafetyRecord.decode(proposed.encode()));
  }

  @Test
  void anUnknownVersionIsRefusedSayingSo() {
    byte[] future = GOLDEN.get("safety.v1");
    future[0] = 2;
    String message = assertThrows(CodecException.class, () -> SafetyRecord.decode(future)).getMessage();
    assertTrue(message.contains("unknown safety record version 2"), message);
    assertThrows(CodecException.class, () -> SafetyRecord.decode(new byte[0]));
  }

  @Test
  void onlyALaterPositionMaySign() throws Exception {
    SafetyRecord signed = golden(); // height 5, round 1, precommit
    assertFalse(signed.allows(5, 1, Step.PRECOMMIT));
    assertFalse(signed.allows(5, 1, Step.PREVOTE));
    assertFalse(signed.allows(5, 0, Step.PRECOMMIT));
    assertFalse(signed.allows(4, 9, Step.PROPOSAL));
    assertTrue(signed.allows(5, 2, Step.PROPOSAL));
    assertTrue(signed.allows(6, 0, Step.PROPOSAL));
  }
}
