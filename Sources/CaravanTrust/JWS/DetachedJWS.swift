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

extension JWSHeader {
  /// The JSON of the header as it is signed: the bytes `JSONEncoder` writes with sorted keys
  /// and unescaped slashes.
  ///
  /// Written directly when no string needs escaping, as in every header Caravan makes
  /// (base64url, base64, RFC 3339 times, document type codes): `JSONEncoder` costs more than
  /// the signature. Any other header is left to `JSONEncoder`. A member added to the header
  /// or to ``JWK`` must be added here too; the tests compare both writers.
  func signedJSON() throws -> [UInt8] {
    var object = PlainJSONObject()
    object.member("alg", string: alg)
    if let b64 { object.member("b64", literal: b64 ? "true" : "false") }
    if let crit { object.member("crit", strings: crit) }
    if let docType { object.member("docType", string: docType) }
    if let jwk {
      var key = PlainJSONObject()
      key.member("crv", string: jwk.crv)
      if let d = jwk.d { key.member("d", string: d) }
      if let kid = jwk.kid { key.member("kid", string: kid) }
      key.member("kty", string: jwk.kty)
      if let x = jwk.x { key.member("x", string: x) }
      if let y = jwk.y { key.member("y", string: y) }
      object.member("jwk", object: key)
    }
    if let kid { object.member("kid", string: kid) }
    if let sigT { object.member("sigT", string: sigT) }
    if let x5c { object.member("x5c", strings: x5c) }
    if let bytes = object.finished() { return bytes }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(self))
  }
}

/// A compact JSON object whose members are added in key order and whose strings need no
/// escaping (printable ASCII other than `"` and `\`); it gives up on any other string.
private struct PlainJSONObject {
  private var bytes: [UInt8] = [UInt8(ascii: "{")]
  private var isPlain = true

  /// The object's bytes, or `nil` when a string would have needed escaping.
  func finished() -> [UInt8]? { isPlain ? bytes + [UInt8(ascii: "}")] : nil }

  mutating func member(_ name: String, string value: String) {
    key(name)
    append(value)
  }

  mutating func member(_ name: String, strings values: [String]) {
    key(name)
    bytes.append(UInt8(ascii: "["))
    for (i, value) in values.enumerated() {
      if i > 0 { bytes.append(UInt8(ascii: ",")) }
      append(value)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func member(_ name: String, literal: String) {
    key(name)
    bytes += literal.utf8
  }

  mutating func member(_ name: String, object: PlainJSONObject) {
    key(name)
    if let inner = object.finished() {
      bytes += inner
    } else {
      isPlain = false
    }
  }

  private mutating func key(_ name: String) {
    if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
    append(name)
    bytes.append(UInt8(ascii: ":"))
  }

  private mutating func append(_ string: String) {
    let quote = UInt8(ascii: "\"")
    let backslash = UInt8(ascii: "\\")
    if !string.utf8.allSatisfy({ (0x20...0x7E).contains($0) && $0 != quote && $0 != backslash }) {
      isPlain = false
    }
    bytes.append(quote)
    bytes += string.utf8
    bytes.append(quote)
  }
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
    let publicKey = key.publicKey
    var header = JWSHeader(
      alg: key.algorithm.rawValue, b64: false, crit: ["b64"], kid: publicKey.thumbprint,
      sigT: RFC3339.format(signingTime), docType: documentType)
    if certificates.isEmpty {
      header.jwk = publicKey.jwk
    } else {
      header.x5c = try certificates.map { cert in
        var serializer = DER.Serializer()
        try serializer.serialize(cert)
        return Data(serializer.serializedBytes).base64EncodedString()
      }
    }
    let encodedHeader = Base64URL.encode(try header.signedJSON())
    var input: [UInt8] = []
    input.reserveCapacity(encodedHeader.utf8.count + 1 + document.count)
    input += encodedHeader.utf8
    input.append(0x2E)
    input += document
    let signature = try key.sign(input)
    return DetachedJWS(encodedHeader: encodedHeader, header: header, signature: signature)
  }

  private init(encodedHeader: String, header: JWSHeader, signature: [UInt8]) {
    self.encodedHeader = encodedHeader
    self.header = header
    self.signature = signature
  }

  /// Reads the compact detached form, checking the header rules of RFC 7515 and RFC 7797.
  public init(parsing text: String) throws(SignatureError) {
    // A signature as the hub writes it starts and ends with base64url: nothing to trim.
    let bare =
      text.utf8.first.map(Base64URL.isAlphabet) == true
      && text.utf8.last.map(Base64URL.isAlphabet) == true
    let compact = bare ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard compact.utf8.count <= Self.maximumLength else {
      throw .malformed("signature is \(compact.utf8.count) bytes; at most \(Self.maximumLength)")
    }
    let parts = compact.utf8.split(separator: 0x2E, omittingEmptySubsequences: false)
      .map { Substring($0) }
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
