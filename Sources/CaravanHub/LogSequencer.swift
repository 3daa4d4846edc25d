import CaravanLog
import CaravanStore
import CaravanTrust
import Foundation
import Logging
import Metrics

/// What waits for a place in the log.
enum Draft: Sendable {
  /// A document that passed every check. Its log index, log entry and receipt are filled in
  /// by the sequencer; the delivery (queued outbound, or the inbound one it came by) is
  /// written with it.
  case document(DocumentRecord, jurisdiction: String, delivery: DeliveryRecord?)
  /// Another entry (a policy version, a delivery receipt) with the writes that go with it.
  /// A delivery's ``DeliveryRecord/receiptLogIndex`` is set to the entry's index.
  case event(LogEntry, Effects)

  /// The writes that accompany an event.
  struct Effects: Sendable {
    var delivery: DeliveryRecord?
    var documentStatuses: [(id: String, status: DocumentStatus)] = []
    var settings: [(name: String, value: String)] = []
  }

  var document: DocumentRecord? {
    if case .document(let record, _, _) = self { return record }
    return nil
  }
}

/// What the sequencer answers for a draft: the stored record (with the receipt it was given,
/// when the sequencer built it), the earlier record that the draft repeats, or the log index
/// of an event.
enum Sequenced: Sendable {
  case accepted(DocumentRecord, LoggedReceipt?)
  case repeated(DocumentRecord)
  case logged(UInt64)
}

