public import CaravanModel
public import CaravanSyntax
import CaravanTrust
import Crypto
public import Foundation

/// An ISO/IEC 6523 participant identifier, `scheme:value`: an ICD or EAS scheme code (2 to 4
/// ASCII letters or digits), a colon, then 1 to 200 characters without whitespace or control
/// characters.
public struct ParticipantIdentifier: Hashable, Sendable, CustomStringConvertible {
  /// The ICD (ISO/IEC 6523) or EAS scheme code, such as `0088`.
  public let scheme: String
  /// The identifier within the scheme.
  public let value: String

  /// Reads `scheme:value`; `nil` unless the scheme is on the ICD or EAS code list and the
  /// value is well formed.
  public init?(_ text: String) {
    guard let (scheme, value) = Self.parts(text).map({ (String($0), String($1)) }),
      CodeList.icdSchemes.contains(scheme) || CodeList.electronicAddressSchemes.contains(scheme)
    else { return nil }
    self.scheme = scheme
    self.value = value
  }

  /// Whether `text` has the form `scheme:value`, whatever the scheme code.
  public static func isWellFormed(_ text: String) -> Bool { parts(text) != nil }

  private static func parts(_ text: String) -> (Substring, Substring)? {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let scheme = text[..<colon]
    let value = text[text.index(after: colon)...]
    guard (2...4).contains(scheme.count),
      scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
      isToken(String(value), limit: 200)
    else { return nil }
    return (scheme, value)
  }

  /// `scheme:value`.
  public var description: String { "\(scheme):\(value)" }
}

/// A hub-to-hub envelope: the fields of the UN/CEFACT Standard Business Document Header
/// (SBDH 1.3: `HeaderVersion`, `Sender`, `Receiver`, `DocumentIdentification`,
/// `BusinessScope`), the two jurisdictions of the corridor, and the document's exact bytes
/// with their SHA-256 digest.
///
/// Its wire form is canonical JSON (RFC 8785 for this subset: sorted keys, no insignificant
/// whitespace), member names the SBDH element names in lower camel case:
///
/// ```
/// {"businessScope":{"scope":[{"instanceIdentifier":"<document type id>","type":"DOCUMENTID"},
///                            {"instanceIdentifier":"<process id>","type":"PROCESSID"}]},
///  "documentIdentification":{"creationDateAndTime":"2026-05-04T10:00:00Z",
///    "instanceIdentifier":"<UUID, lowercase>","standard":"<root namespace>",
///    "type":"Invoice","typeVersion":"2.1"},
///  "headerVersion":"1.0",
///  "jurisdictions":{"receiving":"TH","sending":"KE"},
///  "payload":{"content":"<base64>","sha256":"<64 lowercase hex digits>"},
///  "receiver":{"authority":"iso6523-actorid-upis","identifier":"0088:8850000000018"},
///  "sender":{"authority":"iso6523-actorid-upis","identifier":"0088:6164000000011"}}
/// ```
public struct Envelope: Hashable, Sendable {
  /// SBDH `HeaderVersion`; always ``Envelope/headerVersion``.
  public static let headerVersion = "1.0"
  /// The largest envelope accepted, in bytes (the payload is base64 inside it).
  public static let maximumLength = 16 * 1024 * 1024

  /// SBDH `Sender`: the participant that issued the document.
  public var sender: Partner
  /// SBDH `Receiver`: the participant the document is for.
  public var receiver: Partner
  /// SBDH `DocumentIdentification`.
  public var documentIdentification: DocumentIdentification
  /// SBDH `BusinessScope`: the process and the document type.
  public var businessScope: BusinessScope
  /// The jurisdiction of the sending hub (ISO 3166-1 alpha-2).
  public var sendingJurisdiction: String
  /// The jurisdiction of the receiving hub (ISO 3166-1 alpha-2).
  public var receivingJurisdiction: String
  /// The exact bytes of the document.
  public var payload: [UInt8]
  /// What the sender stated about the flow, for the receiving hub's policy; absent when it
  /// stated nothing.
  public var dataFlow: DataFlow?

