import CaravanTrust
import Crypto
import Foundation
import SwiftASN1
import X509

/// Certificates and registries made on the fly for trust tests.
enum Fixtures {
  static let now = Date()
  static let day: TimeInterval = 86_400

  struct CA {
    let key: P256.Signing.PrivateKey
    let certificate: Certificate
    let name: DistinguishedName
    var pem: String { try! certificate.serializeAsPEM().pemString }
  }

  static func makeCA(_ commonName: String, validFor days: Double = 365) throws -> CA {
    let key = P256.Signing.PrivateKey()
    let name = try DistinguishedName { CommonName(commonName) }
    let certificate = try Certificate(
      version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
      notValidBefore: now - 30 * day, notValidAfter: now + days * day, issuer: name,
      subject: name, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
        Critical(KeyUsage(keyCertSign: true))
      }, issuerPrivateKey: .init(key))
    return CA(key: key, certificate: certificate, name: name)
  }

  /// An Ed25519 signer certificate issued by `ca`.
  static func issue(
    by ca: CA, to commonName: String, notBefore: Date = now - 10 * day,
    notAfter: Date = now + 100 * day, p256: Bool = false
  ) throws -> (SigningKey, Certificate) {
    let ed = Curve25519.Signing.PrivateKey()
    let ec = P256.Signing.PrivateKey()
    let key: SigningKey = p256 ? .p256(ec) : .ed25519(ed)
    let publicKey: Certificate.PublicKey = p256 ? .init(ec.publicKey) : .init(ed.publicKey)
    let certificate = try Certificate(
      version: .v3, serialNumber: .init(), publicKey: publicKey,
      notValidBefore: notBefore, notValidAfter: notAfter, issuer: ca.name,
      subject: try DistinguishedName { CommonName(commonName) },
      signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
      }, issuerPrivateKey: .init(ca.key))
    return (key, certificate)
  }

  static func registry(
    _ jurisdiction: String, sequence: UInt64 = 1, anchors: [TrustAnchor],
    recognitions: [Recognition] = [], nextUpdate: Date = now + 30 * day
  ) -> TrustRegistry {
    TrustRegistry(
      jurisdiction: jurisdiction, sequenceNumber: sequence, issued: now - day,
      nextUpdate: nextUpdate, anchors: anchors, recognitions: recognitions)
  }

  static let grantedLongAgo = [StatusChange(.granted, since: now - 365 * day)]
}
