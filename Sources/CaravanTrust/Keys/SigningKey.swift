public import Crypto
import Foundation

/// A private key that signs documents: Ed25519 (JWS `EdDSA`, RFC 8037) or P-256
/// (JWS `ES256`, RFC 7518, section 3.4).
public enum SigningKey: Sendable {
  case ed25519(Ed25519Box)
  case p256(P256Box)

  /// Immutable wrappers: swift-crypto does not mark private keys `Sendable`, but an
  /// immutable key is safe to share.
  public struct Ed25519Box: @unchecked Sendable {
    public let key: Curve25519.Signing.PrivateKey
  }
  public struct P256Box: @unchecked Sendable {
    public let key: P256.Signing.PrivateKey
  }

  public static func ed25519(_ key: Curve25519.Signing.PrivateKey) -> SigningKey {
    .ed25519(Ed25519Box(key: key))
  }
  public static func p256(_ key: P256.Signing.PrivateKey) -> SigningKey {
    .p256(P256Box(key: key))
  }

  /// The JWS `alg` this key signs with.
  public var algorithm: JWSAlgorithm {
    switch self {
    case .ed25519: return .edDSA
    case .p256: return .es256
    }
  }

  public var publicKey: VerificationKey {
    switch self {
    case .ed25519(let box): return .ed25519(Array(box.key.publicKey.rawRepresentation))
    case .p256(let box): return .p256(Array(box.key.publicKey.x963Representation))
    }
  }

  /// Signs `message`; ES256 signatures are the 64-byte `R || S` of RFC 7518, section 3.4.
  public func sign(_ message: [UInt8]) throws -> [UInt8] {
    switch self {
    case .ed25519(let box): return Array(try box.key.signature(for: message))
    case .p256(let box): return Array(try box.key.signature(for: message).rawRepresentation)
    }
  }

  /// PKCS #8 PEM (`-----BEGIN PRIVATE KEY-----`), RFC 5958 / RFC 8410.
  public var pemRepresentation: String {
    switch self {
    case .ed25519(let box):
      return PEM.encode(
        label: "PRIVATE KEY", der: PEM.ed25519PrivatePrefix + Array(box.key.rawRepresentation))
    case .p256(let box): return box.key.pemRepresentation
    }
  }

  /// The private JWK (RFC 7517; OKP per RFC 8037, EC per RFC 7518).
  public var jwk: JWK {
    switch self {
    case .ed25519(let box):
      var jwk = publicKey.jwk
      jwk.d = Base64URL.encode(box.key.rawRepresentation)
      return jwk
    case .p256(let box):
      var jwk = publicKey.jwk
      jwk.d = Base64URL.encode(box.key.rawRepresentation)
      return jwk
    }
  }

  /// Reads a private key from PEM (PKCS #8 Ed25519 or P-256, or SEC 1 P-256), a JWK, or a
  /// C2SP note signer key (`PRIVATE+KEY+…`). A note key also gives its name.
  public static func load(text: String) throws(KeyError) -> (key: SigningKey, name: String?) {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.hasPrefix("PRIVATE+KEY+") {
      do {
        let signer = try NoteSigner(parsing: trimmed)
        return (.ed25519(signer.privateKey), signer.name)
      } catch {
        throw .invalidKey("\(error)")
      }
    }
    if trimmed.hasPrefix("{") {
      let jwk: JWK
      do { jwk = try JSONDecoder().decode(JWK.self, from: Data(trimmed.utf8)) } catch {
        throw .invalidKey("JWK is not valid JSON: \(error.localizedDescription)")
      }
      return (try jwk.signingKey(), nil)
    }
    if trimmed.hasPrefix("-----BEGIN") {
      if let key = try? P256.Signing.PrivateKey(pemRepresentation: trimmed) {
        return (.p256(key), nil)
      }
      let der = try PEM.decode(trimmed, label: "PRIVATE KEY")
      guard der.count == 48, Array(der.prefix(16)) == PEM.ed25519PrivatePrefix,
        let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
      else { throw .unsupportedAlgorithm("in PKCS #8 key (not Ed25519 or P-256)") }
      return (.ed25519(key), nil)
    }
    throw .unrecognizedFormat("starts with \"\(trimmed.prefix(12))\"")
  }
}

/// A public key that verifies document signatures.
public enum VerificationKey: Hashable, Sendable, CustomStringConvertible {
  /// 32-byte Ed25519 public key.
  case ed25519([UInt8])
  /// 65-byte uncompressed P-256 point (X9.63).
  case p256([UInt8])

  public var algorithm: JWSAlgorithm {
    switch self {
    case .ed25519: return .edDSA
    case .p256: return .es256
    }
  }