  /// SBDH `Partner`: an ISO/IEC 6523 identifier and the authority that issued its scheme.
  public struct Partner: Hashable, Sendable {
    /// The authority of ISO/IEC 6523 `scheme:value` identifiers, as Peppol names it.
    public static let iso6523Authority = "iso6523-actorid-upis"

    /// SBDH `Identifier`.
    public var identifier: ParticipantIdentifier
    /// SBDH `Identifier/@Authority`; always ``iso6523Authority``.
    public var authority: String

    public init(_ identifier: ParticipantIdentifier) {
      self.identifier = identifier
      self.authority = Self.iso6523Authority
    }
  }

  /// SBDH `DocumentIdentification`.
  public struct DocumentIdentification: Hashable, Sendable {
    /// `Standard`: the namespace of the document element.
    public var standard: String
    /// `TypeVersion`: the version of that standard (`2.1` for UBL, `D16B` for CII).
    public var typeVersion: String
    /// `InstanceIdentifier`: unique per envelope; a repeated delivery carries the same one.
    public var instanceIdentifier: UUID
    /// `Type`: the local name of the document element (`Invoice`, `CreditNote`,
    /// `CrossIndustryInvoice`).
    public var type: String
    /// `CreationDateAndTime`, whole seconds, written in RFC 3339 UTC.
    public var creationDateAndTime: Date

    public init(
      standard: String, typeVersion: String, instanceIdentifier: UUID, type: String,
      creationDateAndTime: Date
    ) {
      self.standard = standard
      self.typeVersion = typeVersion
      self.instanceIdentifier = instanceIdentifier
      self.type = type
      self.creationDateAndTime = Date(
        timeIntervalSince1970: creationDateAndTime.timeIntervalSince1970.rounded(.down))
    }

    /// The identification of an EN 16931 document in `syntax`, with a new instance identifier.
    public init(syntax: Syntax, creditNote: Bool, instanceIdentifier: UUID, created: Date) {
      switch syntax {
      case .ubl:
        self.init(
          standard: creditNote ? Namespace.ublCreditNote : Namespace.ublInvoice,
          typeVersion: "2.1", instanceIdentifier: instanceIdentifier,
          type: creditNote ? "CreditNote" : "Invoice", creationDateAndTime: created)
      case .cii:
        self.init(
          standard: Namespace.ciiRoot, typeVersion: "D16B",
          instanceIdentifier: instanceIdentifier, type: "CrossIndustryInvoice",
          creationDateAndTime: created)
      }
    }
  }

  /// SBDH `BusinessScope`, as two `Scope`s: `PROCESSID` and `DOCUMENTID`.
  public struct BusinessScope: Hashable, Sendable {
    /// The process used when a document states no BT-23: Peppol BIS Billing 3.0.
    public static let defaultProcess = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

    /// The `InstanceIdentifier` of the `PROCESSID` scope: the business process (BT-23).
    public var processIdentifier: String
    /// The `InstanceIdentifier` of the `DOCUMENTID` scope:
    /// `<root namespace>::<root name>##<BT-24 specification identifier>::<syntax version>`.
    public var documentTypeIdentifier: String

    public init(processIdentifier: String, documentTypeIdentifier: String) {
      self.processIdentifier = processIdentifier
      self.documentTypeIdentifier = documentTypeIdentifier
    }

    /// The business scope of `invoice` written in the syntax `identification` describes.
    public init(invoice: Invoice, identification: DocumentIdentification) {
      self.processIdentifier =
        invoice.processControl.businessProcessType ?? Self.defaultProcess
      self.documentTypeIdentifier =
        "\(identification.standard)::\(identification.type)##"
        + "\(invoice.processControl.specificationIdentifier)::\(identification.typeVersion)"
    }
  }

  public init(
    sender: Partner, receiver: Partner, documentIdentification: DocumentIdentification,
    businessScope: BusinessScope, sendingJurisdiction: String, receivingJurisdiction: String,
    payload: [UInt8]
  ) {
    self.sender = sender
    self.receiver = receiver
    self.documentIdentification = documentIdentification
    self.businessScope = businessScope
    self.sendingJurisdiction = sendingJurisdiction
    self.receivingJurisdiction = receivingJurisdiction
    self.payload = payload
  }

