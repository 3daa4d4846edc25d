import CaravanHub
import CaravanServer
import CaravanStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A hub on a fresh SQLite store with three participants, served over real HTTP.
struct WebSite {
  let hub: Hub
  let store: any HubStore
  let configuration: HubServer.Configuration
  let directory: URL
  let sellerToken: String
  let buyerToken: String
  let otherToken: String

  static let exampleURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/kiondo-baskets-ubl.xml")

  static func make() async throws -> WebSite {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("caravan-web-\(UUID().uuidString)")
    let configuration = HubServer.Configuration(
      host: "127.0.0.1", port: 0, dataDirectory: directory, jurisdiction: "KE",
      maximumDocumentBytes: 256 * 1024)
    var logger = Logger(label: "caravan.test")
    logger.logLevel = .warning
    let store = try await HubServer.openStore(configuration, logger: logger)
    let hub = try await HubServer.openHub(configuration, store: store, logger: logger)
    func register(_ id: String, _ name: String, _ country: String) async throws -> String {
      try await hub.register(
        ParticipantRegistration(
          id: id, name: name, jurisdiction: country, sizeClass: .micro, sector: "C",
          womenOwned: true)
      ).token
    }
    return WebSite(
      hub: hub, store: store, configuration: configuration, directory: directory,
      sellerToken: try await register(WebTests.seller, "Kiondo Weavers", "KE"),
      buyerToken: try await register(WebTests.buyer, "Lanna Home Crafts", "TH"),
      otherToken: try await register(WebTests.other, "Other Trader", "KE"))
  }

  func live<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value)
    async throws -> Value
  {
    var logger = Logger(label: "caravan.test.http")
    logger.logLevel = .warning
    let app = HubServer.application(hub: hub, configuration: configuration, logger: logger)
    return try await app.test(.live) { client in try await body(client) }
  }

  func close() async {
    await store.close()
    try? FileManager.default.removeItem(at: directory)
  }
}

/// A page as the browser got it.
struct Page {
  var status: HTTPResponse.Status
  var headers: HTTPFields
  var text: String
}

/// Which CSRF token a test form carries.
enum CSRFChoice {
  /// The one of the last page.
  case current
  case omitted
  case value(String)
}

/// A minimal browser: keeps cookies, finds the CSRF token of the last page, posts forms.
struct Browser {
  let client: any TestClientProtocol
  var cookies: [String: String] = [:]
  var csrf: String?

  init(client: any TestClientProtocol) { self.client = client }

  static func signedIn(_ client: any TestClientProtocol, token: String) async throws -> Browser {
    var browser = Browser(client: client)
    _ = try await browser.get("/sign-in")
    let response = try await browser.post("/sign-in", ["token": token])
    #expect(response.status == .seeOther)
    _ = try await browser.get("/")
    return browser
  }

  /// The CSRF token of the first form of a page, if it has one.
  static func csrf(in html: String) -> String? {
    guard let start = html.range(of: "name=\"csrf\" value=\"") else { return nil }
    return String(html[start.upperBound...].prefix { $0 != "\"" })
  }

  mutating func execute(
    _ uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
  ) async throws -> Page {
    var fields = headers
    if !cookies.isEmpty {
      fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
    }
    let response = try await client.execute(uri: uri, method: method, headers: fields, body: body)
    for value in response.headers[values: .setCookie] {
      let pair = value.split(separator: ";")[0].split(
        separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard pair.count == 2 else { continue }
      let name = String(pair[0])
      if value.contains("Max-Age=0") || pair[1].isEmpty {
        cookies[name] = nil
      } else {
        cookies[name] = String(pair[1])
      }
    }
    let page = Page(
      status: response.status, headers: response.headers, text: String(buffer: response.body))
    if let token = Self.csrf(in: page.text) { csrf = token }
    return page
  }

  func token(_ choice: CSRFChoice) -> String? {
    switch choice {
    case .current: return csrf
    case .omitted: return nil
    case .value(let value): return value
    }
  }

  mutating func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
    try await execute(uri, method: .get, headers: headers)
  }

  /// Posts `fields` url-encoded, with the CSRF token of the last page unless told otherwise.
  mutating func post(_ uri: String, _ fields: [String: String], csrf: CSRFChoice = .current)
    async throws -> Page
  {
    var all = fields
    if let token = token(csrf) { all["csrf"] = token }
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let body = all.sorted { $0.key < $1.key }.map {
      "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)="
        + $0.value.addingPercentEncoding(withAllowedCharacters: allowed)!
    }.joined(separator: "&")
    return try await execute(
      uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
      body: ByteBuffer(string: body))
  }

  /// Posts a multipart form with one file.
  mutating func postMultipart(
    _ uri: String, fields: [String: String], file: (name: String, filename: String, bytes: [UInt8]),
    csrf: CSRFChoice = .current
  ) async throws -> Page {
    if self.csrf == nil { _ = try await get(uri) }
    var all = fields
    if let token = token(csrf) { all["csrf"] = token }
    let boundary = "----caravan\(UUID().uuidString)"
    var body: [UInt8] = []
    for (name, value) in all.sorted(by: { $0.key < $1.key }) {
      body += Array(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8)
      body += Array(value.utf8) + Array("\r\n".utf8)
    }
    body += Array(
      ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; "
        + "filename=\"\(file.filename)\"\r\nContent-Type: application/xml\r\n\r\n").utf8)
    body += file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
    return try await execute(
      uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
      body: ByteBuffer(bytes: body))
  }
}
