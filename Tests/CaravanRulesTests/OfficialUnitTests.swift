import CaravanRules
import Testing

/// The 1,140 official EN 16931 unit tests (validation artefacts 1.3.16), one test case per
/// testSet file, judged with the vefa semantics their authors used (``UnitTestSet``).
@Suite("Official EN 16931 unit tests")
struct OfficialUnitTests {
  @Test("testSet", arguments: Corpus.unitTestSets)
  func testSet(_ file: String) throws {
    try #require(!file.contains(Corpus.missingMarker), "the conformance corpus is missing")
    let set = try UnitTestSet(bytes: Corpus.bytes(file), name: file)
    #expect(!set.cases.isEmpty)
    for test in set.cases {
      guard let document = test.document else {
        Issue.record("\(test.name): no embedded document")
        continue
      }
      let report = Validator.validate(bytes: document, file: test.name)
      Corpus.dump(report)
      if let error = report.error {
        Issue.record("\(test.name): \(error)")
        continue
      }
      let problems = UnitTestSet.judge(
        test.expectation, report.findings.map { ($0.rule, $0.flag) })
      if !problems.isEmpty {
        Issue.record("UNIT-DISAGREES \(test.name): \(problems.joined(separator: "; "))")
      }
    }
  }
}
