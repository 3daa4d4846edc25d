import CaravanRules
import CaravanSyntax
import CaravanXML
import Foundation
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

  @Test("validating gives the model that reading the document gives", arguments: Corpus.documents)
  func validateAndRead(_ file: String) throws {
    try #require(!file.contains(Corpus.missingMarker), "the conformance corpus is missing")
    let tree = try XMLDocumentReader.parse(try Corpus.bytes(file))
    let (report, document) = Validator().validateAndRead(tree: tree, file: file)
    let read = try InvoiceDocument.read(tree)
    #expect(report.findings.isEmpty, "\(report.text())")
    #expect(document?.invoice == read.invoice)
    #expect(document?.syntax == read.syntax)
  }
}

@Suite("Validator concurrency")
struct ValidatorConcurrencyTests {
  @Test("the compiled rules lent to many tasks at once give the same reports")
  func concurrentValidation() async throws {
    let files = Corpus.files("unit/testfiles").prefix(4) + Corpus.files("cii/examples").prefix(4)
    try #require(!files.isEmpty, "the conformance corpus is missing")
    try #require(!files.contains(where: { $0.contains(Corpus.missingMarker) }))
    let inputs = try files.map { ($0, try Corpus.bytes($0)) }
    let expected = inputs.map { Validator.validate(bytes: $0.1, file: $0.0) }
    let reports = await withTaskGroup(of: (Int, ValidationReport).self) { group in
      for round in 0..<4 {
        for (index, input) in inputs.enumerated() {
          group.addTask {
            (index, Validator.validate(bytes: input.1, file: input.0 + "#\(round)"))
          }
        }
      }
      var all: [(Int, ValidationReport)] = []
      for await result in group { all.append(result) }
      return all
    }
    #expect(reports.count == inputs.count * 4)
    for (index, report) in reports {
      #expect(report.findings == expected[index].findings)
      #expect(report.syntax == expected[index].syntax)
    }
  }
}

/// With `$CARAVAN_RULES_EXTRA` naming a folder of invoices (and `$CARAVAN_RULES_DUMP` a folder
/// for the reports), validates each and writes its report, to compare with the official
/// XSLT on documents outside the corpus. Does nothing otherwise.
@Suite("Extra documents")
struct ExtraDocumentsTests {
  @Test("validates and dumps the extra documents")
  func extraDocuments() throws {
    guard let dir = ProcessInfo.processInfo.environment["CARAVAN_RULES_EXTRA"] else { return }
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
      $0.hasSuffix(".xml")
    }
    for name in names.sorted() {
      let path = dir + "/" + name
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
      Corpus.dump(Validator.validate(bytes: bytes, file: path))
    }
  }
}
