package io.cpchain.he.contribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.conf.ConfigException;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.schemas.InsuranceContribution;
import io.cpchain.schemas.TrafficContribution;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContributionVerifierTest {

  private final AccountPrivateKey node = AccountPrivateKey.generate();
  private final ContributionSigner signer = new ContributionSigner(node);
  private final ContributionVerifier verifier = new ContributionVerifier(Set.of(node.publicKey().address()));

  @Test
  void aContributionTheTrustedNodeSignedPasses() {
    assertEquals(Optional.empty(), verifier.refusal(ContributionKind.TRAFFIC,
        signer.sign(ContributionKind.TRAFFIC, traffic("veh-1", 0))));
    assertEquals(Optional.empty(), verifier.refusal(ContributionKind.INSURANCE,
        signer.sign(ContributionKind.INSURANCE, insurance("driver-1"))));
  }

  @Test
  void unsignedOrSignedByAStrangerIsRefusedSayingWhy() {
    assertEquals(Optional.of("unsigned"), verifier.refusal(ContributionKind.TRAFFIC, traffic("veh-1", 0)));
    AccountPrivateKey stranger = AccountPrivateKey.generate();
    String refusal = verifier.refusal(ContributionKind.TRAFFIC,
        new ContributionSigner(stranger).sign(ContributionKind.TRAFFIC, traffic("veh-1", 0))).orElseThrow();
    assertEquals("signed by " + stranger.publicKey().address().toHex()
        + ", not a trusted pipeline node (or altered after signing)", refusal);
    TrafficContribution garbage = TrafficContribution.newBuilder(traffic("veh-1", 0))
        .setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
    assertTrue(verifier.refusal(ContributionKind.TRAFFIC, garbage).orElseThrow().startsWith("malformed signature: "));
  }

  @Test
  void theSignatureCoversTheIdentityAndTheCiphertext() {
    TrafficContribution genuine = signer.sign(ContributionKind.TRAFFIC, traffic("veh-1", 0));
    for (TrafficContribution altered : new TrafficContribution[] {
        TrafficContribution.newBuilder(genuine).setDeviceId("veh-2").build(),
        TrafficContribution.newBuilder(genuine).setRegion(1).build(),
        TrafficContribution.newBuilder(genuine).setWindowStartMs(10_000).setWindowEndMs(20_000).build(),
        TrafficContribution.newBuilder(genuine).setCiphertext(ByteBuffer.wrap(new byte[] {9, 9})).build()}) {
      assertTrue(verifier.refusal(ContributionKind.TRAFFIC, altered).orElseThrow().endsWith("(or altered after signing)"),
          altered.toString());
    }
    InsuranceContribution scored = signer.sign(ContributionKind.INSURANCE, insurance("driver-1"));
    assertTrue(verifier.refusal(ContributionKind.INSURANCE,
        InsuranceContribution.newBuilder(scored).setDriver("driver-2").build()).isPresent());
    assertTrue(verifier.refusal(ContributionKind.INSURANCE,
        InsuranceContribution.newBuilder(scored).setModelVersion(2).build()).isPresent());
  }

  @Test
  void theTrustedSignersSettingIsCheckedAndRequiredWhereItIsUsed() {
    assertEquals(Set.of(node.publicKey().address()), TrustedSigners.of(" " + node.publicKey().address().toHex() + ", "));
    assertEquals(Set.of(), TrustedSigners.of(TrustedSigners.NONE));
    assertTrue(assertThrows(ConfigException.class, () -> TrustedSigners.of("0x12")).getMessage()
        .startsWith("trusted-signers: '0x12' is not an address"));
    assertEquals("trusted-signers: name the pipeline node address(es) whose contributions are summed",
        assertThrows(ConfigException.class, () -> TrustedSigners.required("none", "contributions are summed"))
            .getMessage());
  }

  private static TrafficContribution traffic(String device, int region) {
    return TrafficContribution.newBuilder().setKeyId("k1").setRegion(region).setDeviceId(device)
        .setWindowStartMs(0).setWindowEndMs(10_000).setCiphertext(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).build();
  }

  private static InsuranceContribution insurance(String driver) {
    return InsuranceContribution.newBuilder().setKeyId("k1").setDriver(driver).setModelId("m").setModelVersion(1)
        .setWindowStartMs(0).setWindowEndMs(2_000).setCiphertext(ByteBuffer.wrap(new byte[] {5, 6, 7})).build();
  }
}
