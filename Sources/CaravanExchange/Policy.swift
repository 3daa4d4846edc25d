public import CaravanLog
public import CaravanModel
public import CaravanTrust
import Crypto
public import Foundation

/// A kind of data a document carries, as a corridor policy names it.
public enum DataCategory: String, Hashable, Sendable, CaseIterable, Comparable {
  /// Business terms that identify a natural person: present when the buyer is one (see
  /// ``classify(_:buyerIsNaturalPerson:)``).
  case personal
  /// The commercial content of an invoice: parties acting in trade, goods, prices, taxes.
  /// Every invoice carries it.
  case commercial

  public static func < (a: DataCategory, b: DataCategory) -> Bool { a.rawValue < b.rawValue }

  /// The categories `invoice` carries: always ``commercial``, and ``personal`` when the buyer
  /// is a natural person.
  ///
  /// Whether the buyer is a natural person is `buyerIsNaturalPerson` when the submitter
  /// states it; otherwise the document decides by this rule: a buyer with neither a VAT
  /// identifier (BT-48) nor a legal registration identifier (BT-47) is taken to be a natural
  /// person. Businesses and public bodies normally carry one of the two; a buyer without
  /// either is treated as a person, so that doubt falls on the side of protection.
  public static func classify(_ invoice: Invoice, buyerIsNaturalPerson: Bool? = nil)
    -> Set<DataCategory>
  {
    let person =
      buyerIsNaturalPerson
      ?? (invoice.buyer.vatIdentifier == nil && invoice.buyer.legalRegistrationIdentifier == nil)
    return person ? [.commercial, .personal] : [.commercial]
  }
}

/// The business terms a policy may order minimised, and how each is minimised in the model.
public enum Minimisation {
  /// The text that replaces a mandatory term (BT-44 buyer name) when it is minimised.
  public static let mask = "[withheld]"

  /// The terms that identify the buyer as a natural person: buyer name, trading name and
  /// identifiers (BT-44 to BT-48), electronic address (BT-49), postal address (BG-8),
  /// contact (BG-9), deliver-to name and address (BT-70, BG-15), payment card holder
  /// (BT-88) and debited account (BT-91).
  ///
  /// BT-84, the payment account of a credit transfer, is the seller's (payee's) account, not
  /// the buyer's, and is not among them.
  public static let personalTerms = [
    "BT-44", "BT-45", "BT-46", "BT-47", "BT-48", "BT-49", "BG-8", "BG-9", "BT-70", "BG-15",
    "BT-88", "BT-91",
  ]

  /// Every term ``minimise(_:terms:)`` accepts: the personal terms, and the single terms
  /// inside BG-8, BG-9 and BG-15.
  ///
  /// How each is minimised: BT-44 (mandatory, BR-7) is masked with ``mask``; BG-8 keeps its
  /// country code BT-55 (mandatory, BR-11, and not identifying) and loses every other term;
  /// every other term, and BG-9 and BG-15 as wholes, are removed.
  public static let supportedTerms: [String] =
    personalTerms + [
      "BT-50", "BT-51", "BT-163", "BT-52", "BT-53", "BT-54", "BT-56", "BT-57", "BT-58", "BT-75",
      "BT-76", "BT-165", "BT-77", "BT-78", "BT-79", "BT-80",
    ]

  /// Removes or masks `terms` in `invoice`. Returns the minimised invoice and the terms that
  /// had a value and were removed or masked, in the order given.
  public static func minimise(_ invoice: Invoice, terms: [String]) throws(PolicyError) -> (
    Invoice, removed: [String]
  ) {
    var out = invoice
    var removed: [String] = []
    for term in terms where !removed.contains(term) {
      guard supportedTerms.contains(term) else { throw .unsupportedTerm(term) }
      if apply(term, to: &out) { removed.append(term) }
    }
    return (out, removed)
  }

