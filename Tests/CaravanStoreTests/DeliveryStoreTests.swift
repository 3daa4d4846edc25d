import Foundation
import Testing

@testable import CaravanStore

/// Deliveries, the participant's receiving syntax, and what a group commit writes besides
/// documents, on every store.
@Suite("Deliveries, on every store")
struct DeliveryStoreTests {
  static func delivery(
    _ n: Int, direction: DeliveryDirection = .outbound, sender: String = "0088:a",
    status: DeliveryStatus = .queued, due: Date = epoch
  ) -> DeliveryRecord {
    DeliveryRecord(
      id: String(format: "00000000-0000-4000-8000-%012d", n), direction: direction,
      documentID: "doc-\(n)", sender: sender, receiver: "0088:z", peer: "TH", status: status,
      attempts: n % 3, nextAttemptAt: due, createdAt: epoch.addingTimeInterval(Double(n)),
      updatedAt: epoch.addingTimeInterval(Double(n) + 0.5), reason: n % 2 == 0 ? nil : "why \(n)",
      decision: Array("{\"n\":\(n)}".utf8), envelope: (0..<200).map { UInt8(($0 + n) % 256) })
  }

  @Test(
    "a delivery round-trips every field, and saving again replaces it",
    arguments: StoreKind.enabled)
  func roundTrip(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      var first = Self.delivery(1)
      try await store.saveDelivery(first)
      #expect(try await store.delivery(id: first.id) == first)
      #expect(try await store.delivery(id: "00000000-0000-4000-8000-999999999999") == nil)

      first.status = .delivered
      first.attempts = 4
      first.reason = nil
      first.receipt = Array("{\"receipt\":1}".utf8)
      first.receiptSignature = "eyJ..sig"
      first.receiptLogIndex = 41
      first.updatedAt = StoreTime.rounded(Date())
      try await store.saveDelivery(first)
      #expect(try await store.delivery(id: first.id) == first)

      // The same instance identifier, received by this hub, is another row.
      let inbound = Self.delivery(1, direction: .inbound, status: .delivered)
      try await store.saveDelivery(inbound)
      #expect(try await store.delivery(id: first.id)?.direction == .outbound)
      let page = try await store.deliveries(DeliveryQuery(direction: .inbound))
      #expect(page.deliveries == [inbound])
    }
  }

  @Test(
    "due deliveries: outbound, queued or sent, due now, earliest first",
    arguments: StoreKind.enabled)
  func due(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let now = epoch.addingTimeInterval(100)
      let records = [
        Self.delivery(1, status: .queued, due: now.addingTimeInterval(-5)),
        Self.delivery(2, status: .sent, due: now.addingTimeInterval(-50)),
        Self.delivery(3, status: .sent, due: now.addingTimeInterval(30)),
        Self.delivery(4, status: .delivered, due: now.addingTimeInterval(-80)),
        Self.delivery(5, status: .refused, due: now.addingTimeInterval(-80)),
        Self.delivery(6, status: .cancelled, due: now.addingTimeInterval(-80)),
        Self.delivery(7, direction: .inbound, status: .queued, due: now.addingTimeInterval(-80)),
        Self.delivery(8, status: .queued, due: now),
      ]
      for record in records { try await store.saveDelivery(record) }
      let lease = now.addingTimeInterval(60)
      let first = try await store.leaseDueDeliveries(at: now, until: lease, limit: 2)
      #expect(first.map(\.documentID) == ["doc-2", "doc-1"])
      #expect(first == [records[1], records[0]], "answered as they were before the lease")
      let second = try await store.leaseDueDeliveries(at: now, until: lease, limit: 10)
      #expect(second.map(\.documentID) == ["doc-8"], "leased ones are not handed out again")
      #expect(try await store.leaseDueDeliveries(at: now, until: lease, limit: 10).isEmpty)
      #expect(try await store.delivery(id: records[1].id)?.nextAttemptAt == lease)
      // When the lease runs out (the attempt never recorded an outcome), they are due again,
      // with the one that was not yet due then.
      let later = try await store.leaseDueDeliveries(
        at: lease.addingTimeInterval(1), until: lease.addingTimeInterval(61), limit: 10)
      #expect(later.first?.documentID == "doc-3", "due at now + 30 s, before the lease's end")
      #expect(Set(later.dropFirst().map(\.documentID)) == ["doc-2", "doc-1", "doc-8"])
    }
  }

  @Test("SQLite finds due deliveries through their index, without reading delivered ones")
  func leaseReadsTheDueIndex() async throws {
    try await withStore(.sqlite) { (store, _) async throws in
      let sqlite = try #require(store as? SQLiteStore)
      let plan = try await sqlite.leasePlan()
      #expect(plan.contains { $0.contains("USING INDEX deliveries_due") }, "\(plan)")
      #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "sorted by the index: \(plan)")
    }
  }

  @Test(
    "listings filter by direction, sender and status, newest first, in pages",
    arguments: StoreKind.enabled)
  func listings(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      for n in 1...7 {
        try await store.saveDelivery(
          Self.delivery(
            n, sender: n % 2 == 0 ? "0088:b" : "0088:a", status: n <= 3 ? .delivered : .queued))
      }
      let all = try await store.deliveries(DeliveryQuery())
      #expect(all.deliveries.map(\.documentID) == (1...7).reversed().map { "doc-\($0)" })
      #expect(all.next == nil)
      let mine = try await store.deliveries(DeliveryQuery(sender: "0088:b"))
      #expect(mine.deliveries.map(\.documentID) == ["doc-6", "doc-4", "doc-2"])
      let one = try await store.deliveries(DeliveryQuery(documentID: "doc-5"))
      #expect(one.deliveries.map(\.documentID) == ["doc-5"])
      let done = try await store.deliveries(DeliveryQuery(status: .delivered))
      #expect(done.deliveries.map(\.documentID) == ["doc-3", "doc-2", "doc-1"])

      var seen: [String] = []
      var query = DeliveryQuery(limit: 3)
      while true {
        let page = try await store.deliveries(query)
        #expect(page.deliveries.count <= 3)
        seen += page.deliveries.map(\.documentID)
        guard let next = page.next else { break }
        query.before = next
      }
      #expect(seen == (1...7).reversed().map { "doc-\($0)" })
    }
  }

  @Test(
    "a commit writes deliveries, document statuses and settings with its documents",
    arguments: StoreKind.enabled)
  func commitEffects(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let doc = document(0, sender: "0088:a", receiver: "0088:z")
      let queued = Self.delivery(0)
      try await store.commit(
        CommitBatch(
          documents: [doc], logResources: [(key: .checkpoint, bytes: [1])], deliveries: [queued],
          settings: [(name: "policy", value: "v1")]))
      #expect(try await store.delivery(id: queued.id) == queued)
      #expect(try await store.setting("policy") == "v1")

      var delivered = queued
      delivered.status = .delivered
      delivered.receiptLogIndex = 1
      try await store.commit(
        CommitBatch(
          documents: [], logResources: [(key: .checkpoint, bytes: [2])], deliveries: [delivered],
          documentStatuses: [(id: doc.id, status: .delivered)],
          settings: [(name: "policy", value: "v2")]))
      #expect(try await store.delivery(id: queued.id) == delivered)
      #expect(try await store.document(id: doc.id)?.status == .delivered)
      #expect(try await store.setting("policy") == "v2")

      // A commit that fails writes none of it.
      var refused = delivered
      refused.status = .refused
      let repeated = document(1, sender: "0088:a", receiver: nil, invoiceNumber: doc.invoiceNumber)
      await #expect(throws: StoreError.self) {
        try await store.commit(
          CommitBatch(
            documents: [repeated], logResources: [], deliveries: [refused],
            documentStatuses: [(id: doc.id, status: .refused)],
            settings: [(name: "policy", value: "v3")]))
      }
      #expect(try await store.delivery(id: queued.id) == delivered)
      #expect(try await store.document(id: doc.id)?.status == .delivered)
      #expect(try await store.setting("policy") == "v2")
    }
  }

  @Test("a participant keeps the syntax it reads", arguments: StoreKind.enabled)
  func receiveSyntax(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      var reader = participant("0088:cii")
      reader.receiveSyntax = "cii"
      try await store.insertParticipant(reader, token: token("t-c", of: reader.id, hash: 9))
      #expect(try await store.participant(id: reader.id)?.receiveSyntax == "cii")
      #expect(try await store.participant(tokenHash: [UInt8](repeating: 9, count: 32)) == reader)
      let plain = participant("0088:ubl")
      try await store.insertParticipant(plain, token: token("t-u", of: plain.id, hash: 8))
      #expect(try await store.participants().map(\.receiveSyntax) == ["cii", "ubl"])
    }
  }
}
