import Foundation
import Testing

@testable import CaravanStore

@Suite("Hub store, on every implementation")
struct HubStoreTests {
  @Test(
    "migrations are idempotent, also when two stores start at once", arguments: StoreKind.enabled)
  func migrations(kind: StoreKind) async throws {
    try await withStore(kind) { (store, fixture) async throws in
      try await store.migrate()
      #expect(try await store.initializeSetting("origin", to: "hub.example"))
      try await store.migrate()
      #expect(try await store.setting("origin") == "hub.example")

      let first = try fixture.another()
      let second = try fixture.another()
      async let a: Void = first.migrate()
      async let b: Void = second.migrate()
      _ = try await (a, b)
      #expect(try await first.setting("origin") == "hub.example")
      #expect(try await second.documentCount() == 0)
      await first.close()
      await second.close()
    }
  }

  @Test("settings are initialised once", arguments: StoreKind.enabled)
  func settings(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      #expect(try await store.setting("origin") == nil)
      #expect(try await store.initializeSetting("origin", to: "first"))
      #expect(try await store.initializeSetting("origin", to: "second") == false)
      #expect(try await store.setting("origin") == "first")
      #expect(try await store.initializeSetting("key", to: "k"))
      #expect(try await store.setting("key") == "k")
    }
  }

  @Test(
    "participants are registered, read, listed and never registered twice",
    arguments: StoreKind.enabled)
  func participants(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let b = participant("0088:b", name: "Bee ApS", womenOwned: true)
      let a = Participant(
        id: "0088:a", name: "Æble & Søn", jurisdiction: "SE", sizeClass: .micro, sector: "47",
        womenOwned: false, createdAt: Date(timeIntervalSince1970: 1_700_000_000.123456))
      let upper = participant("0088:B")
      try await store.insertParticipant(b, token: token("t-b", of: b.id, hash: 2))
      try await store.insertParticipant(a, token: token("t-a", of: a.id, hash: 1))
      try await store.insertParticipant(upper, token: token("t-B", of: upper.id, hash: 3))

      #expect(try await store.participant(id: "0088:a") == a)
      #expect(try await store.participant(id: "0088:b") == b)
      #expect(try await store.participant(id: "0088:zz") == nil)
      #expect(try await store.participants().map(\.id) == ["0088:B", "0088:a", "0088:b"])
      #expect(try await store.participants() == [upper, a, b])

      let clash = participant("0088:a", name: "Other")
      await #expect(throws: StoreError.conflict("participant 0088:a is already registered")) {
        try await store.insertParticipant(clash, token: token("t-x", of: "0088:a", hash: 9))
      }
      // Nothing of the refused registration was written.
      #expect(try await store.participant(id: "0088:a") == a)
      #expect(try await store.participant(tokenHash: [UInt8](repeating: 9, count: 32)) == nil)

      // A token hash is one participant's only.
      let c = participant("0088:c")
      await #expect(throws: StoreError.self) {
        try await store.insertParticipant(c, token: token("t-c", of: c.id, hash: 1))
      }
      #expect(try await store.participant(id: "0088:c") == nil)
      #expect(try await store.participants().count == 3)
    }
  }

  @Test("tokens find their participant until revoked", arguments: StoreKind.enabled)
  func tokens(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let a = participant("0088:a")
      let b = participant("0088:b")
      try await store.insertParticipant(a, token: token("t-a1", of: a.id, hash: 1))
      try await store.insertParticipant(b, token: token("t-b1", of: b.id, hash: 5))
      try await store.insertToken(token("t-a2", of: a.id, hash: 2))
      var revoked = token("t-a3", of: a.id, hash: 3)
      revoked.revokedAt = epoch
      try await store.insertToken(revoked)

      let hash = { (byte: UInt8) in [UInt8](repeating: byte, count: 32) }
      #expect(try await store.participant(tokenHash: hash(1)) == a)
      #expect(try await store.participant(tokenHash: hash(2)) == a)
      #expect(try await store.participant(tokenHash: hash(3)) == nil)
      #expect(try await store.participant(tokenHash: hash(5)) == b)
      #expect(try await store.participant(tokenHash: hash(7)) == nil)

      await #expect(throws: StoreError.conflict("a token with this hash is already registered")) {
        try await store.insertToken(token("t-dup", of: b.id, hash: 2))
      }
      await #expect(throws: StoreError.conflict("token t-a1 is already registered")) {
        try await store.insertToken(token("t-a1", of: b.id, hash: 8))
      }
      await #expect(throws: StoreError.self) {
        try await store.insertToken(token("t-orphan", of: "0088:none", hash: 9))
      }

      #expect(try await store.revokeTokens(participantID: a.id, at: epoch) == 2)
      #expect(try await store.participant(tokenHash: hash(1)) == nil)
      #expect(try await store.participant(tokenHash: hash(2)) == nil)
      #expect(try await store.participant(tokenHash: hash(5)) == b)
      #expect(try await store.revokeTokens(participantID: a.id, at: epoch) == 0)
      #expect(try await store.revokeTokens(participantID: "0088:none", at: epoch) == 0)

      try await store.insertToken(token("t-a4", of: a.id, hash: 4))
      #expect(try await store.participant(tokenHash: hash(4)) == a)
    }
  }

  @Test("a commit stores every field of its documents exactly", arguments: StoreKind.enabled)
  func commitRoundTrip(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      var full = document(
        1 << 40, sender: "0088:a", receiver: "0088:b", status: .delivered,
        invoiceNumber: "F-2025/001 «ø»", idempotencyKey: "key-1", size: 10_240)
      full.bytes = (0..<10_240).map { UInt8(truncatingIfNeeded: $0 * 7) }
      full.receivedAt = Date(timeIntervalSince1970: 1_750_000_000.654321)
      full.totalAmount = "-1234.56"
      full.typeCode = "381"
      full.syntax = "cii"
      full.currency = "DKK"
      var bare = document(7, sender: "0088:a", receiver: nil, status: .refused)
      bare.bytes = []
      bare.logEntry = []
      bare.receivedAt = Date()
      try await store.commit(CommitBatch(documents: [full, bare], logResources: []))

      let stored = try #require(try await store.document(id: full.id))
      #expect(stored == full)
      #expect(stored.bytes == full.bytes)
      var expectedBare = bare
      expectedBare.receivedAt = StoreTime.rounded(bare.receivedAt)
      #expect(try await store.document(id: bare.id) == expectedBare)
      #expect(
        try await store.document(sender: "0088:a", invoiceNumber: "F-2025/001 «ø»") == full)
      #expect(try await store.document(sender: "0088:b", invoiceNumber: "F-2025/001 «ø»") == nil)
      #expect(try await store.document(sender: "0088:a", idempotencyKey: "key-1") == full)
      #expect(try await store.document(sender: "0088:a", idempotencyKey: "key-2") == nil)
      #expect(try await store.document(id: "doc-missing") == nil)
      #expect(try await store.documentCount() == 2)

      // An empty batch writes nothing and does not fail.
      try await store.commit(CommitBatch(documents: [], logResources: []))
      #expect(try await store.documentCount() == 2)

      // Documents without an idempotency key may be many.
      try await store.commit(
        CommitBatch(
          documents: [
            document(8, sender: "0088:a", receiver: nil),
            document(9, sender: "0088:a", receiver: nil),
          ], logResources: []))
      #expect(try await store.documentCount() == 4)
    }
  }

  @Test(
    "log resources read back as last written, as they grow and shrink, empty ones too",
    arguments: StoreKind.enabled)
  func logResourceSizes(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let bundle = LogKey.entryBundle(index: 3)
      let tile = LogKey.tile(level: 0, index: 3)
      // Sizes around the SQLite store's chunk size, growing as a log's do, then shrinking.
      let sizes = [0, 1, 2047, 2048, 2049, 4096, 10_000, 60_000, 4097, 2048, 5, 0]
      for (n, size) in sizes.enumerated() {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ n) }
        let hashes = [UInt8](repeating: UInt8(n), count: 32 * (n + 1))
        try await store.commit(
          CommitBatch(documents: [], logResources: [(bundle, bytes), (tile, hashes)]))
        #expect(try await store.logResource(bundle) == bytes, "size \(size)")
        #expect(try await store.logResource(tile) == hashes)
      }
      #expect(try await store.logResource(.entryBundle(index: 4)) == nil)
      // A bundle that only grows rewrites the same prefix: the prefix still reads back.
      let prefix = (0..<5000).map { UInt8(truncatingIfNeeded: $0) }
      try await store.commit(CommitBatch(documents: [], logResources: [(bundle, prefix)]))
      let grown = prefix + [9, 9, 9]
      try await store.commit(CommitBatch(documents: [], logResources: [(bundle, grown)]))
      #expect(try await store.logResource(bundle) == grown)
    }
  }

  @Test("a conflicting commit writes nothing", arguments: StoreKind.enabled)
  func conflicts(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let first = document(1, sender: "0088:a", receiver: "0088:b", idempotencyKey: "k1")
      try await store.commit(
        CommitBatch(
          documents: [first],
          logResources: [(.checkpoint, [1]), (.tile(level: 0, index: 0), [1, 1])]))

      let fresh = document(2, sender: "0088:a", receiver: "0088:b")
      let sameInvoice = document(
        3, sender: "0088:a", receiver: "0088:c", invoiceNumber: first.invoiceNumber)
      let sameKey = document(4, sender: "0088:a", receiver: "0088:c", idempotencyKey: "k1")
      var sameIndex = document(1, sender: "0088:z", receiver: nil, invoiceNumber: "other")
      sameIndex.id = "doc-1b"
      let resources: [(key: LogKey, bytes: [UInt8])] = [
        (.checkpoint, [2]), (.tile(level: 0, index: 0), [2, 2, 2]), (.entryBundle(index: 0), [2]),
      ]

      let cases: [(DocumentRecord, String)] = [
        (sameInvoice, "INV-1"), (sameKey, "k1"), (sameIndex, "log index 1"),
      ]
      for (clash, mention) in cases {
        do {
          try await store.commit(CommitBatch(documents: [fresh, clash], logResources: resources))
          Issue.record("a commit repeating \(mention) was accepted")
        } catch StoreError.conflict(let message) {
          #expect(message.contains(mention), "\(message)")
        } catch {
          Issue.record("a commit repeating \(mention) failed with \(error), not a conflict")
        }
        #expect(try await store.documentCount() == 1)
        #expect(try await store.document(id: fresh.id) == nil)
        #expect(try await store.document(id: clash.id) == nil)
        #expect(try await store.logResource(.checkpoint) == [1])
        #expect(try await store.logResource(.tile(level: 0, index: 0)) == [1, 1])
        #expect(try await store.logResource(.entryBundle(index: 0)) == nil)
      }

      // Two documents of one batch that clash with each other.
      let twin = document(6, sender: "0088:q", receiver: nil, invoiceNumber: "TWIN")
      let twin2 = document(7, sender: "0088:q", receiver: nil, invoiceNumber: "TWIN")
      await #expect(
        throws: StoreError.conflict("sender 0088:q already submitted invoice number TWIN")
      ) {
        try await store.commit(CommitBatch(documents: [twin, twin2], logResources: resources))
      }
      #expect(try await store.documentCount() == 1)
      #expect(try await store.logResource(.checkpoint) == [1])

      // The same invoice number from another sender is no conflict.
      let other = document(
        5, sender: "0088:b", receiver: "0088:a", invoiceNumber: first.invoiceNumber,
        idempotencyKey: "k1")
      try await store.commit(CommitBatch(documents: [other], logResources: resources))
      #expect(try await store.documentCount() == 2)
      #expect(try await store.logResource(.checkpoint) == [2])
    }
  }

  @Test("log resources: the last write wins, missing ones are nil", arguments: StoreKind.enabled)
  func logResources(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let tile = LogKey.tile(level: 0, index: 3)
      #expect(try await store.logResource(tile) == nil)
      #expect(try await store.logResource(.checkpoint) == nil)
      try await store.commit(
        CommitBatch(
          documents: [], logResources: [(tile, [1, 2]), (.checkpoint, Array("size 2".utf8))]))
      #expect(try await store.logResource(tile) == [1, 2])
      let wide = [UInt8](repeating: 0xAB, count: 256 * 32)
      try await store.commit(
        CommitBatch(
          documents: [],
          logResources: [(tile, [1, 2, 3]), (tile, wide), (.entryBundle(index: 3), [9])]))
      #expect(try await store.logResource(tile) == wide)
      #expect(try await store.logResource(.entryBundle(index: 3)) == [9])
      #expect(try await store.logResource(.entryBundle(index: 4)) == nil)
      #expect(try await store.logResource(.tile(level: 1, index: 3)) == nil)
      #expect(try await store.logResource(.checkpoint) == Array("size 2".utf8))
    }
  }

  @Test("inbox and outbox listings: isolation, filters, pages", arguments: StoreKind.enabled)
  func listings(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      var all: [DocumentRecord] = []
      let statuses = DocumentStatus.allCases
      for n in 0..<30 {
        all.append(
          document(
            UInt64(100 + n * 3), sender: "A", receiver: "B",
            issueDate: String(format: "2025-01-%02d", n + 1), status: statuses[n % 3]))
      }
      for n in 0..<10 {
        all.append(
          document(
            UInt64(101 + n * 3), sender: "B", receiver: "A",
            issueDate: String(format: "2025-02-%02d", n + 1), status: statuses[n % 3]))
      }
      for n in 0..<10 {
        all.append(
          document(UInt64(102 + n * 3), sender: "C", receiver: "B", issueDate: "2025-01-10"))
      }
      all.append(document(500, sender: "A", receiver: nil, issueDate: "2024-12-31"))
      all.append(document(501, sender: "A", receiver: "C", issueDate: "2025-01-10"))
      // Written over several group commits, out of log order within one.
      try await store.commit(
        CommitBatch(documents: Array(all[0..<20].reversed()), logResources: []))
      try await store.commit(CommitBatch(documents: Array(all[20...]), logResources: []))

      /// The documents of a query as a model of the store answers them, newest first.
      func expected(_ query: DocumentQuery) -> [String] {
        all.filter { d in
          let owner = query.box == .outbox ? d.sender : d.receiver
          let other = query.box == .outbox ? d.receiver : d.sender
          return owner == query.participant
            && (query.issuedFrom.map { d.issueDate >= $0 } ?? true)
            && (query.issuedTo.map { d.issueDate <= $0 } ?? true)
            && (query.status.map { d.status == $0 } ?? true)
            && (query.counterparty.map { other == $0 } ?? true)
            && (query.before.map { d.logIndex < $0 } ?? true)
        }.sorted { $0.logIndex > $1.logIndex }.map(\.id)
      }
      /// Every page of a query, following the cursors.
      func pages(_ query: DocumentQuery) async throws -> [DocumentPage] {
        var query = query
        var pages: [DocumentPage] = []
        while true {
          let page = try await store.documents(query)
          pages.append(page)
          guard let next = page.next, pages.count < 100 else { return pages }
          query.before = next
        }
      }

      let queries: [DocumentQuery] = [
        DocumentQuery(participant: "A", box: .outbox),
        DocumentQuery(participant: "A", box: .inbox),
        DocumentQuery(participant: "B", box: .inbox),
        DocumentQuery(participant: "B", box: .outbox),
        DocumentQuery(participant: "C", box: .inbox),
        DocumentQuery(participant: "C", box: .outbox),
        DocumentQuery(participant: "Z", box: .inbox),
        DocumentQuery(participant: "A", box: .outbox, issuedFrom: "2025-01-10"),
        DocumentQuery(participant: "A", box: .outbox, issuedTo: "2025-01-10"),
        DocumentQuery(
          participant: "A", box: .outbox, issuedFrom: "2025-01-05", issuedTo: "2025-01-10"),
        DocumentQuery(
          participant: "B", box: .inbox, issuedFrom: "2025-01-10", issuedTo: "2025-01-10"),
        DocumentQuery(participant: "A", box: .outbox, status: .delivered),
        DocumentQuery(participant: "A", box: .inbox, status: .refused),
        DocumentQuery(participant: "B", box: .inbox, counterparty: "C"),
        DocumentQuery(participant: "B", box: .inbox, status: .accepted, counterparty: "A"),
        DocumentQuery(participant: "A", box: .outbox, counterparty: "C"),
        DocumentQuery(participant: "A", box: .outbox, before: 130),
        DocumentQuery(participant: "B", box: .inbox, limit: 7),
        DocumentQuery(participant: "A", box: .outbox, limit: 12),
        DocumentQuery(participant: "A", box: .outbox, limit: 16),
      ]
      for query in queries {
        let pages = try await pages(query)
        let ids = pages.flatMap { $0.documents.map(\.id) }
        #expect(ids == expected(query), "\(query)")
        let limit = query.limit
        for (number, page) in pages.enumerated() {
          #expect(page.documents.count <= limit)
          if number < pages.count - 1 {
            #expect(page.documents.count == limit)
            #expect(page.next == page.documents.last?.logIndex)
          } else {
            #expect(page.next == nil)
          }
        }
      }

      // A's outbox (32 documents) in three pages of at most 12.
      let outbox = try await pages(DocumentQuery(participant: "A", box: .outbox, limit: 12))
      #expect(outbox.map(\.documents.count) == [12, 12, 8])
      #expect(outbox[0].next == 160)
      #expect(outbox[1].next == 124)
      // A page that ends exactly at the last document has no cursor.
      let even = try await pages(DocumentQuery(participant: "A", box: .outbox, limit: 16))
      #expect(even.map(\.documents.count) == [16, 16])

      // Summaries carry the document's fields, without its bytes.
      let page = try await store.documents(
        DocumentQuery(participant: "A", box: .outbox, counterparty: "C"))
      #expect(page.documents == [DocumentSummary(all[all.count - 1])])

      // Nobody sees another's mail.
      let inboxC = try await pages(DocumentQuery(participant: "C", box: .inbox))
      #expect(inboxC.flatMap(\.documents).map(\.receiver) == ["C"])
    }
  }

  @Test("a page holds 1 to 500 documents", arguments: StoreKind.enabled)
  func limitClamping(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let documents = (0..<502).map {
        document(UInt64($0), sender: "A", receiver: "B", size: 8)
      }
      try await store.commit(CommitBatch(documents: documents, logResources: []))
      #expect(try await store.documentCount() == 502)

      let big = try await store.documents(
        DocumentQuery(participant: "B", box: .inbox, limit: 10_000))
      #expect(big.documents.count == 500)
      #expect(big.documents.first?.logIndex == 501)
      #expect(big.next == 2)
      let rest = try await store.documents(
        DocumentQuery(participant: "B", box: .inbox, limit: 10_000, before: big.next))
      #expect(rest.documents.map(\.logIndex) == [1, 0])
      #expect(rest.next == nil)

      for limit in [0, -5] {
        let small = try await store.documents(
          DocumentQuery(participant: "A", box: .outbox, limit: limit))
        #expect(small.documents.map(\.logIndex) == [501])
        #expect(small.next == 501)
      }
    }
  }

  @Test("data outlives the store that wrote it", arguments: StoreKind.enabled)
  func persistence(kind: StoreKind) async throws {
    try await withStore(kind) { (store, fixture) async throws in
      let a = participant("0088:a")
      try await store.insertParticipant(a, token: token("t", of: a.id, hash: 1))
      let doc = document(3, sender: a.id, receiver: "0088:b", size: 4096)
      try await store.commit(CommitBatch(documents: [doc], logResources: [(.checkpoint, [7])]))
      #expect(try await store.initializeSetting("origin", to: "o"))

      let reopened = try await fixture.reopen()
      try await reopened.migrate()
      #expect(try await reopened.participant(id: a.id) == a)
      #expect(try await reopened.participant(tokenHash: [UInt8](repeating: 1, count: 32)) == a)
      #expect(try await reopened.document(id: doc.id) == doc)
      #expect(try await reopened.logResource(.checkpoint) == [7])
      #expect(try await reopened.setting("origin") == "o")
      #expect(try await reopened.documentCount() == 1)
    }
  }

  @Test("a stored row that does not decode is reported corrupt", arguments: StoreKind.enabled)
  func corruptRows(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let a = participant("0088:a")
      try await store.insertParticipant(a, token: token("t", of: a.id, hash: 1))
      try await store.commit(
        CommitBatch(documents: [document(1, sender: a.id, receiver: nil)], logResources: []))
      let sql = [
        "UPDATE documents SET status = 'lost' WHERE id = 'doc-1'",
        "UPDATE participants SET size_class = 'huge' WHERE id = '0088:a'",
      ]
      switch store {
      case let store as SQLiteStore: for statement in sql { try await store.execute(statement) }
      case let store as PostgresStore: for statement in sql { try await store.execute(statement) }
      default: Issue.record("unknown store \(type(of: store))")
      }
      await #expect(throws: StoreError.corrupt("documents.status 'lost' is not a document status"))
      {
        _ = try await store.document(id: "doc-1")
      }
      await #expect(throws: StoreError.self) {
        _ = try await store.documents(DocumentQuery(participant: a.id, box: .outbox))
      }
      await #expect(
        throws: StoreError.corrupt("participants.size_class 'huge' is not a size class")
      ) {
        _ = try await store.participant(id: a.id)
      }
    }
  }

  @Test("a log index beyond Int64 is refused, not stored wrapped", arguments: StoreKind.enabled)
  func hugeLogIndex(kind: StoreKind) async throws {
    try await withStore(kind) { (store, _) async throws in
      let huge = document(UInt64(Int64.max) + 1, sender: "A", receiver: nil)
      await #expect(throws: StoreError.self) {
        try await store.commit(CommitBatch(documents: [huge], logResources: [(.checkpoint, [1])]))
      }
      #expect(try await store.documentCount() == 0)
      #expect(try await store.logResource(.checkpoint) == nil)
    }
  }

  @Test("PostgreSQL URLs are parsed, bad ones refused")
  func postgresURLs() throws {
    let configuration = try PostgresStore.configuration(
      url: "postgres://hub:s%40cret@db.example:6543/caravan?sslmode=require")
    #expect(configuration.host == "db.example")
    #expect(configuration.port == 6543)
    #expect(configuration.username == "hub")
    #expect(configuration.password == "s@cret")
    #expect(configuration.database == "caravan")

    let local = try PostgresStore.configuration(url: "postgresql://postgres@127.0.0.1/caravan")
    #expect(local.port == 5432)
    #expect(local.password == nil)
    #expect(local.database == "caravan")

    for bad in [
      "", "http://u@h/db", "postgres://h/db", "postgres:///db", "postgres://u@h:99999/db",
      "postgres://u@h/db?sslmode=sometimes", "postgres://u@h/db/extra", "not a url at all",
    ] {
      #expect(throws: StoreError.self, "\(bad)") {
        _ = try PostgresStore.configuration(url: bad)
      }
    }
    do {
      _ = try PostgresStore(url: "mysql://u@h/db")
      Issue.record("a mysql URL was accepted")
    } catch {
      guard case .unavailable = error else {
        Issue.record("a bad URL failed with \(error)")
        return
      }
    }
  }
}
