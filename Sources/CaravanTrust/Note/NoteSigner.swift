public import Crypto
import Foundation

/// An Ed25519 note signing key with its name (C2SP signed-note, "Ed25519 signatures").
///
/// Its text form is `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || 32-byte seed)>`, the form
/// used by the Go `sumdb/note` package and C2SP tools, so that keys move between them.
public struct NoteSigner: Sendable {
  public let name: String
  /// The key never changes after creation; swift-crypto does not mark it `Sendable`, but an
  /// immutable key is safe to share.
  public nonisolated(unsafe) let privateKey: Curve25519.Signing.PrivateKey

  public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws(NoteError) {
    try NoteVerifierKey.checkName(name)
    self.name = name
    self.privateKey = privateKey
  }

  /// A new random key.
  public static func generate(name: String) throws(NoteError) -> NoteSigner {
    try NoteSigner(name: name, privateKey: Curve25519.Signing.PrivateKey())
  }

  /// Reads a `PRIVATE+KEY+…` line.
  public init(parsing text: some StringProtocol) throws(NoteError) {
    let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let parts = line.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
    guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
      throw .malformedKey("expected PRIVATE+KEY+<name>+<key ID>+<base64 key>")
    }
    let name = String(parts[2])
    guard parts[3].count == 8, let stated = UInt32(parts[3], radix: 16) else {
      throw .malformedKey("key ID \"\(parts[3])\" is not 8 hexadecimal digits")
    }
    guard let blob = Data(base64Encoded: String(parts[4])), blob.count == 33 else {
      throw .malformedKey("signer key of \(name) is not base64 of 33 bytes")
    }
    guard blob[blob.startIndex] == NoteVerifierKey.SignatureType.ed25519.rawValue else {
      throw .unsupportedAlgorithm(blob[blob.startIndex])
    }
    let key: Curve25519.Signing.PrivateKey
    do {
      key = try Curve25519.Signing.PrivateKey(rawRepresentation: blob.dropFirst())
    } catch {
      throw .malformedKey("signer key of \(name) is not an Ed25519 seed")
    }
    try self.init(name: name, privateKey: key)
    guard keyID == stated else {
      throw .keyIDMismatch(name: name, stated: stated, computed: keyID)
    }
  }

  /// The matching verifier key.
  public var verifierKey: NoteVerifierKey {
    // The name was checked and the key is 32 bytes, so this cannot fail.
    try! NoteVerifierKey(
      name: name, type: .ed25519, publicKey: Array(privateKey.publicKey.rawRepresentation))
  }

  public var keyID: UInt32 { verifierKey.keyID }

  /// The `PRIVATE+KEY+…` line. Keep it secret.
  public var encoded: String {
    let blob = Data([NoteVerifierKey.SignatureType.ed25519.rawValue] + privateKey.rawRepresentation)
    return "PRIVATE+KEY+\(name)+\(hex8(keyID))+\(blob.base64EncodedString())"
  }

  /// Signs the note text (which must end in a newline) with Ed25519.
  public func sign(text: String) throws(NoteError) -> NoteSignature {
    guard text.hasSuffix("\n") else { throw .malformedNote("note text must end with a newline") }
    let signature: Data
    do {
      signature = try privateKey.signature(for: Array(text.utf8))
    } catch {
      throw .malformedNote("Ed25519 signing failed: \(error)")
    }
    return NoteSignature(name: name, keyID: keyID, signature: Array(signature))
  }
}