  /// Whether `signature` is valid for `message` under this key.
  public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
    switch self {
    case .ed25519(let raw):
      guard signature.count == 64,
        let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
      else { return false }
      return key.isValidSignature(signature, for: message)
    case .p256(let raw):
      guard signature.count == 64, let key = try? P256.Signing.PublicKey(x963Representation: raw),
        let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
      else { return false }
      return key.isValidSignature(ecdsa, for: message)
    }
  }

  /// The public JWK.
  public var jwk: JWK {
    switch self {
    case .ed25519(let raw): return JWK(kty: "OKP", crv: "Ed25519", x: Base64URL.encode(raw))
    case .p256(let raw):
      return JWK(
        kty: "EC", crv: "P-256", x: Base64URL.encode(raw[1..<33]), y: Base64URL.encode(raw[33..<65])
      )
    }
  }

  /// The RFC 7638 JWK thumbprint (SHA-256, base64url), used as `kid`.
  public var thumbprint: String {
    let canonical: String
    switch self {
    case .ed25519:
      canonical = #"{"crv":"Ed25519","kty":"OKP","x":"\#(jwk.x ?? "")"}"#
    case .p256:
      canonical = #"{"crv":"P-256","kty":"EC","x":"\#(jwk.x ?? "")","y":"\#(jwk.y ?? "")"}"#
    }
    return Base64URL.encode(Array(SHA256.hash(data: Array(canonical.utf8))))
  }

  /// SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
  public var pemRepresentation: String {
    switch self {
    case .ed25519(let raw):
      return PEM.encode(label: "PUBLIC KEY", der: PEM.ed25519PublicPrefix + raw)
    case .p256(let raw):
      return (try? P256.Signing.PublicKey(x963Representation: raw).pemRepresentation) ?? ""
    }
  }

  public var description: String { "\(algorithm.rawValue) key \(thumbprint)" }

  /// Reads a public key from SPKI PEM, a JWK, or a C2SP verifier key line (Ed25519).
  public static func load(text: String) throws(KeyError) -> VerificationKey {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.hasPrefix("{") {
      do {
        return try JSONDecoder().decode(JWK.self, from: Data(trimmed.utf8)).verificationKey()
      } catch let error as KeyError {
        throw error
      } catch {
        throw .invalidKey("JWK is not valid JSON")
      }
    }
    if trimmed.hasPrefix("-----BEGIN") {
      if let key = try? P256.Signing.PublicKey(pemRepresentation: trimmed) {
        return .p256(Array(key.x963Representation))
      }
      let der = try PEM.decode(trimmed, label: "PUBLIC KEY")
      guard der.count == 44, Array(der.prefix(12)) == PEM.ed25519PublicPrefix else {
        throw .unsupportedAlgorithm("in SPKI key (not Ed25519 or P-256)")
      }
      return .ed25519(Array(der.suffix(32)))
    }
    if let key = try? NoteVerifierKey(parsing: trimmed), key.type == .ed25519 {
      return .ed25519(key.publicKey)
    }
    throw .unrecognizedFormat("starts with \"\(trimmed.prefix(12))\"")
  }
}

/// A JSON Web Key (RFC 7517) for Ed25519 (`OKP`, RFC 8037) or P-256 (`EC`, RFC 7518 6.2).
public struct JWK: Codable, Hashable, Sendable {
  public var kty: String
  public var crv: String
  public var x: String?
  public var y: String?
  public var d: String?
  public var kid: String?

  public init(
    kty: String, crv: String, x: String? = nil, y: String? = nil, d: String? = nil,
    kid: String? = nil
  ) {
    self.kty = kty
    self.crv = crv
    self.x = x
    self.y = y
    self.d = d
    self.kid = kid
  }

  /// The public part of this key.
  public func verificationKey() throws(KeyError) -> VerificationKey {
    switch (kty, crv) {
    case ("OKP", "Ed25519"):
      guard let x = x.flatMap(Base64URL.decode), x.count == 32 else {
        throw .invalidKey("Ed25519 JWK needs a 32-byte \"x\"")
      }
      return .ed25519(x)
    case ("EC", "P-256"):
      guard let x = x.flatMap(Base64URL.decode), let y = y.flatMap(Base64URL.decode),
        x.count == 32, y.count == 32,
        (try? P256.Signing.PublicKey(x963Representation: [4] + x + y)) != nil
      else { throw .invalidKey("P-256 JWK needs 32-byte \"x\" and \"y\" on the curve") }
      return .p256([4] + x + y)
    default:
      throw .unsupportedAlgorithm("kty \(kty), crv \(crv)")
    }
  }

  /// The private key, when `d` is present.
  public func signingKey() throws(KeyError) -> SigningKey {
    guard let d = d.flatMap(Base64URL.decode) else { throw .invalidKey("JWK has no private \"d\"") }
    let expected = try verificationKey()
    let key: SigningKey
    switch expected {
    case .ed25519:
      guard let k = try? Curve25519.Signing.PrivateKey(rawRepresentation: d) else {
        throw .invalidKey("Ed25519 \"d\" must be 32 bytes")
      }
      key = .ed25519(k)
    case .p256:
      guard let k = try? P256.Signing.PrivateKey(rawRepresentation: d) else {
        throw .invalidKey("P-256 \"d\" must be a 32-byte scalar")
      }
      key = .p256(k)
    }
    guard key.publicKey == expected else {
      throw .invalidKey("JWK \"d\" does not match its public \"x\"/\"y\"")
    }
    return key
  }
}

/// PEM armour (RFC 7468) and the fixed DER prefixes of Ed25519 keys (RFC 8410).
enum PEM {
  static let ed25519PrivatePrefix: [UInt8] = [
    0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
  ]
  static let ed25519PublicPrefix: [UInt8] = [
    0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00,
  ]

  static func encode(label: String, der: [UInt8]) -> String {
    let body = Data(der).base64EncodedString(options: [
      .lineLength64Characters, .endLineWithLineFeed,
    ])
    return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
  }

  static func decode(_ text: String, label: String) throws(KeyError) -> [UInt8] {
    let begin = "-----BEGIN \(label)-----"
    let end = "-----END \(label)-----"
    guard let start = text.range(of: begin), let stop = text.range(of: end),
      start.upperBound <= stop.lowerBound
    else { throw .unrecognizedFormat("PEM without a \(label) block") }
    let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
    guard let der = Data(base64Encoded: String(body)) else {
      throw .invalidKey("PEM body is not base64")
    }
    return Array(der)
  }
}