  /// Applies one term; true when it had a value.
  private static func apply(_ term: String, to invoice: inout Invoice) -> Bool {
    func clear<T>(_ value: inout T?) -> Bool {
      defer { value = nil }
      return value != nil
    }
    func clearContact(_ path: WritableKeyPath<Contact, String?>) -> Bool {
      guard var contact = invoice.buyer.contact else { return false }
      let had = clear(&contact[keyPath: path])
      invoice.buyer.contact =
        contact.name == nil && contact.telephone == nil && contact.email == nil ? nil : contact
      return had
    }
    func clearDelivery(_ path: WritableKeyPath<PostalAddress, String?>) -> Bool {
      guard var address = invoice.delivery?.address else { return false }
      let had = clear(&address[keyPath: path])
      invoice.delivery?.address = address
      return had
    }
    switch term {
    case "BT-44":
      guard !invoice.buyer.name.isEmpty, invoice.buyer.name != mask else { return false }
      invoice.buyer.name = mask
      return true
    case "BT-45": return clear(&invoice.buyer.tradingName)
    case "BT-46": return clear(&invoice.buyer.identifier)
    case "BT-47": return clear(&invoice.buyer.legalRegistrationIdentifier)
    case "BT-48": return clear(&invoice.buyer.vatIdentifier)
    case "BT-49": return clear(&invoice.buyer.electronicAddress)
    case "BG-8":
      let country = invoice.buyer.address.countryCode
      let had = invoice.buyer.address != PostalAddress(countryCode: country)
      invoice.buyer.address = PostalAddress(countryCode: country)
      return had
    case "BT-50": return clear(&invoice.buyer.address.line1)
    case "BT-51": return clear(&invoice.buyer.address.line2)
    case "BT-163": return clear(&invoice.buyer.address.line3)
    case "BT-52": return clear(&invoice.buyer.address.city)
    case "BT-53": return clear(&invoice.buyer.address.postCode)
    case "BT-54": return clear(&invoice.buyer.address.countrySubdivision)
    case "BG-9": return clear(&invoice.buyer.contact)
    case "BT-56": return clearContact(\.name)
    case "BT-57": return clearContact(\.telephone)
    case "BT-58": return clearContact(\.email)
    case "BT-70":
      guard invoice.delivery?.partyName != nil else { return false }
      invoice.delivery?.partyName = nil
      return true
    case "BG-15", "BT-80":
      guard invoice.delivery?.address != nil else { return false }
      invoice.delivery?.address = nil
      return true
    case "BT-75": return clearDelivery(\.line1)
    case "BT-76": return clearDelivery(\.line2)
    case "BT-165": return clearDelivery(\.line3)
    case "BT-77": return clearDelivery(\.city)
    case "BT-78": return clearDelivery(\.postCode)
    case "BT-79": return clearDelivery(\.countrySubdivision)
    case "BT-88":
      guard invoice.paymentInstructions?.card?.holderName != nil else { return false }
      invoice.paymentInstructions?.card?.holderName = nil
      return true
    case "BT-91":
      guard invoice.paymentInstructions?.directDebit?.debitedAccount != nil else { return false }
      invoice.paymentInstructions?.directDebit?.debitedAccount = nil
      return true
    default: return false
    }
  }
}

/// A corridor data policy: which data may leave this jurisdiction for which others, and
/// enter it from them, on what conditions and with what minimisation.
///
/// Rules are evaluated with the semantics of Cedar: a forbid rule that applies overrides
/// every permit, and what no rule permits is denied. Its wire form is canonical JSON (sorted
/// keys, no insignificant whitespace):
///
/// ```
/// {"jurisdiction":"KE","rules":[{"data":["personal"],"effect":"permit","from":["KE"],
///   "id":"ke-th-personal","obligations":[{"minimise":["BT-49","BG-8"]}],"to":["TH"],
///   "when":{"consent":true}}],"version":3}
/// ```
///
/// `when` and `obligations` may be left out; every other member is required. Jurisdictions
/// are ISO 3166-1 alpha-2 codes or `*` for any.
public struct CorridorPolicy: Hashable, Sendable {
  /// The largest policy document accepted, in bytes.
  public static let maximumLength = 1024 * 1024

