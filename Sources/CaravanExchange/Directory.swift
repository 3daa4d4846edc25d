import CaravanModel
public import CaravanSyntax
public import CaravanTrust
public import Foundation

/// The participants a hub serves and the syntax each reads, as the hub publishes them, signed,
/// at `GET /v1/exchange/directory`. A sending hub finds a receiver's hub by looking the
/// receiver up in its peers' directories, and converts nothing itself: the receiving hub
/// converts to the syntax named here.
///
/// Wire form (canonical JSON, signed by a detached JWS of type ``documentType``):
///
/// ```
/// {"expires":"2026-05-04T10:05:00Z","issued":"2026-05-04T10:00:00Z","jurisdiction":"TH",
///  "participants":[{"id":"0088:8850000000018","syntax":"cii"}]}
/// ```
public struct HubDirectory: Hashable, Sendable {
  /// The `docType` of the directory's JWS.
  public static let documentType = "caravan-directory"
  /// The largest directory accepted, in bytes.
  public static let maximumLength = 64 * 1024 * 1024

  /// One participant and the syntax its systems read.
  public struct Entry: Hashable, Sendable {
    public var id: ParticipantIdentifier
    public var syntax: Syntax

    public init(id: ParticipantIdentifier, syntax: Syntax) {
      self.id = id
      self.syntax = syntax
    }
  }

  public var jurisdiction: String
  public var issued: Date
  /// Until when a reader may use it without asking again.
  public var expires: Date
  /// Sorted by identifier.
  public var participants: [Entry]

  public init(jurisdiction: String, issued: Date, expires: Date, participants: [Entry]) {
    self.jurisdiction = jurisdiction
    self.issued = issued
    self.expires = expires
    self.participants = participants.sorted { $0.id.description < $1.id.description }
  }

  /// The entry of `id`, if the hub serves it.
  public func entry(for id: String) -> Entry? {
    var low = 0
    var high = participants.count
    while low < high {
      let middle = (low + high) / 2
      let key = participants[middle].id.description
      if key == id { return participants[middle] }
      if key < id { low = middle + 1 } else { high = middle }
    }
    return nil
  }

  /// The canonical JSON bytes.
  public func encoded() -> [UInt8] {
    JSONValue.object([
      "jurisdiction": .string(jurisdiction),
      "issued": .string(RFC3339.format(issued)),
      "expires": .string(RFC3339.format(expires)),
      "participants": .array(
        participants.map {
          .object([
            "id": .string($0.id.description), "syntax": .string($0.syntax.rawValue.lowercased()),
          ])
        }),
    ]).canonical()
  }

  /// Reads a directory, checking every field.
  public init(decoding bytes: [UInt8]) throws(FormatError) {
    guard bytes.count <= Self.maximumLength else {
      throw .tooLarge(size: bytes.count, limit: Self.maximumLength)
    }
    let root = try ObjectReader(try JSONValue.parse(bytes), path: "$")
    try root.requireOnly(["jurisdiction", "issued", "expires", "participants"])
    jurisdiction = try jurisdictionCode(root, "jurisdiction")
    issued = try timestamp(root, "issued")
    expires = try timestamp(root, "expires")
    var entries: [Entry] = []
    for (i, item) in try root.array("participants").enumerated() {
      let entry = try ObjectReader(item, path: "$.participants[\(i)]")
      try entry.requireOnly(["id", "syntax"])
      guard let id = ParticipantIdentifier(try entry.string("id")) else {
        throw .invalidValue(entry.field("id"), reason: "not a scheme:value identifier")
      }
      let syntax: Syntax
      switch try entry.string("syntax") {
      case "ubl": syntax = .ubl
      case "cii": syntax = .cii
      case let other:
        throw .invalidValue(entry.field("syntax"), reason: "\"\(other)\" is not ubl or cii")
      }
      entries.append(Entry(id: id, syntax: syntax))
    }
    participants = entries.sorted { $0.id.description < $1.id.description }
  }
}

