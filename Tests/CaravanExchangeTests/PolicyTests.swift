import CaravanExchange
import CaravanLog
import CaravanModel
import CaravanSyntax
import CaravanTestSupport
import CaravanTrust
import Foundation
import Testing

@Suite struct PolicyEvaluationTests {
  typealias Rule = CorridorPolicy.Rule

  static let policy = CorridorPolicy(
    version: 3, jurisdiction: "KE",
    rules: [
      Rule(id: "trade-anywhere", effect: .permit, data: [.commercial], from: ["*"], to: ["*"]),
      Rule(
        id: "personal-to-th", effect: .permit, data: [.personal], from: ["KE"], to: ["TH"],
        when: .init(consent: true), obligations: [.minimise(["BT-49", "BG-8"])]),
      Rule(
        id: "personal-under-agreement", effect: .permit, data: [.personal], from: ["KE"],
        to: ["*"], when: .init(purpose: ["invoicing"], agreement: ["AfCFTA-DTP"])),
      Rule(id: "no-personal-to-xx", effect: .forbid, data: [.personal], from: ["*"], to: ["CN"]),
      Rule(
        id: "personal-from-cn", effect: .permit, data: [.personal], from: ["CN"], to: ["KE"]),
    ])

  @Test func commercialDataIsPermittedByTheWildcardRule() {
    let decision = Self.policy.evaluate(
      PolicyRequest(direction: .outbound, peer: "TH", data: [.commercial]))
    #expect(decision.permitted)
    #expect(decision.determiningRules == ["trade-anywhere"])
    #expect(decision.minimise.isEmpty)
    #expect(decision.reason == "permitted by trade-anywhere from KE to TH")
  }

  @Test func personalDataNeedsItsConditions() {
    let withoutConsent = Self.policy.evaluate(
      PolicyRequest(direction: .outbound, peer: "TH", data: [.commercial, .personal]))
    #expect(!withoutConsent.permitted)
    #expect(withoutConsent.determiningRules.isEmpty)
    #expect(withoutConsent.reason == "no rule permits personal data from KE to TH")

    let withConsent = Self.policy.evaluate(
      PolicyRequest(
        direction: .outbound, peer: "TH", data: [.commercial, .personal], consent: true))
    #expect(withConsent.permitted)
    #expect(withConsent.determiningRules == ["trade-anywhere", "personal-to-th"])
    #expect(withConsent.minimise == ["BT-49", "BG-8"])
  }

  @Test func agreementAndPurposeMustBothHold() {
    var request = PolicyRequest(
      direction: .outbound, peer: "NG", data: [.commercial, .personal], purpose: "invoicing")
    #expect(!Self.policy.evaluate(request).permitted)
    request.agreements = ["AfCFTA-DTP"]
    let decision = Self.policy.evaluate(request)
    #expect(decision.permitted)
    #expect(decision.determiningRules == ["trade-anywhere", "personal-under-agreement"])
    request.purpose = "marketing"
    #expect(!Self.policy.evaluate(request).permitted)
  }

