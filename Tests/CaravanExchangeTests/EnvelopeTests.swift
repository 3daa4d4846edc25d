import CaravanExchange
import CaravanModel
import CaravanSyntax
import Foundation
import Testing

/// The example invoice of the repository: a Kenyan seller, a Thai buyer.
enum Example {
  static let kiondoURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/kiondo-baskets-ubl.xml")

  static var kiondo: [UInt8] { get throws { Array(try Data(contentsOf: kiondoURL)) } }
}

@Suite struct EnvelopeTests {
  static let instance = UUID(uuidString: "3f2c8a3e-5b7d-4c1a-9e0f-2a6b8c4d1e7f")!
  static let created = Date(timeIntervalSince1970: 1_780_000_000)

  static func envelope() throws -> Envelope {
    let bytes = try Example.kiondo
    let read = try InvoiceDocument.read(bytes)
    return Envelope(
      wrapping: bytes, invoice: read.invoice, syntax: read.syntax,
      sender: ParticipantIdentifier("0088:6164000000011")!,
      receiver: ParticipantIdentifier("0088:8850000000018")!, from: "KE", to: "TH",
      instanceIdentifier: instance, created: created)
  }

  /// The canonical text of ``envelope()`` with `payload` replaced by a placeholder.
  static func text() throws -> String {
    String(decoding: try envelope().encoded(), as: UTF8.self)
  }

  static func mutated(_ change: (inout [String: Any]) -> Void) throws -> [UInt8] {
    var object =
      try JSONSerialization.jsonObject(with: Data(try envelope().encoded()))
      as! [String: Any]
    change(&object)
    return Array(try JSONSerialization.data(withJSONObject: object))
  }

