import CaravanSyntax
import CaravanXML
import Foundation
internal import Synchronization

/// A ``SchematronSchema`` with every context and test compiled to XPath, and an index from
/// element names to the rules that can match them. Compiled on first use, once per syntax
/// and core (``Pool``).
final class CompiledSchema: Sendable {
  /// A class, so that walking a rule's asserts does not copy them.
  final class Assertion: Sendable {
    let source: SchematronAssertion
    /// The compiled test's syntax tree, or nil when the test is not understood: read as it
    /// is for every node the rule checks, without copying a compiled expression.
    let test: XPathNode?
    /// The number of variables the test binds.
    let slotCount: Int
    /// Why the test is not understood, when it is not.
    let syntaxError: XPathSyntaxError?

    init(source: SchematronAssertion, expression: Result<XPathExpression, XPathSyntaxError>) {
      self.source = source
      switch expression {
      case .success(let compiled):
        (test, slotCount, syntaxError) = (compiled.root, compiled.slotCount, nil)
      case .failure(let error):
        (test, slotCount, syntaxError) = (nil, 0, error)
      }
    }

    /// The error an assertion whose test is not understood reports.
    var notUnderstood: XPathError {
      XPathError(
        code: "CARAVAN-XPATH",
        message: "the test is not understood: \(syntaxError.map { "\($0)" } ?? "")")
    }
  }

  /// A class, so that trying a rule on a node passes one reference instead of copying it.
  final class Rule: Sendable {
    let source: SchematronRule
    /// The compiled context, or nil when it is not understood.
    let pattern: XPathPattern?
    /// Why the context is not understood, when it is not.
    let syntaxError: XPathSyntaxError?
    let assertions: [Assertion]

    init(
      source: SchematronRule, context: Result<XPathPattern, XPathSyntaxError>,
      assertions: [Assertion]
    ) {
      self.source = source
      switch context {
      case .success(let compiled): (pattern, syntaxError) = (compiled, nil)
      case .failure(let error): (pattern, syntaxError) = (nil, error)
      }
      self.assertions = assertions
    }
  }

  struct Pattern: Sendable {
    let id: String
    let rules: [Rule]
    /// Each element name some rule requires, with the indexes of the rules that can match an
    /// element of that name, in rule order (the rules for any name merged in).
    let rulesByName: [(name: XPathNameTest, rules: [Int])]
    /// The rules that can match an element of any name.
    let wildcardRules: [Int]
    /// The rules that can match an attribute.
    let attributeRules: [Int]

    /// For each name of `tree` (``XMLTree/names``), the rules that can match an element of
    /// that name, in order: the names are resolved through `memo`, without hashing strings.
    func candidates(in tree: XMLTree, memo: XPathMemo) -> [[Int]] {
      var byName = Array(repeating: wildcardRules, count: tree.names.count)
      for (name, rules) in rulesByName {
        let index = memo.index(of: name, in: tree)
        if index >= 0 { byName[Int(index)] = rules }
      }
      return byName
    }
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
      let byName = named.sorted { $0.key.description < $1.key.description }.map { name, indexes in
        (XPathNameTest.named(name.namespace, name.local), (indexes + wildcard).sorted())
      }
      let attributes = pattern.rules.indices.filter { pattern.rules[$0].matchesAttributes }
      return Pattern(
        id: pattern.id, rules: rules, rulesByName: byName, wildcardRules: wildcard,
        attributeRules: attributes)
    }
  }

  static let ubl = Pool(.en16931UBL)
  static let cii = Pool(.en16931CII)

  /// The compiled EN 16931 schemas for `syntax`.
  static func en16931(_ syntax: Syntax) -> Pool {
    switch syntax {
    case .ubl: ubl
    case .cii: cii
    }
  }

  /// Compiled copies of one schema, each lent to one validation at a time, up to one copy per
  /// core. Evaluating a compiled schema retains and releases its nodes all the time; threads
  /// sharing one copy contend for those reference counts (two validating threads ran at 1.3
  /// times the rate of one), while threads on copies of their own do not (1.9 times). A copy
  /// is compiled on first need, so a process that validates on one thread compiles one.
  final class Pool: Sendable {
    let schema: SchematronSchema
    private let limit = max(1, ProcessInfo.processInfo.activeProcessorCount)
    private let state = Mutex<(free: [CompiledSchema], made: [CompiledSchema])>(([], []))

    /// What a validation gets: a copy of its own, one it shares, or the task of making one.
    private enum Lease {
      case own(CompiledSchema)
      case shared(CompiledSchema)
      case make
    }

    init(_ schema: SchematronSchema) { self.schema = schema }

    /// Calls `body` with a copy no other validation is using, or, when every core already
    /// has its copy, with one of them.
    func lease<Result>(_ body: (CompiledSchema) -> Result) -> Result {
      let lease = state.withLock { state -> Lease in
        if let copy = state.free.popLast() { return .own(copy) }
        if state.made.count >= limit {
          return .shared(state.made[Int.random(in: 0..<state.made.count)])
        }
        return .make
      }
      switch lease {
      case .shared(let copy):
        return body(copy)
      case .own(let copy):
        defer { state.withLock { $0.free.append(copy) } }
        return body(copy)
      case .make:
        // Compiled outside the lock: other validations go on meanwhile.
        let copy = CompiledSchema(schema)
        state.withLock { $0.made.append(copy) }
        defer { state.withLock { $0.free.append(copy) } }
        return body(copy)
      }
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
