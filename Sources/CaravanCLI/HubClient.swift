import ArgumentParser
import AsyncHTTPClient
import CaravanExchange
import CaravanServer
import Foundation
import NIOCore
import NIOHTTP1

/// The options of every command that talks to a running hub: where it answers and the bearer
/// token to present.
struct HubOptions: ParsableArguments {
  @Option(help: "The hub's base URL, as `caravan serve` prints it (http://127.0.0.1:8080).")
  var hub: String

  @Option(
    help:
      "Bearer token: the operator's, or for deliveries a participant's (default: $CARAVAN_TOKEN).")
  var token: String?

  func validate() throws {
    guard HubClient(hub: hub, token: nil) != nil else {
      throw ValidationError("--hub \(hub) is not an http or https URL, as http://127.0.0.1:8080")
    }
  }

  /// The client these options describe; the token falls back to `CARAVAN_TOKEN`.
  func client() throws -> HubClient {
    let token = self.token ?? ProcessInfo.processInfo.environment["CARAVAN_TOKEN"]
    guard let client = HubClient(hub: hub, token: token.flatMap { $0.isEmpty ? nil : $0 }) else {
      throw ValidationError("--hub \(hub) is not an http or https URL, as http://127.0.0.1:8080")
    }
    return client
  }
}

/// A small client of a hub's HTTP API (AsyncHTTPClient): requests with a bearer token,
/// problem documents (RFC 9457) turned into ``HubClientError``.
struct HubClient: Sendable {
  /// How long establishing the connection may take.
  static let connectTimeout = TimeAmount.seconds(10)
  /// How long one request may take, connection included.
  static let timeout = TimeAmount.seconds(30)
  /// The largest answer read.
  static let maximumResponseBytes = 32 * 1024 * 1024

  /// The base URL, without a trailing slash.
  let base: String
  let token: String?

  /// A client of the hub at `hub`; nil unless it is an http or https URL without query or
  /// fragment.
  init?(hub: String, token: String?) {
    guard let base = PeerTable.baseURL(hub) else { return nil }
    self.base = base
    self.token = token
  }

  /// `GET path?query`: the body of a 2xx answer.
  func get(_ path: String, query: [(String, String)] = []) async throws(HubClientError)
    -> [UInt8]
  {
    try await send(.GET, path, query: query)
  }

  /// `POST path` without a body: the body of a 2xx answer.
  func post(_ path: String) async throws(HubClientError) -> [UInt8] {
    try await send(.POST, path, query: [])
  }

  /// Reads the JSON answer of `path` as `T`.
  func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], from path: String)
    throws(HubClientError) -> T
  {
    do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch {
      throw .unexpected(
        url: base + path, reason: "the answer is not the JSON expected (\(error))")
    }
  }

  /// One path segment, percent-encoded (an identifier taken from the command line).
  static func segment(_ text: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "/;?#%")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }

  private func send(_ method: HTTPMethod, _ path: String, query: [(String, String)])
    async throws(HubClientError) -> [UInt8]
  {
    var url = base + path
    if !query.isEmpty {
      var allowed = CharacterSet.urlQueryAllowed
      allowed.remove(charactersIn: "&=+;#")
      url +=
        "?"
        + query.map { name, value in
          "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
    var request = HTTPClientRequest(url: url)
    request.method = method
    request.headers.add(name: "Accept", value: "application/json")
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    // A client of its own, for one request: a command asks once, so a refused connection is
    // reported at once rather than retried until the deadline.
    var configuration = HTTPClient.Configuration()
    configuration.timeout = .init(connect: Self.connectTimeout, read: Self.timeout)
    configuration.connectionPool.retryConnectionEstablishment = false
    let client = HTTPClient(
      eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    let answer: Result<(HTTPResponseStatus, [UInt8]), any Error>
    do {
      let response = try await client.execute(request, timeout: Self.timeout)
      let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
      answer = .success((response.status, Array(buffer: body)))
    } catch {
      answer = .failure(error)
    }
    try? await client.shutdown()
    let status: HTTPResponseStatus
    let body: [UInt8]
    switch answer {
    case .success(let received): (status, body) = received
    case .failure(let error): throw .unreachable(url: url, reason: "\(error)")
    }
    guard (200..<300).contains(status.code) else {
      throw .problem(
        method: method.rawValue, url: url, status: Int(status.code),
        reason: status.reasonPhrase, detail: HTTPPeerTransport.detail(of: body))
    }
    return body
  }

}

/// Why a request to a hub did not give the answer asked for.
enum HubClientError: Error, CustomStringConvertible {
  /// No answer: the hub could not be reached, or did not answer in time.
  case unreachable(url: String, reason: String)
  /// The hub answered with an error status; `detail` is its problem document's.
  case problem(method: String, url: String, status: Int, reason: String, detail: String)
  /// The hub answered, but not with what this command reads.
  case unexpected(url: String, reason: String)

  /// One line, naming the URL.
  var description: String {
    let text: String
    switch self {
    case .unreachable(let url, let reason):
      text = "cannot reach \(url): \(reason)"
    case .problem(let method, let url, let status, let reason, let detail):
      text = "\(method) \(url) answered \(status) \(reason): \(detail)"
    case .unexpected(let url, let reason):
      text = "\(url): \(reason)"
    }
    return text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}

/// Runs `body`, a conversation with a hub; a failure is printed on one line of standard error
/// and ends the command with status 1.
func talkingToHub<T>(_ body: () async throws(HubClientError) -> T) async throws -> T {
  do {
    return try await body()
  } catch {
    printError("\(error)")
    throw ExitCode(1)
  }
}
