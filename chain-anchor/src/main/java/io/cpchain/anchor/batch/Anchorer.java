package io.cpchain.anchor.batch;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts batches on the chain, one signed {@code Anchor} transaction per batch, idempotently: the root
 * identifies a batch, so a batch is first looked up as this submitter's anchor of its root and
 * submitted only if the chain has none (and the chain itself refuses an account's second anchor of a
 * root). Each call is one step that never waits: it follows the final blocks since the last call (one
 * request per block, whatever the number of batches in flight), reports the batches whose root became
 * final, and submits the batches that need it in one request with consecutive nonces. The chain keys
 * anchors by submitter and root, so an account that saw the batch or its pending transaction and
 * anchored the root first holds an anchor of its own and takes nothing from this one. Throws
 * {@link UncheckedIOException} when the node cannot be reached (the next call asks the next node) and
 * {@link IllegalStateException} when a submission is refused; the caller backs off. One instance per
 * submitter key; not thread-safe.
 */
public final class Anchorer {

  private final List<ChainClient> nodes;
  private final AccountPrivateKey key;
  private final Address submitter;
  private final String dataset;
  private final long resubmitAfterMs;
  private final Map<Hash, Batch> inFlight = new HashMap<>();
  private final Set<Batch> lookedUp = Collections.newSetFromMap(new IdentityHashMap<>());
  private long chainId = -1;
  private long nextNonce = -1;
  private long nextHeight = -1;
  private int current;

  /** {@code nodes}: any of the chain's nodes; when one cannot be reached the next is asked on the next step. */
  public Anchorer(List<ChainClient> nodes, AccountPrivateKey key, String dataset, long resubmitAfterMs) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one chain node");
    }
    this.nodes = List.copyOf(nodes);
    this.key = key;
    this.submitter = key.publicKey().address();
    this.dataset = dataset;
    this.resubmitAfterMs = resubmitAfterMs;
  }

  /** One step for these batches (oldest first): those whose root is now in a final block, with where. */
  public Map<Batch, Anchored> advance(List<Batch> batches, long nowMs) {
    try {
      return step(nodes.get(current), batches, nowMs);
    } catch (UncheckedIOException unreachable) {
      current = (current + 1) % nodes.size();
      throw unreachable;
    }
  }

  private Map<Batch, Anchored> step(ChainClient chain, List<Batch> batches, long nowMs) {
    Map<Batch, Anchored> done = new LinkedHashMap<>();
    if (chainId < 0) {
      Views.ChainStatus status = chain.status();
      chainId = status.chainId();
      nextHeight = status.height() + 1;
    }
    Set<Batch> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    pending.addAll(batches);
    // Batches from before a restart, and submissions not final in time, may be anchored already. (Were one
    // missed, its second Anchor would fail on chain as a duplicate, and the block scan finds the first.)
    for (Batch batch : batches) {
      boolean due = batch.txHash() != null && nowMs - batch.submittedAtMs() >= resubmitAfterMs;
      if (batch.restored() && lookedUp.add(batch) || due) {
        Optional<Views.AnchorInfo> found = chain.anchor(submitter, batch.root());
        if (found.isPresent()) {
          done.put(batch, anchored(chain, found.get()));
        } else if (due) {
          batch.submitted(null, 0);
        }
      }
    }
    // Final blocks since the last step: our transactions in them decide their batches.
    long height = chain.status().height();
    for (; nextHeight <= height; nextHeight++) {
      Views.BlockInfo block = chain.block(nextHeight).orElseThrow(
          () -> new UncheckedIOException(new java.io.IOException("block " + nextHeight + " not served yet")));
      for (String tx : block.txs()) {
        Batch batch = inFlight.remove(Hash.fromHex(tx));
        // Our anchor of the root, which may be an earlier transaction of ours if this one was a resubmission.
        if (batch != null && pending.contains(batch) && !done.containsKey(batch)) {
          Views.AnchorInfo anchor = chain.anchor(submitter, batch.root()).orElseThrow(
              () -> new IllegalStateException("anchor tx " + tx + " of " + batch.root()
                  + " is final but the chain has no anchor of that root by " + submitter()));
          done.put(batch, anchored(chain, anchor));
        }
      }
    }
    List<Batch> toSubmit = new ArrayList<>();
    for (Batch batch : batches) {
      if (!done.containsKey(batch) && batch.txHash() == null) {
        toSubmit.add(batch);
      }
    }
    submit(chain, toSubmit, nowMs);
    return done;
  }

  private Anchored anchored(ChainClient chain, Views.AnchorInfo anchor) {
    Views.BlockInfo block = chain.block(anchor.height())
        .orElseThrow(() -> new IllegalStateException("anchor at height " + anchor.height() + " but no such block"));
    return new Anchored(chainId, anchor.height(), Hash.fromHex(block.hash()), block.timestampMs(),
        Hash.fromHex(anchor.txHash()), anchor.submitter());
  }

  private void submit(ChainClient chain, List<Batch> batches, long nowMs) {
    if (batches.isEmpty()) {
      return;
    }
    if (nextNonce < 0) {
      nextNonce = chain.account(submitter).nonce();
    }
    List<Transaction> txs = new ArrayList<>();
    for (Batch batch : batches) {
      Payload.Anchor payload = new Payload.Anchor(dataset, batch.root(), batch.size(), batch.intervalStartMs(),
          batch.intervalEndMs());
      txs.add(Transaction.sign(key, chainId, nextNonce + txs.size(), payload));
    }
    List<Views.SubmitResult> results = chain.submit(txs);
    String refused = null;
    for (int i = 0; i < txs.size(); i++) {
      Views.SubmitResult result = results.get(i);
      // The same batch signed with the same nonce is the same transaction (RFC 6979): already pending is fine.
      if (result.accepted() || result.error().contains("transaction already pending")) {
        batches.get(i).submitted(txs.get(i).hash(), nowMs);
        inFlight.put(txs.get(i).hash(), batches.get(i));
      } else if (refused == null) {
        refused = "anchor of " + batches.get(i).root() + " refused: " + result.error();
      }
    }
    nextNonce += txs.size();
    if (refused != null) {
      // The nonce moved under us (a restart, another writer): learn it again; refused batches go next step.
      nextNonce = -1;
      throw new IllegalStateException(refused);
    }
  }

  public String submitter() {
    return submitter.toHex();
  }
}
