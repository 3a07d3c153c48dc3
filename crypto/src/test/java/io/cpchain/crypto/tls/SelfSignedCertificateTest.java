package io.cpchain.crypto.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

  @Test
  void theCertificateIsSignedByItsOwnKeyAndNamesItsHosts() throws Exception {
    SelfSignedCertificate made = SelfSignedCertificate.generate("cpchain-test", Duration.ofDays(30),
        List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")));
    made.certificate().verify(made.keyPair().getPublic());
    assertEquals(made.keyPair().getPublic(), made.certificate().getPublicKey());
    assertEquals("CN=cpchain-test", made.certificate().getSubjectX500Principal().getName());
    assertEquals(made.certificate().getSubjectX500Principal(), made.certificate().getIssuerX500Principal());
    assertEquals(List.of(List.of(7, "127.0.0.1"), List.of(2, "localhost")),
        made.certificate().getSubjectAlternativeNames().stream().toList());
    made.certificate().checkValidity(Date.from(Instant.now().plus(Duration.ofDays(29))));
    assertTrue(made.certificate().getNotAfter().before(Date.from(Instant.now().plus(Duration.ofDays(31)))));
  }

  @Test
  void eachCallDrawsAnotherKeyAndNoNamesMeansNoExtension() throws Exception {
    SelfSignedCertificate a = SelfSignedCertificate.generate("peer", Duration.ofDays(1), List.of());
    SelfSignedCertificate b = SelfSignedCertificate.generate("peer", Duration.ofDays(1), List.of());
    assertNotEquals(a.keyPair().getPublic(), b.keyPair().getPublic());
    assertNotEquals(a.certificate().getSerialNumber(), b.certificate().getSerialNumber());
    assertNull(a.certificate().getSubjectAlternativeNames());
  }
}
