import CaravanRules
import CaravanXML
import Foundation
import Testing

/// The official CEN/TC 434 Schematron (validation artefacts 1.3.16), read in place from
/// `$CARAVAN_CONFORMANCE_DIR` or `../shared/conformance`. Under `CI=true` a missing corpus fails.
enum XPathArtefacts {
  enum Syntax: String, Sendable { case ubl, cii }

  static let root: URL = {
    if let dir = ProcessInfo.processInfo.environment["CARAVAN_CONFORMANCE_DIR"] {
      return URL(fileURLWithPath: dir)
    }
    let repository = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return repository.deletingLastPathComponent().appendingPathComponent("shared/conformance")
  }()

  static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  static func url(_ relative: String) -> URL {
    root.appendingPathComponent("en16931").appendingPathComponent(relative)
  }

  /// A rule of the Schematron: its context and its asserts (id, test).
  struct Rule {
    let context: String
    var asserts: [(id: String, test: String)]
  }

  /// The namespaces and rules of a syntax's preprocessed Schematron, or nil without a corpus.
  static func schematron(_ syntax: Syntax) throws -> (XPathNamespaces, [Rule])? {
    let name = syntax.rawValue.uppercased()
    let file = url(
      "artefacts/\(syntax.rawValue)/schematron/preprocessed/EN16931-\(name)-validation-preprocessed.sch"
    )
    guard let data = FileManager.default.contents(atPath: file.path) else {
      if required { Issue.record("the Schematron is missing at \(file.path)") }
      return nil
    }
    let text = String(decoding: data, as: UTF8.self)
    var namespaces: XPathNamespaces = [:]
    var rules: [Rule] = []
    for (tag, attributes) in tags(text) {
      switch tag {
      case "ns": namespaces[attributes["prefix"] ?? ""] = attributes["uri"]
      case "rule": rules.append(Rule(context: attributes["context"] ?? "", asserts: []))
      case "assert":
        rules[rules.count - 1].asserts.append((attributes["id"] ?? "", attributes["test"] ?? ""))
      default: break
      }
    }
    return (namespaces, rules)
  }

  /// The `ns`, `rule` and `assert` start tags in order, with their attributes unescaped.
  static func tags(_ text: String) -> [(String, [String: String])] {
    var result: [(String, [String: String])] = []
    let s = Array(text.utf8)
    var i = 0
    while i < s.count {
      guard s[i] == UInt8(ascii: "<") else {
        i += 1
        continue
      }
      var j = i + 1
      while j < s.count, s[j] != 0x20, s[j] != 0x0A, s[j] != 0x09, s[j] != UInt8(ascii: ">") {
        j += 1
      }
      let name = String(decoding: s[(i + 1)..<j], as: UTF8.self)
      guard ["ns", "rule", "assert"].contains(name) else {
        i = j
        continue
      }
      var attributes: [String: String] = [:]
      while j < s.count, s[j] != UInt8(ascii: ">") {
        if s[j] == UInt8(ascii: "=") {
          var k = j - 1
          while s[k] == 0x20 { k -= 1 }
          var start = k
          while start > 0, s[start - 1] != 0x20, s[start - 1] != 0x0A, s[start - 1] != 0x09 {
            start -= 1
          }
          let key = String(decoding: s[start...k], as: UTF8.self)
          var q = j + 1
          while s[q] != UInt8(ascii: "\"") && s[q] != UInt8(ascii: "'") { q += 1 }
          let quote = s[q]
          var end = q + 1
          while s[end] != quote { end += 1 }
          attributes[key] = unescape(String(decoding: s[(q + 1)..<end], as: UTF8.self))
          j = end + 1
          continue
        }
        j += 1
      }
      result.append((name, attributes))
      i = j
    }
    return result
  }

  static func unescape(_ s: String) -> String {
    s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }
}

/// One assert of the artefacts on one official example (optionally altered), with the results
/// SaxonC-HE 12 gave at each node its rule context matches, in document order.
struct ArtefactCase: Sendable, CustomTestStringConvertible {
  let syntax: XPathArtefacts.Syntax
  let file: String
  let assert: String
  let expected: [String]
  let find: String?
  let replacement: String?

  init(
    _ syntax: XPathArtefacts.Syntax, _ file: String, _ assert: String, _ expected: [String],
    replacing find: String? = nil, with replacement: String? = nil
  ) {
    self.syntax = syntax
    self.file = file
    self.assert = assert
    self.expected = expected
    self.find = find
    self.replacement = replacement
  }

  var testDescription: String {
    "\(assert) on \(file)" + (find.map { " with \($0) → \(replacement ?? "")" } ?? "")
  }
}

