import CaravanSyntax
import CaravanXML

/// Applies a compiled schema to a document with the semantics of the official compiled XSLT
/// (the ISO Schematron skeleton for XSLT 2): pattern by pattern, the document is walked in
/// document order from the document element, attributes before child elements; each node is
/// handled by the first rule of the pattern whose context matches it, and every assert of that
/// rule whose test is false gives a finding. Nodes no rule matches are walked through.
///
/// Where the XSLT would stop on a dynamic error, the error becomes a ``CaravanRule`` finding
/// and the walk goes on. An error while matching a context is, as in XSLT, a non-match.
struct SchematronEngine {
  let schema: CompiledSchema

  /// The findings for `tree`, in the order the official SVRL gives them.
  func validate(_ tree: XMLTree) -> [Finding] {
    var run = Run(tree: tree, schema: schema)
    for pattern in schema.patterns { run.apply(pattern) }
    return run.findings
  }
}

/// One validation of one document.
private struct Run {
  let tree: XMLTree
  let schema: CompiledSchema
  var findings: [Finding] = []
  /// Rules already reported as not understood in this document (pattern, rule index).
  var reportedRules: Set<[Int]> = []
  var seen: Set<Finding> = []
  /// Results of focus-independent subexpressions, shared by every assert on this document.
  let memo: XPathMemo
  /// For each written element name of the document (``XMLTree/qualifiedNameIndex(_:)``), the
  /// first element written with it.
  let writtenNames: [XMLTree.Element?]

  init(tree: XMLTree, schema: CompiledSchema) {
    self.tree = tree
    self.schema = schema
    self.memo = XPathMemo(tree: tree)
    var first = [XMLTree.Element?](repeating: nil, count: tree.qualifiedNameCount)
    for offset in 0..<tree.elementCount {
      let element = tree.element(atOffset: offset)!
      let written = Int(tree.qualifiedNameIndex(element))
      if first[written] == nil { first[written] = element }
    }
    self.writtenNames = first
  }

  mutating func apply(_ pattern: CompiledSchema.Pattern) {
    // The rules that can match each written element name of this document, looked up once:
    // the rules for its expanded name, less the rules of any name whose name test it fails
    // (`//*[ends-with(name(), 'Amount') and …]`).
    let byName = pattern.candidates(in: tree, memo: memo)
    let candidates = writtenNames.map { element -> [Int] in
      guard let element else { return [] }
      return byName[Int(tree.nameIndex(element))].filter { index in
        guard let context = pattern.rules[index].pattern else { return true }
        return context.admitsName(of: element, in: tree, memo: memo)
      }
    }
    let attributeRules = pattern.attributeRules
    // Elements are stored in document order, so walking the offsets visits each element,
    // then its attributes, before its descendants: the order of the XSLT's templates.
    for offset in 0..<tree.elementCount {
      let element = tree.element(atOffset: offset)!
      let rules = candidates[Int(tree.qualifiedNameIndex(element))]
      if !rules.isEmpty { visit(.element(element), rules: rules, in: pattern) }
      if !attributeRules.isEmpty {
        for index in 0..<tree.attributes(element).count {
          visit(.attribute(element, index), rules: attributeRules, in: pattern)
        }
      }
    }
  }

  /// Applies the first rule among `rules` whose context matches `node`.
  mutating func visit(
    _ node: XPathItem, rules: [Int], in pattern: CompiledSchema.Pattern
  ) {
    for index in rules {
      let rule = pattern.rules[index]
      guard let context = rule.pattern else {
        if let error = rule.syntaxError {
          notUnderstood(rule, index, pattern, "its context: \(error)")
        }
        continue
      }
      do {
        guard try context.matches(node, in: tree, memo: memo) else { continue }
      } catch {
        if CaravanRule(dynamicError: error) == .xpath {
          notUnderstood(rule, index, pattern, "its context: \(error.message)")
        }
        continue
      }
      check(rule, on: node, in: pattern)
      return
    }
  }

