import AsyncHTTPClient
public import CaravanExchange
public import CaravanHub
public import CaravanTrust
import Foundation
import HTTPTypes
import NIOCore

/// Reaches peer hubs over HTTP with AsyncHTTPClient: their signed directories, and
/// deliveries signed per RFC 9421.
public struct HTTPPeerTransport: PeerTransport {
  /// The header carrying a detached JWS over a response body (directory, receipt, policy).
  public static let signatureHeader = "Caravan-Signature"

  private let client: HTTPClient
  private let timeout: TimeAmount

  /// The process's client for peers: up to 16 connections to each (the shared client keeps
  /// 8), never shut down, like `HTTPClient.shared`.
  public static let peerClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(
      idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
    return HTTPClient(
      eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
  }()

  public init(client: HTTPClient = HTTPPeerTransport.peerClient, timeout: Duration = .seconds(10)) {
    self.client = client
    self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
  }

  public func directory(of peer: PeerHub) async throws -> SignedBytes {
    let request = HTTPClientRequest(url: peer.url + "/v1/exchange/directory")
    let response = try await client.execute(request, timeout: timeout)
    let body = try await response.body.collect(upTo: HubDirectory.maximumLength)
    guard response.status == .ok else {
      throw PeerError.invalid(
        "\(peer.url)/v1/exchange/directory answered \(response.status.code)")
    }
    guard let signature = response.headers.first(name: Self.signatureHeader) else {
      throw PeerError.invalid("\(peer.url)/v1/exchange/directory is not signed")
    }
    return SignedBytes(bytes: Array(buffer: body), signature: signature)
  }

  public func deliver(envelope: [UInt8], to peer: PeerHub, key: SigningKey, keyID: String)
    async throws -> PeerAnswer
  {
    let url = peer.url + "/v1/exchange/deliveries"
    guard let parsed = URL(string: url), let host = parsed.host else {
      return .refused(status: 0, reason: "\(url) is not a URL")
    }
    let authority = parsed.port.map { "\(host):\($0)" } ?? host
    var head = HTTPRequest(
      method: .post, scheme: parsed.scheme, authority: authority, path: parsed.path)
    head.headerFields[.contentType] = "application/json"
    try MessageSignature.sign(&head, body: envelope, key: key, keyID: keyID)

    var request = HTTPClientRequest(url: url)
    request.method = .POST
    for field in head.headerFields {
      request.headers.add(name: field.name.rawName, value: field.value)
    }
    request.body = .bytes(ByteBuffer(bytes: envelope))
    let response = try await client.execute(request, timeout: timeout)
    let body = Array(buffer: try await response.body.collect(upTo: DeliveryReceipt.maximumLength))
    switch response.status.code {
    case 200, 201:
      guard let signature = response.headers.first(name: Self.signatureHeader) else {
        return .failed("\(url) answered \(response.status.code) without a signed receipt")
      }
      return .accepted(SignedBytes(bytes: body, signature: signature))
    case 400..<500 where response.status.code != 408 && response.status.code != 429:
      return .refused(status: Int(response.status.code), reason: Self.detail(of: body))
    default:
      return .failed("\(url) answered \(response.status.code): \(Self.detail(of: body))")
    }
  }

  /// The `detail` of a problem document (RFC 9457), or the start of the body when it is not
  /// one.
  public static func detail(of body: [UInt8]) -> String {
    struct Problem: Decodable {
      var detail: String?
    }
    if let problem = try? JSONDecoder().decode(Problem.self, from: Data(body)),
      let detail = problem.detail
    {
      return detail
    }
    return String(decoding: body.prefix(300), as: UTF8.self)
  }
}
