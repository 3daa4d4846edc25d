import Foundation
import Testing

@testable import CaravanStore

/// A database written by an earlier schema keeps everything through the migrations after it.
@Suite("SQLite migrations")
struct SQLiteMigrationTests {
  /// `bytes` as an SQL blob literal.
  static func hex(_ bytes: [UInt8]) -> String {
    "X'" + bytes.map { String(format: "%02X", $0) }.joined() + "'"
  }

  static func text(_ value: String?) -> String {
    value.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
  }

  /// A document as schema 2 stored it: one row with its bytes, signature, entry and receipt.
  static func schema2Insert(_ d: DocumentRecord) -> String {
    let values = [
      text(d.id), text(d.sender), text(d.receiver), text(d.invoiceNumber), text(d.typeCode),
      text(d.syntax), text(d.issueDate), text(d.currency), text(d.totalAmount),
      text(d.status.rawValue), hex(d.digest), hex(d.bytes), text(d.signature),
      String(d.logIndex), hex(d.logEntry), text(d.receipt), text(d.idempotencyKey),
      String(StoreTime.microseconds(d.receivedAt)),
    ]
    return """
      INSERT INTO documents (id, sender, receiver, invoice_number, type_code, syntax,
        issue_date, currency, total_amount, status, digest, bytes, signature, log_index,
        log_entry, receipt, idempotency_key, received_at)
      VALUES (\(values.joined(separator: ", ")))
      """
  }

  /// A delivery as schema 2 stored it: one row with its envelope.
  static func schema2Insert(_ d: DeliveryRecord) -> String {
    let values = [
      text(d.id), text(d.direction.rawValue), text(d.documentID), text(d.sender),
      text(d.receiver), text(d.peer), text(d.status.rawValue), String(d.attempts),
      String(StoreTime.microseconds(d.nextAttemptAt)), String(StoreTime.microseconds(d.createdAt)),
      String(StoreTime.microseconds(d.updatedAt)), text(d.reason), hex(d.decision),
      hex(d.envelope), d.receipt.map(hex) ?? "NULL", text(d.receiptSignature),
      d.receiptLogIndex.map { String($0) } ?? "NULL",
    ]
    return """
      INSERT INTO deliveries (id, direction, document_id, sender, receiver, peer, status,
        attempts, next_attempt_at, created_at, updated_at, reason, decision, envelope, receipt,
        receipt_signature, receipt_log_index)
      VALUES (\(values.joined(separator: ", ")))
      """
  }

  @Test("log resources of schema 3, one row each, read the same from their chunks")
  func logChunks() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("caravan-migration-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("hub.sqlite").path
    let old = try SQLiteStore(path: path)
    try old.migrate(upTo: "3-contents-apart")
    let resources: [(LogKey, [UInt8])] = [
      (.checkpoint, Array("origin\n5\nroot\n".utf8)),
      (.tile(level: 0, index: 0), (0..<8192).map { UInt8(truncatingIfNeeded: $0) }),
      (.tile(level: 1, index: 0), [1, 2, 3]),
      (.entryBundle(index: 0), (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 3) }),
      (.entryBundle(index: 1), []),
    ]
    for (key, bytes) in resources {
      try await old.execute(
        "INSERT INTO log_resources (key, bytes) VALUES ('\(key)', \(Self.hex(bytes)))")
    }
    await old.close()

    let store = try SQLiteStore(path: path)
    try await store.migrate()
    for (key, bytes) in resources { #expect(try await store.logResource(key) == bytes, "\(key)") }
    #expect(try await store.logResource(.entryBundle(index: 2)) == nil)
    await store.close()
  }

  @Test("documents and deliveries of schema 2 read the same after their contents move apart")
  func contentsApart() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("caravan-migration-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("hub.sqlite").path
    let old = try SQLiteStore(path: path)
    try old.migrate(upTo: "2-exchange")

    let a = participant("0088:a")
    try await old.insertParticipant(a, token: token("t", of: a.id, hash: 1))
    let documents = [
      document(1, sender: a.id, receiver: "0088:b", size: 9000),
      document(2, sender: a.id, receiver: nil, status: .delivered, idempotencyKey: "k'2"),
      document(3, sender: "0088:b", receiver: a.id, size: 10),
    ]
    var delivered = DeliveryStoreTests.delivery(2, status: .delivered)
    delivered.receipt = Array("{\"receipt\":2}".utf8)
    delivered.receiptSignature = "eyJ..sig"
    delivered.receiptLogIndex = 7
    let deliveries = [
      DeliveryStoreTests.delivery(1, status: .queued, due: epoch),
      delivered,
      DeliveryStoreTests.delivery(2, direction: .inbound, status: .delivered),
    ]
    for d in documents { try await old.execute(Self.schema2Insert(d)) }
    for d in deliveries { try await old.execute(Self.schema2Insert(d)) }
    await old.close()

    let store = try SQLiteStore(path: path)
    try await store.migrate()
    for d in documents {
      #expect(try await store.document(id: d.id) == d)
      #expect(try await store.document(sender: d.sender, invoiceNumber: d.invoiceNumber) == d)
    }
    #expect(try await store.document(sender: a.id, idempotencyKey: "k'2") == documents[1])
    let outbox = try await store.documents(DocumentQuery(participant: a.id, box: .outbox))
    #expect(outbox.documents.map(\.id) == ["doc-2", "doc-1"])
    #expect(try await store.documentCount() == 3)

    #expect(try await store.delivery(id: deliveries[0].id) == deliveries[0])
    #expect(try await store.delivery(id: delivered.id) == delivered)
    let inbound = try await store.deliveries(DeliveryQuery(direction: .inbound))
    #expect(inbound.deliveries == [deliveries[2]])
    let leased = try await store.leaseDueDeliveries(
      at: epoch.addingTimeInterval(1), until: epoch.addingTimeInterval(120), limit: 10)
    #expect(leased == [deliveries[0]])

    // The new layout takes new rows, and a document's number stays unique.
    try await store.commit(
      CommitBatch(documents: [document(4, sender: a.id, receiver: nil)], logResources: []))
    #expect(try await store.document(id: "doc-4") == document(4, sender: a.id, receiver: nil))
    await #expect(throws: StoreError.self) {
      try await store.commit(
        CommitBatch(
          documents: [document(5, sender: a.id, receiver: nil, invoiceNumber: "INV-1")],
          logResources: []))
    }
    #expect(try await store.documentCount() == 4)
    await store.close()
  }
}
