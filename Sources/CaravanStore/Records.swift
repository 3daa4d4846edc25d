public import Foundation

/// A business registered with the hub, named by its ISO/IEC 6523 `scheme:value` identifier.
public struct Participant: Hashable, Sendable, Codable {
  /// Enterprise size class, as in Commission Recommendation 2003/361/EC.
  public enum SizeClass: String, Hashable, Sendable, Codable, CaseIterable {
    case micro, small, medium, large
  }

  /// `scheme:value`, for example `0088:5790000435975`.
  public var id: String
  public var name: String
  /// ISO 3166-1 alpha-2 code of the jurisdiction the participant trades from.
  public var jurisdiction: String
  public var sizeClass: SizeClass
  /// Economic activity, as a NACE Rev. 2 section letter or division code.
  public var sector: String
  public var womenOwned: Bool
  public var createdAt: Date
  /// The syntax the participant's systems read, `ubl` or `cii`: documents delivered to it
  /// from other hubs are converted to it.
  public var receiveSyntax: String

  public init(
    id: String, name: String, jurisdiction: String, sizeClass: SizeClass, sector: String,
    womenOwned: Bool, createdAt: Date, receiveSyntax: String = "ubl"
  ) {
    self.receiveSyntax = receiveSyntax
    self.id = id
    self.name = name
    self.jurisdiction = jurisdiction
    self.sizeClass = sizeClass
    self.sector = sector
    self.womenOwned = womenOwned
    self.createdAt = createdAt
  }
}

/// An API token of a participant. Only the SHA-256 of the token is ever stored.
public struct TokenRecord: Hashable, Sendable {
  public var id: String
  public var participantID: String
  public var hash: [UInt8]
  public var createdAt: Date
  public var revokedAt: Date?

  public init(
    id: String, participantID: String, hash: [UInt8], createdAt: Date, revokedAt: Date? = nil
  ) {
    self.id = id
    self.participantID = participantID
    self.hash = hash
    self.createdAt = createdAt
    self.revokedAt = revokedAt
  }
}

/// The lifecycle of a stored document.
public enum DocumentStatus: String, Hashable, Sendable, Codable, CaseIterable {
  /// Validated, signed and logged by this hub.
  case accepted
  /// Handed to the receiver's hub, which answered with its receipt.
  case delivered
  /// Refused by the receiver's hub; the reason is kept with the delivery.
  case refused
}

/// A document the hub accepted: its exact bytes, what it says about itself, and its receipt.
public struct DocumentRecord: Hashable, Sendable {
  /// A random identifier (UUID, lowercase).
  public var id: String
  /// The submitting participant (`scheme:value`).
  public var sender: String
  /// The buyer's electronic address (`scheme:value`), when the document has one.
  public var receiver: String?
  /// BT-1.
  public var invoiceNumber: String
  /// BT-3, UNTDID 1001.
  public var typeCode: String
  /// `ubl` or `cii`.
  public var syntax: String
  /// BT-2, `YYYY-MM-DD`.
  public var issueDate: String
  /// BT-5.
  public var currency: String
  /// BT-112 (or BT-115 when there is no total with VAT), as written in the document.
  public var totalAmount: String
  public var status: DocumentStatus
  /// SHA-256 of ``bytes``.
  public var digest: [UInt8]
  /// The exact bytes the sender submitted.
  public var bytes: [UInt8]
  /// The hub's detached JWS over ``bytes`` (compact serialisation).
  public var signature: String
  /// The log leaf index.
  public var logIndex: UInt64
  /// The canonical log entry (the leaf's bytes).
  public var logEntry: [UInt8]
  /// The receipt handed to the sender: the tlog-proof text (RFC 9162 inclusion proof under a
  /// signed checkpoint).
  public var receipt: String
  /// The sender's `Idempotency-Key`, when it sent one.
  public var idempotencyKey: String?
  public var receivedAt: Date

  public init(
    id: String, sender: String, receiver: String?, invoiceNumber: String, typeCode: String,
    syntax: String, issueDate: String, currency: String, totalAmount: String,
    status: DocumentStatus, digest: [UInt8], bytes: [UInt8], signature: String, logIndex: UInt64,
    logEntry: [UInt8], receipt: String, idempotencyKey: String?, receivedAt: Date
  ) {
    self.id = id
    self.sender = sender
    self.receiver = receiver
    self.invoiceNumber = invoiceNumber
    self.typeCode = typeCode
    self.syntax = syntax
    self.issueDate = issueDate
    self.currency = currency
    self.totalAmount = totalAmount
    self.status = status
    self.digest = digest
    self.bytes = bytes
    self.signature = signature
    self.logIndex = logIndex
    self.logEntry = logEntry
    self.receipt = receipt
    self.idempotencyKey = idempotencyKey
    self.receivedAt = receivedAt
  }
}

/// A document without its bytes, for listings.
public struct DocumentSummary: Hashable, Sendable {
  public var id: String
  public var sender: String
  public var receiver: String?
  public var invoiceNumber: String
  public var typeCode: String
  public var syntax: String
  public var issueDate: String
  public var currency: String
  public var totalAmount: String
  public var status: DocumentStatus
  public var logIndex: UInt64
  public var receivedAt: Date