/// A hub's signed receipt for a delivery it accepted: what it received, what it stored, where
/// its log records it, and what the policy did. The sending hub keeps it, with the receiving
/// hub's detached JWS of type ``documentType``, and logs it, so that each side can prove what
/// the other accepted, and when.
///
/// Wire form: canonical JSON with the members below, digests as lowercase hex, times in
/// RFC 3339, `logProof` the tlog-proof text of the stored document's log entry.
public struct DeliveryReceipt: Hashable, Sendable {
  /// The `docType` of the receipt's JWS.
  public static let documentType = "caravan-delivery-receipt"
  public static let maximumLength = 1024 * 1024

  /// The envelope's instance identifier (lowercase UUID).
  public var instanceIdentifier: String
  public var sendingJurisdiction: String
  public var receivingJurisdiction: String
  public var sender: String
  public var receiver: String
  /// SHA-256 of the envelope's payload as received.
  public var payloadDigest: [UInt8]
  /// The receiving hub's document identifier.
  public var documentID: String
  /// SHA-256 of the document as stored, in ``storedSyntax`` (after any minimisation).
  public var storedDigest: [UInt8]
  /// `ubl` or `cii`.
  public var storedSyntax: String
  /// Business terms removed or masked on the way: those the sending hub's envelope says its
  /// policy removed, then those the receiving hub's inbound policy removed.
  public var minimised: [String]
  /// The receiving hub's policy version and the rules that admitted the document.
  public var policyVersion: UInt64
  public var policyRules: [String]
  /// The receiving hub's log index of the stored document, and its tlog-proof.
  public var logIndex: UInt64
  public var logProof: String
  public var received: Date

  public init(
    instanceIdentifier: String, sendingJurisdiction: String, receivingJurisdiction: String,
    sender: String, receiver: String, payloadDigest: [UInt8], documentID: String,
    storedDigest: [UInt8], storedSyntax: String, minimised: [String], policyVersion: UInt64,
    policyRules: [String], logIndex: UInt64, logProof: String, received: Date
  ) {
    self.instanceIdentifier = instanceIdentifier
    self.sendingJurisdiction = sendingJurisdiction
    self.receivingJurisdiction = receivingJurisdiction
    self.sender = sender
    self.receiver = receiver
    self.payloadDigest = payloadDigest
    self.documentID = documentID
    self.storedDigest = storedDigest
    self.storedSyntax = storedSyntax
    self.minimised = minimised
    self.policyVersion = policyVersion
    self.policyRules = policyRules
    self.logIndex = logIndex
    self.logProof = logProof
    self.received = received
  }

  public func encoded() throws(FormatError) -> [UInt8] {
    guard let index = Int64(exactly: logIndex), let version = Int64(exactly: policyVersion),
      index <= JSONValue.maximumInteger, version <= JSONValue.maximumInteger
    else { throw .invalidValue("$.logIndex", reason: "too large") }
    return JSONValue.object([
      "instanceIdentifier": .string(instanceIdentifier),
      "jurisdictions": .object([
        "sending": .string(sendingJurisdiction), "receiving": .string(receivingJurisdiction),
      ]),
      "sender": .string(sender),
      "receiver": .string(receiver),
      "payloadSha256": .string(Hex.encode(payloadDigest)),
      "documentId": .string(documentID),
      "storedSha256": .string(Hex.encode(storedDigest)),
      "storedSyntax": .string(storedSyntax),
      "minimised": .array(minimised.map { .string($0) }),
      "policy": .object([
        "version": .integer(version), "rules": .array(policyRules.map { .string($0) }),
      ]),
      "logIndex": .integer(index),
      "logProof": .string(logProof),
      "received": .string(RFC3339.format(received)),
    ]).canonical()
  }

