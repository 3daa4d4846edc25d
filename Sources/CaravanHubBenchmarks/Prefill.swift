import CaravanHub
import CaravanLog
import CaravanRules
import CaravanServer
import CaravanStore
import CaravanSyntax
import CaravanTrust
import Crypto
import Foundation
import Logging
import Synchronization

/// Fills a new hub's store with accepted documents and the log that covers them, as the hub
/// itself would have stored them, but many thousands per transaction.
enum Prefill {
  static func run(_ options: Options) async throws {
    let data = URL(fileURLWithPath: options.string("data", default: ".caravan"))
    let database = options.string("database")
    let count = try options.int("count", default: 1000)
    // A PostgreSQL statement takes at most 65,535 parameters: 18 per document.
    let batchSize = max(
      1, min(try options.int("batch", default: 10_000), database == nil ? 50_000 : 3_000))
    let participantCount = max(2, try options.int("participants", default: 300))
    let invoice = URL(
      fileURLWithPath: options.string("invoice", default: "examples/kiondo-baskets-ubl.xml"))
    let template = try InvoiceTemplate(contentsOf: invoice)

    var logger = Logger(label: "caravan.prefill")
    logger.logLevel = .warning
    let configuration = HubServer.Configuration(
      dataDirectory: data, databaseURL: database,
      jurisdiction: options.string("jurisdiction", default: "KE"))
    let store = try await HubServer.openStore(configuration, logger: logger)
    let keys = try HubKeys.loadOrCreate(
      folder: data.appendingPathComponent("keys"), logName: configuration.resolvedOrigin)
    guard try await store.logResource(.checkpoint) == nil, try await store.documentCount() == 0
    else { throw UsageError(description: "the store already holds a log or documents") }

    let start = now()
    // The participants: generated GLNs, registered here (their tokens are not kept; the
    // operator issues new ones through the API). The example's seller and buyer also send and
    // receive prefilled documents but are left for the API to register.
    let registeredAt = Date()
    var generated: [String] = []
    for k in 0..<participantCount {
      let id = "0088:" + InvoiceTemplate.gln(616_499_000_000 + UInt64(k))
      generated.append(id)
      let participant = try ParticipantRegistration(
        id: id, name: "Prefill Trader \(k)", jurisdiction: "KE",
        sizeClass: Participant.SizeClass.allCases[k % 4], sector: k % 2 == 0 ? "C" : "47",
        womenOwned: k % 3 == 0
      ).validated(now: registeredAt)
      let token = TokenRecord(
        id: UUID().uuidString.lowercased(), participantID: id,
        hash: Tokens.hash(Tokens.generate()), createdAt: participant.createdAt)
      try await store.insertParticipant(participant, token: token)
    }
    let senders = generated + [InvoiceTemplate.exampleSeller]
    let receivers = generated + [InvoiceTemplate.exampleBuyer]
    let dates = InvoiceTemplate.issueDates(count: 320)

    // What the hub reads from every document, taken from one read of the first.
    let first = template.invoice(
      number: "PF-0", issueDate: dates[0], seller: gln(senders[0]), buyer: gln(receivers[1]))
    let firstRead = try InvoiceDocument.read(first)
    let typeCode = firstRead.invoice.typeCode
    let currency = firstRead.invoice.currencyCode
    let total =
      (firstRead.invoice.totals.taxInclusiveAmount ?? firstRead.invoice.totals.taxExclusiveAmount)?
      .description ?? ""
    let documentType = "en16931:" + typeCode
    let jurisdiction = configuration.jurisdiction

    /// Document `i`: its bytes and the fields of its record.
    @Sendable func draft(_ i: Int, time: Date) throws -> (DocumentRecord, [UInt8]) {
      let sender = senders[i % senders.count]
      var receiver = receivers[(i * 7 + 1 + i / senders.count) % receivers.count]
      if receiver == sender { receiver = receivers[(i * 7 + 2) % receivers.count] }
      let issueDate = dates[i % dates.count]
      let number = "PF-\(i)"
      let bytes = template.invoice(
        number: number, issueDate: issueDate, seller: gln(sender), buyer: gln(receiver))
      let digest = Array(SHA256.hash(data: bytes))
      let signature = try DetachedJWS.sign(
        document: bytes, key: keys.document, documentType: documentType, signingTime: time
      ).compact
      let entry = try LogEntry(
        digest: digest, documentType: documentType, sender: sender, receiver: receiver,
        jurisdiction: jurisdiction, time: time
      ).encoded()
      let record = DocumentRecord(
        id: UUID().uuidString.lowercased(), sender: sender, receiver: receiver,
        invoiceNumber: number, typeCode: typeCode, syntax: "ubl", issueDate: issueDate,
        currency: currency, totalAmount: total, status: .accepted, digest: digest, bytes: bytes,
        signature: signature, logIndex: 0, logEntry: entry, receipt: "", idempotencyKey: nil,
        receivedAt: time)
      return (record, entry)
    }

    // A sample of the documents goes through the hub's validation and reading.
    let validator = Validator()
    var validated = 0
    for i in Set([0, 1, 2, count / 2, max(0, count - 1)] + stride(from: 0, to: count, by: 50_000))
    where i < count {
      let (record, _) = try draft(i, time: Date())
      let report = validator.validate(bytes: record.bytes, file: "PF-\(i)")
      guard report.isValid else {
        throw UsageError(
          description: "prefill document \(i) is not valid: "
            + (report.error ?? report.findings.prefix(3).map { "\($0)" }.joined(separator: "; ")))
      }
      let read = try InvoiceDocument.read(record.bytes).invoice
      guard read.number == record.invoiceNumber,
        read.seller.electronicAddress.map({ "\($0.scheme ?? ""):\($0.value)" }) == record.sender,
        read.buyer.electronicAddress.map({ "\($0.scheme ?? ""):\($0.value)" }) == record.receiver
      else { throw UsageError(description: "prefill document \(i) does not read back") }
      validated += 1
    }

    let storage = CollectingTileStorage()
    var log = try await TileLog.create(origin: keys.log.name, storage: storage)
    var pending: Task<Void, any Error>?
    var bytesWritten = 0
    var done = 0
    var lastReport = now()
    while done < count {
      let n = min(batchSize, count - done)
      let time = Date()
      // Drafting (invoice bytes, SHA-256, JWS) on every core; logging in order.
      let base = done
      let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
      let drafts = try await withThrowingTaskGroup(
        of: (Int, [(DocumentRecord, [UInt8])]).self
      ) { group in
        let chunk = (n + workers - 1) / workers
        for w in 0..<workers {
          let range = (base + w * chunk)..<min(base + n, base + (w + 1) * chunk)
          if range.isEmpty { continue }
          group.addTask { (w, try range.map { try draft($0, time: time) }) }
        }
        var parts: [(Int, [(DocumentRecord, [UInt8])])] = []
        for try await part in group { parts.append(part) }
        return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
      }
      var records: [DocumentRecord] = []
      records.reserveCapacity(n)
      for (record, entry) in drafts {
        var record = record
        record.logIndex = try log.append(entry)
        records.append(record)
      }
      let checkpoint = try await log.publish(signer: keys.log)
      var reader = log.reader()
      for k in records.indices {
        let proof = try await reader.inclusionProof(index: records[k].logIndex)
        records[k].receipt =
          Receipt(
            extra: records[k].logEntry, index: records[k].logIndex, proof: proof.hashes,
            checkpoint: checkpoint
          ).encoded
      }
      let batch = CommitBatch(documents: records, logResources: storage.takeStaged())
      bytesWritten += records.reduce(0) { $0 + $1.bytes.count + $1.receipt.utf8.count }
      // The commit of one batch overlaps the drafting of the next.
      try await pending?.value
      pending = Task { try await store.commit(batch) }
      done += n
      if now() - lastReport > 10 {
        lastReport = now()
        FileHandle.standardError.write(
          Data(
            "prefill: \(done) of \(count) documents, \(Int(now() - start)) s\n".utf8))
      }
    }
    try await pending?.value
    let elapsed = now() - start
    let stored = try await store.documentCount()
    guard stored == count else {
      throw UsageError(description: "\(stored) documents stored, \(count) expected")
    }
    report(
      "prefill", Double(count) / elapsed, "documents/s",
      "documents=\(count) seconds=\(String(format: "%.1f", elapsed)) batch=\(batchSize) "
        + "participants=\(senders.count) validated_sample=\(validated) "
        + "database=\(database == nil ? "sqlite" : "postgresql") "
        + "mean_document_bytes=\(count == 0 ? 0 : bytesWritten / count)")
    await store.close()
  }

