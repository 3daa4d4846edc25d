import CaravanRules
import Testing

@Suite("Validation reports")
struct ValidationReportTests {
  static let finding = Finding(
    rule: "BR-CO-10", flag: .fatal, location: "/*:Invoice[namespace-uri()='u'][1]",
    message: "[BR-CO-10]-Sum \"a\" <b>", test: "sum(x) = 1", pattern: "UBL-model")

  @Test("a report is a JSON object: file, syntax, valid, findings")
  func jsonShape() {
    let report = ValidationReport(file: "a.xml", syntax: .ubl, findings: [Self.finding])
    #expect(
      report.json()
        == #"{"file":"a.xml","syntax":"UBL","valid":false,"findings":[{"rule":"BR-CO-10","flag":"fatal","location":"/*:Invoice[namespace-uri()='u'][1]","message":"[BR-CO-10]-Sum \"a\" <b>"}]}"#
    )
    let clean = ValidationReport(file: "b.xml", syntax: .cii, findings: [])
    #expect(clean.json() == #"{"file":"b.xml","syntax":"CII","valid":true,"findings":[]}"#)
  }

  @Test("an unreadable file: syntax null, not valid, an error and no findings")
  func jsonError() {
    let report = Validator.validate(bytes: Array("<a>".utf8), file: "bad.xml")
    #expect(report.syntax == nil)
    #expect(!report.isValid)
    let json = report.json()
    #expect(json.hasPrefix(#"{"file":"bad.xml","syntax":null,"valid":false,"error":""#))
    #expect(!json.contains("findings"))
  }

  @Test("a batch is a JSON array; pretty output holds the same")
  func batch() {
    let reports = [
      ValidationReport(file: "a.xml", syntax: .ubl, findings: [Self.finding]),
      ValidationReport(file: "c.xml", error: "not XML"),
    ]
    let compact = ValidationReport.json(reports)
    #expect(compact.hasPrefix(#"[{"file":"a.xml""#))
    #expect(compact.hasSuffix(#"{"file":"c.xml","syntax":null,"valid":false,"error":"not XML"}]"#))
    let pretty = ValidationReport.json(reports, pretty: true)
    #expect(pretty.filter { !$0.isWhitespace } == compact.filter { !$0.isWhitespace })
    #expect(pretty.contains("\n    \"file\": \"a.xml\""))
  }

  @Test("text: one line per finding with file, flag, rule, message and location")
  func text() {
    let report = ValidationReport(file: "a.xml", syntax: .ubl, findings: [Self.finding])
    #expect(
      report.text()
        == "a.xml: fatal BR-CO-10: [BR-CO-10]-Sum \"a\" <b> (at /*:Invoice[namespace-uri()='u'][1])\n"
    )
  }

  @Test("SVRL: failed-assert with test, id, flag, location and text under its pattern")
  func svrl() {
    let report = ValidationReport(file: "a.xml", syntax: .ubl, findings: [Self.finding])
    let svrl = report.svrl()
    #expect(svrl.contains("<svrl:schematron-output"))
    #expect(svrl.contains(#"title="EN16931  model bound to UBL""#))
    #expect(
      svrl.contains(#"<svrl:active-pattern document="a.xml" documents="a.xml" id="UBL-model""#))
    #expect(
      svrl.contains(
        #"<svrl:failed-assert test="sum(x) = 1" id="BR-CO-10" flag="fatal" location="/*:Invoice[namespace-uri()='u'][1]">"#
      ))
    #expect(svrl.contains("<svrl:text>[BR-CO-10]-Sum \"a\" &lt;b&gt;</svrl:text>"))
  }
}
