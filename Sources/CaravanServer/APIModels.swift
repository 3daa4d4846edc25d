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

  init(_ participant: Participant) {
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
