package io.cpchain.sharing.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptSubmitterTest {

  @Test
  void queuedReceiptsGoInOneBatchAfterThePayloadsThatAreNotReceipts() {
    Payload.ProxyReceipt first = new Payload.ProxyReceipt(Hash.keccak(new byte[] {1}), 10, Hash.keccak(new byte[] {2}));
    Payload.ProxyReceipt second = new Payload.ProxyReceipt(Hash.keccak(new byte[] {1}), 11, Hash.keccak(new byte[] {3}));
    Payload register = new Payload.RegisterRNode(500);

    assertEquals(List.of(register, new Payload.ProxyReceipts(List.of(first, second))),
        ReceiptSubmitter.batched(List.of(first, register, second)));
    assertEquals(List.of(register), ReceiptSubmitter.batched(List.of(register)));
  }
}
