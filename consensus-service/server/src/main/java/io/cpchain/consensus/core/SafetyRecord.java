package io.cpchain.consensus.core;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.Decoder;
import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.Vote;
import java.util.ArrayList;
import java.util.List;

/**
 * What a validator signed last and what it was locked on, stored before any proposal or vote leaves
 * so that after a crash it signs nothing at or before that position again: the last signed
 * (height, round, step), its lock and valid value at that height, and the polka (2f+1 prevotes)
 * behind the valid value.
 *
 * <p>Format version 1: {@code 0x01 | height i64 | round i32 | step u8 | lockedRound i32 |
 * validRound i32 | bytes lockedValue | bytes validValue | count i32 | count × bytes vote message}
 * (an empty value is none). Records written before the version byte (version 0) are read too:
 * {@code (height << 24 | round << 2 | step) i64 | lockHeight i64 | lockedRound i32 | validRound i32 |
 * bytes lockedValue | bytes validValue | [count i32 | votes]}; their first byte is the top byte of
 * that packed position, 0 for every height below 2^32, which is how they are told from later versions.
 */
public record SafetyRecord(long height, int round, Step step, int lockedRound, Block lockedValue, int validRound,
    Block validValue, List<Vote> polka) {

  /** What was signed, in the order a validator signs them within a round. */
  public enum Step { PROPOSAL, PREVOTE, PRECOMMIT }

  public static final int VERSION = 1;
  private static final int LEGACY = 0;

  public SafetyRecord {
    polka = List.copyOf(polka);
  }

  /** Whether signing at (h, r, s) comes strictly after what this record holds. */
  public boolean allows(long h, int r, Step s) {
    if (h != height) {
      return h > height;
    }
    return r != round ? r > round : s.compareTo(step) > 0;
  }

  public byte[] encode() {
    Encoder out = new Encoder().u8(VERSION).i64(height).i32(round).u8(step.ordinal()).i32(lockedRound).i32(validRound);
    out.bytes(lockedValue == null ? new byte[0] : lockedValue.encode());
    out.bytes(validValue == null ? new byte[0] : validValue.encode());
    out.i32(polka.size());
    polka.forEach(v -> out.bytes(Message.encode(new Message.VoteMessage(v))));
    return out.toBytes();
  }

  /** Reads versions 1 and 0; any other version, or a malformed record, is refused with the reason. */
  public static SafetyRecord decode(byte[] bytes) throws CodecException {
    if (bytes.length == 0) {
      throw new CodecException("empty safety record");
    }
    int version = bytes[0] & 0xff;
    if (version == LEGACY) {
      return decodeLegacy(bytes);
    }
    if (version != VERSION) {
      throw new CodecException("unknown safety record version " + version + " (this node reads 0 and " + VERSION
          + "): written by a newer node?");
    }
    Decoder in = new Decoder(bytes);
    in.u8();
    long height = in.i64();
    int round = in.i32();
    int step = in.u8();
    if (step >= Step.values().length) {
      throw new CodecException("unknown signing step " + step);
    }
    int lockedRound = in.i32();
    int validRound = in.i32();
    Block locked = block(in.bytes());
    Block valid = block(in.bytes());
    List<Vote> polka = votes(in, in.i32());
    in.end();
    return new SafetyRecord(height, round, Step.values()[step], lockedRound, locked, validRound, valid, polka);
  }

  private static SafetyRecord decodeLegacy(byte[] bytes) throws CodecException {
    Decoder in = new Decoder(bytes);
    long packed = in.i64();
    long lockHeight = in.i64();
    int lockedRound = in.i32();
    int validRound = in.i32();
    Block locked = block(in.bytes());
    Block valid = block(in.bytes());
    List<Vote> polka = votes(in, in.atEnd() ? 0 : in.i32()); // the first records kept no polka
    in.end();
    long height = packed >>> 24;
    int round = (int) ((packed >> 2) & 0x3fffff);
    int step = (int) (packed & 3);
    if (step >= Step.values().length) {
      throw new CodecException("unknown signing step " + step);
    }
    if (lockHeight != height) { // a lock of another height than the last signature restores nothing
      return new SafetyRecord(height, round, Step.values()[step], -1, null, -1, null, List.of());
    }
    return new SafetyRecord(height, round, Step.values()[step], lockedRound, locked, validRound, valid, polka);
  }

  private static Block block(byte[] encoded) throws CodecException {
    return encoded.length == 0 ? null : Block.decode(encoded);
  }

  private static List<Vote> votes(Decoder in, int count) throws CodecException {
    List<Vote> votes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!(Message.decode(in.bytes()) instanceof Message.VoteMessage m)) {
        throw new CodecException("the polka holds a message that is not a vote");
      }
      votes.add(m.vote());
    }
    return votes;
  }
}
