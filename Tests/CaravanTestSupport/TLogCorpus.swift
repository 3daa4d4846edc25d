import Foundation
import Testing

/// The transparency-log test vectors of the shared conformance corpus, read in place: `$CARAVAN_CONFORMANCE_DIR/tlog`, or
/// `../shared/conformance/tlog` beside the package.
public enum Corpus {
  public static let root: URL = {
    if let dir = ProcessInfo.processInfo.environment["CARAVAN_CONFORMANCE_DIR"], !dir.isEmpty {
      return URL(fileURLWithPath: dir).appendingPathComponent("tlog")
    }
    let package = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return package.deletingLastPathComponent().appendingPathComponent("shared/conformance/tlog")
  }()

  public static var isPresent: Bool {
    FileManager.default.fileExists(atPath: root.appendingPathComponent("SOURCES.md").path)
  }

  public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  /// Every `.json` file under `relative`, sorted, as test arguments.
  public static func files(_ relative: String) -> [CorpusFile] {
    let base = root.appendingPathComponent(relative)
    guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
    return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted().map {
      CorpusFile(name: relative + "/" + $0, url: base.appendingPathComponent($0))
    }
  }

  public static func json(_ relative: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(relative)))
  }
}

public struct CorpusFile: Sendable, CustomTestStringConvertible {
  public let name: String
  public let url: URL
  public var testDescription: String { name }

  public func object() throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }
}

public func bytes(base64 value: Any?) -> [UInt8] {
  guard let text = value as? String else { return [] }
  return Array(Data(base64Encoded: text) ?? Data())
}

public func bytes(hex: String) -> [UInt8] {
  var out: [UInt8] = []
  var chars = hex.makeIterator()
  while let a = chars.next(), let b = chars.next() {
    out.append(UInt8(String([a, b]), radix: 16)!)
  }
  return out
}
