import CaravanHub
import CaravanServer
import CaravanStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A hub on a fresh store and data folder, served over real HTTP on a loopback port.
struct TestHub {
  /// The store kinds the server tests run on: SQLite always, PostgreSQL when
  /// `CARAVAN_TEST_POSTGRES_URL` names a server (required under `CI=true`).
  enum Kind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
  }

  let hub: Hub
  let store: any HubStore
  let configuration: HubServer.Configuration
  let adminToken: String
  let directory: URL

  static func make(_ kind: Kind = .sqlite) async throws -> TestHub {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("caravan-hub-\(UUID().uuidString)")
    var databaseURL: String?
    if kind == .postgres {
      databaseURL = try await TestDatabases.freshPostgresDatabase()
    }
    let configuration = HubServer.Configuration(
      host: "127.0.0.1", port: 0, dataDirectory: directory, databaseURL: databaseURL,
      jurisdiction: "KE", maximumDocumentBytes: 256 * 1024)
    var logger = Logger(label: "caravan.test")
    logger.logLevel = .warning
    let store = try await HubServer.openStore(configuration, logger: logger)
    let hub = try await HubServer.openHub(configuration, store: store, logger: logger)
    let token = try #require(try await hub.createAdminTokenIfMissing())
    return TestHub(
      hub: hub, store: store, configuration: configuration, adminToken: token,
      directory: directory)
  }

  /// Runs `body` against the hub served on a loopback port.
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

enum TestDatabases {
  /// A new empty database on the server `CARAVAN_TEST_POSTGRES_URL` names.
  static func freshPostgresDatabase() async throws -> String {
    guard let base = ProcessInfo.processInfo.environment["CARAVAN_TEST_POSTGRES_URL"] else {
      Issue.record(
        "CARAVAN_TEST_POSTGRES_URL is not set: the PostgreSQL cases need a server (scripts/test starts one)"
      )
      throw CancellationError()
    }
    let name =
      "caravan_hub_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
    try await PostgresStore.createDatabase(named: name, serverURL: base)
    var components = URLComponents(string: base)!
    components.path = "/" + name
    return components.string!
  }

  /// The store kinds to run: PostgreSQL only when configured, or when CI requires it.
  static var kinds: [TestHub.Kind] {
    let env = ProcessInfo.processInfo.environment
    if env["CARAVAN_TEST_POSTGRES_URL"] != nil || env["CI"] == "true" {
      return [.sqlite, .postgres]
    }
    return [.sqlite]
  }
}

/// Test documents made from the example invoice, each with its own number.
enum Invoices {
  static let exampleURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/kiondo-baskets-ubl.xml")

  static let example: String = (try? String(contentsOf: exampleURL, encoding: .utf8)) ?? ""

  static let seller = "0088:6164000000011"
  static let buyer = "0088:8850000000018"

  /// The example with invoice number `number`, and optionally another issue date.
  static func ubl(number: String, issueDate: String? = nil) -> [UInt8] {
    var text = example.replacingOccurrences(
      of: "<cbc:ID>KB-2026-0117</cbc:ID>", with: "<cbc:ID>\(number)</cbc:ID>")
    if let issueDate {
      text = text.replacingOccurrences(
        of: "<cbc:IssueDate>2026-11-20</cbc:IssueDate>",
        with: "<cbc:IssueDate>\(issueDate)</cbc:IssueDate>")
    }
    return Array(text.utf8)
  }
}
