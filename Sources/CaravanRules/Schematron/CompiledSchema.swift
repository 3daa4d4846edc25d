import CaravanSyntax
import CaravanXML

/// A ``SchematronSchema`` with every context and test compiled to XPath, and an index from
/// element names to the rules that can match them. Compiled once per syntax, on first use,
/// and shared: the instances are `static let`s, which Swift initialises lazily and exactly
/// once whatever the number of threads.
final class CompiledSchema: Sendable {
  /// A class, so that walking a rule's asserts does not copy them.
  final class Assertion: Sendable {
    let source: SchematronAssertion
    let expression: Result<XPathExpression, XPathSyntaxError>

    init(source: SchematronAssertion, expression: Result<XPathExpression, XPathSyntaxError>) {
      self.source = source
      self.expression = expression
    }
  }

  /// A class, so that trying a rule on a node passes one reference instead of copying it.
  final class Rule: Sendable {
    let source: SchematronRule
    let context: Result<XPathPattern, XPathSyntaxError>
    let assertions: [Assertion]

    init(
      source: SchematronRule, context: Result<XPathPattern, XPathSyntaxError>,
      assertions: [Assertion]
    ) {
      self.source = source
      self.context = context
      self.assertions = assertions
    }
  }

  struct Pattern: Sendable {
    let id: String
    let rules: [Rule]
    /// Expanded name → the indexes of the rules that can match an element of that name, in
    /// rule order (the rules for any name merged in).
    let rulesByName: [XMLName: [Int]]
    /// The rules that can match an element of any name.
    let wildcardRules: [Int]
    /// The rules that can match an attribute.
    let attributeRules: [Int]

    /// The rules that can match an element named `name`, in order.
    func candidates(for name: XMLName) -> [Int] { rulesByName[name] ?? wildcardRules }
  }

  let schema: SchematronSchema
  let patterns: [Pattern]

  init(_ schema: SchematronSchema) {
    self.schema = schema
    let namespaces = schema.namespaces
    patterns = schema.patterns.map { pattern in
      let rules = pattern.rules.map { rule in
        Rule(
          source: rule,
          context: Result { () throws(XPathSyntaxError) in
            try XPathPattern(rule.context, namespaces: namespaces)
          },
          assertions: rule.assertions.map { assertion in
            Assertion(
              source: assertion,
              expression: Result { () throws(XPathSyntaxError) in
                try XPathExpression(assertion.test, namespaces: namespaces)
              })
          })
      }
      var wildcard: [Int] = []
      var named: [XMLName: [Int]] = [:]
      for (index, rule) in pattern.rules.enumerated() {
        guard let names = rule.elementNames else {
          wildcard.append(index)
          continue
        }
        for name in names { named[XMLName(clark: name), default: []].append(index) }
      }
      let byName = named.mapValues { ($0 + wildcard).sorted() }
      let attributes = pattern.rules.indices.filter { pattern.rules[$0].matchesAttributes }
      return Pattern(
        id: pattern.id, rules: rules, rulesByName: byName, wildcardRules: wildcard,
        attributeRules: attributes)
    }
  }

  static let ubl = CompiledSchema(.en16931UBL)
  static let cii = CompiledSchema(.en16931CII)

  /// The shared compiled EN 16931 schema for `syntax`.
  static func en16931(_ syntax: Syntax) -> CompiledSchema {
    switch syntax {
    case .ubl: ubl
    case .cii: cii
    }
  }
}

extension XMLName {
  /// Reads the Clark notation `{uri}local`.
  init(clark: String) {
    if clark.hasPrefix("{"), let close = clark.firstIndex(of: "}") {
      self.init(
        String(clark[clark.index(after: clark.startIndex)..<close]),
        String(clark[clark.index(after: close)...]))
    } else {
      self.init("", clark)
    }
  }
}
