/// Why a signed note, a verifier key or a signer key was refused (C2SP signed-note).
public enum NoteError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The note breaks the format of C2SP signed-note, section "Format".
  case malformedNote(String)
  /// A verifier or signer key string could not be read.
  case malformedKey(String)
  /// A key name is empty or contains a space or a plus sign.
  case invalidKeyName(String)
  /// The key ID in a key string is not the one computed from its name and key.
  case keyIDMismatch(name: String, stated: UInt32, computed: UInt32)
  /// The key's signature type is not one this verifier supports.
  case unsupportedAlgorithm(UInt8)
  /// A signature by a known key does not verify: the note was altered or forged.
  case invalidSignature(keyName: String, keyID: UInt32)
  /// No signature on the note is from a known key.
  case noKnownSignature(names: [String])
  /// More signatures than this verifier accepts.
  case tooManySignatures(Int)

  public var description: String {
    switch self {
    case .malformedNote(let why): return "malformed note: \(why)"
    case .malformedKey(let why): return "malformed key: \(why)"
    case .invalidKeyName(let name):
      return "invalid key name \"\(name)\": it must be non-empty, without spaces or '+'"
    case .keyIDMismatch(let name, let stated, let computed):
      return "key \(name) states ID \(hex8(stated)) but its key hashes to \(hex8(computed))"
    case .unsupportedAlgorithm(let type):
      return "signature type 0x\(String(type, radix: 16)) is not supported"
    case .invalidSignature(let name, let id):
      return "invalid signature for key \(name)+\(hex8(id)): the note was altered or forged"
    case .noKnownSignature(let names):
      return "no signature from a known key (signed by: \(names.joined(separator: ", ")))"
    case .tooManySignatures(let count):
      return "note carries \(count) signatures; at most \(SignedNote.maximumSignatures) accepted"
    }
  }
}

func hex8(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: 8 - digits.count) + digits
}