@Suite struct XPathArtefactTests {
  @Test(arguments: [XPathArtefacts.Syntax.ubl, .cii])
  func everyContextAndAssertCompiles(_ syntax: XPathArtefacts.Syntax) throws {
    guard let (namespaces, rules) = try XPathArtefacts.schematron(syntax) else { return }
    #expect(rules.count == (syntax == .ubl ? 104 : 113))
    #expect(rules.reduce(0) { $0 + $1.asserts.count } == (syntax == .ubl ? 979 : 806))
    for rule in rules {
      #expect(throws: Never.self, "\(rule.context)") {
        try XPathPattern(rule.context, namespaces: namespaces)
      }
      for (id, test) in rule.asserts {
        #expect(throws: Never.self, "\(id)") { try XPathExpression(test, namespaces: namespaces) }
      }
    }
  }

  /// Expected results from SaxonC-HE 12 (saxonche), evaluating the assert's test at each node
  /// the rule context selects from the document node.
  static let cases: [ArtefactCase] = [
    ArtefactCase(.ubl, "ubl/examples/ubl-tc434-example1.xml", "BR-CO-10", ["true"]),
    ArtefactCase(
      .ubl, "ubl/examples/ubl-tc434-example1.xml", "BR-CO-16", ["error:FORG0001"],
      replacing: "<cbc:PayableAmount currencyID=\"EUR\">",
      with: "<cbc:PayableAmount currencyID=\"EUR\">x"),
    ArtefactCase(.ubl, "ubl/examples/ubl-tc434-example2.xml", "BR-CO-15", ["true"]),
    ArtefactCase(.ubl, "ubl/examples/ubl-tc434-example2.xml", "BR-S-08", ["true", "true"]),
    ArtefactCase(
      .ubl, "ubl/examples/ubl-tc434-example1.xml", "BR-CO-10", ["false"],
      replacing: "<cbc:LineExtensionAmount currencyID=\"EUR\">",
      with: "<cbc:LineExtensionAmount currencyID=\"EUR\">1"),
    ArtefactCase(
      .ubl, "ubl/examples/ubl-tc434-example1.xml", "BR-DEC-23",
      [
        "true", "true", "true", "true", "true", "true", "true", "true", "true", "true", "true",
        "true", "true", "true", "true", "true", "true", "true", "true", "true",
      ],
      replacing: "<cbc:LineExtensionAmount currencyID=\"EUR\">",
      with: "<cbc:LineExtensionAmount currencyID=\"EUR\">0.00"),
    ArtefactCase(
      .ubl, "ubl/examples/ubl-tc434-example4.xml", "BR-DEC-23", ["true", "true", "true"]),
    ArtefactCase(.ubl, "ubl/examples/ubl-tc434-example1.xml", "UBL-SR-44", ["true"]),
    ArtefactCase(.ubl, "ubl/examples/ubl-tc434-example1.xml", "BR-53", ["true"]),
    ArtefactCase(
      .ubl, "ubl/examples/ubl-tc434-example1.xml", "BR-CL-01", ["false"],
      replacing: "<cbc:InvoiceTypeCode>380", with: "<cbc:InvoiceTypeCode>999"),
    ArtefactCase(.ubl, "ubl/examples/ubl-tc434-creditnote1.xml", "BR-CL-01", ["true"]),
    ArtefactCase(.ubl, "ubl/examples/ubl-tc434-example1.xml", "UBL-SR-43", []),
    ArtefactCase(.ubl, "ubl/examples/ubl-tc434-example5.xml", "BR-30", ["true", "true"]),
    ArtefactCase(
      .ubl, "ubl/examples/ubl-tc434-example1.xml", "BR-CO-14", ["true"],
      replacing: "<cbc:TaxAmount currencyID=\"EUR\">", with: "<cbc:TaxAmount currencyID=\"EUR\"> "),
    ArtefactCase(.cii, "cii/examples/CII_example1.xml", "BR-CO-10", ["true"]),
    ArtefactCase(.cii, "cii/examples/CII_example2.xml", "BR-S-08", ["true", "true"]),
    ArtefactCase(
      .cii, "cii/examples/CII_example2.xml", "BR-S-08", ["true", "true"],
      replacing: "<udt:Indicator>false", with: "<udt:Indicator>no"),
    ArtefactCase(.cii, "cii/examples/CII_example1.xml", "CII-SR-462", ["true"]),
    ArtefactCase(.cii, "cii/examples/CII_example1.xml", "CII-DT-097", ["true", "true"]),
    ArtefactCase(
      .cii, "cii/examples/CII_example1.xml", "CII-DT-097", ["false", "true"],
      replacing: "<udt:DateTimeString format=\"102\">2",
      with: "<udt:DateTimeString format=\"102\">2x"),
    ArtefactCase(.cii, "cii/examples/CII_example5.xml", "BR-CO-15", ["true"]),
    ArtefactCase(.cii, "cii/examples/CII_business_example_01.xml", "BR-DEC-12", ["true"]),
  ]

  @Test(arguments: cases) func agreesWithSaxon(_ c: ArtefactCase) throws {
    guard let (namespaces, rules) = try XPathArtefacts.schematron(c.syntax) else { return }
    let rule = try #require(rules.first { $0.asserts.contains { $0.id == c.assert } })
    let test = try #require(rule.asserts.first { $0.id == c.assert }?.test)
    guard let data = FileManager.default.contents(atPath: XPathArtefacts.url(c.file).path) else {
      if XPathArtefacts.required { Issue.record("missing \(c.file)") }
      return
    }
    var text = String(decoding: data, as: UTF8.self)
    if let find = c.find, let range = text.range(of: find) {
      text.replaceSubrange(range, with: c.replacement ?? "")
    }
    let tree = try XMLDocumentReader.parse(Array(text.utf8))
    let pattern = try XPathPattern(rule.context, namespaces: namespaces)
    let expression = try XPathExpression(test, namespaces: namespaces)
    var results: [String] = []
    for offset in 0..<tree.elementCount {
      let node = XPathItem.element(tree.element(atOffset: offset)!)
      guard try pattern.matches(node, in: tree) else { continue }
      do {
        results.append(try expression.isTrue(in: tree, context: node) ? "true" : "false")
      } catch {
        results.append("error:\(error.code)")
      }
    }
    #expect(results == c.expected)
  }
}
