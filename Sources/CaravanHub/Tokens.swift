import CaravanTrust
import Crypto
import Foundation

/// Bearer tokens: 32 random bytes, base64url, with a prefix that says what they are (so that
/// secret scanners can find leaked ones). The hub stores only their SHA-256.
public enum Tokens {
  /// A new random token with `prefix` (`cvn_` for participants, `cvn_admin_` for the operator).
  public static func generate(prefix: String = "cvn_") -> String {
    prefix + Base64URL.random(count: 32)
  }

  /// SHA-256 of the token's UTF-8 bytes.
  public static func hash(_ token: some StringProtocol) -> [UInt8] {
    Array(SHA256.hash(data: Array(token.utf8)))
  }

  /// Compares two byte strings in time independent of where they differ.
  static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in a.indices { difference |= a[i] ^ b[i] }
    return difference == 0
  }
}
