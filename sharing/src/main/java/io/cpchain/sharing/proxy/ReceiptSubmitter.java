package io.cpchain.sharing.proxy;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the proxy's transactions (its RNode registration, its receipts) to the chain off the request
 * path, with its own nonce counter: what is queued is drained at most {@code MAX_BATCH} at a time,
 * its receipts in one {@link Payload.ProxyReceipts} transaction (one signature for the chain to check,
 * not one per re-encryption). A refused batch (a nonce out of step after a restart)
 * resynchronises the nonce from the chain and is sent once more; a receipt that still fails is
 * logged and dropped: the cfrag was served either way, only the reputation credit is lost.
 */
final class ReceiptSubmitter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ReceiptSubmitter.class.getName());
  private static final int MAX_BATCH = Payload.MAX_RECEIPTS;

  private final ChainClient chain;
  private final AccountPrivateKey key;
  private final long chainId;
  private final LinkedBlockingQueue<Payload> queue = new LinkedBlockingQueue<>();
  private final Thread sender;
  private long nonce;
  private volatile boolean closed;

  ReceiptSubmitter(ChainClient chain, AccountPrivateKey key) {
    this.chain = chain;
    this.key = key;
    this.chainId = chain.status().chainId();
    this.nonce = chain.account(key.publicKey().address()).nonce();
    this.sender = new Thread(this::run, "proxy-receipts");
    sender.setDaemon(true);
    sender.start();
  }

  void submit(Payload payload) {
    queue.add(payload);
  }

  private void run() {
    while (!closed || !queue.isEmpty()) {
      try {
        Payload first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Payload> batch = new ArrayList<>(List.of(first));
        queue.drainTo(batch, MAX_BATCH - 1);
        if (!send(batch)) {
          nonce = chain.account(key.publicKey().address()).nonce();
          if (!send(batch)) {
            LOG.warning("the chain refused " + batch.size() + " proxy transactions twice; dropped");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "cannot reach the chain to submit receipts: " + e.getMessage());
      }
    }
  }

  private boolean send(List<Payload> batch) {
    List<Transaction> txs = new ArrayList<>();
    long next = nonce;
    for (Payload p : batched(batch)) {
      txs.add(Transaction.sign(key, chainId, next++, p));
    }
    List<Views.SubmitResult> results = chain.submit(txs);
    if (results.stream().allMatch(Views.SubmitResult::accepted)) {
      nonce = next;
      return true;
    }
    return false;
  }

  /** The receipts of {@code payloads} in one {@link Payload.ProxyReceipts}, after the other payloads in their order. */
  static List<Payload> batched(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>();
    List<Payload.ProxyReceipt> receipts = new ArrayList<>();
    for (Payload p : payloads) {
      if (p instanceof Payload.ProxyReceipt receipt) {
        receipts.add(receipt);
      } else {
        out.add(p);
      }
    }
    if (!receipts.isEmpty()) {
      out.add(new Payload.ProxyReceipts(receipts));
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    sender.join(5_000);
  }
}
