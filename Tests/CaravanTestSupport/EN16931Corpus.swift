import Foundation
import Testing

/// The official EN 16931 material the tests read in place: `$CARAVAN_CONFORMANCE_DIR`, or
/// `../shared/conformance` beside the repository. Under `CI=true` a missing corpus fails.
public enum EN16931Corpus {
  public static let root: URL = {
    if let dir = ProcessInfo.processInfo.environment["CARAVAN_CONFORMANCE_DIR"] {
      return URL(fileURLWithPath: dir)
    }
    let repository = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return repository.deletingLastPathComponent().appendingPathComponent("shared/conformance")
  }()

  public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  /// Marks a corpus file that could not be found (under `CI=true` only).
  public static let missingMarker = "<missing corpus"

  /// The XML files of a corpus folder, relative to `en16931/`, sorted by name.
  public static func files(_ folder: String) -> [String] {
    let dir = root.appendingPathComponent("en16931").appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    let xml = names.filter { $0.lowercased().hasSuffix(".xml") }.sorted()
    if xml.isEmpty && required {
      // Keep one case so that the parameterised test runs and fails loudly.
      return ["\(folder)/\(missingMarker) at \(dir.path)>"]
    }
    return xml.map { "\(folder)/\($0)" }
  }

  public static var isPresent: Bool {
    FileManager.default.fileExists(atPath: root.appendingPathComponent("en16931").path)
  }

  /// 19 UBL examples and 29 UBL test files.
  public static var ublFiles: [String] { files("ubl/examples") + files("unit/testfiles") }
  /// 15 CII examples.
  public static var ciiFiles: [String] { files("cii/examples") }

  /// The 63 official documents: 19 UBL examples, 29 UBL test files, 15 CII examples.
  public static var documents: [String] {
    files("ubl/examples") + files("unit/testfiles") + files("cii/examples")
  }

  /// The official unit-test sets: 206 UBL Invoice, 71 UBL CreditNote, 2 CII.
  public static var unitTestSets: [String] {
    files("unit/Invoice-unit-UBL") + files("unit/CreditNote-unit-UBL") + files("unit/cii")
  }

  public static func bytes(_ relative: String) throws -> [UInt8] {
    let url = root.appendingPathComponent("en16931").appendingPathComponent(relative)
    return [UInt8](try Data(contentsOf: url))
  }
}
