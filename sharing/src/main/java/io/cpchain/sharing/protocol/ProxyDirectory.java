package io.cpchain.sharing.protocol;

import io.cpchain.crypto.seal.SealingPublicKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where proxies are: the chain knows proxies by address only, so owners and grantees keep a list of
 * proxy URLs and learn who answers there. A proxy counts only if the sealing key it shows is signed by
 * the address it claims; one that does not answer is left out.
 */
public final class ProxyDirectory {

  /** A proxy that answered: its address, its vouched-for sealing key, and how to reach it. */
  public record Known(Address address, SealingPublicKey sealingKey, ProxyClient client) {}

  private final List<URI> urls;

  public ProxyDirectory(List<URI> urls) {
    this.urls = List.copyOf(urls);
  }

  /** Every proxy that answers with a valid self-signed sealing key, by address, in directory order. */
  public Map<Address, Known> discover() {
    Map<Address, Known> known = new LinkedHashMap<>();
    for (URI url : urls) {
      ProxyClient client = new ProxyClient(url);
      try {
        Messages.ProxyInfo info = client.info();
        SealingPublicKey key = SealingPublicKey.fromBytes(Hex.parse(info.sealingKey(), "sealing key"));
        Address claimed = Address.fromHex(info.address());
        Address signer = RecoverableSignature.fromBytes(Hex.parse(info.signature(), "signature"))
            .recover(SignedRequests.sealingKey(key)).address();
        if (signer.equals(claimed)) {
          known.put(claimed, new Known(claimed, key, client));
        }
      } catch (ProxyClient.Refused | GeneralSecurityException | IllegalArgumentException e) {
        // not a usable proxy right now: the grant or fetch goes on with the others
      }
    }
    return known;
  }
}
