package io.cpchain.consensus.server;

import io.cpchain.consensus.api.DeviceRecord;
import io.cpchain.consensus.api.OwnerRecord;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ResourceRecord;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.state.AnchorRecord;
import io.cpchain.consensus.state.ChainState;
import io.cpchain.consensus.state.FaultRecord;
import io.cpchain.consensus.state.Receipt;
import io.cpchain.crypto.sign.Address;
import io.cpchain.otp.uri.OtpUri;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/** The node's state as the API's JSON documents ({@link Views}, which clients read without the node's types). */
final class ApiViews {

  private ApiViews() {}

  static Views.ReceiptInfo receipt(Receipt r) {
    return new Views.ReceiptInfo(r.txHash().toHex(), r.height(), r.index(), r.status().name(), r.reason());
  }

  static Views.FaultInfo fault(FaultRecord f) {
    return new Views.FaultInfo(f.grantId().toHex(), f.interval(), f.proxy().toHex(), f.defect(), f.height(),
        f.txHash().toHex());
  }

  static Views.AnchorInfo anchor(AnchorRecord a) {
    return new Views.AnchorInfo(a.merkleRoot().toHex(), a.dataset(), a.itemCount(), a.intervalStart(),
        a.intervalEnd(), a.submitter().toHex(), a.height(), a.txHash().toHex());
  }

  static Views.GrantInfo grant(ChainState.GrantRecord g) {
    Payload.Grant t = g.terms();
    return new Views.GrantInfo(g.id().toHex(), t.dataset(), g.owner().toHex(), t.grantee().toHex(), t.purpose(),
        t.fromInterval(), t.toInterval(), t.expiresAtMs(), t.threshold(),
        t.proxies().stream().map(Address::toHex).toList(), t.kfragCommitment().toHex(), g.height(),
        g.grantedAtMs(), g.revoked() ? g.revokedHeight() : null, g.revoked() ? g.revokedAtMs() : null);
  }

  static Views.OwnerInfo owner(OwnerRecord o) {
    return new Views.OwnerInfo(o.owner().toHex(), o.keys().stream().map(k -> new Views.RootKeyInfo(
        hex(k.rootKey().toBytes()), k.effectiveFromMs(), k.height(), k.txHash().toHex())).toList());
  }

  static Views.DeviceInfo device(DeviceRecord d) {
    List<Views.DeviceKeyInfo> keys = IntStream.range(0, d.keys().size()).mapToObj(i -> {
      DeviceRecord.DeviceKey k = d.keys().get(i);
      long until = d.endOf(i);
      return new Views.DeviceKeyInfo(hex(k.publicKey().toBytes()), k.publicKey().keyId(), k.validFromMs(),
          k.validToMs(), until == Long.MAX_VALUE ? null : until, k.height(), k.txHash().toHex());
    }).toList();
    return new Views.DeviceInfo(d.deviceId(), d.owner().toHex(), keys, d.retired() ? d.retiredHeight() : null,
        d.retired() ? d.retiredAtMs() : null);
  }

  static Views.ResourceInfo resource(ResourceRecord r) {
    Payload.RegisterResource t = r.terms();
    String version = t.kind().equals(OtpUri.Kind.DATASET.label()) ? "@" + t.version() : "";
    return new Views.ResourceInfo(OtpUri.SCHEME + t.owner().toHex() + t.path() + version, t.owner().toHex(),
        t.path(), t.kind(), t.version(), t.locators(), t.contentRoot().toHex(), t.totalLength(), t.chunkSize(),
        t.proxies().stream().map(Address::toHex).toList(), r.height(), r.registeredAtMs(), r.txHash().toHex());
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