  /// Grows with every change; the log records each version.
  public var version: UInt64
  /// The jurisdiction of the hub that holds the policy.
  public var jurisdiction: String
  public var rules: [Rule]

  public init(version: UInt64, jurisdiction: String, rules: [Rule]) {
    self.version = version
    self.jurisdiction = jurisdiction
    self.rules = rules
  }

  /// Whether a rule allows or forbids.
  public enum Effect: String, Hashable, Sendable {
    case permit
    case forbid
  }

  /// One rule.
  public struct Rule: Hashable, Sendable {
    /// Unique within the policy; named in decisions.
    public var id: String
    public var effect: Effect
    /// The categories of data the rule is about; it applies to a flow carrying any of them.
    public var data: [DataCategory]
    /// Sending jurisdictions, or `*`.
    public var from: [String]
    /// Receiving jurisdictions, or `*`.
    public var to: [String]
    /// Conditions that must all hold for the rule to apply.
    public var when: Conditions
    /// What a permit obliges the sending hub to do before delivery.
    public var obligations: [Obligation]

    public init(
      id: String, effect: Effect, data: [DataCategory], from: [String], to: [String],
      when: Conditions = Conditions(), obligations: [Obligation] = []
    ) {
      self.id = id
      self.effect = effect
      self.data = data
      self.from = from
      self.to = to
      self.when = when
      self.obligations = obligations
    }

    /// Whether the rule's scope and conditions match `request` (its data aside).
    func matches(_ request: PolicyRequest, from sending: String, to receiving: String) -> Bool {
      (from.contains("*") || from.contains(sending)) && (to.contains("*") || to.contains(receiving))
        && when.holds(for: request)
    }
  }

  /// The conditions of a rule (ODRL 2.2 constraints; purposes may be W3C DPV terms).
  public struct Conditions: Hashable, Sendable {
    /// The data subject's consent must be (`true`) or must not be (`false`) on record.
    public var consent: Bool?
    /// The purpose of the flow must be one of these.
    public var purpose: [String]?
    /// One of these agreements between the jurisdictions must be in force.
    public var agreement: [String]?

    public init(consent: Bool? = nil, purpose: [String]? = nil, agreement: [String]? = nil) {
      self.consent = consent
      self.purpose = purpose
      self.agreement = agreement
    }

    var isEmpty: Bool { consent == nil && purpose == nil && agreement == nil }

    func holds(for request: PolicyRequest) -> Bool {
      if let consent, request.consent != consent { return false }
      if let purpose, !(request.purpose.map(purpose.contains) ?? false) { return false }
      if let agreement, request.agreements.isDisjoint(with: agreement) { return false }
      return true
    }
  }

  /// An obligation attached to a permit (ODRL 2.2 duty).
  public enum Obligation: Hashable, Sendable {
    /// Remove or mask these business terms (``Minimisation``) before delivery.
    case minimise([String])
  }

  // MARK: Evaluation