  /// The GLN of a `0088:` participant id.
  static func gln(_ id: String) -> String { String(id.dropFirst(5)) }
}

/// The log's storage during a prefill: keeps the hash tiles in memory (inclusion proofs read
/// them) and hands each published batch to the store commit, keyed as the hub keys them
/// (one key per tile or bundle position, the widest version winning).
final class CollectingTileStorage: TileStorage {
  private struct State {
    var tiles: [LogKey: [UInt8]] = [:]
    var bundles: [LogKey: [UInt8]] = [:]
    var checkpoint: [UInt8]?
    var staged: [(key: LogKey, bytes: [UInt8])] = []
  }

  private let state = Mutex(State())

  func read(_ resource: LogResource) async throws -> [UInt8]? {
    state.withLock { state in
      switch resource {
      case .checkpoint:
        return state.checkpoint
      case .tile(let level, let index, let width):
        guard let bytes = state.tiles[.tile(level: level, index: index)],
          bytes.count >= width * 32
        else { return nil }
        return Array(bytes[..<(width * 32)])
      case .entryBundle(let index, let width):
        guard let bytes = state.bundles[.entryBundle(index: index)] else { return nil }
        var offset = 0
        for _ in 0..<width {
          guard offset + 2 <= bytes.count else { return nil }
          offset += 2 + (Int(bytes[offset]) << 8 | Int(bytes[offset + 1]))
        }
        return offset <= bytes.count ? Array(bytes[..<offset]) : nil
      }
    }
  }

  func write(_ batch: [(LogResource, [UInt8])]) async throws {
    state.withLock { state in
      for (resource, bytes) in batch {
        switch resource {
        case .checkpoint:
          state.checkpoint = bytes
          state.staged.append((.checkpoint, bytes))
        case .tile(let level, let index, _):
          let key = LogKey.tile(level: level, index: index)
          if (state.tiles[key]?.count ?? 0) <= bytes.count { state.tiles[key] = bytes }
          state.staged.append((key, bytes))
        case .entryBundle(let index, _):
          let key = LogKey.entryBundle(index: index)
          state.bundles[key] = bytes
          state.staged.append((key, bytes))
        }
      }
    }
  }

  func removePartials(of full: LogResource) async throws {}

  /// The resources written since the last call; entry bundles are then forgotten (proofs do
  /// not read them).
  func takeStaged() -> [(key: LogKey, bytes: [UInt8])] {
    state.withLock { state in
      let staged = state.staged
      state.staged.removeAll()
      state.bundles.removeAll()
      return staged
    }
  }
}
