import Crypto
public import Foundation
import SwiftASN1
public import X509

/// JWS algorithms Caravan signs and accepts (RFC 7518 3.4 `ES256`; RFC 8037 `EdDSA`).
public enum JWSAlgorithm: String, Codable, Hashable, Sendable {
  case edDSA = "EdDSA"
  case es256 = "ES256"
}

/// The protected header of a Caravan document signature.
public struct JWSHeader: Codable, Hashable, Sendable {
  public var alg: String
  /// RFC 7797: `false`, the payload is the document's bytes, not their base64url.
  public var b64: Bool?
  /// RFC 7515 4.1.11; must list `b64` (RFC 7797, section 6).
  public var crit: [String]?
  /// The RFC 7638 thumbprint of the signer's public key.
  public var kid: String?
  /// The signer's public key, when there is no certificate chain.
  public var jwk: JWK?
  /// The signer's certificate chain, leaf first, base64 DER (RFC 7515 4.1.6).
  public var x5c: [String]?
  /// Claimed signing time, RFC 3339 UTC (the JAdES `sigT` of ETSI TS 119 182-1, 5.2.1).
  public var sigT: String?
  /// The document type the signer declares, matched against registry recognitions.
  public var docType: String?
}

/// A detached JWS over the exact bytes of a document: RFC 7515 compact serialization with
/// the payload left out (appendix F) and not base64url-encoded (RFC 7797).
///
/// Its text form is `BASE64URL(header) + ".." + BASE64URL(signature)`.
public struct DetachedJWS: Hashable, Sendable {
  /// The encoded protected header, exactly as signed.
  public let encodedHeader: String
  public let header: JWSHeader
  public let signature: [UInt8]

  /// Largest accepted signature file, to bound work on hostile input.
  public static let maximumLength = 256 * 1024

  /// The compact detached serialization.
  public var compact: String { "\(encodedHeader)..\(Base64URL.encode(signature))" }

