import CaravanRules
import Testing

/// The 63 official documents (19 UBL and 15 CII examples, 29 UBL test files) conform: no rule
/// of the official artefacts fires on them, nor any of Caravan's own.
@Suite("Official EN 16931 documents")
struct OfficialDocumentsTests {
  @Test("fires nothing", arguments: Corpus.documents)
  func firesNothing(_ file: String) throws {
    try #require(!file.contains(Corpus.missingMarker), "the conformance corpus is missing")
    let report = Validator.validate(bytes: try Corpus.bytes(file), file: file)
    Corpus.dump(report)
    #expect(report.error == nil)
    #expect(report.syntax != nil)
    #expect(report.findings.isEmpty, "\(report.text())")
    #expect(report.isValid)
  }
}