  public init(decoding bytes: [UInt8]) throws(FormatError) {
    guard bytes.count <= Self.maximumLength else {
      throw .tooLarge(size: bytes.count, limit: Self.maximumLength)
    }
    let root = try ObjectReader(try JSONValue.parse(bytes), path: "$")
    try root.requireOnly([
      "instanceIdentifier", "jurisdictions", "sender", "receiver", "payloadSha256", "documentId",
      "storedSha256", "storedSyntax", "minimised", "policy", "logIndex", "logProof", "received",
    ])
    instanceIdentifier = try root.string("instanceIdentifier")
    let jurisdictions = try root.object("jurisdictions")
    try jurisdictions.requireOnly(["sending", "receiving"])
    sendingJurisdiction = try jurisdictionCode(jurisdictions, "sending")
    receivingJurisdiction = try jurisdictionCode(jurisdictions, "receiving")
    sender = try root.string("sender")
    receiver = try root.string("receiver")
    payloadDigest = try digest(root, "payloadSha256")
    documentID = try root.string("documentId")
    storedDigest = try digest(root, "storedSha256")
    storedSyntax = try root.string("storedSyntax")
    minimised = try root.strings("minimised")
    let policy = try root.object("policy")
    try policy.requireOnly(["version", "rules"])
    let version = try policy.integer("version")
    guard version >= 0 else { throw .invalidValue(policy.field("version"), reason: "negative") }
    policyVersion = UInt64(version)
    policyRules = try policy.strings("rules")
    let index = try root.integer("logIndex")
    guard index >= 0 else { throw .invalidValue(root.field("logIndex"), reason: "negative") }
    logIndex = UInt64(index)
    logProof = try root.string("logProof")
    received = try timestamp(root, "received")
  }

  /// Reads a receipt and checks its detached JWS with the receiving hub's key.
  public static func verified(_ bytes: [UInt8], signature: String, key: VerificationKey)
    throws -> DeliveryReceipt
  {
    let jws = try DetachedJWS(parsing: signature)
    try jws.verify(document: bytes, key: key)
    guard jws.header.docType == documentType else {
      throw SignatureError.malformed("docType is not \(documentType)")
    }
    return try DeliveryReceipt(decoding: bytes)
  }
}

/// What a policy decided for a delivery, as kept with it and shown to the sender: canonical
/// JSON `{"minimised":[…],"permitted":true,"policyVersion":3,"reason":"…","rules":[…]}`.
public struct DecisionRecord: Hashable, Sendable {
  public var policyVersion: UInt64
  public var decision: PolicyDecision
  /// The minimisation terms that had a value and were removed or masked.
  public var minimised: [String]

  public init(policyVersion: UInt64, decision: PolicyDecision, minimised: [String]) {
    self.policyVersion = policyVersion
    self.decision = decision
    self.minimised = minimised
  }

  public func encoded() -> [UInt8] {
    JSONValue.object([
      "policyVersion": .integer(Int64(clamping: policyVersion)),
      "permitted": .bool(decision.permitted),
      "rules": .array(decision.determiningRules.map { .string($0) }),
      "minimised": .array(minimised.map { .string($0) }),
      "reason": .string(decision.reason),
    ]).canonical()
  }

  public init(decoding bytes: [UInt8]) throws(FormatError) {
    let root = try ObjectReader(try JSONValue.parse(bytes), path: "$")
    try root.requireOnly(["policyVersion", "permitted", "rules", "minimised", "reason"])
    let version = try root.integer("policyVersion")
    guard version >= 0 else { throw .invalidValue(root.field("policyVersion"), reason: "negative") }
    guard case .bool(let permitted) = try root.value("permitted") else {
      throw .wrongType(root.field("permitted"), expected: "a boolean")
    }
    policyVersion = UInt64(version)
    minimised = try root.strings("minimised")
    decision = PolicyDecision(
      permitted: permitted, determiningRules: try root.strings("rules"), minimise: minimised,
      reason: try root.string("reason"))
  }
}

private func jurisdictionCode(_ reader: ObjectReader, _ key: String) throws(FormatError)
  -> String
{
  let code = try reader.string(key)
  guard CodeList.countryCodes.contains(code) else {
    throw .invalidValue(reader.field(key), reason: "\"\(code)\" is not an ISO 3166-1 alpha-2 code")
  }
  return code
}

private func timestamp(_ reader: ObjectReader, _ key: String) throws(FormatError) -> Date {
  let text = try reader.string(key)
  guard let date = RFC3339.parse(text) else {
    throw .invalidValue(reader.field(key), reason: "\"\(text)\" is not an RFC 3339 time")
  }
  return date
}

private func digest(_ reader: ObjectReader, _ key: String) throws(FormatError) -> [UInt8] {
  let text = try reader.string(key)
  guard let bytes = Hex.decode(text), bytes.count == 32 else {
    throw .invalidValue(reader.field(key), reason: "not 64 lowercase hex digits")
  }
  return bytes
}