  @Test func forbidOverridesPermit() {
    // personal-under-agreement permits (to *), but the forbid on CN wins.
    let decision = Self.policy.evaluate(
      PolicyRequest(
        direction: .outbound, peer: "CN", data: [.commercial, .personal], consent: true,
        purpose: "invoicing", agreements: ["AfCFTA-DTP"]))
    #expect(!decision.permitted)
    #expect(decision.determiningRules == ["no-personal-to-xx"])
    #expect(decision.reason == "rule no-personal-to-xx forbids personal data from KE to CN")
    // Commercial data alone is not touched by the forbid.
    #expect(
      Self.policy.evaluate(PolicyRequest(direction: .outbound, peer: "CN", data: [.commercial]))
        .permitted)
  }

  @Test func inboundIsEvaluatedFromThePeer() {
    let inbound = Self.policy.evaluate(
      PolicyRequest(direction: .inbound, peer: "CN", data: [.commercial, .personal]))
    #expect(inbound.permitted)
    #expect(inbound.determiningRules == ["trade-anywhere", "personal-from-cn"])
    let fromTH = Self.policy.evaluate(
      PolicyRequest(direction: .inbound, peer: "TH", data: [.personal], consent: true))
    #expect(!fromTH.permitted)
    #expect(fromTH.reason == "no rule permits personal data from TH to KE")
  }

  @Test func anEmptyPolicyDeniesEverything() {
    let empty = CorridorPolicy(version: 1, jurisdiction: "KE", rules: [])
    let decision = empty.evaluate(
      PolicyRequest(direction: .outbound, peer: "TH", data: [.commercial]))
    #expect(!decision.permitted)
    #expect(decision.reason == "no rule permits commercial data from KE to TH")
  }

  @Test func classification() throws {
    var invoice = Invoice()
    #expect(DataCategory.classify(invoice) == [.commercial, .personal])
    invoice.buyer.vatIdentifier = "TH0105556012345"
    #expect(DataCategory.classify(invoice) == [.commercial])
    invoice.buyer.vatIdentifier = nil
    invoice.buyer.legalRegistrationIdentifier = Identifier("0105556012345")
    #expect(DataCategory.classify(invoice) == [.commercial])
    #expect(DataCategory.classify(invoice, buyerIsNaturalPerson: true) == [.commercial, .personal])
    // The example's buyer states neither identifier, so by the rule it counts as a person.
    let kiondo = try InvoiceDocument.read(try Example.kiondo).invoice
    #expect(DataCategory.classify(kiondo) == [.commercial, .personal])
    #expect(DataCategory.classify(kiondo, buyerIsNaturalPerson: false) == [.commercial])
  }
}