  /// Wraps the exact bytes of a document that was read as `invoice` in `syntax`, taking the
  /// document identification and business scope from the document.
  public init(
    wrapping document: [UInt8], invoice: Invoice, syntax: Syntax,
    sender: ParticipantIdentifier, receiver: ParticipantIdentifier,
    from sendingJurisdiction: String, to receivingJurisdiction: String,
    instanceIdentifier: UUID = UUID(), created: Date = Date()
  ) {
    let identification = DocumentIdentification(
      syntax: syntax, creditNote: syntax == .ubl && invoice.isCreditNote,
      instanceIdentifier: instanceIdentifier, created: created)
    self.init(
      sender: Partner(sender), receiver: Partner(receiver),
      documentIdentification: identification,
      businessScope: BusinessScope(invoice: invoice, identification: identification),
      sendingJurisdiction: sendingJurisdiction, receivingJurisdiction: receivingJurisdiction,
      payload: document)
  }

  /// SHA-256 of the payload.
  public var payloadDigest: [UInt8] { Array(SHA256.hash(data: payload)) }

  // MARK: Encoding

  /// The canonical JSON bytes, after checking every field as ``init(decoding:)`` does.
  public func encoded() throws(FormatError) -> [UInt8] {
    try validate()
    return json.canonical()
  }

  var json: JSONValue {
    func partner(_ p: Partner) -> JSONValue {
      .object(["identifier": .string(p.identifier.description), "authority": .string(p.authority)])
    }
    let id = documentIdentification
    return .object(
      [
        "headerVersion": .string(Self.headerVersion),
        "sender": partner(sender),
        "receiver": partner(receiver),
        "documentIdentification": .object([
          "standard": .string(id.standard),
          "typeVersion": .string(id.typeVersion),
          "instanceIdentifier": .string(id.instanceIdentifier.uuidString.lowercased()),
          "type": .string(id.type),
          "creationDateAndTime": .string(RFC3339.format(id.creationDateAndTime)),
        ]),
        "businessScope": .object([
          "scope": .array([
            .object([
              "type": .string("DOCUMENTID"),
              "instanceIdentifier": .string(businessScope.documentTypeIdentifier),
            ]),
            .object([
              "type": .string("PROCESSID"),
              "instanceIdentifier": .string(businessScope.processIdentifier),
            ]),
          ])
        ]),
        "jurisdictions": .object([
          "sending": .string(sendingJurisdiction), "receiving": .string(receivingJurisdiction),
        ]),
        "payload": .object([
          "content": .string(Data(payload).base64EncodedString()),
          "sha256": .string(Hex.encode(payloadDigest)),
        ]),
      ].merging(dataFlow.map { ["dataFlow": $0.json] } ?? [:]) { $1 })
  }

  private func validate() throws(FormatError) {
    for (path, partner) in [("$.sender", sender), ("$.receiver", receiver)] {
      guard partner.authority == Partner.iso6523Authority else {
        throw .invalidValue(
          "\(path).authority", reason: "must be \"\(Partner.iso6523Authority)\"")
      }
    }
    let id = documentIdentification
    for (name, value) in [
      ("standard", id.standard), ("typeVersion", id.typeVersion), ("type", id.type),
    ] {
      guard isToken(value, limit: 200) else {
        throw .invalidValue(
          "$.documentIdentification.\(name)",
          reason: "must be 1 to 200 characters without spaces or control characters")
      }
    }
    for (name, value) in [
      ("DOCUMENTID", businessScope.documentTypeIdentifier),
      ("PROCESSID", businessScope.processIdentifier),
    ] {
      guard isToken(value, limit: 500) else {
        throw .invalidValue(
          "$.businessScope.scope[\(name)]",
          reason: "must be 1 to 500 characters without spaces or control characters")
      }
    }
    for (name, value) in [
      ("sending", sendingJurisdiction), ("receiving", receivingJurisdiction),
    ] {
      guard CodeList.countryCodes.contains(value) else {
        throw .invalidValue(
          "$.jurisdictions.\(name)",
          reason: "\"\(value.prefix(10))\" is not an ISO 3166-1 alpha-2 code")
      }
    }
    guard !payload.isEmpty else {
      throw .invalidValue("$.payload.content", reason: "the document is empty")
    }
  }

