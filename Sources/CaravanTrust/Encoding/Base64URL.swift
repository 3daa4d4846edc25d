import Foundation

/// base64url without padding (RFC 4648, section 5; RFC 7515, section 2).
public enum Base64URL {
  /// The 64 characters of the URL-safe alphabet, in value order.
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

  /// Encodes `bytes`.
  ///
  /// Written straight into the string, three bytes to four characters: it runs on every
  /// signature the hub makes, where standard base64 rewritten with three string replacements
  /// cost more than the signature itself.
  public static func encode(_ bytes: some DataProtocol) -> String {
    if let text = bytes.withContiguousStorageIfAvailable(encode(buffer:)) { return text }
    return Array(bytes).withUnsafeBufferPointer(encode(buffer:))
  }

  private static func encode(buffer bytes: UnsafeBufferPointer<UInt8>) -> String {
    let remainder = bytes.count % 3
    let length = bytes.count / 3 * 4 + (remainder == 0 ? 0 : remainder + 1)
    return alphabet.withUnsafeBufferPointer { table in
      String(unsafeUninitializedCapacity: length) { out in
        func character(_ group: UInt32, _ shift: UInt32) -> UInt8 {
          table[Int(truncatingIfNeeded: group >> shift & 0x3F)]
        }
        var i = 0
        var o = 0
        while i + 3 <= bytes.count {
          let group = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
          out[o] = character(group, 18)
          out[o + 1] = character(group, 12)
          out[o + 2] = character(group, 6)
          out[o + 3] = character(group, 0)
          i += 3
          o += 4
        }
        if remainder > 0 {
          let group = UInt32(bytes[i]) << 16 | (remainder == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
          out[o] = character(group, 18)
          out[o + 1] = character(group, 12)
          if remainder == 2 { out[o + 2] = character(group, 6) }
        }
        return length
      }
    }
  }

  /// Decodes strictly: only the URL-safe alphabet, no padding, and the unused bits of the
  /// last character zero (RFC 4648, section 3.5), so each byte string has one encoding and a
  /// signature cannot be rewritten into another text that still verifies. Read straight from
  /// the text, four characters to three bytes, as ``encode(_:)`` writes.
  public static func decode(_ text: some StringProtocol) -> [UInt8]? {
    let count = text.utf8.count
    guard count % 4 != 1 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count / 4 * 3 + 2)
    var group: UInt32 = 0
    var bits = 0
    for c in text.utf8 {
      guard let value = value(of: c) else { return nil }
      group = group << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        bytes.append(UInt8(truncatingIfNeeded: group >> UInt32(bits)))
        group &= (1 << UInt32(bits)) - 1
      }
    }
    guard group == 0 else { return nil }  // unused bits set: not the canonical encoding
    return bytes
  }

  /// The value (0–63) of a character of the URL-safe alphabet; nil for any other byte.
  @inline(__always)
  private static func value(of character: UInt8) -> UInt8? {
    switch character {
    case 0x41...0x5A: character &- 0x41  // A-Z
    case 0x61...0x7A: character &- 0x61 &+ 26  // a-z
    case 0x30...0x39: character &- 0x30 &+ 52  // 0-9
    case 0x2D: 62  // -
    case 0x5F: 63  // _
    default: nil
    }
  }

  /// True when `byte` is a character of the URL-safe alphabet.
  static func isAlphabet(_ byte: UInt8) -> Bool { value(of: byte) != nil }

  /// `count` bytes from the system's secure random source, encoded: tokens, nonces.
  public static func random(count: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    return encode((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
  }
}