  /// Decides `request` against the rules: forbid overrides permit, and the flow is permitted
  /// only if each category of data it carries is permitted by some rule that applies.
  public func evaluate(_ request: PolicyRequest) -> PolicyDecision {
    let (sending, receiving) =
      request.direction == .outbound
      ? (jurisdiction, request.peer) : (request.peer, jurisdiction)
    let applicable = rules.filter {
      $0.matches(request, from: sending, to: receiving) && !request.data.isDisjoint(with: $0.data)
    }
    let forbids = applicable.filter { $0.effect == .forbid }
    if let first = forbids.first {
      let categories = request.data.intersection(first.data).sorted().map(\.rawValue)
      return PolicyDecision(
        permitted: false, determiningRules: forbids.map(\.id), minimise: [],
        reason:
          "rule \(first.id) forbids \(categories.joined(separator: ", ")) data from "
          + "\(sending) to \(receiving)")
    }
    var determining: [String] = []
    var minimise: [String] = []
    for category in request.data.sorted() {
      let permits = applicable.filter { $0.effect == .permit && $0.data.contains(category) }
      guard !permits.isEmpty else {
        return PolicyDecision(
          permitted: false, determiningRules: [], minimise: [],
          reason: "no rule permits \(category.rawValue) data from \(sending) to \(receiving)")
      }
      for rule in permits where !determining.contains(rule.id) {
        determining.append(rule.id)
        for case .minimise(let terms) in rule.obligations {
          for term in terms where !minimise.contains(term) { minimise.append(term) }
        }
      }
    }
    return PolicyDecision(
      permitted: true, determiningRules: determining, minimise: minimise,
      reason:
        "permitted by \(determining.joined(separator: ", ")) from \(sending) to \(receiving)")
  }

  // MARK: Encoding

  /// The canonical JSON bytes, after the checks ``init(decoding:)`` makes.
  public func encoded() throws(FormatError) -> [UInt8] {
    let bytes = json.canonical()
    _ = try CorridorPolicy(decoding: bytes)
    return bytes
  }

  var json: JSONValue {
    .object([
      "version": .integer(Int64(clamping: version)),
      "jurisdiction": .string(jurisdiction),
      "rules": .array(
        rules.map { rule in
          var members: [String: JSONValue] = [
            "id": .string(rule.id), "effect": .string(rule.effect.rawValue),
            "data": .array(rule.data.map { .string($0.rawValue) }),
            "from": .array(rule.from.map(JSONValue.string)),
            "to": .array(rule.to.map(JSONValue.string)),
          ]
          if !rule.when.isEmpty {
            var when: [String: JSONValue] = [:]
            if let consent = rule.when.consent { when["consent"] = .bool(consent) }
            if let purpose = rule.when.purpose {
              when["purpose"] = .array(purpose.map(JSONValue.string))
            }
            if let agreement = rule.when.agreement {
              when["agreement"] = .array(agreement.map(JSONValue.string))
            }
            members["when"] = .object(when)
          }
          if !rule.obligations.isEmpty {
            members["obligations"] = .array(
              rule.obligations.map { obligation in
                switch obligation {
                case .minimise(let terms):
                  .object(["minimise": .array(terms.map(JSONValue.string))])
                }
              })
          }
          return .object(members)
        }),
    ])
  }

  /// Reads a policy strictly: unknown or missing members, unknown effects, categories,
  /// jurisdictions or business terms, repeated rule ids, and obligations on a forbid are
  /// refused, each with its JSON path.
  public init(decoding bytes: [UInt8]) throws(FormatError) {
    guard bytes.count <= Self.maximumLength else {
      throw .tooLarge(size: bytes.count, limit: Self.maximumLength)
    }
    let root = try ObjectReader(try JSONValue.parse(bytes), path: "$")
    try root.requireOnly(["version", "jurisdiction", "rules"])
    let version = try root.integer("version")
    guard version >= 0 else {
      throw .invalidValue("$.version", reason: "must not be negative")
    }
    let jurisdiction = try root.string("jurisdiction")
    guard CodeList.countryCodes.contains(jurisdiction) else {
      throw .invalidValue(
        "$.jurisdiction", reason: "\"\(jurisdiction.prefix(10))\" is not an ISO 3166-1 alpha-2 code"
      )
    }
    var rules: [Rule] = []
    for (i, item) in try root.array("rules").enumerated() {
      let rule = try Self.rule(try ObjectReader(item, path: "$.rules[\(i)]"))
      guard !rules.contains(where: { $0.id == rule.id }) else {
        throw .invalidValue("$.rules[\(i)].id", reason: "\"\(rule.id)\" is used by another rule")
      }
      rules.append(rule)
    }
    self.init(version: UInt64(version), jurisdiction: jurisdiction, rules: rules)
  }

