package io.cpchain.consensus.api;

/** A final block with its certificate: what storage keeps and sync sends. */
public record CommittedBlock(Block block, QuorumCertificate qc) {

  public byte[] encode() {
    Encoder out = new Encoder();
    write(out);
    return out.toBytes();
  }

  public static CommittedBlock decode(byte[] bytes) throws CodecException {
    return decode(bytes, SenderCache.NONE);
  }

  public static CommittedBlock decode(byte[] bytes, SenderCache senders) throws CodecException {
    Decoder in = new Decoder(bytes, senders);
    CommittedBlock block = read(in);
    in.end();
    return block;
  }

  void write(Encoder out) {
    block.write(out);
    qc.write(out);
  }

  static CommittedBlock read(Decoder in) throws CodecException {
    return new CommittedBlock(Block.read(in), QuorumCertificate.read(in));
  }
}