@Suite struct PolicyDocumentTests {
  static let text = #"""
    {"version": 3, "jurisdiction": "KE", "rules": [
      {"id": "trade", "effect": "permit", "data": ["commercial"], "from": ["*"], "to": ["*"]},
      {"id": "personal-to-th", "effect": "permit", "data": ["personal"], "from": ["KE"],
       "to": ["TH"], "when": {"consent": true, "purpose": ["invoicing"]},
       "obligations": [{"minimise": ["BT-49", "BG-8"]}]},
      {"id": "none-to-cn", "effect": "forbid", "data": ["personal"], "from": ["*"], "to": ["CN"]}
    ]}
    """#

  static func decode(_ text: String) throws -> CorridorPolicy {
    try CorridorPolicy(decoding: Array(text.utf8))
  }

  @Test func itDecodesAndEncodesCanonically() throws {
    let policy = try Self.decode(Self.text)
    #expect(policy.version == 3)
    #expect(policy.rules.map(\.id) == ["trade", "personal-to-th", "none-to-cn"])
    #expect(policy.rules[1].when == .init(consent: true, purpose: ["invoicing"]))
    #expect(policy.rules[1].obligations == [.minimise(["BT-49", "BG-8"])])
    let bytes = try policy.encoded()
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == #"{"jurisdiction":"KE","rules":[{"data":["commercial"],"effect":"permit","from":["*"],"id":"trade","to":["*"]},{"data":["personal"],"effect":"permit","from":["KE"],"id":"personal-to-th","obligations":[{"minimise":["BT-49","BG-8"]}],"to":["TH"],"when":{"consent":true,"purpose":["invoicing"]}},{"data":["personal"],"effect":"forbid","from":["*"],"id":"none-to-cn","to":["CN"]}],"version":3}"#
    )
    #expect(try CorridorPolicy(decoding: bytes) == policy)
  }

  @Test func strictDecodingNamesTheFault() throws {
    func refusal(_ text: String) -> FormatError? {
      do {
        _ = try Self.decode(text)
        return nil
      } catch { return error as? FormatError }
    }
    let rule = #"{"id":"r","effect":"permit","data":["personal"],"from":["KE"],"to":["TH"]"#
    func policy(_ rule: String) -> String {
      #"{"version":1,"jurisdiction":"KE","rules":["# + rule + "]}"
    }
    #expect(refusal(policy(rule + "}")) == nil)
    #expect(refusal(policy(rule + #","note":"x"}"#)) == .unknownField("$.rules[0].note"))
    #expect(
      refusal(#"{"version":1,"rules":[]}"#) == .missingField("$.jurisdiction"))
    #expect(
      refusal(policy(#"{"id":"r","effect":"allow","data":["personal"],"from":["KE"],"to":["TH"]}"#))
        == .invalidValue("$.rules[0].effect", reason: "must be permit or forbid"))
    #expect(
      refusal(policy(#"{"id":"r","effect":"permit","data":["health"],"from":["KE"],"to":["TH"]}"#))
        == .invalidValue(
          "$.rules[0].data[0]", reason: "\"health\" is not a data category (personal, commercial)"))
    #expect(
      refusal(
        policy(#"{"id":"r","effect":"permit","data":["personal"],"from":["Kenya"],"to":["TH"]}"#))
        == .invalidValue(
          "$.rules[0].from[0]", reason: "\"Kenya\" is not an ISO 3166-1 alpha-2 code or *"))
    #expect(
      refusal(policy(rule + #","when":{"consent":"yes"}}"#))
        == .wrongType("$.rules[0].when.consent", expected: "a boolean"))
    #expect(
      refusal(policy(rule + #","when":{"weather":"fine"}}"#))
        == .unknownField("$.rules[0].when.weather"))
    #expect(
      refusal(policy(rule + #","obligations":[{"minimise":["BT-1"]}]}"#))
        == .invalidValue(
          "$.rules[0].obligations[0].minimise[0]",
          reason: "\"BT-1\" is not a business term that can be minimised"))
    #expect(
      refusal(
        policy(
          #"{"id":"r","effect":"forbid","data":["personal"],"from":["KE"],"to":["TH"],"obligations":[{"minimise":["BT-49"]}]}"#
        )) == .invalidValue("$.rules[0].obligations", reason: "only a permit has obligations"))
    #expect(
      refusal(policy(rule + "}," + rule + "}"))
        == .invalidValue("$.rules[1].id", reason: "\"r\" is used by another rule"))
    #expect(refusal(#"{"version":1.5,"jurisdiction":"KE","rules":[]}"#) != nil)
  }

  @Test func aSignedPolicyVerifiesAndIsLogged() throws {
    let key = SigningKey.ed25519(.init())
    let policy = try Self.decode(Self.text)
    let signed = try SignedPolicy(signing: policy, key: key)
    let read = try SignedPolicy(
      bytes: signed.bytes, signature: signed.signature.compact, key: key.publicKey)
    #expect(read.policy == policy)
    #expect(read.digest == signed.digest)

    var tampered = signed.bytes
    tampered[tampered.count - 2] = UInt8(ascii: "4")  // version 3 becomes 4
    #expect(throws: PolicyError.self) {
      try SignedPolicy(bytes: tampered, signature: signed.signature.compact, key: key.publicKey)
    }
    let other = SigningKey.ed25519(.init()).publicKey
    #expect(throws: PolicyError.self) {
      try SignedPolicy(bytes: signed.bytes, signature: signed.signature.compact, key: other)
    }

    let entry = LogEntry(policy: signed, time: Date(timeIntervalSince1970: 1_780_000_000))
    let hex = signed.digest.map { String(format: "%02x", $0) }.joined()
    let encoded = try entry.encoded()
    #expect(
      String(decoding: encoded, as: UTF8.self)
        == "caravan-log-entry/v1\nkind policy\ndigest sha256:\(hex)\njurisdiction KE\nsequence 3\n"
        + "time 2026-05-28T20:26:40Z\n")
    #expect(try LogEntry(decoding: encoded) == entry)
  }
}

@Suite struct MinimisationTests {
  /// An official example with a buyer contact, identifiers, electronic address, a deliver-to
  /// party and address, and a direct debit.
  static let file = "ubl/examples/ubl-tc434-example5.xml"

  @Test func minimisingRemovesExactlyTheNamedTerms() throws {
    try #require(EN16931Corpus.isPresent, "no conformance corpus at \(EN16931Corpus.root.path)")
    let original = try InvoiceDocument.read(try EN16931Corpus.bytes(Self.file)).invoice
    try #require(original.buyer.contact != nil && original.buyer.electronicAddress != nil)
    try #require(original.delivery?.address != nil)
    try #require(original.buyer.address.line1 != nil)

    let terms = ["BT-44", "BT-45", "BT-49", "BG-8", "BG-9", "BG-15", "BT-91", "BT-88"]
    let (minimised, removed) = try Minimisation.minimise(original, terms: terms)

    var expected = original
    expected.buyer.name = Minimisation.mask
    expected.buyer.tradingName = nil
    expected.buyer.electronicAddress = nil
    expected.buyer.address = PostalAddress(countryCode: original.buyer.address.countryCode)
    expected.buyer.contact = nil
    expected.delivery?.address = nil
    expected.paymentInstructions?.directDebit?.debitedAccount = nil
    #expect(minimised == expected)
    // BT-88 (card holder) is absent from this document, so it is not reported.
    #expect(original.paymentInstructions?.card == nil)
    #expect(original.buyer.tradingName != nil)
    #expect(original.paymentInstructions?.directDebit?.debitedAccount != nil)
    #expect(removed == ["BT-44", "BT-45", "BT-49", "BG-8", "BG-9", "BG-15", "BT-91"])
    // Everything else is untouched: seller, lines, totals, delivery date and location.
    #expect(minimised.seller == original.seller)
    #expect(minimised.lines == original.lines)
    #expect(minimised.totals == original.totals)
    #expect(minimised.buyer.identifier == original.buyer.identifier)
    #expect(minimised.delivery?.partyName == original.delivery?.partyName)

    for syntax in Syntax.allCases {
      let written = InvoiceDocument.write(minimised, as: syntax)
      let back = try InvoiceDocument.read(written)
      #expect(back.syntax == syntax)
      #expect(back.invoice.buyer.name == Minimisation.mask)
      #expect(back.invoice.buyer.contact == nil)
      #expect(back.invoice.buyer.electronicAddress == nil)
      #expect(back.invoice.buyer.address.line1 == nil)
      #expect(back.invoice.buyer.address.countryCode == original.buyer.address.countryCode)
      #expect(back.invoice.delivery?.address == nil)
      let text = String(decoding: written, as: UTF8.self)
      if let email = original.buyer.contact?.email { #expect(!text.contains(email)) }
      if let account = original.paymentInstructions?.directDebit?.debitedAccount {
        #expect(!text.contains(account))
      }
    }
  }

  @Test func singleTermsInsideGroups() throws {
    let original = try InvoiceDocument.read(try Example.kiondo).invoice
    let (minimised, removed) = try Minimisation.minimise(
      original, terms: ["BT-50", "BT-53", "BT-58"])
    #expect(removed == ["BT-50", "BT-53"])
    var expected = original
    expected.buyer.address.line1 = nil
    expected.buyer.address.postCode = nil
    #expect(minimised == expected)
    #expect(minimised.buyer.address.city == "Chiang Mai")
    for syntax in Syntax.allCases {
      let back = try InvoiceDocument.read(InvoiceDocument.write(minimised, as: syntax))
      #expect(back.invoice.buyer.address == expected.buyer.address)
    }
  }

  @Test func anUnsupportedTermIsRefused() throws {
    #expect(throws: PolicyError.unsupportedTerm("BT-1")) {
      try Minimisation.minimise(Invoice(), terms: ["BT-1"])
    }
  }

  @Test func aPolicyDecisionDrivesMinimisation() throws {
    let invoice = try InvoiceDocument.read(try Example.kiondo).invoice
    let decision = PolicyEvaluationTests.policy.evaluate(
      PolicyRequest(
        direction: .outbound, peer: "TH", data: DataCategory.classify(invoice), consent: true))
    #expect(decision.permitted)
    let (minimised, removed) = try Minimisation.minimise(invoice, terms: decision.minimise)
    #expect(removed == ["BT-49", "BG-8"])
    #expect(minimised.buyer.electronicAddress == nil)
    #expect(minimised.buyer.address == PostalAddress(countryCode: "TH"))
  }
}
