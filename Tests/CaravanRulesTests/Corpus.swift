import CaravanRules
import CaravanTestSupport
import Foundation

/// The official EN 16931 material (see ``EN16931Corpus``).
typealias Corpus = EN16931Corpus

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