  /// Signs `document` (its exact bytes).
  public static func sign(
    document: [UInt8], key: SigningKey, certificates: [Certificate] = [],
    documentType: String? = nil, signingTime: Date = Date()
  ) throws -> DetachedJWS {
    var header = JWSHeader(
      alg: key.algorithm.rawValue, b64: false, crit: ["b64"], kid: key.publicKey.thumbprint,
      sigT: RFC3339.format(signingTime), docType: documentType)
    if certificates.isEmpty {
      header.jwk = key.publicKey.jwk
    } else {
      header.x5c = try certificates.map { cert in
        var serializer = DER.Serializer()
        try serializer.serialize(cert)
        return Data(serializer.serializedBytes).base64EncodedString()
      }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let encodedHeader = Base64URL.encode(try encoder.encode(header))
    let signature = try key.sign(Array(encodedHeader.utf8) + [0x2E] + document)
    return DetachedJWS(encodedHeader: encodedHeader, header: header, signature: signature)
  }

  private init(encodedHeader: String, header: JWSHeader, signature: [UInt8]) {
    self.encodedHeader = encodedHeader
    self.header = header
    self.signature = signature
  }

  /// Reads the compact detached form, checking the header rules of RFC 7515 and RFC 7797.
  public init(parsing text: String) throws(SignatureError) {
    let compact = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard compact.utf8.count <= Self.maximumLength else {
      throw .malformed("signature is \(compact.utf8.count) bytes; at most \(Self.maximumLength)")
    }
    let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else {
      throw .malformed("expected <header>..<signature>, found \(parts.count) parts (truncated?)")
    }
    guard parts[1].isEmpty else {
      throw .malformed("the payload must be detached (empty middle part)")
    }
    guard let headerBytes = Base64URL.decode(parts[0]) else {
      throw .malformed("header is not base64url")
    }
    guard let signature = Base64URL.decode(parts[2]), !signature.isEmpty else {
      throw .malformed("signature is not base64url")
    }
    let header: JWSHeader
    do {
      header = try JSONDecoder().decode(JWSHeader.self, from: Data(headerBytes))
    } catch {
      throw .malformed("header is not a JSON object with a string \"alg\"")
    }
    guard JWSAlgorithm(rawValue: header.alg) != nil else {
      throw .unsupportedAlgorithm(header.alg)
    }
    guard header.b64 == false, header.crit?.contains("b64") == true else {
      throw .payloadMustBeUnencoded
    }
    if let unknown = header.crit?.first(where: { $0 != "b64" }) {
      throw .unknownCriticalHeader(unknown)
    }
    self.init(encodedHeader: String(parts[0]), header: header, signature: signature)
  }

  /// The certificates of `x5c`, leaf first.
  public func certificates() throws(SignatureError) -> [Certificate] {
    var out: [Certificate] = []
    for (i, text) in (header.x5c ?? []).enumerated() {
      guard let der = Data(base64Encoded: text) else {
        throw .invalidCertificate("x5c[\(i)] is not base64")
      }
      do {
        out.append(try Certificate(derEncoded: Array(der)))
      } catch {
        throw .invalidCertificate("x5c[\(i)] is not an X.509 certificate: \(error)")
      }
    }
    return out
  }

  /// The key the signature claims: the `x5c` leaf's, else `jwk`. When both are present they
  /// must agree.
  public func signerKey() throws(SignatureError) -> VerificationKey {
    var fromCertificate: VerificationKey?
    if let leaf = try certificates().first {
      if let key = P256.Signing.PublicKey(leaf.publicKey) {
        fromCertificate = .p256(Array(key.x963Representation))
      } else if let key = Curve25519.Signing.PublicKey(leaf.publicKey) {
        fromCertificate = .ed25519(Array(key.rawRepresentation))
      } else {
        throw .unsupportedAlgorithm("certificate key of \(leaf.subject)")
      }
    }
    var fromJWK: VerificationKey?
    if let jwk = header.jwk {
      do { fromJWK = try jwk.verificationKey() } catch { throw .invalidKey("\(error)") }
    }
    switch (fromCertificate, fromJWK) {
    case (let a?, let b?) where a != b: throw .keyMismatch
    case (let a?, _): return a
    case (nil, let b?): return b
    case (nil, nil): throw .noKey
    }
  }

  /// The claimed signing time, if any.
  public var signingTime: Date? { header.sigT.flatMap(RFC3339.parse) }

  /// Verifies the signature over `document` under `key` (or the key the header carries).
  /// Returns the key that verified.
  @discardableResult
  public func verify(document: [UInt8], key: VerificationKey? = nil) throws(SignatureError)
    -> VerificationKey
  {
    let signer: VerificationKey
    if let key { signer = key } else { signer = try signerKey() }
    guard signer.algorithm.rawValue == header.alg else {
      throw .unsupportedAlgorithm("\(header.alg) with an \(signer.algorithm.rawValue) key")
    }
    if header.sigT != nil, signingTime == nil {
      throw .malformed("sigT \"\(header.sigT ?? "")\" is not an RFC 3339 UTC time")
    }
    guard signer.isValidSignature(signature, for: Array(encodedHeader.utf8) + [0x2E] + document)
    else { throw .invalidSignature(signer.description) }
    return signer
  }
}

/// Why a document signature was refused.
public enum SignatureError: Error, Hashable, Sendable, CustomStringConvertible {
  case malformed(String)
  case unsupportedAlgorithm(String)
  case payloadMustBeUnencoded
  case unknownCriticalHeader(String)
  case invalidCertificate(String)
  case invalidKey(String)
  case keyMismatch
  case noKey
  /// The signature does not verify over these bytes: forged, altered, replayed on another
  /// document, or made by another key.
  case invalidSignature(String)

  public var description: String {
    switch self {
    case .malformed(let why): return "malformed signature: \(why)"
    case .unsupportedAlgorithm(let alg):
      return "algorithm \(alg) is not accepted; use EdDSA (Ed25519) or ES256"
    case .payloadMustBeUnencoded:
      return "header must set \"b64\": false and list \"b64\" in \"crit\" (RFC 7797)"
    case .unknownCriticalHeader(let name): return "unknown critical header parameter \"\(name)\""
    case .invalidCertificate(let why): return "certificate chain: \(why)"
    case .invalidKey(let why): return "signer key: \(why)"
    case .keyMismatch: return "the x5c leaf certificate and the jwk header name different keys"
    case .noKey: return "the signature names no key (neither x5c nor jwk)"
    case .invalidSignature(let key):
      return
        "signature by \(key) does not verify over this document: it was altered, or the "
        + "signature belongs to another document or key"
    }
  }
}