  mutating func check(
    _ rule: CompiledSchema.Rule, on node: XPathItem,
    in pattern: CompiledSchema.Pattern
  ) {
    // The location is written only into findings, which are rare: built on first need.
    var cachedLocation: String? = nil
    // One evaluator for the asserts without variables; those with variables get a frame.
    let evaluator = XPathEvaluator(tree: tree, frame: nil, memo: memo)
    let focus = XPathFocus(item: node, position: 1)
    for assertion in rule.assertions {
      let holds: Bool
      do throws(XPathError) {
        guard let test = assertion.test else { throw assertion.notUnderstood }
        if assertion.slotCount == 0 {
          holds = try evaluator.isTrue(test, focus)
        } else {
          holds = try XPathEvaluator(
            tree: tree, frame: XPathFrame(count: assertion.slotCount), memo: memo
          ).isTrue(test, focus)
        }
      } catch {
        let location = cachedLocation ?? self.location(of: node)
        cachedLocation = location
        record(
          dynamicError: error, assertion: assertion.source, location: location, pattern: pattern)
        continue
      }
      if holds { continue }
      let source = assertion.source
      let location = cachedLocation ?? self.location(of: node)
      cachedLocation = location
      append(
        Finding(
          rule: source.id, flag: source.flag, location: location, message: source.message,
          test: source.reportedTest, pattern: pattern.id, businessTerms: source.businessTerms))
    }
  }

  mutating func record(
    dynamicError error: XPathError, assertion: SchematronAssertion, location: String,
    pattern: CompiledSchema.Pattern
  ) {
    let rule = CaravanRule(dynamicError: error)
    let at = error.node.map { tree.svrlLocation($0) } ?? location
    let message: String
    switch rule {
    case .value:
      message =
        "\(assertion.id) could not be checked: \(error.message) (\(error.code)); "
        + "the value is at \(error.node.map { tree.path($0) } ?? "the rule's context")"
    case .xpath:
      message = "\(assertion.id) could not be checked: \(error.message)"
    default:
      message = "\(assertion.id) could not be checked: \(error.message) (\(error.code))"
    }
    append(
      Finding(
        rule: rule.id, flag: .fatal, location: at, message: message, test: assertion.reportedTest,
        pattern: pattern.id, businessTerms: assertion.businessTerms))
  }

  mutating func notUnderstood(
    _ rule: CompiledSchema.Rule, _ index: Int, _ pattern: CompiledSchema.Pattern, _ what: String
  ) {
    let key = [schema.patterns.firstIndex { $0.id == pattern.id } ?? 0, index]
    guard reportedRules.insert(key).inserted else { return }
    let ids = rule.source.assertions.map(\.id).joined(separator: ", ")
    append(
      Finding(
        rule: CaravanRule.xpath.id, flag: .fatal, location: tree.svrlLocation(tree.root),
        message: "the rule with context '\(rule.source.context)' (\(ids)) could not be checked: "
          + what,
        pattern: pattern.id))
  }

  mutating func append(_ finding: Finding) {
    // A dynamic error met by several asserts at one node is reported once per assert; the
    // same finding twice (the same node reached by one rule twice cannot happen) is dropped.
    guard seen.insert(finding).inserted else { return }
    findings.append(finding)
  }

  func location(of node: XPathItem) -> String {
    switch node {
    case .element(let element): tree.svrlLocation(element)
    case .attribute(let element, let index):
      // The skeleton's `schematron-select-full-path` mode has a template for elements only;
      // for an attribute the built-in rule applies and writes the attribute's value.
      tree.attributes(element)[tree.attributes(element).startIndex + index].value
    default: ""
    }
  }
}

extension CaravanRule {
  /// The Caravan id for a dynamic error met while evaluating a test.
  init(dynamicError error: XPathError) {
    switch error.code {
    case "FORG0001", "FOCA0002", "FOCA0003", "FODT0001", "FODT0002", "FODT0003": self = .value
    // XPST…: a static error found late (an unknown function); CARAVAN…: not implemented.
    case let code where code.hasPrefix("CARAVAN") || code.hasPrefix("XPST"): self = .xpath
    default: self = .evaluation
    }
  }
}
