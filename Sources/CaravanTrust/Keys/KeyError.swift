/// Why a key could not be read or used.
public enum KeyError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The text is neither PEM, JWK nor a C2SP note key.
  case unrecognizedFormat(String)
  /// The key is in a known format but its content is wrong.
  case invalidKey(String)
  /// The algorithm or curve is not Ed25519 or P-256.
  case unsupportedAlgorithm(String)

  public var description: String {
    switch self {
    case .unrecognizedFormat(let what):
      return "unrecognised key format (\(what)); expected PEM, JWK, or a C2SP note key line"
    case .invalidKey(let why): return "invalid key: \(why)"
    case .unsupportedAlgorithm(let what):
      return "unsupported key algorithm \(what); use Ed25519 or P-256"
    }
  }
}