  private static func rule(_ object: ObjectReader) throws(FormatError) -> Rule {
    try object.requireOnly(["id", "effect", "data", "from", "to", "when", "obligations"])
    let id = try object.string("id")
    guard isToken(id, limit: 100) else {
      throw .invalidValue(
        object.field("id"), reason: "must be 1 to 100 characters without spaces or controls")
    }
    let effectText = try object.string("effect")
    guard let effect = Effect(rawValue: effectText) else {
      throw .invalidValue(object.field("effect"), reason: "must be permit or forbid")
    }
    var data: [DataCategory] = []
    for (i, text) in try object.strings("data").enumerated() {
      guard let category = DataCategory(rawValue: text) else {
        throw .invalidValue(
          "\(object.field("data"))[\(i)]",
          reason:
            "\"\(text.prefix(40))\" is not a data category "
            + "(\(DataCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      data.append(category)
    }
    guard !data.isEmpty else {
      throw .invalidValue(object.field("data"), reason: "must name at least one category")
    }
    func jurisdictions(_ key: String) throws(FormatError) -> [String] {
      let list = try object.strings(key)
      guard !list.isEmpty else {
        throw .invalidValue(object.field(key), reason: "must name at least one jurisdiction or *")
      }
      for (i, code) in list.enumerated() where code != "*" && !CodeList.countryCodes.contains(code)
      {
        throw .invalidValue(
          "\(object.field(key))[\(i)]",
          reason: "\"\(code.prefix(10))\" is not an ISO 3166-1 alpha-2 code or *")
      }
      return list
    }
    let from = try jurisdictions("from")
    let to = try jurisdictions("to")

    var conditions = Conditions()
    if object.members["when"] != nil {
      let when = try object.object("when")
      try when.requireOnly(["consent", "purpose", "agreement"])
      if let value = when.members["consent"] {
        guard case .bool(let flag) = value else {
          throw .wrongType(when.field("consent"), expected: "a boolean")
        }
        conditions.consent = flag
      }
      for key in ["purpose", "agreement"] where when.members[key] != nil {
        let values = try when.strings(key)
        guard !values.isEmpty, values.allSatisfy({ isToken($0, limit: 200) }) else {
          throw .invalidValue(
            when.field(key), reason: "must list 1 or more values without spaces or controls")
        }
        if key == "purpose" { conditions.purpose = values } else { conditions.agreement = values }
      }
      guard !conditions.isEmpty else {
        throw .invalidValue(object.field("when"), reason: "states no condition; leave it out")
      }
    }

    var obligations: [Obligation] = []
    if object.members["obligations"] != nil {
      for (i, item) in try object.array("obligations").enumerated() {
        let obligation = try ObjectReader(item, path: "\(object.field("obligations"))[\(i)]")
        try obligation.requireOnly(["minimise"])
        let terms = try obligation.strings("minimise")
        guard !terms.isEmpty else {
          throw .invalidValue(obligation.field("minimise"), reason: "must name at least one term")
        }
        for (j, term) in terms.enumerated() where !Minimisation.supportedTerms.contains(term) {
          throw .invalidValue(
            "\(obligation.field("minimise"))[\(j)]",
            reason: "\"\(term.prefix(20))\" is not a business term that can be minimised")
        }
        obligations.append(.minimise(terms))
      }
      guard effect == .permit || obligations.isEmpty else {
        throw .invalidValue(object.field("obligations"), reason: "only a permit has obligations")
      }
    }
    return Rule(
      id: id, effect: effect, data: data, from: from, to: to, when: conditions,
      obligations: obligations)
  }
}

/// The flow a policy decides on.
public struct PolicyRequest: Hashable, Sendable {
  /// Whether the document leaves the policy's jurisdiction or enters it.
  public enum Direction: String, Hashable, Sendable {
    case outbound
    case inbound
  }

  public var direction: Direction
  /// The other jurisdiction: the receiver's for outbound, the sender's for inbound.
  public var peer: String
  /// What the document carries (``DataCategory/classify(_:buyerIsNaturalPerson:)``).
  public var data: Set<DataCategory>
  /// Whether the data subject's consent is on record.
  public var consent: Bool
  /// The stated purpose of the flow.
  public var purpose: String?
  /// The agreements in force between the two jurisdictions.
  public var agreements: Set<String>

  public init(
    direction: Direction, peer: String, data: Set<DataCategory>, consent: Bool = false,
    purpose: String? = nil, agreements: Set<String> = []
  ) {
    self.direction = direction
    self.peer = peer
    self.data = data
    self.consent = consent
    self.purpose = purpose
    self.agreements = agreements
  }
}

/// What a policy decided, and why.
public struct PolicyDecision: Hashable, Sendable {
  public var permitted: Bool
  /// The rules that made the decision: the forbids that applied, for a refusal; the permits
  /// that covered the data, for a permission. Empty when no rule permits.
  public var determiningRules: [String]
  /// Business terms to remove or mask before delivery, from the permits' obligations.
  public var minimise: [String]
  /// One sentence naming the rule and the reason (or that no rule permits).
  public var reason: String

  public init(permitted: Bool, determiningRules: [String], minimise: [String], reason: String) {
    self.permitted = permitted
    self.determiningRules = determiningRules
    self.minimise = minimise
    self.reason = reason
  }
}

/// Why a policy could not be used.
public enum PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
  case format(FormatError)
  case badSignature(SignatureError)
  case unsupportedTerm(String)

  public var description: String {
    switch self {
    case .format(let error): return "policy: \(error)"
    case .badSignature(let error): return "policy is not validly signed: \(error)"
    case .unsupportedTerm(let term):
      return
        "business term \(term) cannot be minimised; supported: "
        + Minimisation.supportedTerms.joined(separator: " ")
    }
  }
}

/// A policy version as published: its canonical bytes and a detached JWS over them by the
/// hub's key.
public struct SignedPolicy: Hashable, Sendable {
  /// The `docType` of the JWS header.
  public static let documentType = "corridor-policy"

