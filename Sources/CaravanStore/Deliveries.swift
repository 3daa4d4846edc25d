public import Foundation

/// Whether a delivery leaves this hub or entered it.
public enum DeliveryDirection: String, Hashable, Sendable, Codable, CaseIterable {
  /// In this hub's outbox, for a receiver on another hub.
  case outbound
  /// Received from another hub, for a participant of this one.
  case inbound
}

/// Where a delivery stands.
public enum DeliveryStatus: String, Hashable, Sendable, Codable, CaseIterable {
  /// Waiting for its first attempt, or for the next one after a failure.
  case queued
  /// Attempted at least once without a final answer; retried with backoff.
  case sent
  /// Accepted by the receiving hub, whose signed receipt is kept.
  case delivered
  /// Finally refused: by the receiving hub (the reason is its answer), by policy, or after
  /// the last attempt.
  case refused
  /// Withdrawn by the sender or the operator before it was delivered.
  case cancelled

  /// Whether the delivery will not change any more (except by an operator's retry).
  public var isFinal: Bool { self == .delivered || self == .refused || self == .cancelled }
}

/// One hub-to-hub delivery of a document: for an outbound one, the envelope as sent and,
/// once delivered, the receiving hub's signed receipt; for an inbound one, the envelope as
/// received and the local document it became.
public struct DeliveryRecord: Hashable, Sendable {
  /// The envelope's instance identifier (SBDH `InstanceIdentifier`, a lowercase UUID): the
  /// same on both hubs, and the key that makes a repeated delivery idempotent.
  public var id: String
  public var direction: DeliveryDirection
  /// The local document: the submitted one (outbound) or the stored one (inbound).
  public var documentID: String
  /// The seller (`scheme:value`).
  public var sender: String
  /// The buyer (`scheme:value`).
  public var receiver: String
  /// The other hub's jurisdiction: the receiving one (outbound), the sending one (inbound).
  public var peer: String
  public var status: DeliveryStatus
  /// Attempts made so far (outbound).
  public var attempts: Int
  /// When the next attempt is due (outbound, while queued or sent).
  public var nextAttemptAt: Date
  public var createdAt: Date
  public var updatedAt: Date
  /// Why it was refused, or what the last failed attempt met.
  public var reason: String?
  /// The policy decision that let the document cross, as canonical JSON: the policy
  /// version, the rules that made it, and the terms minimised.
  public var decision: [UInt8]
  /// The envelope's exact bytes: as sent (and re-sent on retry), or as received.
  public var envelope: [UInt8]
  /// The receiving hub's signed receipt (outbound, once delivered): its JSON bytes.
  public var receipt: [UInt8]?
  /// The detached JWS of ``receipt``, by the receiving hub's key.
  public var receiptSignature: String?
  /// The index of this hub's log entry recording the receipt (outbound, once delivered).
  public var receiptLogIndex: UInt64?

  public init(
    id: String, direction: DeliveryDirection, documentID: String, sender: String,
    receiver: String, peer: String, status: DeliveryStatus, attempts: Int = 0,
    nextAttemptAt: Date, createdAt: Date, updatedAt: Date, reason: String? = nil,
    decision: [UInt8], envelope: [UInt8], receipt: [UInt8]? = nil,
    receiptSignature: String? = nil, receiptLogIndex: UInt64? = nil
  ) {
    self.id = id
    self.direction = direction
    self.documentID = documentID
    self.sender = sender
    self.receiver = receiver
    self.peer = peer
    self.status = status
    self.attempts = attempts
    self.nextAttemptAt = nextAttemptAt
    self.createdAt = createdAt
    self.updatedAt = updatedAt
    self.reason = reason
    self.decision = decision
    self.envelope = envelope
    self.receipt = receipt
    self.receiptSignature = receiptSignature
    self.receiptLogIndex = receiptLogIndex
  }
}

/// Which deliveries to list, newest first.
public struct DeliveryQuery: Hashable, Sendable {
  public var direction: DeliveryDirection?
  /// Only those whose seller is this participant (a participant sees its own).
  public var sender: String?
  /// Only those of this local document.
  public var documentID: String?
  public var status: DeliveryStatus?
  /// At most this many (1...500).
  public var limit: Int
  /// Continue after this creation time (the ``DeliveryPage/next`` of the previous page).
  public var before: Date?

  public init(
    direction: DeliveryDirection? = nil, sender: String? = nil, documentID: String? = nil,
    status: DeliveryStatus? = nil, limit: Int = 50, before: Date? = nil
  ) {
    self.direction = direction
    self.sender = sender
    self.documentID = documentID
    self.status = status
    self.limit = limit
    self.before = before
  }
}

/// One page of deliveries, newest first.
public struct DeliveryPage: Hashable, Sendable {
  public var deliveries: [DeliveryRecord]
  /// The cursor for the next page, or nil on the last one.
  public var next: Date?

  public init(deliveries: [DeliveryRecord], next: Date?) {
    self.deliveries = deliveries
    self.next = next
  }
}

func decodedDeliveryStatus(_ text: String) throws(StoreError) -> DeliveryStatus {
  guard let value = DeliveryStatus(rawValue: text) else {
    throw .corrupt("deliveries.status '\(text)' is not a delivery status")
  }
  return value
}

func decodedDirection(_ text: String) throws(StoreError) -> DeliveryDirection {
  guard let value = DeliveryDirection(rawValue: text) else {
    throw .corrupt("deliveries.direction '\(text)' is not a direction")
  }
  return value
}

/// A page of `rows` fetched with one more than `limit`, to tell whether another follows.
func deliveryPage(_ rows: [DeliveryRecord], limit: Int) -> DeliveryPage {
  guard rows.count > limit else { return DeliveryPage(deliveries: rows, next: nil) }
  let page = Array(rows.prefix(limit))
  return DeliveryPage(deliveries: page, next: page.last?.createdAt)
}