/// The one writer of the hub's log: a group commit.
///
/// Drafts arrive from many requests at once. While one batch is being written, new drafts
/// queue; the next batch takes them all. Each batch appends its entries to the log, signs
/// one checkpoint, builds each document's inclusion proof, and writes the documents with the
/// log's new tiles and checkpoint in one store transaction. Only then are receipts handed
/// out, so an acknowledged receipt is always durable, and a checkpoint is never served before
/// the tiles under it.
actor LogSequencer {
  private var log: TileLog
  private let storage: StagedTileStorage
  private let store: any HubStore
  private let signer: NoteSigner
  private let logger: Logger
  private var queue: [(Draft, CheckedContinuation<Sequenced, any Error>)] = []
  private var draining = false
  /// The most documents one transaction writes: well inside PostgreSQL's 65,535 statement
  /// parameters, and a bound on how long one commit holds the queue.
  static let maximumBatch = 1_000
  /// Set when the log could not be reopened after a failed commit: the in-memory log may then
  /// be ahead of the store, so nothing is appended until a reopen succeeds.
  private var needsReopen = false

  private let batchSizes = Recorder(label: "caravan_commit_batch_size")
  private let commitTimer = Metrics.Timer(label: "caravan_commit_duration")

  private init(
    log: TileLog, storage: StagedTileStorage, store: any HubStore, signer: NoteSigner,
    logger: Logger
  ) {
    self.log = log
    self.storage = storage
    self.store = store
    self.signer = signer
    self.logger = logger
    self.checkpoint = log.latestCheckpoint
    self.publishedSize = log.publishedSize
  }

  /// Opens the log kept in `storage`'s store, or starts it (with a signed checkpoint of the
  /// empty tree) when the store has none.
  static func open(storage: StagedTileStorage, signer: NoteSigner, logger: Logger) async throws
    -> LogSequencer
  {
    let log: TileLog
    if try await storage.committedRead(.checkpoint) == nil {
      var fresh = try await TileLog.create(origin: signer.name, storage: storage)
      try await fresh.publish(signer: signer)
      try await storage.store.commit(CommitBatch(documents: [], logResources: storage.staged()))
      storage.commitStaged()
      log = fresh
    } else {
      log = try await TileLog.open(storage: storage, logKey: signer.verifierKey)
    }
    return LogSequencer(
      log: log, storage: storage, store: storage.store, signer: signer, logger: logger)
  }

  /// The last durable checkpoint: the log's own latest checkpoint may be ahead of it while
  /// a batch is being committed, and is never shown before the commit.
  private(set) var checkpoint: SignedNote?

  /// The size of the last durable checkpoint.
  private(set) var publishedSize: UInt64 = 0

  /// Queues a draft and waits until it is durable (or refused).
  func sequence(_ draft: Draft) async throws -> Sequenced {
    try await withCheckedThrowingContinuation { continuation in
      queue.append((draft, continuation))
      if !draining {
        draining = true
        Task { await self.drain() }
      }
    }
  }

  private func drain() async {
    while !queue.isEmpty {
      let count = min(queue.count, Self.maximumBatch)
      let batch = Array(queue.prefix(count))
      queue.removeFirst(count)
      await commit(batch)
    }
    draining = false
  }

  private func commit(_ batch: [(Draft, CheckedContinuation<Sequenced, any Error>)]) async {
    let start = ContinuousClock.now
    // Within a batch, a draft that repeats an earlier one (same sender and invoice number, or
    // same idempotency key) waits for that one's answer instead of being logged again.
    var leaders: [Int] = []
    var followers: [Int: [Int]] = [:]
    var byNumber: [String: Int] = [:]
    var byKey: [String: Int] = [:]
    for (i, (draft, _)) in batch.enumerated() {
      guard let record = draft.document else {
        leaders.append(i)
        continue
      }
      let numberKey = record.sender + "\u{0}" + record.invoiceNumber
      let idempotencyKey = record.idempotencyKey.map { record.sender + "\u{0}" + $0 }
      if let leader = byNumber[numberKey] ?? idempotencyKey.flatMap({ byKey[$0] }) {
        followers[leader, default: []].append(i)
        continue
      }
      byNumber[numberKey] = i
      if let idempotencyKey { byKey[idempotencyKey] = i }
      leaders.append(i)
    }

    var records: [Int: Sequenced] = [:]
    do {
      records = try await write(leaders.map { (index: $0, draft: batch[$0].0) })
    } catch StoreError.conflict(let message) {
      // A draft repeats a document committed after its request checked: rare. Write the
      // batch again, one document at a time, so that only the repeats are refused.
      logger.info("group commit conflict, retrying one by one", metadata: ["reason": "\(message)"])
      for i in leaders {
        do {
          records.merge(try await write([(index: i, draft: batch[i].0)])) { $1 }
        } catch {
          batch[i].1.resume(throwing: error)
          for j in followers[i] ?? [] { batch[j].1.resume(throwing: error) }
        }
      }
    } catch {
      logger.error("group commit failed", metadata: ["error": "\(error)"])
      await reopenLog()
      for (_, continuation) in batch { continuation.resume(throwing: error) }
      return
    }
    for i in leaders {
      guard let outcome = records[i] else { continue }
      batch[i].1.resume(returning: outcome)
      if case .accepted(let record, _) = outcome {
        for j in followers[i] ?? [] { batch[j].1.resume(returning: .repeated(record)) }
      }
    }
    batchSizes.record(batch.count)
    commitTimer.record(duration: ContinuousClock.now - start)
  }

  /// Appends, publishes, proves and commits; on any failure nothing is durable and the log
  /// is reopened from the store by the caller.
  private func write(_ drafts: [(index: Int, draft: Draft)]) async throws -> [Int: Sequenced] {
    if needsReopen {
      await reopenLog()
      if needsReopen { throw HubError.unavailable("the log cannot be read from the store") }
    }
    var documents: [(Int, DocumentRecord)] = []
    documents.reserveCapacity(drafts.count)
    var receipts: [LoggedReceipt] = []
    receipts.reserveCapacity(drafts.count)
    var events: [(Int, UInt64)] = []
    var deliveries: [DeliveryRecord] = []
    var statuses: [(id: String, status: DocumentStatus)] = []
    var settings: [(name: String, value: String)] = []
    do {
      for (i, draft) in drafts {
        switch draft {
        case .document(var record, let jurisdiction, let delivery):
          let entry = try LogEntry(
            document: record.bytes, documentType: "en16931:" + record.typeCode,
            sender: record.sender, receiver: record.receiver, jurisdiction: jurisdiction,
            time: record.receivedAt
          ).encoded()
          record.logEntry = entry
          record.logIndex = try log.append(entry)
          documents.append((i, record))
          if let delivery { deliveries.append(delivery) }
        case .event(let entry, let effects):
          let index = try log.append(try entry.encoded())
          events.append((i, index))
          if var delivery = effects.delivery {
            delivery.receiptLogIndex = index
            deliveries.append(delivery)
          }
          statuses += effects.documentStatuses
          settings += effects.settings
        }
      }
      // Only one batch is written at a time, so the log can leave the actor for the publish.
      var publishing = log
      let checkpoint = try await publishing.publish(signer: signer)
      log = publishing
      let treeSize = log.publishedSize
      var proofs = BatchInclusionProofs(reader: log.reader())
      for k in documents.indices {
        let index = documents[k].1.logIndex
        let proof = try await proofs.inclusionProof(index: index)
        let receipt = Receipt(
          extra: documents[k].1.logEntry, index: index, proof: proof.hashes,
          checkpoint: checkpoint)
        documents[k].1.receipt = receipt.encoded
        receipts.append(LoggedReceipt(receipt: receipt, treeSize: treeSize))
      }
      try await store.commit(
        CommitBatch(
          documents: documents.map(\.1), logResources: storage.staged(), deliveries: deliveries,
          documentStatuses: statuses, settings: settings))
    } catch {
      await reopenLog()
      throw error
    }
    storage.commitStaged()
    checkpoint = log.latestCheckpoint
    publishedSize = log.publishedSize
    var outcomes: [Int: Sequenced] = [:]
    for (k, (i, record)) in documents.enumerated() {
      outcomes[i] = .accepted(record, receipts[k])
    }
    for (i, index) in events { outcomes[i] = .logged(index) }
    return outcomes
  }

  /// Forgets everything not durable: the log goes back to its last committed checkpoint.
  private func reopenLog() async {
    storage.discardStaged()
    do {
      log = try await TileLog.open(storage: storage, logKey: signer.verifierKey)
      needsReopen = false
    } catch {
      // The store holds the last committed checkpoint and its tiles; failing to read them
      // means the store is unreachable.
      needsReopen = true
      logger.critical("cannot reopen the log from the store", metadata: ["error": "\(error)"])
    }
  }
}
