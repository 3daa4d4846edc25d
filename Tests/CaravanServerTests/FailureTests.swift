import CaravanExchange
import CaravanHub
import CaravanLog
import CaravanStore
import CaravanTrust
import Foundation
import Logging
import Synchronization
import Testing

/// A store whose commits can be made to fail, to see what the hub does when its database does,
/// and which counts how often the outbox is read.
final class FailingStore: HubStore {
  let base: any HubStore
  let failCommits = Atomic<Bool>(false)
  let outboxReads = Atomic<Int>(0)

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
  func leaseDueDeliveries(at time: Date, until: Date, limit: Int) async throws(StoreError)
    -> [DeliveryRecord]
  {
    outboxReads.add(1, ordering: .relaxed)
    return try await base.leaseDueDeliveries(at: time, until: until, limit: limit)
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
      // The receipt made from the sequencer's receipt is the one read back from its text.
      #expect(try submission.receipt() == ReceiptDocument(submission.record))
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

/// A peer that never answers.
final class SilentPeer: PeerTransport {
  struct Down: Error {}
  let attempts = Atomic<Int>(0)

  func directory(of peer: PeerHub) async throws -> SignedBytes { throw Down() }
  func deliver(envelope: [UInt8], to peer: PeerHub, key: SigningKey, keyID: String) async throws
    -> PeerAnswer
  {
    attempts.add(1, ordering: .relaxed)
    return .failed("connection refused")
  }
}

@Suite("The courier")
struct CourierTests {
  @Test("a failed attempt is retried later, and an idle courier does not spin")
  func idleCourier() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("caravan-courier-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = FailingStore(
      try SQLiteStore(path: folder.appendingPathComponent("hub.sqlite").path))
    try await store.migrate()
    let keys = try HubKeys.loadOrCreate(
      folder: folder.appendingPathComponent("keys"), logName: "caravan-test.localhost")
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let peer = PeerHub(
      jurisdiction: "TH", url: "http://127.0.0.1:9", key: SigningKey.ed25519(.init()).publicKey)
    let transport = SilentPeer()
    let hub = try await Hub.open(
      store: store, keys: keys,
      configuration: .init(
        jurisdiction: "KE", peers: PeerTable([peer]),
        retry: RetrySchedule(first: 30, longest: 60, maximumAttempts: 5)),
      logger: logger, transport: transport)
    let now = Date()
    let queued = DeliveryRecord(
      id: UUID().uuidString.lowercased(), direction: .outbound, documentID: "d-1",
      sender: Invoices.seller, receiver: Invoices.buyer, peer: "TH", status: .queued,
      nextAttemptAt: now, createdAt: now, updatedAt: now, decision: Array("{}".utf8),
      envelope: Array("{}".utf8))
    try await store.saveDelivery(queued)

    let courier = Task { await hub.runDeliveries() }
    var attempted: DeliveryRecord?
    for _ in 0..<200 {
      attempted = try await store.delivery(id: queued.id)
      if attempted?.status == .sent { break }
      try await Task.sleep(for: .milliseconds(20))
    }
    #expect(attempted?.status == .sent)
    #expect(attempted?.attempts == 1)
    #expect(attempted?.reason == "connection refused")
    #expect((attempted?.nextAttemptAt ?? now) > now.addingTimeInterval(20), "backoff of about 30 s")

    // Idle for 1.5 s: the outbox is read about once a second, not in a loop.
    let before = store.outboxReads.load(ordering: .relaxed)
    try await Task.sleep(for: .milliseconds(1_500))
    let reads = store.outboxReads.load(ordering: .relaxed) - before
    #expect(reads <= 10, "\(reads) outbox reads while idle")
    #expect(transport.attempts.load(ordering: .relaxed) == 1, "no attempt before the backoff ends")
    courier.cancel()
    await courier.value
    await store.close()
  }
}