  public let bytes: [UInt8]
  public let signature: DetachedJWS
  public let policy: CorridorPolicy

  /// Signs the canonical encoding of `policy` with `key`.
  public init(signing policy: CorridorPolicy, key: SigningKey, at time: Date = Date()) throws {
    let bytes = try policy.encoded()
    self.bytes = bytes
    self.signature = try DetachedJWS.sign(
      document: bytes, key: key, documentType: Self.documentType, signingTime: time)
    self.policy = policy
  }

  /// Reads a policy and its compact detached JWS, verifying the signature with `key`.
  public init(bytes: [UInt8], signature: String, key: VerificationKey) throws(PolicyError) {
    let policy: CorridorPolicy
    do { policy = try CorridorPolicy(decoding: bytes) } catch { throw .format(error) }
    let jws: DetachedJWS
    do {
      jws = try DetachedJWS(parsing: signature)
      try jws.verify(document: bytes, key: key)
    } catch {
      throw .badSignature(error)
    }
    guard jws.header.docType == Self.documentType else {
      throw .badSignature(.malformed("docType is not \(Self.documentType)"))
    }
    self.bytes = bytes
    self.signature = jws
    self.policy = policy
  }

  /// SHA-256 of the policy bytes.
  public var digest: [UInt8] { Array(SHA256.hash(data: bytes)) }
}

extension LogEntry {
  /// The log entry recording a policy version: its digest, jurisdiction and version (as the
  /// sequence). Appending every version makes each change public.
  public init(policy: SignedPolicy, time: Date = Date()) {
    self.init(
      kind: .policy, digest: policy.digest, jurisdiction: policy.policy.jurisdiction,
      sequence: policy.policy.version, time: time)
  }
}
