public import CaravanExchange
public import CaravanTrust

/// How a hub talks to its peers. The HTTP implementation lives with the server; tests may
/// supply their own.
public protocol PeerTransport: Sendable {
  /// The peer's signed directory: its bytes and the detached JWS over them.
  func directory(of peer: PeerHub) async throws -> SignedBytes
  /// Sends an envelope to the peer, signed per RFC 9421 with `key` under `keyID`.
  func deliver(envelope: [UInt8], to peer: PeerHub, key: SigningKey, keyID: String) async throws
    -> PeerAnswer
}

/// Bytes with the detached JWS that signs them.
public struct SignedBytes: Sendable {
  public var bytes: [UInt8]
  public var signature: String

  public init(bytes: [UInt8], signature: String) {
    self.bytes = bytes
    self.signature = signature
  }
}

/// What a peer answered to a delivery.
public enum PeerAnswer: Sendable {
  /// Accepted (or accepted before): its signed receipt.
  case accepted(SignedBytes)
  /// Refused for good (a 4xx answer): the HTTP status and the peer's reason.
  case refused(status: Int, reason: String)
  /// Not answered usefully (a 5xx answer, a timeout): try again later.
  case failed(String)
}
