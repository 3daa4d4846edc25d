import Crypto
import Foundation

/// Something that checks note signatures by one key (C2SP signed-note, section "Signatures").
public protocol NoteVerifier: Sendable {
  /// The key name, as in signature lines.
  var name: String { get }
  /// The 32-bit key ID, as in the first four bytes of a signature.
  var keyID: UInt32 { get }
  /// Whether `signature` (without the key ID) is valid for the note text `message`.
  func isValidSignature(_ signature: [UInt8], forText message: [UInt8]) -> Bool
}

/// A verifier key: `<name>+<hex key ID>+<base64(type || public key)>`
/// (C2SP signed-note, section "Verifier keys").
public struct NoteVerifierKey: NoteVerifier, Hashable, Sendable, CustomStringConvertible {
  /// Signature types assigned by C2SP signed-note, section "Signature types".
  public enum SignatureType: UInt8, Sendable {
    /// Ed25519 over the note text.
    case ed25519 = 0x01
    /// Timestamped Ed25519 witness cosignatures (C2SP tlog-cosignature).
    case cosignatureEd25519 = 0x04
  }

  public let name: String
  public let keyID: UInt32
  public let type: SignatureType
  /// The raw public key (32 bytes for both Ed25519 types).
  public let publicKey: [UInt8]

  /// Builds a key and computes its ID as `SHA-256(name || 0x0A || type || key)[:4]`.
  public init(name: String, type: SignatureType, publicKey: [UInt8]) throws(NoteError) {
    try Self.checkName(name)
    guard publicKey.count == 32 else {
      throw .malformedKey("an Ed25519 public key is 32 bytes, got \(publicKey.count)")
    }
    self.name = name
    self.type = type
    self.publicKey = publicKey
    self.keyID = Self.keyID(name: name, type: type.rawValue, keyMaterial: publicKey)
  }

  /// Reads a verifier key line. The line is split on its first two `+` only, since base64
  /// may contain `+`.
  public init(parsing text: some StringProtocol) throws(NoteError) {
    let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let parts = line.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3 else {
      throw .malformedKey("expected <name>+<key ID>+<base64 key>, got \"\(line.prefix(80))\"")
    }
    let name = String(parts[0])
    try Self.checkName(name)
    guard parts[1].count == 8, let stated = UInt32(parts[1], radix: 16) else {
      throw .malformedKey("key ID \"\(parts[1])\" is not 8 hexadecimal digits")
    }
    guard let blob = Data(base64Encoded: String(parts[2])), blob.count >= 1 else {
      throw .malformedKey("key material of \(name) is not standard base64")
    }
    guard let type = SignatureType(rawValue: blob[blob.startIndex]) else {
      throw .unsupportedAlgorithm(blob[blob.startIndex])
    }
    try self.init(name: name, type: type, publicKey: Array(blob.dropFirst()))
    guard keyID == stated else {
      throw .keyIDMismatch(name: name, stated: stated, computed: keyID)
    }
  }

  /// The key line, `<name>+<hex key ID>+<base64(type || key)>`.
  public var description: String {
    "\(name)+\(hex8(keyID))+\(Data([type.rawValue] + publicKey).base64EncodedString())"
  }

  /// Verifies an Ed25519 signature over the note text. Cosignature keys (type 0x04) sign a
  /// different message and are checked by the log's cosignature verifier instead.
  public func isValidSignature(_ signature: [UInt8], forText message: [UInt8]) -> Bool {
    guard type == .ed25519,
      let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
    else { return false }
    return key.isValidSignature(signature, for: message)
  }

  /// `SHA-256(name || 0x0A || type || key material)[:4]`, big-endian
  /// (C2SP signed-note, section "Signatures").
  public static func keyID(name: String, type: UInt8, keyMaterial: [UInt8]) -> UInt32 {
    var hasher = SHA256()
    hasher.update(data: Array(name.utf8) + [0x0A, type] + keyMaterial)
    let digest = Array(hasher.finalize())
    return digest[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
  }

  /// Key names must be non-empty and hold no Unicode spaces and no `+`.
  public static func checkName(_ name: String) throws(NoteError) {
    guard !name.isEmpty,
      !name.unicodeScalars.contains(where: {
        $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20
      })
    else { throw .invalidKeyName(name) }
  }
}
