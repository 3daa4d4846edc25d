import CaravanRules
import Foundation
import Testing

/// The official EN 16931 material the tests read in place: `$CARAVAN_CONFORMANCE_DIR`, or
/// `../shared/conformance` beside the repository. Under `CI=true` a missing corpus fails.
enum Corpus {
  static let root: URL = {
    if let dir = ProcessInfo.processInfo.environment["CARAVAN_CONFORMANCE_DIR"] {
      return URL(fileURLWithPath: dir)
    }
    let repository = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return repository.deletingLastPathComponent().appendingPathComponent("shared/conformance")
  }()

  static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  /// Marks a corpus file that could not be found (under `CI=true` only).
  static let missingMarker = "<missing corpus"

  /// The XML files of a corpus folder, relative to `en16931/`, sorted by name.
  static func files(_ folder: String) -> [String] {
    let dir = root.appendingPathComponent("en16931").appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    let xml = names.filter { $0.lowercased().hasSuffix(".xml") }.sorted()
    if xml.isEmpty && required {
      // Keep one case so that the parameterised test runs and fails loudly.
      return ["\(folder)/\(missingMarker) at \(dir.path)>"]
    }
    return xml.map { "\(folder)/\($0)" }
  }

  /// The 63 official documents: 19 UBL examples, 29 UBL test files, 15 CII examples.
  static var documents: [String] {
    files("ubl/examples") + files("unit/testfiles") + files("cii/examples")
  }

  /// The official unit-test sets: 206 UBL Invoice, 71 UBL CreditNote, 2 CII.
  static var unitTestSets: [String] {
    files("unit/Invoice-unit-UBL") + files("unit/CreditNote-unit-UBL") + files("unit/cii")
  }

  static func bytes(_ relative: String) throws -> [UInt8] {
    let url = root.appendingPathComponent("en16931").appendingPathComponent(relative)
    return [UInt8](try Data(contentsOf: url))
  }
}

extension Corpus {
  /// When `$CARAVAN_RULES_DUMP` names a folder, writes `report` there as JSON (one file per
  /// document or unit test) and as SVRL, to compare the findings with those of the official XSLT.
  static func dump(_ report: CaravanRules.ValidationReport) {
    guard let dir = ProcessInfo.processInfo.environment["CARAVAN_RULES_DUMP"] else { return }
    let name = report.file.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
    let url = URL(fileURLWithPath: dir).appendingPathComponent(String(name) + ".json")
    try? Data(report.json().utf8).write(to: url)
    try? Data(report.svrl().utf8).write(
      to: URL(fileURLWithPath: dir).appendingPathComponent(String(name) + ".svrl"))
  }
}
