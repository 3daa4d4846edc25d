import CaravanRules
import CaravanXML
import Foundation

/// An official EN 16931 unit-test file (a vefa validator `testSet`): documents embedded in
/// `<test>` elements, each with the rules it must or must not fire.
///
/// The semantics are those of the vefa validator the CEN tests were written for
/// (`AbstractExpectation`, `ValidatorTestSetDeclaration`), as the reference scorer
/// `tools/en16931/eval_unit.py` re-implements them:
/// - the testSet's own `<assert>` items are added to every test's;
/// - with a `scope`, firings of rules outside it are ignored;
/// - `<success>R</success>`: R does not fire at all;
/// - `<error number="N">R</error>` (N defaults to 1): R fires as `fatal` N times;
///   `<warning>`: as a `warning`;
/// - any other firing in scope fails the test.
struct UnitTestSet {
  struct Expectation {
    var scope: [String] = []
    var success: [String] = []
    var fatal: [String: Int] = [:]
    var warning: [String: Int] = [:]

    mutating func add(_ other: Expectation) {
      scope += other.scope
      success += other.success
      fatal.merge(other.fatal, uniquingKeysWith: +)
      warning.merge(other.warning, uniquingKeysWith: +)
    }
  }

  struct Case {
    /// `file#id`.
    let name: String
    /// The embedded document, or nil when the test does not hold exactly one.
    let document: [UInt8]?
    let expectation: Expectation
  }

  static let vefa = "http://difi.no/xsd/vefa/validator/1.0"

  let cases: [Case]

  init(bytes: [UInt8], name: String) throws {
    let tree = try XMLDocumentReader.parse(bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    let documents = Self.embeddedDocuments(in: text)
    var setExpectation = Expectation()
    var tests: [XMLTree.Element] = []
    for child in tree.children(tree.root) where tree.name(child).namespace == Self.vefa {
      switch tree.localName(child) {
      case "assert": setExpectation = Self.expectation(child, in: tree)
      case "test": tests.append(child)
      default: break
      }
    }
    var cases: [Case] = []
    var ids: Set<String> = []
    for (index, test) in tests.enumerated() {
      var expectation = Expectation()
      var embedded = 0
      for child in tree.children(test) {
        if tree.name(child).namespace == Self.vefa && tree.localName(child) == "assert" {
          expectation = Self.expectation(child, in: tree)
        } else if tree.name(child).namespace != Self.vefa {
          embedded += 1
        }
      }
      expectation.add(setExpectation)
      // Test ids are not always unique within a file (BR-E-04 has two "3"): keep names unique.
      var id = tree.attribute("id", of: test) ?? String(index + 1)
      if !ids.insert(id).inserted { id += "(test \(index + 1))" }
      let document = embedded == 1 && index < documents.count ? documents[index] : nil
      cases.append(
        Case(
          name: "\(name)#\(id)", document: document.map { Array($0.utf8) },
          expectation: expectation))
    }
    self.cases = cases
  }

  static func expectation(_ element: XMLTree.Element, in tree: XMLTree) -> Expectation {
    var e = Expectation()
    for child in tree.children(element) {
      let value = tree.text(child).trimmingCharacters(in: .whitespacesAndNewlines)
      let number = Int(tree.attribute("number", of: child) ?? "1") ?? 1
      switch tree.localName(child) {
      case "scope": e.scope.append(value)
      case "success": e.success.append(value)
      case "error", "fatal": e.fatal[value, default: 0] += number
      case "warning": e.warning[value, default: 0] += number
      default: break
      }
    }
    return e
  }

  /// Judges `firings` (rule id, flag) against `expectation`; the problems, empty when the
  /// test passes.
  static func judge(_ expectation: Expectation, _ firings: [(String, Finding.Flag)]) -> [String] {
    let scope = Set(expectation.scope)
    let success = Set(expectation.success)
    var remaining: [Finding.Flag: [String: Int]] = [
      .fatal: expectation.fatal, .warning: expectation.warning,
    ]
    var problems: [String] = []
    for (rule, flag) in firings {
      if !scope.isEmpty && !scope.contains(rule) { continue }
      if success.contains(rule) {
        problems.append("\(rule) fired (\(flag.rawValue)) but declared success")
        continue
      }
      if let left = remaining[flag]?[rule], left > 0 {
        remaining[flag]?[rule] = left - 1
      } else {
        problems.append("unexpected \(flag.rawValue) \(rule)")
      }
    }
    for flag in [Finding.Flag.fatal, .warning] {
      for (rule, left) in remaining[flag] ?? [:] where left > 0 {
        let kind = flag == .fatal ? "error" : "warning"
        problems.append("\(rule) (\(kind)) not fired \(left) time(s)")
      }
    }
    return problems.sorted()
  }

  /// The text of the one document embedded in each `<test>` of a testSet, in order, as a
  /// document of its own: the element and everything inside it, with the default namespace it
  /// inherits declared on it when it does not declare one (as serialising the element alone
  /// would). Nil for a test whose document cannot be delimited.
  static func embeddedDocuments(in text: String) -> [String?] {
    var result: [String?] = []
    var cursor = text.startIndex
    while let open = nextTestStart(in: text, from: cursor) {
      guard let close = text.range(of: "</test>", range: open..<text.endIndex) else { break }
      result.append(document(in: text[open..<close.lowerBound]))
      cursor = close.upperBound
    }
    return result
  }

  private static func nextTestStart(in text: String, from start: String.Index) -> String.Index? {
    var cursor = start
    while let range = text.range(of: "<test", range: cursor..<text.endIndex) {
      let next = range.upperBound < text.endIndex ? text[range.upperBound] : " "
      if next == ">" || next == " " || next == "\t" || next == "\n" || next == "\r" {
        return text[range.upperBound...].firstIndex(of: ">").map { text.index(after: $0) }
      }
      cursor = range.upperBound
    }
    return nil
  }

  private static func document(in body: Substring) -> String? {
    var cursor = body.startIndex
    // Skip white space, comments and the test's own <assert>…</assert>.
    while cursor < body.endIndex {
      let rest = body[cursor...]
      if let first = rest.first, first.isWhitespace {
        cursor = body.index(after: cursor)
      } else if rest.hasPrefix("<!--") {
        guard let end = rest.range(of: "-->") else { return nil }
        cursor = end.upperBound
      } else if rest.hasPrefix("<assert") {
        guard let end = rest.range(of: "</assert>") else { return nil }
        cursor = end.upperBound
      } else {
        break
      }
    }
    let rest = body[cursor...]
    guard rest.hasPrefix("<") else { return nil }
    let nameEnd =
      rest.dropFirst().firstIndex { $0.isWhitespace || $0 == ">" || $0 == "/" } ?? rest.endIndex
    let name = rest[rest.index(after: rest.startIndex)..<nameEnd]
    guard let tagEnd = rest.firstIndex(of: ">") else { return nil }
    var end: String.Index
    if rest[rest.index(before: tagEnd)] == "/" {
      end = rest.index(after: tagEnd)
    } else {
      guard let closing = rest.range(of: "</\(name)", options: .backwards),
        let gt = rest[closing.upperBound...].firstIndex(of: ">")
      else { return nil }
      end = rest.index(after: gt)
    }
    var element = String(rest[rest.startIndex..<end])
    let startTag = rest[rest.startIndex...tagEnd]
    if !startTag.contains("xmlns=") {
      element.insert(
        contentsOf: " xmlns=\"\(vefa)\"",
        at: element.index(element.startIndex, offsetBy: name.count + 1))
    }
    return element
  }
}