  // MARK: Decoding

  /// Reads an envelope strictly: every field must be present and well formed, no other field
  /// may appear, and the payload must have the digest the envelope states.
  public init(decoding bytes: [UInt8]) throws(FormatError) {
    guard bytes.count <= Self.maximumLength else {
      throw .tooLarge(size: bytes.count, limit: Self.maximumLength)
    }
    let root = try ObjectReader(try JSONValue.parse(bytes), path: "$")
    try root.requireOnly([
      "headerVersion", "sender", "receiver", "documentIdentification", "businessScope",
      "jurisdictions", "payload", "dataFlow",
    ])
    guard try root.string("headerVersion") == Self.headerVersion else {
      throw .invalidValue("$.headerVersion", reason: "must be \"\(Self.headerVersion)\"")
    }

    func partner(_ key: String) throws(FormatError) -> Partner {
      let object = try root.object(key)
      try object.requireOnly(["identifier", "authority"])
      let text = try object.string("identifier")
      guard let identifier = ParticipantIdentifier(text) else {
        throw .invalidValue(
          object.field("identifier"),
          reason: "\"\(text.prefix(80))\" is not scheme:value with an ICD or EAS scheme")
      }
      var partner = Partner(identifier)
      partner.authority = try object.string("authority")
      return partner
    }
    let sender = try partner("sender")
    let receiver = try partner("receiver")

    let id = try root.object("documentIdentification")
    try id.requireOnly([
      "standard", "typeVersion", "instanceIdentifier", "type", "creationDateAndTime",
    ])
    let uuidText = try id.string("instanceIdentifier")
    guard let uuid = UUID(uuidString: uuidText), uuid.uuidString.lowercased() == uuidText else {
      throw .invalidValue(
        id.field("instanceIdentifier"),
        reason: "\"\(uuidText.prefix(40))\" is not a UUID in lowercase 8-4-4-4-12 form")
    }
    let timeText = try id.string("creationDateAndTime")
    guard let created = RFC3339.parse(timeText), RFC3339.format(created) == timeText else {
      throw .invalidValue(
        id.field("creationDateAndTime"),
        reason: "\"\(timeText.prefix(40))\" is not an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ)")
    }
    let identification = DocumentIdentification(
      standard: try id.string("standard"), typeVersion: try id.string("typeVersion"),
      instanceIdentifier: uuid, type: try id.string("type"), creationDateAndTime: created)

    let scopeObject = try root.object("businessScope")
    try scopeObject.requireOnly(["scope"])
    var scopes: [String: String] = [:]
    for (i, item) in try scopeObject.array("scope").enumerated() {
      let scope = try ObjectReader(item, path: "\(scopeObject.field("scope"))[\(i)]")
      try scope.requireOnly(["type", "instanceIdentifier"])
      let type = try scope.string("type")
      guard type == "DOCUMENTID" || type == "PROCESSID" else {
        throw .invalidValue(scope.field("type"), reason: "must be DOCUMENTID or PROCESSID")
      }
      guard scopes[type] == nil else {
        throw .invalidValue(scope.field("type"), reason: "\(type) appears twice")
      }
      scopes[type] = try scope.string("instanceIdentifier")
    }
    guard let documentType = scopes["DOCUMENTID"], let process = scopes["PROCESSID"] else {
      throw .missingField(
        "\(scopeObject.field("scope"))[type=\(scopes["DOCUMENTID"] == nil ? "DOCUMENTID" : "PROCESSID")]"
      )
    }

    let jurisdictions = try root.object("jurisdictions")
    try jurisdictions.requireOnly(["sending", "receiving"])

    let payloadObject = try root.object("payload")
    try payloadObject.requireOnly(["content", "sha256"])
    let content = try payloadObject.string("content")
    guard let payload = Data(base64Encoded: content), payload.base64EncodedString() == content
    else {
      throw .invalidValue(
        payloadObject.field("content"), reason: "is not canonical base64 (RFC 4648, section 4)")
    }
    let declared = try payloadObject.string("sha256")
    guard declared.count == 64,
      declared.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
    else {
      throw .invalidValue(
        payloadObject.field("sha256"), reason: "must be 64 lowercase hexadecimal digits")
    }

    self.init(
      sender: sender, receiver: receiver, documentIdentification: identification,
      businessScope: BusinessScope(
        processIdentifier: process, documentTypeIdentifier: documentType),
      sendingJurisdiction: try jurisdictions.string("sending"),
      receivingJurisdiction: try jurisdictions.string("receiving"), payload: Array(payload))
    if root.members["dataFlow"] != nil {
      dataFlow = try DataFlow(try root.object("dataFlow"))
    }
    let actual = Hex.encode(payloadDigest)
    guard actual == declared else { throw .digestMismatch(declared: declared, actual: actual) }
    try validate()
  }
}

