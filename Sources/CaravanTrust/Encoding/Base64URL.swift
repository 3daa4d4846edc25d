import Foundation

/// base64url without padding (RFC 4648, section 5; RFC 7515, section 2).
public enum Base64URL {
  /// Encodes `bytes`.
  public static func encode(_ bytes: some DataProtocol) -> String {
    Data(bytes).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  /// Decodes strictly: only the URL-safe alphabet, no padding.
  public static func decode(_ text: some StringProtocol) -> [UInt8]? {
    guard
      text.utf8.allSatisfy({
        (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0)
          || $0 == 0x2D || $0 == 0x5F
      }), text.count % 4 != 1
    else { return nil }
    var standard = text.replacingOccurrences(of: "-", with: "+")
      .replacingOccurrences(of: "_", with: "/")
    standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
    return Data(base64Encoded: standard).map(Array.init)
  }

  /// `count` bytes from the system's secure random source, encoded: tokens, nonces.
  public static func random(count: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    return encode((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
  }
}
