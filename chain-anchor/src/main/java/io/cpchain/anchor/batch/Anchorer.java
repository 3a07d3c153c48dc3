package io.cpchain.anchor.batch;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Puts batches on the chain, one signed {@code Anchor} transaction per batch, idempotently: the root
 * identifies a batch, so each step first asks the chain for an anchor of that root and submits only
 * if there is none (and the chain itself refuses a second anchor of a root). Steps never wait: the
 * caller calls {@link #advance} again until it returns the final anchor. Throws
 * {@link java.io.UncheckedIOException} when the node cannot be reached; the caller backs off.
 * One instance per submitter key (it keeps the key's next nonce); not thread-safe.
 */
public final class Anchorer {

  private final List<ChainClient> nodes;
  private final AccountPrivateKey key;
  private final String dataset;
  private final long resubmitAfterMs;
  private long chainId = -1;
  private long nextNonce = -1;
  private int current;

  /** {@code nodes}: any of the chain's nodes; when one cannot be reached the next is asked on the next step. */
  public Anchorer(List<ChainClient> nodes, AccountPrivateKey key, String dataset, long resubmitAfterMs) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one chain node");
    }
    this.nodes = List.copyOf(nodes);
    this.key = key;
    this.dataset = dataset;
    this.resubmitAfterMs = resubmitAfterMs;
  }

  /** One step for {@code batch}: the anchor once its root is in a final block, else empty (submitted or waiting). */
  public Optional<Anchored> advance(Batch batch, long nowMs) {
    try {
      return step(batch, nowMs);
    } catch (UncheckedIOException unreachable) {
      current = (current + 1) % nodes.size();
      throw unreachable;
    }
  }

  private Optional<Anchored> step(Batch batch, long nowMs) {
    ChainClient chain = nodes.get(current);
    Optional<Views.AnchorInfo> found = chain.anchor(batch.root());
    if (found.isPresent()) {
      return Optional.of(anchored(chain, found.get()));
    }
    if (batch.txHash() == null || nowMs - batch.submittedAtMs() >= resubmitAfterMs || failed(chain, batch.txHash())) {
      submit(chain, batch, nowMs);
    }
    return Optional.empty();
  }

  private Anchored anchored(ChainClient chain, Views.AnchorInfo anchor) {
    Views.BlockInfo block = chain.block(anchor.height())
        .orElseThrow(() -> new IllegalStateException("anchor at height " + anchor.height() + " but no such block"));
    return new Anchored(chainId(chain), anchor.height(), Hash.fromHex(block.hash()), block.timestampMs(),
        Hash.fromHex(anchor.txHash()), anchor.submitter());
  }

  /** Final but not executed (e.g. its nonce went to another transaction first): submit again. */
  private boolean failed(ChainClient chain, Hash tx) {
    return chain.receipt(tx).map(r -> !"OK".equals(r.status())).orElse(false);
  }

  private void submit(ChainClient chain, Batch batch, long nowMs) {
    if (nextNonce < 0) {
      nextNonce = chain.account(key.publicKey().address()).nonce();
    }
    Payload.Anchor payload = new Payload.Anchor(dataset, batch.root(), batch.size(), batch.intervalStartMs(),
        batch.intervalEndMs());
    Transaction tx = Transaction.sign(key, chainId(chain), nextNonce, payload);
    Views.SubmitResult result = chain.submit(List.of(tx)).get(0);
    // The same batch signed with the same nonce is the same transaction (RFC 6979): already pending is fine.
    if (result.accepted() || result.error().contains("transaction already pending")) {
      nextNonce++;
      batch.submitted(tx.hash(), nowMs);
    } else {
      // The nonce moved under us (a restart, another writer): learn it again on the next step.
      nextNonce = -1;
      throw new IllegalStateException("anchor of " + batch.root() + " refused: " + result.error());
    }
  }

  private long chainId(ChainClient chain) {
    if (chainId < 0) {
      chainId = chain.status().chainId();
    }
    return chainId;
  }

  public String submitter() {
    return key.publicKey().address().toHex();
  }
}
