package io.cpchain.crypto.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh EC P-256 key and a self-signed X.509 certificate for it (Bouncy Castle's builder, SHA256withECDSA): for TLS
 * endpoints whose peers pin the certificate or its key rather than trust a CA.
 */
public record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {

  /**
   * @param commonName the subject's (and issuer's) CN
   * @param validity from a day ago (clock skew) until this long from now
   * @param altNames subject alternative names (host names, IP addresses) a client checks, none if empty
   */
  public static SelfSignedCertificate generate(String commonName, Duration validity, List<GeneralName> altNames)
      throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        new BigInteger(64, random).abs().add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(validity)), name, pair.getPublic());
    try {
      if (!altNames.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(altNames.toArray(GeneralName[]::new)));
      }
      return new SelfSignedCertificate(pair, new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))));
    } catch (CertIOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build the certificate for CN=" + commonName, e);
    }
  }
}
