public import Foundation

/// The hub's persistence: participants and their tokens, accepted documents, the log's
/// resources and a few settings. Two implementations pass the same test suite:
/// ``SQLiteStore`` (the embedded default) and ``PostgresStore``.
///
/// Every write is one transaction: it happens whole or not at all, and what is already stored
/// is never changed by a write that fails.
public protocol HubStore: Sendable {
  /// Creates or upgrades the schema. Safe to call on every start.
  func migrate() async throws(StoreError)

  // MARK: Settings

  /// A setting, or nil when it was never set.
  func setting(_ name: String) async throws(StoreError) -> String?
  /// Sets a setting only when it is not set yet; answers whether it was set now.
  func initializeSetting(_ name: String, to value: String) async throws(StoreError) -> Bool

  // MARK: Participants

  /// Registers a participant with its first token. Fails with ``StoreError/conflict(_:)``
  /// when the identifier is taken.
  func insertParticipant(_ participant: Participant, token: TokenRecord) async throws(StoreError)
  func participant(id: String) async throws(StoreError) -> Participant?
  /// All participants, ordered by identifier.
  func participants() async throws(StoreError) -> [Participant]
  /// The participant holding a live (not revoked) token with this hash.
  func participant(tokenHash: [UInt8]) async throws(StoreError) -> Participant?
  func insertToken(_ token: TokenRecord) async throws(StoreError)
  /// Revokes every live token of a participant; answers how many were revoked.
  func revokeTokens(participantID: String, at time: Date) async throws(StoreError) -> Int

  // MARK: Documents

  /// Writes a group commit: its documents and log resources, in one transaction. Fails with
  /// ``StoreError/conflict(_:)`` (and writes nothing) when a document repeats a sender's
  /// invoice number or idempotency key.
  func commit(_ batch: CommitBatch) async throws(StoreError)
  func document(id: String) async throws(StoreError) -> DocumentRecord?
  /// A sender's document with this invoice number (BT-1), if any.
  func document(sender: String, invoiceNumber: String) async throws(StoreError) -> DocumentRecord?
  /// A sender's document submitted with this idempotency key, if any.
  func document(sender: String, idempotencyKey: String) async throws(StoreError) -> DocumentRecord?
  /// A page of a participant's inbox or outbox.
  func documents(_ query: DocumentQuery) async throws(StoreError) -> DocumentPage
  /// How many documents are stored.
  func documentCount() async throws(StoreError) -> Int

  // MARK: Deliveries

  /// Inserts or replaces a delivery (by id), outside a group commit: a status change, an
  /// attempt, a refusal.
  func saveDelivery(_ delivery: DeliveryRecord) async throws(StoreError)
  func delivery(id: String) async throws(StoreError) -> DeliveryRecord?
  /// A page of deliveries, newest first.
  func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> DeliveryPage
  /// Leases up to `limit` outbound deliveries that are queued or sent and due at `time`,
  /// earliest first: in one transaction, their next attempt is moved to `until`, so that they
  /// are not handed out again while they are being attempted (nor after a crash, before
  /// `until`). Answers them as they were before the lease.
  func leaseDueDeliveries(at time: Date, until: Date, limit: Int) async throws(StoreError)
    -> [DeliveryRecord]

  // MARK: Log

  /// The stored bytes of a log resource (the widest written), or nil.
  func logResource(_ key: LogKey) async throws(StoreError) -> [UInt8]?

  /// Releases connections. The store is unusable afterwards.
  func close() async
}

/// Why a store operation failed.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A uniqueness rule was broken; nothing was written.
  case conflict(String)
  /// The database could not be opened or reached.
  case unavailable(String)
  /// The database refused or failed a statement.
  case database(String)
  /// The stored data is not what this version of the hub wrote.
  case corrupt(String)

  public var description: String {
    switch self {
    case .conflict(let message): return "conflict: \(message)"
    case .unavailable(let message): return "database unavailable: \(message)"
    case .database(let message): return "database error: \(message)"
    case .corrupt(let message): return "stored data is corrupt: \(message)"
    }
  }
}
