import CaravanHub
import CaravanLog
import CaravanStore
import Foundation
import Logging
import Synchronization
import Testing

/// A store whose commits can be made to fail, to see what the hub does when its database does.
final class FailingStore: HubStore {
  let base: any HubStore
  let failCommits = Atomic<Bool>(false)

  init(_ base: any HubStore) { self.base = base }

  func commit(_ batch: CommitBatch) async throws(StoreError) {
    if failCommits.load(ordering: .relaxed) { throw .unavailable("the disk is full") }
    try await base.commit(batch)
  }

  func migrate() async throws(StoreError) { try await base.migrate() }
  func setting(_ name: String) async throws(StoreError) -> String? {
    try await base.setting(name)
  }
  func initializeSetting(_ name: String, to value: String) async throws(StoreError) -> Bool {
    try await base.initializeSetting(name, to: value)
  }
  func insertParticipant(_ participant: Participant, token: TokenRecord) async throws(StoreError) {
    try await base.insertParticipant(participant, token: token)
  }
  func participant(id: String) async throws(StoreError) -> Participant? {
    try await base.participant(id: id)
  }
  func participants() async throws(StoreError) -> [Participant] { try await base.participants() }
  func participant(tokenHash: [UInt8]) async throws(StoreError) -> Participant? {
    try await base.participant(tokenHash: tokenHash)
  }
  func insertToken(_ token: TokenRecord) async throws(StoreError) {
    try await base.insertToken(token)
  }
  func revokeTokens(participantID: String, at time: Date) async throws(StoreError) -> Int {
    try await base.revokeTokens(participantID: participantID, at: time)
  }
  func document(id: String) async throws(StoreError) -> DocumentRecord? {
    try await base.document(id: id)
  }
  func document(sender: String, invoiceNumber: String) async throws(StoreError) -> DocumentRecord? {
    try await base.document(sender: sender, invoiceNumber: invoiceNumber)
  }
  func document(sender: String, idempotencyKey: String) async throws(StoreError) -> DocumentRecord?
  {
    try await base.document(sender: sender, idempotencyKey: idempotencyKey)
  }
  func documents(_ query: DocumentQuery) async throws(StoreError) -> DocumentPage {
    try await base.documents(query)
  }
  func documentCount() async throws(StoreError) -> Int { try await base.documentCount() }
  func logResource(_ key: LogKey) async throws(StoreError) -> [UInt8]? {
    try await base.logResource(key)
  }
  func saveDelivery(_ delivery: DeliveryRecord) async throws(StoreError) {
    try await base.saveDelivery(delivery)
  }
  func delivery(id: String) async throws(StoreError) -> DeliveryRecord? {
    try await base.delivery(id: id)
  }
  func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> DeliveryPage {
    try await base.deliveries(query)
  }
  func dueDeliveries(at time: Date, limit: Int) async throws(StoreError) -> [DeliveryRecord] {
    try await base.dueDeliveries(at: time, limit: limit)
  }
  func close() async { await base.close() }
}

@Suite("Hub when its database fails")
struct FailureTests {
  @Test("a failed commit answers 503, keeps nothing, and the log goes on consistently")
  func failedCommit() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("caravan-failure-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = FailingStore(
      try SQLiteStore(path: folder.appendingPathComponent("hub.sqlite").path))
    try await store.migrate()
    let keys = try HubKeys.loadOrCreate(
      folder: folder.appendingPathComponent("keys"), logName: "caravan-test.localhost")
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let hub = try await Hub.open(
      store: store, keys: keys, configuration: .init(jurisdiction: "KE"), logger: logger)
    let (seller, _) = try await hub.register(
      ParticipantRegistration(
        id: Invoices.seller, name: "Kiondo Baskets", jurisdiction: "KE", sizeClass: .micro,
        sector: "C", womenOwned: true))

    let first = try await hub.submit(Invoices.ubl(number: "F-1"), from: seller, idempotencyKey: nil)
    let before = await hub.checkpoint()

    store.failCommits.store(true, ordering: .relaxed)
    await #expect(throws: HubError.self) {
      _ = try await hub.submit(Invoices.ubl(number: "F-2"), from: seller, idempotencyKey: nil)
    }
    #expect(await hub.checkpoint() == before, "the public checkpoint moved for a failed commit")
    #expect(try await store.documentCount() == 1)

    store.failCommits.store(false, ordering: .relaxed)
    let again = try await hub.submit(Invoices.ubl(number: "F-2"), from: seller, idempotencyKey: nil)
    #expect(again.record.logIndex == first.record.logIndex + 1, "the failed entry left a gap")
    let third = try await hub.submit(Invoices.ubl(number: "F-3"), from: seller, idempotencyKey: nil)
    for (number, submission) in [("F-1", first), ("F-2", again), ("F-3", third)] {
      try Receipt(parsing: submission.record.receipt).verify(
        document: Invoices.ubl(number: number), logKey: keys.log.verifierKey,
        origin: keys.log.name)
    }
    // The first receipt's checkpoint is a prefix of the log now.
    let verdict = await hub.verify(
      document: Invoices.ubl(number: "F-1"), proof: first.record.receipt,
      signature: first.record.signature)
    #expect(verdict.valid, "\(verdict.checks)")
    await store.close()
  }
}
