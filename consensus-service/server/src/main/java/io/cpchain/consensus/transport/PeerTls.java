package io.cpchain.consensus.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import io.cpchain.crypto.tls.SelfSignedCertificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Mutual TLS 1.3 (JSSE) for the peer links, with the identity in the node key rather than in a CA:
 * each transport makes a fresh P-256 key and a self-signed certificate when it is created, and the
 * TLS layer accepts any such certificate from the other side. What makes a link a validator's is the
 * handshake that follows inside TLS, in which each side signs, with its node key, the SHA-256 of its
 * own certificate; the verifier checks that against the certificate it saw on the session, so an
 * attacker who terminates TLS with a certificate of its own cannot pass a validator's proof on (the
 * same binding libp2p's TLS handshake makes, with the proof after the TLS handshake rather than in a
 * certificate extension).
 */
final class PeerTls {

  private static final String PROTOCOL = "TLSv1.3";

  private final SSLContext context;
  private final byte[] certificateHash;

  private PeerTls(SSLContext context, byte[] certificateHash) {
    this.context = context;
    this.certificateHash = certificateHash;
  }

  /** A fresh key and certificate, never written anywhere: a restarted node simply makes another. */
  static PeerTls ephemeral() {
    try {
      SelfSignedCertificate generated = SelfSignedCertificate.generate("cpchain-peer", Duration.ofDays(3650), List.of());
      KeyPair pair = generated.keyPair();
      X509Certificate certificate = generated.certificate();
      SecureRandom random = new SecureRandom();
      char[] noPassword = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("peer", pair.getPrivate(), noPassword, new Certificate[] {certificate});
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, noPassword);
      SSLContext context = SSLContext.getInstance(PROTOCOL);
      context.init(keys.getKeyManagers(), new TrustManager[] {new AnySelfSignedCertificate()}, random);
      return new PeerTls(context, sha256(certificate));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make the peer link's TLS key: " + e.getMessage(), e);
    }
  }

  /** SHA-256 of this transport's own certificate, which its handshake proof signs. */
  byte[] certificateHash() {
    return certificateHash.clone();
  }

  SSLServerSocket serverSocket(InetSocketAddress listen) throws IOException {
    SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    server.setReuseAddress(true);
    server.setEnabledProtocols(new String[] {PROTOCOL});
    server.setNeedClientAuth(true);
    server.bind(listen);
    return server;
  }

  /** A connected socket to {@code address}, TLS handshake done, within {@code timeoutMs} in all. */
  SSLSocket dial(InetSocketAddress address, int timeoutMs) throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(address, timeoutMs);
      SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, address.getHostString(),
          address.getPort(), true);
      socket.setEnabledProtocols(new String[] {PROTOCOL});
      socket.setSoTimeout(timeoutMs);
      socket.startHandshake();
      return socket;
    } catch (IOException e) {
      plain.close();
      throw e;
    }
  }

  /** SHA-256 of the certificate the other side presented on this session. */
  static byte[] peerCertificateHash(SSLSession session) throws SSLPeerUnverifiedException {
    Certificate[] chain = session.getPeerCertificates();
    try {
      return sha256((X509Certificate) chain[0]);
    } catch (CertificateEncodingException e) {
      throw new SSLPeerUnverifiedException("unreadable peer certificate: " + e.getMessage());
    }
  }

  private static byte[] sha256(X509Certificate certificate) throws CertificateEncodingException {
    try {
      return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Takes one self-signed EC certificate, whoever made it: TLS here gives confidentiality and
   * integrity, and the node-key proof over the certificate's hash, checked after the handshake, says
   * whose link it is. A chain of more than one certificate or another key type is refused.
   */
  private static final class AnySelfSignedCertificate extends X509ExtendedTrustManager {

    private static void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length != 1 || !"EC".equals(chain[0].getPublicKey().getAlgorithm())) {
        throw new CertificateException("a peer presents one self-signed EC certificate");
      }
      try {
        chain[0].verify(chain[0].getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new CertificateException("the peer's certificate is not self-signed: " + e.getMessage(), e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
