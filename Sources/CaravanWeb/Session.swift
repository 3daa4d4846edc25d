import CaravanTrust
import Crypto
import Foundation

/// A signed-in participant, as its session cookie says.
struct Session: Sendable {
  var participantID: String
  /// SHA-256 of the token the participant signed in with; the session lives while it does.
  var tokenHash: [UInt8]
  var expires: Date
  /// The cookie value, which CSRF tokens are bound to.
  var cookie: String
}

/// The key that signs session cookies and CSRF tokens (HMAC-SHA256), kept in the hub's data
/// folder so that sessions survive a restart.
struct SessionKey: Sendable {
  /// The 32 key bytes (kept as bytes: `SymmetricKey` is not `Sendable`).
  let bytes: [UInt8]

  var key: SymmetricKey { SymmetricKey(data: bytes) }

  /// How long a session lasts.
  static let lifetime: TimeInterval = 12 * 3600

  init(key: SymmetricKey) { self.bytes = key.withUnsafeBytes { Array($0) } }

  /// A key that lives only as long as the process.
  static func ephemeral() -> SessionKey { SessionKey(key: SymmetricKey(size: .bits256)) }

  /// The key in `folder/session.key`, created (32 random bytes, mode 0600) when missing.
  static func loadOrCreate(folder: URL) throws -> SessionKey {
    let file = folder.appendingPathComponent("session.key")
    let manager = FileManager.default
    if let data = manager.contents(atPath: file.path), data.count == 32 {
      return SessionKey(key: SymmetricKey(data: data))
    }
    try manager.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let key = SymmetricKey(size: .bits256)
    let bytes = key.withUnsafeBytes { Data($0) }
    guard
      manager.createFile(atPath: file.path, contents: bytes, attributes: [.posixPermissions: 0o600])
    else { throw CocoaError(.fileWriteUnknown) }
    return SessionKey(key: key)
  }

  /// A new session cookie value: participant, token hash and expiry, signed.
  func issue(participantID: String, tokenHash: [UInt8], now: Date = Date()) -> Session {
    let expires = now.addingTimeInterval(Self.lifetime)
    let payload =
      "v1." + Base64URL.encode(Array(participantID.utf8)) + "." + Base64URL.encode(tokenHash)
      + "." + String(Int(expires.timeIntervalSince1970))
    let cookie = payload + "." + mac("session|" + payload)
    return Session(
      participantID: participantID, tokenHash: tokenHash, expires: expires, cookie: cookie)
  }

  /// The session a cookie value carries, when its signature holds and it has not expired.
  func open(_ cookie: String, now: Date = Date()) -> Session? {
    guard cookie.utf8.count <= 1024 else { return nil }
    let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 5, parts[0] == "v1" else { return nil }
    let payload = parts[0..<4].joined(separator: ".")
    guard verify(String(parts[4]), "session|" + payload),
      let idBytes = Base64URL.decode(parts[1]), let id = String(validating: idBytes, as: UTF8.self),
      let hash = Base64URL.decode(parts[2]), hash.count == 32,
      let seconds = Int(parts[3])
    else { return nil }
    let expires = Date(timeIntervalSince1970: TimeInterval(seconds))
    guard expires > now else { return nil }
    return Session(participantID: id, tokenHash: hash, expires: expires, cookie: cookie)
  }

  /// The CSRF token of forms sent under `binding` (a session cookie, or the anonymous cookie
  /// of a visitor not signed in).
  func csrfToken(binding: String) -> String { mac("csrf|" + binding) }

  /// True when `token` is the CSRF token of `binding`.
  func checkCSRF(_ token: String?, binding: String) -> Bool {
    guard let token, !binding.isEmpty else { return false }
    return verify(token, "csrf|" + binding)
  }

  private func mac(_ text: String) -> String {
    Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key)))
  }

  private func verify(_ code: String, _ text: String) -> Bool {
    guard let bytes = Base64URL.decode(code) else { return false }
    return HMAC<SHA256>.isValidAuthenticationCode(
      bytes, authenticating: Array(text.utf8), using: key)
  }
}