  @Test func itRoundTripsAndIsCanonical() throws {
    let envelope = try Self.envelope()
    let bytes = try envelope.encoded()
    let decoded = try Envelope(decoding: bytes)
    #expect(decoded == envelope)
    #expect(try decoded.encoded() == bytes)
    #expect(decoded.payload == (try Example.kiondo))
    let text = String(decoding: bytes, as: UTF8.self)
    let digest = decoded.payloadDigest.map { String(format: "%02x", $0) }.joined()
    #expect(
      text.hasPrefix(
        #"{"businessScope":{"scope":[{"instanceIdentifier":"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017::2.1","type":"DOCUMENTID"},{"instanceIdentifier":"urn:fdc:peppol.eu:2017:poacc:billing:01:1.0","type":"PROCESSID"}]},"documentIdentification":{"creationDateAndTime":"2026-05-28T20:26:40Z","instanceIdentifier":"3f2c8a3e-5b7d-4c1a-9e0f-2a6b8c4d1e7f","standard":"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2","type":"Invoice","typeVersion":"2.1"},"headerVersion":"1.0","jurisdictions":{"receiving":"TH","sending":"KE"},"payload":{"content":""#
      ))
    #expect(
      text.hasSuffix(
        #"","sha256":"\#(digest)"},"receiver":{"authority":"iso6523-actorid-upis","identifier":"0088:8850000000018"},"sender":{"authority":"iso6523-actorid-upis","identifier":"0088:6164000000011"}}"#
      ))
  }

  @Test func theStatedDataFlowTravelsWithTheEnvelope() throws {
    var envelope = try Self.envelope()
    envelope.dataFlow = DataFlow(
      consent: true, purpose: "dpv:ServiceProvision", minimised: ["BG-8", "BT-44"])
    let bytes = try envelope.encoded()
    #expect(
      String(decoding: bytes, as: UTF8.self).contains(
        #""dataFlow":{"consent":true,"minimised":["BG-8","BT-44"],"purpose":"dpv:ServiceProvision"}"#
      ))
    let decoded = try Envelope(decoding: bytes)
    #expect(decoded.dataFlow == envelope.dataFlow)
    #expect(try decoded.encoded() == bytes)
    // Absent when nothing is stated: the envelope is then byte for byte what it was before.
    #expect(try Envelope(decoding: try Self.envelope().encoded()).dataFlow == nil)
    let wrongType = try Self.mutated { $0["dataFlow"] = ["consent": "yes"] }
    #expect(throws: FormatError.wrongType("$.dataFlow.consent", expected: "a boolean")) {
      try Envelope(decoding: wrongType)
    }
    let unknown = try Self.mutated { $0["dataFlow"] = ["region": "EU"] }
    #expect(throws: FormatError.unknownField("$.dataFlow.region")) {
      try Envelope(decoding: unknown)
    }
  }

  @Test func whitespaceAndMemberOrderDoNotMatter() throws {
    let reordered = try Self.mutated { _ in }
    #expect(try Envelope(decoding: reordered) == (try Self.envelope()))
    let spaced = Array(try Self.text().replacingOccurrences(of: ",\"", with: ",\n  \"").utf8)
    #expect(try Envelope(decoding: spaced) == (try Self.envelope()))
  }

  @Test func anUnknownFieldIsRefused() throws {
    let top = try Self.mutated { $0["priority"] = "high" }
    #expect(throws: FormatError.unknownField("$.priority")) { try Envelope(decoding: top) }
    let nested = try Self.mutated {
      var sender = $0["sender"] as! [String: Any]
      sender["name"] = "Kiondo"
      $0["sender"] = sender
    }
    #expect(throws: FormatError.unknownField("$.sender.name")) { try Envelope(decoding: nested) }
  }

  @Test func aMissingFieldIsRefused() throws {
    let bytes = try Self.mutated {
      var id = $0["documentIdentification"] as! [String: Any]
      id["creationDateAndTime"] = nil
      $0["documentIdentification"] = id
    }
    #expect(throws: FormatError.missingField("$.documentIdentification.creationDateAndTime")) {
      try Envelope(decoding: bytes)
    }
    let noReceiver = try Self.mutated { $0["receiver"] = nil }
    #expect(throws: FormatError.missingField("$.receiver")) { try Envelope(decoding: noReceiver) }
    let noProcess = try Self.mutated {
      $0["businessScope"] = [
        "scope": [["type": "DOCUMENTID", "instanceIdentifier": "urn:x"]]
      ]
    }
    #expect(throws: FormatError.missingField("$.businessScope.scope[type=PROCESSID]")) {
      try Envelope(decoding: noProcess)
    }
  }

  @Test func aWrongDigestIsRefused() throws {
    let envelope = try Self.envelope()
    let actual = envelope.payloadDigest.map { String(format: "%02x", $0) }.joined()
    let wrong = String(repeating: "0", count: 64)
    let bytes = try Self.mutated {
      var payload = $0["payload"] as! [String: Any]
      payload["sha256"] = wrong
      $0["payload"] = payload
    }
    #expect(throws: FormatError.digestMismatch(declared: wrong, actual: actual)) {
      try Envelope(decoding: bytes)
    }
    // An altered payload under the original digest.
    let altered = try Self.mutated {
      var payload = $0["payload"] as! [String: Any]
      payload["content"] = Data("<Invoice/>".utf8).base64EncodedString()
      $0["payload"] = payload
    }
    #expect(throws: FormatError.self) { try Envelope(decoding: altered) }
  }

  @Test func badIdentifiersAreRefused() throws {
    let badScheme = try Self.mutated {
      $0["sender"] = ["identifier": "XYZ9:123", "authority": "iso6523-actorid-upis"]
    }
    #expect(
      throws: FormatError.invalidValue(
        "$.sender.identifier", reason: "\"XYZ9:123\" is not scheme:value with an ICD or EAS scheme")
    ) { try Envelope(decoding: badScheme) }
    let noColon = try Self.mutated {
      $0["receiver"] = ["identifier": "8850000000018", "authority": "iso6523-actorid-upis"]
    }
    #expect(throws: FormatError.self) { try Envelope(decoding: noColon) }
    let authority = try Self.mutated {
      $0["receiver"] = ["identifier": "0088:8850000000018", "authority": "gln"]
    }
    #expect(
      throws: FormatError.invalidValue(
        "$.receiver.authority", reason: "must be \"iso6523-actorid-upis\"")
    ) { try Envelope(decoding: authority) }
    let uuid = try Self.mutated {
      var id = $0["documentIdentification"] as! [String: Any]
      id["instanceIdentifier"] = "3F2C8A3E-5B7D-4C1A-9E0F-2A6B8C4D1E7F"
      $0["documentIdentification"] = id
    }
    #expect(throws: FormatError.self) { try Envelope(decoding: uuid) }
    let time = try Self.mutated {
      var id = $0["documentIdentification"] as! [String: Any]
      id["creationDateAndTime"] = "2026-05-28T22:26:40+02:00"
      $0["documentIdentification"] = id
    }
    #expect(throws: FormatError.self) { try Envelope(decoding: time) }
    let jurisdiction = try Self.mutated {
      $0["jurisdictions"] = ["sending": "KE", "receiving": "XX"]
    }
    #expect(
      throws: FormatError.invalidValue(
        "$.jurisdictions.receiving", reason: "\"XX\" is not an ISO 3166-1 alpha-2 code")
    ) { try Envelope(decoding: jurisdiction) }
    let version = try Self.mutated { $0["headerVersion"] = "2.0" }
    #expect(throws: FormatError.invalidValue("$.headerVersion", reason: "must be \"1.0\"")) {
      try Envelope(decoding: version)
    }
  }

  @Test func wrongTypesAndBadJSONAreRefused() throws {
    let number = try Self.mutated { $0["headerVersion"] = 1 }
    #expect(throws: FormatError.wrongType("$.headerVersion", expected: "a string")) {
      try Envelope(decoding: number)
    }
    #expect(throws: FormatError.self) { try Envelope(decoding: Array("{\"a\":".utf8)) }
    let duplicate = Array(#"{"headerVersion":"1.0","headerVersion":"1.0"}"#.utf8)
    #expect(throws: FormatError.syntax("duplicate key \"headerVersion\"", offset: 23)) {
      try Envelope(decoding: duplicate)
    }
    #expect(throws: FormatError.wrongType("$", expected: "an object")) {
      try Envelope(decoding: Array("[]".utf8))
    }
    let deep = Array((String(repeating: "[", count: 40) + String(repeating: "]", count: 40)).utf8)
    #expect(throws: FormatError.syntax("nested deeper than 32 levels", offset: 32)) {
      try Envelope(decoding: deep)
    }
  }

  @Test func theSizeIsLimited() throws {
    let huge = [UInt8](repeating: 0x20, count: Envelope.maximumLength + 1)
    #expect(
      throws: FormatError.tooLarge(size: Envelope.maximumLength + 1, limit: Envelope.maximumLength)
    ) {
      try Envelope(decoding: huge)
    }
  }

  @Test func aCIIDocumentIsIdentifiedAsCII() throws {
    let read = try InvoiceDocument.read(try Example.kiondo)
    let cii = InvoiceDocument.write(read.invoice, as: .cii)
    let envelope = Envelope(
      wrapping: cii, invoice: read.invoice, syntax: .cii,
      sender: ParticipantIdentifier("0088:6164000000011")!,
      receiver: ParticipantIdentifier("0088:8850000000018")!, from: "KE", to: "TH")
    let decoded = try Envelope(decoding: try envelope.encoded())
    #expect(decoded.documentIdentification.type == "CrossIndustryInvoice")
    #expect(decoded.documentIdentification.typeVersion == "D16B")
    #expect(
      decoded.businessScope.documentTypeIdentifier
        == "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100::CrossIndustryInvoice##urn:cen.eu:en16931:2017::D16B"
    )
  }

  @Test func participantIdentifiers() {
    #expect(ParticipantIdentifier("0088:123")?.scheme == "0088")
    #expect(ParticipantIdentifier("EM:a@example.com")?.value == "a@example.com")
    #expect(ParticipantIdentifier("0088:") == nil)
    #expect(ParticipantIdentifier("0088:a b") == nil)
    #expect(ParticipantIdentifier("9999:1") == nil)
  }
}
