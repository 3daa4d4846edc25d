import ArgumentParser
import CaravanTrust
import Foundation
import X509

/// `caravan sign --key KEY FILE [-o SIG]`.
struct Sign: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Sign a document's exact bytes with a detached JWS (RFC 7515, RFC 7797).",
    discussion: """
      KEY is a PEM (PKCS #8 Ed25519 or P-256), a JWK, or a C2SP note signer key. Ed25519 \
      keys sign with EdDSA, P-256 keys with ES256. The signature is printed, or written to SIG.
      """
  )

  @Option(help: "Private key file (PEM, JWK or PRIVATE+KEY+… line).")
  var key: String

  @Option(help: "PEM certificate chain of the signer, leaf first, carried in x5c.")
  var certificates: String?

  @Option(help: "Document type the signer declares (checked against registry recognitions).")
  var documentType: String?

  @Option(name: .shortAndLong, help: "Write the signature to this file instead of printing it.")
  var output: String?

  @Argument(help: "The document to sign.")
  var file: String

  func run() throws {
    let keyText = try readText(key, what: "key file")
    let signingKey: SigningKey
    do { signingKey = try SigningKey.load(text: keyText).key } catch {
      printError("key \(key): \(error)")
      throw TrustExit.unreadable
    }
    var chain: [Certificate] = []
    if let certificates {
      let pem = try readText(certificates, what: "certificate chain")
      do {
        chain = try CertificateChain.parse(pem: pem)
      } catch {
        printError("certificate chain \(certificates): \(error)")
        throw TrustExit.unreadable
      }
    }
    let document = try readInput(file, what: "document")
    let jws = try DetachedJWS.sign(
      document: document, key: signingKey, certificates: chain, documentType: documentType)
    if let output {
      do { try Data((jws.compact + "\n").utf8).write(to: URL(fileURLWithPath: output)) } catch {
        printError("cannot write \(output): \(error.localizedDescription)")
        throw TrustExit.unreadable
      }
    } else {
      print(jws.compact)
    }
  }
}
