import SwiftASN1
public import X509

/// Certificate chains in PEM, as files hold them.
public enum CertificateChain {
  /// Reads every `CERTIFICATE` block of a PEM text, in order (leaf first for a signer chain).
  public static func parse(pem: String) throws(SignatureError) -> [Certificate] {
    do {
      let documents = try PEMDocument.parseMultiple(pemString: pem)
      let certificates = try documents.map { try Certificate(pemDocument: $0) }
      guard !certificates.isEmpty else { throw SignatureError.invalidCertificate("no certificate") }
      return certificates
    } catch let error as SignatureError {
      throw error
    } catch {
      throw .invalidCertificate("PEM chain: \(error)")
    }
  }
}
