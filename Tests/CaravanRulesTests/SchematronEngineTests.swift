import CaravanRules
import CaravanSyntax
import CaravanXML
import Testing

/// Focused tests of the engine's semantics, on small UBL documents.
@Suite("Schematron engine")
struct SchematronEngineTests {
  static let invoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  static let cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

  static func document(_ body: String) -> [UInt8] {
    Array(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <Invoice xmlns="\(invoice)" xmlns:cac="\(cac)" xmlns:cbc="\(cbc)">\(body)</Invoice>
      """.utf8)
  }

  static func step(_ local: String, _ namespace: String, _ position: Int = 1) -> String {
    "/*:\(local)[namespace-uri()='\(namespace)'][\(position)]"
  }

  @Test("a node is handled by the first rule of a pattern whose context matches it")
  func firstMatchingRule() {
    // A line's period is matched by `cac:InvoiceLine/cac:InvoicePeriod | …` (BR-30) before
    // `cac:InvoicePeriod` (BR-29, the invoicing period): only BR-30 may fire on it.
    let report = Validator.validate(
      bytes: Self.document(
        """
        <cac:InvoiceLine><cbc:ID>1</cbc:ID><cac:InvoicePeriod>
        <cbc:StartDate>2024-02-01</cbc:StartDate><cbc:EndDate>2024-01-01</cbc:EndDate>
        </cac:InvoicePeriod></cac:InvoiceLine>
        """), file: "line-period.xml")
    let rules = report.findings.map(\.rule)
    #expect(rules.contains("BR-30"))
    #expect(!rules.contains("BR-29"))
  }

  @Test("the document's own period is checked by the later, more general rule")
  func laterRuleStillApplies() {
    let report = Validator.validate(
      bytes: Self.document(
        """
        <cac:InvoicePeriod><cbc:StartDate>2024-02-01</cbc:StartDate>
        <cbc:EndDate>2024-01-01</cbc:EndDate></cac:InvoicePeriod>
        """), file: "period.xml")
    let rules = report.findings.map(\.rule)
    #expect(rules.contains("BR-29"))
    #expect(!rules.contains("BR-30"))
  }

  @Test("locations are written as the official XSLT writes them in SVRL")
  func locationFormat() throws {
    let report = Validator.validate(
      bytes: Self.document(
        """
        <cac:InvoiceLine><cbc:ID>1</cbc:ID></cac:InvoiceLine>
        <cac:InvoiceLine><cbc:ID>2</cbc:ID><cac:InvoicePeriod>
        <cbc:StartDate>2024-02-01</cbc:StartDate><cbc:EndDate>2024-01-01</cbc:EndDate>
        </cac:InvoicePeriod></cac:InvoiceLine>
        """), file: "locations.xml")
    let finding = try #require(report.findings.first { $0.rule == "BR-30" })
    #expect(
      finding.location
        == Self.step("Invoice", Self.invoice) + Self.step("InvoiceLine", Self.cac, 2)
        + Self.step("InvoicePeriod", Self.cac))
    let root = try #require(report.findings.first { $0.rule == "BR-01" })
    #expect(root.location == Self.step("Invoice", Self.invoice))
  }

  @Test("location steps: positions among same-named siblings, no-namespace names, attributes")
  func locationSteps() throws {
    let tree = try XMLDocumentReader.parse(
      Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <r:Root xmlns:r="urn:r"><r:A/><Plain/><r:A x="1" r:y="2"/><q:A xmlns:q="urn:r"/></r:Root>
        """.utf8))
    let children = Array(tree.children(tree.root))
    #expect(tree.svrlLocation(children[1]) == "/*:Root[namespace-uri()='urn:r'][1]/Plain[1]")
    #expect(
      tree.svrlLocation(children[2])
        == "/*:Root[namespace-uri()='urn:r'][1]/*:A[namespace-uri()='urn:r'][2]")
    #expect(
      tree.svrlLocation(children[2], attribute: 0)
        == "/*:Root[namespace-uri()='urn:r'][1]/*:A[namespace-uri()='urn:r'][2]/@x")
    #expect(
      tree.svrlLocation(children[2], attribute: 1)
        == "/*:Root[namespace-uri()='urn:r'][1]/*:A[namespace-uri()='urn:r'][2]"
        + "/@*[local-name()='y' and namespace-uri()='urn:r']")
    // Same expanded name under another prefix: the third `A`.
    #expect(
      tree.svrlLocation(children[3])
        == "/*:Root[namespace-uri()='urn:r'][1]/*:A[namespace-uri()='urn:r'][3]")
  }

  @Test("a dynamic error becomes a CARAVAN finding and the other asserts still run")
  func dynamicErrorBecomesFinding() throws {
    // BR-CO-10 casts the line net total to xs:decimal: '12a' cannot be cast. BR-13 (no total
    // without VAT) in the same rule must still fire.
    let report = Validator.validate(
      bytes: Self.document(
        """
        <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">12a</cbc:LineExtensionAmount>
        <cbc:TaxInclusiveAmount currencyID="EUR">10</cbc:TaxInclusiveAmount>
        <cbc:PayableAmount currencyID="EUR">10</cbc:PayableAmount></cac:LegalMonetaryTotal>
        """), file: "cast.xml")
    let value = try #require(report.findings.first { $0.rule == "CARAVAN-VALUE" })
    #expect(value.flag == .fatal)
    #expect(value.message.contains("12a"))
    #expect(value.location.hasSuffix(Self.step("LineExtensionAmount", Self.cbc)))
    #expect(report.findings.contains { $0.rule == "BR-13" })
    #expect(!report.isValid)
  }

  @Test("the model reader's errors become CARAVAN findings")
  func readerErrors() throws {
    let bytes = Self.document(
      "<cbc:IssueDate>2024-02-30</cbc:IssueDate><cbc:DueDate>2024-03-01</cbc:DueDate>"
        + "<cbc:DueDate>2024-03-02</cbc:DueDate>")
    let report = Validator.validate(bytes: bytes, file: "reader.xml")
    let rules = Set(report.findings.map(\.rule))
    #expect(rules.contains("CARAVAN-DATE") || rules.contains("CARAVAN-VALUE"))
    #expect(rules.contains("CARAVAN-DUPLICATE"))
    // The model read on the way keeps the reader's errors, for a caller to refuse it.
    let tree = try XMLDocumentReader.parse(bytes)
    let (again, document) = Validator().validateAndRead(tree: tree, file: "reader.xml")
    #expect(again.findings.contains { $0.rule == "CARAVAN-DUPLICATE" })
    let read = try #require(document)
    #expect(read.diagnostics.contains { $0.severity == .error })
  }

  @Test("a context that tests element names decides per written name, prefix included")
  func contextsByWrittenName() {
    // UBL-DT-01's context is `//*[ends-with(name(), 'Amount') and not(ends-with(name(),
    // 'PriceAmount')) and …]`: its name tests are kept per written name, so `x:Amount` (the
    // same expanded name as `cbc:Amount`) and each element of a name are still checked.
    let report = Validator.validate(
      bytes: Self.document(
        """
        <cac:AllowanceCharge><cbc:Amount currencyID="EUR">1.234</cbc:Amount></cac:AllowanceCharge>
        <cac:AllowanceCharge><cbc:Amount currencyID="EUR">1.23</cbc:Amount></cac:AllowanceCharge>
        <cac:AllowanceCharge><x:Amount xmlns:x="\(Self.cbc)" currencyID="EUR">2.345</x:Amount>
        </cac:AllowanceCharge>
        <cac:InvoiceLine><cac:Price><cbc:PriceAmount currencyID="EUR">1.2345</cbc:PriceAmount>
        </cac:Price></cac:InvoiceLine>
        """), file: "amounts.xml")
    let locations = report.findings.filter { $0.rule == "UBL-DT-01" }.map(\.location)
    #expect(
      locations == [
        Self.step("Invoice", Self.invoice) + Self.step("AllowanceCharge", Self.cac, 1)
          + Self.step("Amount", Self.cbc),
        Self.step("Invoice", Self.invoice) + Self.step("AllowanceCharge", Self.cac, 3)
          + Self.step("Amount", Self.cbc),
      ])
  }

  @Test("a path through every line to an element the document lacks still fires when present")
  func absentNamesSelectNothing() {
    // UBL-CR-603: `not((cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:ClassifiedTaxCategory/
    // cbc:TierRatePercent)`. Without any TierRatePercent the lines need not be walked; with one
    // on the second line the rule fires once.
    func fired(_ tier: String) -> Int {
      let line = { (extra: String) in
        """
        <cac:InvoiceLine><cac:Item><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID>\(extra)
        </cac:ClassifiedTaxCategory></cac:Item></cac:InvoiceLine>
        """
      }
      let report = Validator.validate(
        bytes: Self.document(line("") + line(tier)), file: "tier.xml")
      return report.findings.filter { $0.rule == "UBL-CR-603" }.count
    }
    #expect(fired("") == 0)
    #expect(fired("<cbc:TierRatePercent>5</cbc:TierRatePercent>") == 1)
  }

  @Test("a general comparison with an empty left operand is false without its right operand")
  func emptyLeftOperand() {
    // BR-CO-17 on a VAT breakdown without a tax amount and with two categories: its
    // comparisons `abs(xs:decimal(cbc:TaxAmount)) - 1 < round(… cac:TaxCategory/… div 100 …)`
    // have an empty left side, so, as in Saxon, the right side (a sequence of two items
    // divided by 100, an error) is not evaluated and the assert fails.
    let category = """
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
      """
    let report = Validator.validate(
      bytes: Self.document(
        """
        <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">25</cbc:TaxAmount><cac:TaxSubtotal>
        <cbc:TaxableAmount currencyID="EUR">100</cbc:TaxableAmount>\(category)\(category)
        </cac:TaxSubtotal></cac:TaxTotal>
        """), file: "br-co-17.xml")
    #expect(report.findings.contains { $0.rule == "BR-CO-17" })
    #expect(!report.findings.contains { $0.message.hasPrefix("BR-CO-17 could not be checked") })
  }

  @Test("the generated rule sets are the official ones")
  func ruleSets() {
    #expect(Validator.artefactVersion == "1.3.16")
    #expect(SchematronSchema.en16931UBL.assertions.count == 979)
    #expect(SchematronSchema.en16931CII.assertions.count == 806)
    let brCO10 = SchematronSchema.en16931UBL.assertions.first { $0.id == "BR-CO-10" }
    #expect(brCO10?.flag == .fatal)
    #expect(brCO10?.businessTerms == ["BT-106", "BT-131"])
    // SVRL's `test` is an attribute value template in the compiled XSLT: `{4}` comes out `4`.
    let dt097 = SchematronSchema.en16931CII.assertions.first { $0.id == "CII-DT-097" }
    #expect(dt097?.test.contains(#"(\d{4})"#) == true)
    #expect(dt097?.reportedTest.contains(#"(\d4)"#) == true)
  }
}
