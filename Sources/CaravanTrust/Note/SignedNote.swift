import Foundation

/// One signature line of a note: `— <key name> base64(key ID || signature)`.
public struct NoteSignature: Hashable, Sendable {
  public var name: String
  public var keyID: UInt32
  /// The signature bytes, without the four-byte key ID.
  public var signature: [UInt8]

  public init(name: String, keyID: UInt32, signature: [UInt8]) {
    self.name = name
    self.keyID = keyID
    self.signature = signature
  }

  /// The signature line, with its final newline.
  public var line: String {
    let id: [UInt8] = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: keyID >> $0) }
    return "— \(name) \(Data(id + signature).base64EncodedString())\n"
  }
}

/// A note: text signed by one or more keys (C2SP signed-note).
///
/// The text ends in a newline; a blank line separates it from the signature lines. The text
/// must be ignored until ``verify(by:)`` has succeeded.
public struct SignedNote: Hashable, Sendable {
  /// Verifiers must accept at least 16 signatures; this one accepts up to 100.
  public static let maximumSignatures = 100
  /// Largest note accepted, in bytes, bounding the work hostile input can cause.
  public static let maximumLength = 1024 * 1024

  /// The note text, including its final newline.
  public var text: String
  public var signatures: [NoteSignature]

  public init(text: String, signatures: [NoteSignature] = []) {
    self.text = text
    self.signatures = signatures
  }

  /// Reads a signed note, checking the format of C2SP signed-note, section "Format".
  public init(parsing encoded: some StringProtocol) throws(NoteError) {
    let note = String(encoded)
    guard note.utf8.count <= Self.maximumLength else {
      throw .malformedNote("note is \(note.utf8.count) bytes; at most \(Self.maximumLength)")
    }
    if let bad = note.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\n" }) {
      throw .malformedNote("contains control character U+\(String(bad.value, radix: 16))")
    }
    guard note.hasSuffix("\n") else { throw .malformedNote("does not end with a newline") }
    guard let split = note.range(of: "\n\n", options: .backwards) else {
      throw .malformedNote("no blank line before the signatures")
    }
    let text = String(note[..<split.lowerBound]) + "\n"
    let block = note[split.upperBound...]
    guard !block.isEmpty else { throw .malformedNote("no signature lines") }
    var signatures: [NoteSignature] = []
    for line in block.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
      signatures.append(try Self.parseSignature(line))
      if signatures.count > Self.maximumSignatures {
        throw .tooManySignatures(signatures.count)
      }
    }
    self.init(text: text, signatures: signatures)
  }

  private static func parseSignature(_ line: Substring) throws(NoteError) -> NoteSignature {
    guard line.hasPrefix("— ") else {
      throw .malformedNote("signature line does not start with an em dash: \"\(line.prefix(40))\"")
    }
    let rest = line.dropFirst(2)
    guard let space = rest.lastIndex(of: " ") else {
      throw .malformedNote("signature line has no key name: \"\(line.prefix(40))\"")
    }
    let name = String(rest[..<space])
    do {
      try NoteVerifierKey.checkName(name)
    } catch {
      throw .malformedNote("signature line has invalid key name \"\(name)\"")
    }
    guard let blob = Data(base64Encoded: String(rest[rest.index(after: space)...])),
      blob.count > 4
    else {
      throw .malformedNote("signature of \(name) is not base64 of a key ID and signature")
    }
    let bytes = Array(blob)
    let keyID = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    return NoteSignature(name: name, keyID: keyID, signature: Array(bytes[4...]))
  }

  /// The signed note, text + blank line + signature lines.
  public var encoded: String {
    text + "\n" + signatures.map(\.line).joined()
  }

  /// Signs the text and adds the signature.
  public mutating func sign(with signer: NoteSigner) throws(NoteError) {
    signatures.append(try signer.sign(text: text))
  }

  /// Verifies the note against known keys (C2SP signed-note, section "Signatures").
  ///
  /// Signatures from unknown keys (name and ID not both matching a known key) are ignored.
  /// A signature from a known key that fails rejects the whole note. At least one known
  /// signature must verify. Returns the keys whose signatures verified, in note order.
  @discardableResult
  public func verify(by verifiers: [any NoteVerifier]) throws(NoteError) -> [any NoteVerifier] {
    let message = Array(text.utf8)
    var verified: [any NoteVerifier] = []
    for signature in signatures {
      guard
        let verifier = verifiers.first(where: {
          $0.name == signature.name && $0.keyID == signature.keyID
        })
      else { continue }
      guard verifier.isValidSignature(signature.signature, forText: message) else {
        throw .invalidSignature(keyName: signature.name, keyID: signature.keyID)
      }
      if !verified.contains(where: { $0.name == verifier.name && $0.keyID == verifier.keyID }) {
        verified.append(verifier)
      }
    }
    guard !verified.isEmpty else { throw .noKnownSignature(names: signatures.map(\.name)) }
    return verified
  }
}
