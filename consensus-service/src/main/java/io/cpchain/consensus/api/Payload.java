package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;

/**
 * What a transaction does. Each kind has a one-byte tag on the wire; its fields are checked here
 * (stateless rules), the state decides the rest (balances, deposits, who may revoke).
 */
public sealed interface Payload {

  int MAX_DATASET = 128;

  byte tag();

  void write(Encoder out);

  /** Stateless validity; throws with the reason. */
  void check() throws CodecException;

  /** Moves {@code amount} from the sender to {@code to}. */
  record Transfer(Address to, long amount) implements Payload {
    public byte tag() {
      return 1;
    }

    public void write(Encoder out) {
      out.address(to).i64(amount);
    }

    public void check() throws CodecException {
      positive(amount, "transfer amount");
    }
  }

  /** Admission: locks {@code deposit} of the sender's balance and makes the sender an RNode. */
  record RegisterRNode(long deposit) implements Payload {
    public byte tag() {
      return 2;
    }

    public void write(Encoder out) {
      out.i64(deposit);
    }

    public void check() throws CodecException {
      positive(deposit, "deposit");
    }
  }

  /** The sender anchors the Merkle root of {@code itemCount} items of a dataset over an interval range. */
  record Anchor(String dataset, Hash merkleRoot, long itemCount, long intervalStart, long intervalEnd)
      implements Payload {
    public byte tag() {
      return 3;
    }

    public void write(Encoder out) {
      out.string(dataset).hash(merkleRoot).i64(itemCount).i64(intervalStart).i64(intervalEnd);
    }

    public void check() throws CodecException {
      checkDataset(dataset);
      positive(itemCount, "item count");
      range(intervalStart, intervalEnd);
    }
  }

  /** Sharing rights over an interval range of a dataset: what {@link Grant} gives and {@link Revoke} takes back. */
  sealed interface Rights extends Payload {
    String dataset();

    Address grantee();

    long fromInterval();

    long toInterval();

    default void write(Encoder out) {
      out.string(dataset()).address(grantee()).i64(fromInterval()).i64(toInterval());
    }

    default void check() throws CodecException {
      checkDataset(dataset());
      range(fromInterval(), toInterval());
    }
  }

  /** The sender (dataset owner) lets {@code grantee} read intervals {@code [from, to]} of a dataset. */
  record Grant(String dataset, Address grantee, long fromInterval, long toInterval) implements Rights {
    public byte tag() {
      return 4;
    }
  }

  /** The sender withdraws a grant it made. */
  record Revoke(String dataset, Address grantee, long fromInterval, long toInterval) implements Rights {
    public byte tag() {
      return 5;
    }
  }

  /** The sender, a proxy, delivered a re-encrypted fragment of one interval of a dataset to {@code grantee}. */
  record ProxyReceipt(String dataset, Address grantee, long interval, Hash fragmentHash) implements Payload {
    public byte tag() {
      return 6;
    }

    public void write(Encoder out) {
      out.string(dataset).address(grantee).i64(interval).hash(fragmentHash);
    }

    public void check() throws CodecException {
      checkDataset(dataset);
      if (interval < 0) {
        throw new CodecException("interval must not be negative");
      }
    }
  }

  static Payload read(int tag, Decoder in) throws CodecException {
    return switch (tag) {
      case 1 -> new Transfer(in.address(), in.i64());
      case 2 -> new RegisterRNode(in.i64());
      case 3 -> new Anchor(in.string(), in.hash(), in.i64(), in.i64(), in.i64());
      case 4 -> new Grant(in.string(), in.address(), in.i64(), in.i64());
      case 5 -> new Revoke(in.string(), in.address(), in.i64(), in.i64());
      case 6 -> new ProxyReceipt(in.string(), in.address(), in.i64(), in.hash());
      default -> throw new CodecException("unknown transaction type " + tag);
    };
  }

  private static void positive(long value, String what) throws CodecException {
    if (value <= 0) {
      throw new CodecException(what + " must be positive");
    }
  }

  private static void checkDataset(String dataset) throws CodecException {
    if (dataset.isEmpty() || dataset.length() > MAX_DATASET) {
      throw new CodecException("dataset id must be 1.." + MAX_DATASET + " characters");
    }
  }

  private static void range(long from, long to) throws CodecException {
    if (from < 0 || to < from) {
      throw new CodecException("interval range must satisfy 0 <= from <= to");
    }
  }
}