/// What a sender states about a flow of data, for the corridor policies on both sides, and
/// what its own policy removed: envelope member `dataFlow`,
/// `{"buyerIsNaturalPerson":true,"consent":true,"minimised":["BG-8"],"purpose":"…"}`, each
/// member optional.
public struct DataFlow: Hashable, Sendable {
  /// The data subject's consent to the transfer is on record.
  public var consent: Bool
  /// The purpose of the transfer (a W3C DPV term, for example).
  public var purpose: String?
  /// Whether the buyer is a natural person; nil lets the document decide
  /// (``DataCategory/classify(_:buyerIsNaturalPerson:)``).
  public var buyerIsNaturalPerson: Bool?
  /// Business terms the sending hub removed or masked before delivery (its policy's
  /// minimisation), so that the receiving hub's receipt can say so.
  public var minimised: [String]

  public init(
    consent: Bool = false, purpose: String? = nil, buyerIsNaturalPerson: Bool? = nil,
    minimised: [String] = []
  ) {
    self.consent = consent
    self.purpose = purpose
    self.buyerIsNaturalPerson = buyerIsNaturalPerson
    self.minimised = minimised
  }

  /// Whether nothing was stated.
  public var isEmpty: Bool {
    !consent && purpose == nil && buyerIsNaturalPerson == nil && minimised.isEmpty
  }

  var json: JSONValue {
    var members: [String: JSONValue] = [:]
    if consent { members["consent"] = .bool(true) }
    if let purpose { members["purpose"] = .string(purpose) }
    if let buyerIsNaturalPerson { members["buyerIsNaturalPerson"] = .bool(buyerIsNaturalPerson) }
    if !minimised.isEmpty { members["minimised"] = .array(minimised.map { .string($0) }) }
    return .object(members)
  }

  init(_ reader: ObjectReader) throws(FormatError) {
    try reader.requireOnly(["consent", "purpose", "buyerIsNaturalPerson", "minimised"])
    func flag(_ key: String) throws(FormatError) -> Bool? {
      guard reader.members[key] != nil else { return nil }
      guard case .bool(let value) = try reader.value(key) else {
        throw .wrongType(reader.field(key), expected: "a boolean")
      }
      return value
    }
    consent = try flag("consent") ?? false
    buyerIsNaturalPerson = try flag("buyerIsNaturalPerson")
    purpose = try reader.optionalString("purpose")
    minimised = reader.members["minimised"] == nil ? [] : try reader.strings("minimised")
    for (i, term) in minimised.enumerated() where !isToken(term, limit: 20) {
      throw .invalidValue(
        "\(reader.field("minimised"))[\(i)]", reason: "\"\(term.prefix(20))\" is not a term")
    }
    if let purpose, !isToken(purpose, limit: 200) {
      throw .invalidValue(
        reader.field("purpose"), reason: "must be 1 to 200 characters without spaces")
    }
  }
}
