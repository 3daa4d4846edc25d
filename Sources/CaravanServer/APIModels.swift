import CaravanExchange
import CaravanHub
import CaravanRules
import CaravanStore
import CaravanTrust
import Foundation

/// A participant as the API shows it.
struct ParticipantJSON: Codable, Sendable {
  var id: String
  var name: String
  var jurisdiction: String
  var sizeClass: Participant.SizeClass
  var sector: String
  var womenOwned: Bool
  var createdAt: String
  var receiveSyntax: String

  init(_ participant: Participant) {
    receiveSyntax = participant.receiveSyntax
    id = participant.id
    name = participant.name
    jurisdiction = participant.jurisdiction
    sizeClass = participant.sizeClass
    sector = participant.sector
    womenOwned = participant.womenOwned
    createdAt = RFC3339.format(participant.createdAt)
  }
}

/// A registration's answer: the participant and its token, shown this once.
struct RegisteredJSON: Codable, Sendable {
  var participant: ParticipantJSON
  var token: String
}

struct TokenJSON: Codable, Sendable {
  var token: String
}

struct RevokedJSON: Codable, Sendable {
  var revoked: Int
}

/// A finding as the API shows it.
struct FindingJSON: Codable, Sendable {
  var rule: String
  var flag: String
  var location: String
  var message: String

  init(_ finding: Finding) {
    rule = finding.rule
    flag = finding.flag.rawValue
    location = finding.location
    message = finding.message
  }
}

/// The answer to a submission.
struct SubmissionJSON: Codable, Sendable {
  /// True when this repeats an earlier submission; the receipt is the first one.
  var replayed: Bool
  var receipt: ReceiptDocument
  var warnings: [FindingJSON]
  /// The delivery queued for the receiver's hub, when another hub serves the receiver.
  var delivery: DeliveryJSON?
}

/// A delivery as the API shows it.
struct DeliveryJSON: Codable, Sendable {
  var id: String
  var direction: String
  var documentId: String
  var sender: String
  var receiver: String
  var peer: String
  var status: String
  var attempts: Int
  var nextAttemptAt: String?
  var createdAt: String
  var updatedAt: String
  var reason: String?
  /// The policy decision: version, rules, minimised terms, reason.
  var decision: DecisionJSON?
  /// The receiving hub's signed receipt (outbound, once delivered).
  var receipt: DeliveryReceiptJSON?

  struct DecisionJSON: Codable, Sendable {
    var policyVersion: UInt64
    var rules: [String]
    var minimised: [String]
    var reason: String
  }

  struct DeliveryReceiptJSON: Codable, Sendable {
    /// The receipt's exact JSON bytes, base64.
    var content: String
    /// Its detached JWS by the receiving hub's key.
    var signature: String
    /// Where this hub logged it.
    var logIndex: UInt64?
  }

  init(_ delivery: DeliveryRecord) {
    id = delivery.id
    direction = delivery.direction.rawValue
    documentId = delivery.documentID
    sender = delivery.sender
    receiver = delivery.receiver
    peer = delivery.peer
    status = delivery.status.rawValue
    attempts = delivery.attempts
    nextAttemptAt =
      delivery.status == .queued || delivery.status == .sent
      ? RFC3339.format(delivery.nextAttemptAt) : nil
    createdAt = RFC3339.format(delivery.createdAt)
    updatedAt = RFC3339.format(delivery.updatedAt)
    reason = delivery.reason
    decision = (try? DecisionRecord(decoding: delivery.decision)).map {
      DecisionJSON(
        policyVersion: $0.policyVersion, rules: $0.decision.determiningRules,
        minimised: $0.minimised, reason: $0.decision.reason)
    }
    if let bytes = delivery.receipt, let signature = delivery.receiptSignature {
      receipt = DeliveryReceiptJSON(
        content: Data(bytes).base64EncodedString(), signature: signature,
        logIndex: delivery.receiptLogIndex)
    }
  }
}

struct DeliveryPageJSON: Codable, Sendable {
  var deliveries: [DeliveryJSON]
  /// The `cursor` of the next page, absent on the last.
  var next: String?
}

/// A configured peer as the operator sees it.
struct PeerJSON: Codable, Sendable {
  var jurisdiction: String
  var url: String
  /// RFC 7638 thumbprint of the recognised key; absent when none is configured.
  var keyThumbprint: String?
  var documentTypes: [String]
  var agreements: [String]
  var directoryFetched: String?
  var directoryExpires: String?
  var participants: Int?

  init(_ status: PeerStatus) {
    jurisdiction = status.peer.jurisdiction
    url = status.peer.url
    keyThumbprint = status.peer.key?.thumbprint
    documentTypes = status.peer.documentTypes
    agreements = status.peer.agreements
    directoryFetched = status.directoryFetched.map(RFC3339.format)
    directoryExpires = status.directoryExpires.map(RFC3339.format)
    participants = status.participants
  }
}

/// The answer to a policy change.
struct PolicyInstalledJSON: Codable, Sendable {
  var version: UInt64
  var sha256: String
  /// The log index of the policy's entry; absent when the version was already in force.
  var logIndex: UInt64?
}

/// A listed document.
struct SummaryJSON: Codable, Sendable {
  var id: String
  var sender: String
  var receiver: String?
  var invoiceNumber: String
  var typeCode: String
  var syntax: String
  var issueDate: String
  var currency: String
  var totalAmount: String
  var status: String
  var logIndex: UInt64
  var receivedAt: String

  init(_ summary: DocumentSummary) {
    id = summary.id
    sender = summary.sender
    receiver = summary.receiver
    invoiceNumber = summary.invoiceNumber
    typeCode = summary.typeCode
    syntax = summary.syntax
    issueDate = summary.issueDate
    currency = summary.currency
    totalAmount = summary.totalAmount
    status = summary.status.rawValue
    logIndex = summary.logIndex
    receivedAt = RFC3339.format(summary.receivedAt)
  }
}

struct PageJSON: Codable, Sendable {
  var documents: [SummaryJSON]
  /// The `cursor` of the next page, absent on the last.
  var next: String?
}

/// What a verifier sends.
struct VerifyRequestJSON: Codable, Sendable {
  /// The document's exact bytes, base64.
  var document: String
  /// The receipt's `proof` (C2SP tlog-proof text).
  var proof: String
  /// The receipt's `signature` (detached JWS), optional.
  var signature: String?
}

/// The hub's public description: who it is and the keys that check its receipts.
struct HubInfoJSON: Codable, Sendable {
  var jurisdiction: String
  /// The log's origin (first line of its checkpoints).
  var logOrigin: String
  /// The C2SP verifier key of the log.
  var logKey: String
  /// The public JWK of the document signing key.
  var documentKey: JWK
  /// Relative URL prefix of the log's tlog-tiles resources.
  var logPrefix: String
  var treeSize: UInt64
  var version: String
}

struct HealthJSON: Codable, Sendable {
  var status: String
  var database: String
  var treeSize: UInt64
}

enum Coding {
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }()
}
