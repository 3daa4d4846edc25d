import Foundation
import Testing

@testable import CaravanStore

/// The store implementations the suite runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case sqlite
  case postgres

  var testDescription: String { rawValue }

  /// The variable naming the PostgreSQL server the tests create their databases on.
  static let postgresVariable = "CARAVAN_TEST_POSTGRES_URL"

  static var postgresURL: String? {
    ProcessInfo.processInfo.environment[postgresVariable].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// SQLite always; PostgreSQL when a server is named, and on CI (where a missing server fails).
  static var enabled: [StoreKind] {
    let onCI = ProcessInfo.processInfo.environment["CI"] == "true"
    return postgresURL != nil || onCI ? [.sqlite, .postgres] : [.sqlite]
  }
}

/// A fresh, migrated database of one kind, dropped at the end.
final class StoreFixture {
  let kind: StoreKind
  private(set) var store: any HubStore
  private let open: () throws -> any HubStore
  private let drop: () async -> Void

  private init(
    kind: StoreKind, open: @escaping () throws -> any HubStore,
    drop: @escaping () async -> Void
  ) throws {
    self.kind = kind
    self.open = open
    self.drop = drop
    self.store = try open()
  }

  /// Creates a fresh database; records an issue and answers nil when it cannot.
  static func make(_ kind: StoreKind) async throws -> StoreFixture? {
    switch kind {
    case .sqlite:
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("caravan-store-\(UUID().uuidString)")
      let path = folder.appendingPathComponent("nested/hub.sqlite").path
      return try StoreFixture(
        kind: kind, open: { try SQLiteStore(path: path) },
        drop: { try? FileManager.default.removeItem(at: folder) })
    case .postgres:
      guard let adminURL = StoreKind.postgresURL else {
        let message =
          "\(StoreKind.postgresVariable) is missing: CI must run the PostgreSQL store tests "
          + "(set it to postgres://user@host:port/database of a server the tests may create "
          + "databases on)"
        Issue.record(Comment(rawValue: message))
        return nil
      }
      let name =
        "caravan_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
      let admin = try PostgresStore(url: adminURL)
      try await admin.execute("CREATE DATABASE \(name)")
      var components = try #require(URLComponents(string: adminURL))
      components.path = "/\(name)"
      let url = try #require(components.string)
      return try StoreFixture(
        kind: kind, open: { try PostgresStore(url: url) },
        drop: {
          try? await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
          await admin.close()
        })
    }
  }

  /// Closes the store and opens the same database again (not migrated).
  func reopen() async throws -> any HubStore {
    await store.close()
    store = try open()
    return store
  }

  /// Opens a second store on the same database.
  func another() throws -> any HubStore { try open() }

  func finish() async {
    await store.close()
    await drop()
  }
}

/// Runs `body` against a fresh, migrated store of `kind`.
func withStore(
  _ kind: StoreKind, _ body: (any HubStore, StoreFixture) async throws -> Void
) async throws {
  guard let fixture = try await StoreFixture.make(kind) else { return }
  do {
    try await fixture.store.migrate()
    try await body(fixture.store, fixture)
  } catch {
    await fixture.finish()
    throw error
  }
  await fixture.finish()
}

// MARK: Records

let epoch = Date(timeIntervalSince1970: 1_750_000_000)

func participant(_ id: String, name: String? = nil, womenOwned: Bool = false) -> Participant {
  Participant(
    id: id, name: name ?? "Company \(id)", jurisdiction: "DK", sizeClass: .small, sector: "C",
    womenOwned: womenOwned, createdAt: epoch)
}

func token(_ id: String, of participant: String, hash: UInt8) -> TokenRecord {
  TokenRecord(
    id: id, participantID: participant, hash: [UInt8](repeating: hash, count: 32),
    createdAt: epoch)
}

/// A document with log index `index`; its bytes are `size` bytes counting through all values.
func document(
  _ index: UInt64, sender: String, receiver: String?, issueDate: String = "2025-01-15",
  status: DocumentStatus = .accepted, invoiceNumber: String? = nil,
  idempotencyKey: String? = nil, size: Int = 64
) -> DocumentRecord {
  DocumentRecord(
    id: "doc-\(index)", sender: sender, receiver: receiver,
    invoiceNumber: invoiceNumber ?? "INV-\(index)", typeCode: "380", syntax: "ubl",
    issueDate: issueDate, currency: "EUR", totalAmount: "\(index).50", status: status,
    digest: [UInt8](repeating: UInt8(index % 256), count: 32),
    bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0) &+ UInt8(truncatingIfNeeded: index) },
    signature: "eyJhbGciOiJFZERTQSJ9..sig\(index)", logIndex: index,
    logEntry: Array("entry \(index)".utf8), receipt: "receipt \(index)",
    idempotencyKey: idempotencyKey,
    receivedAt: epoch.addingTimeInterval(Double(index)))
}