  public init(_ record: DocumentRecord) {
    self.init(
      id: record.id, sender: record.sender, receiver: record.receiver,
      invoiceNumber: record.invoiceNumber, typeCode: record.typeCode, syntax: record.syntax,
      issueDate: record.issueDate, currency: record.currency, totalAmount: record.totalAmount,
      status: record.status, logIndex: record.logIndex, receivedAt: record.receivedAt)
  }

  public init(
    id: String, sender: String, receiver: String?, invoiceNumber: String, typeCode: String,
    syntax: String, issueDate: String, currency: String, totalAmount: String,
    status: DocumentStatus, logIndex: UInt64, receivedAt: Date
  ) {
    self.id = id
    self.sender = sender
    self.receiver = receiver
    self.invoiceNumber = invoiceNumber
    self.typeCode = typeCode
    self.syntax = syntax
    self.issueDate = issueDate
    self.currency = currency
    self.totalAmount = totalAmount
    self.status = status
    self.logIndex = logIndex
    self.receivedAt = receivedAt
  }
}

/// Which documents to list: one participant's inbox or outbox, newest first, filtered.
public struct DocumentQuery: Hashable, Sendable {
  public enum Box: String, Hashable, Sendable, CaseIterable {
    /// Documents the participant received (it is the receiver).
    case inbox
    /// Documents the participant sent.
    case outbox
  }

  public var participant: String
  public var box: Box
  /// Inclusive bounds on the issue date (BT-2), `YYYY-MM-DD`.
  public var issuedFrom: String?
  public var issuedTo: String?
  public var status: DocumentStatus?
  /// The other side: the receiver of an outbox document, the sender of an inbox one.
  public var counterparty: String?
  /// At most this many (1...500).
  public var limit: Int
  /// Continue after this log index (the ``DocumentPage/next`` of the previous page).
  public var before: UInt64?

  public init(
    participant: String, box: Box, issuedFrom: String? = nil, issuedTo: String? = nil,
    status: DocumentStatus? = nil, counterparty: String? = nil, limit: Int = 50,
    before: UInt64? = nil
  ) {
    self.participant = participant
    self.box = box
    self.issuedFrom = issuedFrom
    self.issuedTo = issuedTo
    self.status = status
    self.counterparty = counterparty
    self.limit = limit
    self.before = before
  }
}

/// One page of a listing, newest (highest log index) first.
public struct DocumentPage: Hashable, Sendable {
  public var documents: [DocumentSummary]
  /// The cursor for the next page, or nil on the last one.
  public var next: UInt64?

  public init(documents: [DocumentSummary], next: UInt64?) {
    self.documents = documents
    self.next = next
  }
}

/// What one group commit writes: accepted documents and the log resources (tiles, entry
/// bundles, checkpoint) that cover them. A store writes a batch in one transaction, or not at
/// all.
public struct CommitBatch: Sendable {
  public var documents: [DocumentRecord]
  /// Log resources keyed by ``LogKey``; a later write of the same key replaces the earlier.
  public var logResources: [(key: LogKey, bytes: [UInt8])]
  /// Deliveries to insert or replace (by id): new outbound ones queued with their document,
  /// inbound ones with the document they became, delivered ones with their logged receipt.
  public var deliveries: [DeliveryRecord]
  /// New statuses of documents already stored.
  public var documentStatuses: [(id: String, status: DocumentStatus)]
  /// Settings to set (or replace), such as a new policy version with its log entry.
  public var settings: [(name: String, value: String)]

  public init(
    documents: [DocumentRecord], logResources: [(key: LogKey, bytes: [UInt8])],
    deliveries: [DeliveryRecord] = [],
    documentStatuses: [(id: String, status: DocumentStatus)] = [],
    settings: [(name: String, value: String)] = []
  ) {
    self.documents = documents
    self.logResources = logResources
    self.deliveries = deliveries
    self.documentStatuses = documentStatuses
    self.settings = settings
  }
}

/// Where a log resource lives in a store. Tiles and entry bundles are kept once per
/// position, at their widest: a partial tile is a prefix of the full one.
public enum LogKey: Hashable, Sendable, CustomStringConvertible {
  case checkpoint
  case tile(level: Int, index: UInt64)
  case entryBundle(index: UInt64)

  /// The text key stored in the database.
  public var description: String {
    switch self {
    case .checkpoint: return "checkpoint"
    case .tile(let level, let index): return "tile/\(level)/\(index)"
    case .entryBundle(let index): return "entries/\(index)"
    }
  }

  public init?(_ text: String) {
    let parts = text.split(separator: "/")
    switch parts.first {
    case "checkpoint" where parts.count == 1: self = .checkpoint
    case "tile" where parts.count == 3:
      guard let level = Int(parts[1]), let index = UInt64(parts[2]) else { return nil }
      self = .tile(level: level, index: index)
    case "entries" where parts.count == 2:
      guard let index = UInt64(parts[1]) else { return nil }
      self = .entryBundle(index: index)
    default: return nil
    }
  }
}
