public import CaravanXML

/// A compiled XPath 2.0 expression (the subset used by the EN 16931 artefacts).
///
/// Compiled once into a syntax tree; evaluation walks it over an ``XMLTree`` with the
/// semantics of XPath 2.0 as Saxon implements them (untyped atomization, existential general
/// comparisons, Saxon's decimal division). Name tests resolve against a tree's name table once
/// per tree, so evaluating many expressions over one document compares integers.
public struct XPathExpression: Sendable {
  /// The source text.
  public let source: String
  let root: XPathNode
  let slotCount: Int

  public init(_ source: String, namespaces: XPathNamespaces) throws(XPathSyntaxError) {
    self.source = source
    var parser = try XPathParser(source, namespaces: namespaces)
    self.root = XPathMemo.rewrite(try parser.parseExpression())
    self.slotCount = parser.slotCount
  }

  private func evaluator(_ tree: XMLTree, memo: XPathMemo? = nil) -> XPathEvaluator {
    XPathEvaluator(
      tree: tree, frame: slotCount > 0 ? XPathFrame(count: slotCount) : nil, memo: memo)
  }

  /// Evaluates with `context` as the context item (position 1, size 1). Nodes come in document
  /// order without duplicates.
  public func evaluate(in tree: XMLTree, context: XPathItem) throws(XPathError) -> [XPathItem] {
    try evaluator(tree).evaluate(root, XPathFocus(item: context, position: 1))
  }

  /// The effective boolean value of the result (XPath 2.0 §2.4.3).
  public func isTrue(in tree: XMLTree, context: XPathItem) throws(XPathError) -> Bool {
    try evaluator(tree).isTrue(root, XPathFocus(item: context, position: 1))
  }

  /// ``isTrue(in:context:)`` with the focus-independent subexpressions kept in `memo`, which
  /// belongs to `tree` alone.
  func isTrue(in tree: XMLTree, context: XPathItem, memo: XPathMemo) throws(XPathError) -> Bool {
    try evaluator(tree, memo: memo).isTrue(root, XPathFocus(item: context, position: 1))
  }
}

/// A compiled XSLT pattern: a Schematron rule context such as `cac:InvoiceLine |
/// cac:CreditNoteLine`, `/ubl:Invoice/cac:TaxTotal`, `//ram:X[pred]` or `cbc:*[@currencyID]`.
///
/// Matched from the right (XSLT 2.0 §5.5.3): a node matches when the last step matches it and
/// the steps before it match its parent (after `/`) or one of its ancestors (after `//`), up
/// to the document node for a pattern starting with `/`. Predicates see the context position
/// among the siblings that pass the step's node test, as in the equivalent path expression.
public struct XPathPattern: Sendable {
  /// The source text.
  public let source: String
  let alternatives: [XPathPathPattern]
  /// The element names the last step of each alternative requires; nil when some alternative
  /// accepts elements of any name.
  let terminalNames: [XPathNameTest]?
  /// For a pattern `//*[P …]` or `*[P …]` whose first predicate is, or starts with, a test of
  /// the element's name alone (`ends-with(name(), 'Amount') and …`): that test. An element
  /// whose written name fails it cannot match.
  let nameTest: XPathNode?

  public init(_ source: String, namespaces: XPathNamespaces) throws(XPathSyntaxError) {
    self.source = source
    var parser = try XPathParser(source, namespaces: namespaces)
    // Predicates rewritten as in expressions, so that matching with a memo shares the
    // per-node predicate values with the asserts and with the other rules.
    self.alternatives = try parser.parsePattern().map {
      XPathPathPattern(
        anchor: $0.anchor, steps: $0.steps.map { XPathMemo.rewrite($0) },
        separators: $0.separators)
    }
    var names: [XPathNameTest]? = []
    for a in alternatives {
      guard let last = a.steps.last, last.axis == .child, let n = last.name else {
        names = nil
        break
      }
      names?.append(n)
    }
    self.terminalNames = names
    var nameTest: XPathNode? = nil
    if alternatives.count == 1, let last = alternatives[0].steps.last, last.axis == .child,
      case .anyName = last.test, let first = last.predicates.first
    {
      switch first.expression {
      case .nameMemo: nameTest = first.expression
      case .and(let test, _): if case .nameMemo = test { nameTest = test }
      default: break
      }
    }
    self.nameTest = nameTest
  }

  /// False when no element written with `element`'s name can match the pattern (its name fails
  /// the pattern's ``nameTest``); true when one may. An error in the test is left for matching
  /// to meet.
  func admitsName(of element: XMLTree.Element, in tree: XMLTree, memo: XPathMemo?) -> Bool {
    guard let nameTest else { return true }
    let evaluator = XPathEvaluator(tree: tree, frame: nil, memo: memo)
    do {
      return try evaluator.isTrue(nameTest, XPathFocus(item: .element(element), position: 1))
    } catch {
      return true
    }
  }

  /// The expanded names of the elements the pattern can match, or nil when it can match
  /// elements of any name (`*`, `prefix:*`) or attributes. A rule engine can index rules by
  /// these names and try only the patterns that can match a node.
  public var elementNames: [XMLName]? {
    terminalNames?.map { XMLName($0.namespace, $0.local) }
  }

  /// True when the pattern matches the node (an element or an attribute).
  public func matches(_ item: XPathItem, in tree: XMLTree) throws(XPathError) -> Bool {
    try matches(item, in: tree, memo: nil)
  }

  /// ``matches(_:in:)`` with the predicates' per-node and per-document values kept in `memo`,
  /// which belongs to `tree` alone.
  func matches(_ item: XPathItem, in tree: XMLTree, memo: XPathMemo?) throws(XPathError) -> Bool {
    let evaluator = XPathEvaluator(tree: tree, frame: nil, memo: memo)
    if let terminalNames {
      guard case .element(let e) = item else { return false }
      let index = tree.nameIndex(e)
      guard terminalNames.contains(where: { evaluator.index(of: $0) == index }) else {
        return false
      }
    }
    for alternative in alternatives where try evaluator.matches(alternative, item) { return true }
    return false
  }
}

extension XPathEvaluator {
  /// XSLT 2.0 §5.5.3 for one path pattern.
  func matches(_ pattern: XPathPathPattern, _ item: XPathItem) throws(XPathError) -> Bool {
    if pattern.steps.isEmpty {
      if case .document = item { return true }
      return false
    }
    return try matches(pattern, step: pattern.steps.count - 1, item)
  }

  private func matches(_ pattern: XPathPathPattern, step k: Int, _ item: XPathItem)
    throws(XPathError) -> Bool
  {
    guard try stepMatches(pattern.steps[k], item) else { return false }
    let parent: XPathItem
    switch item {
    case .element(let e): parent = tree.parent(e).map { .element($0) } ?? .document
    case .attribute(let e, _): parent = .element(e)
    default: return false
    }
    if k == 0 {
      switch pattern.anchor {
      case .relative, .anywhere: return true
      case .root:
        if case .document = parent { return true }
        return false
      }
    }
    if !pattern.separators[k] { return try matches(pattern, step: k - 1, parent) }
    var ancestor: XPathItem? = parent
    while let a = ancestor, case .element(let e) = a {
      if try matches(pattern, step: k - 1, a) { return true }
      ancestor = tree.parent(e).map { .element($0) } ?? .document
    }
    return false
  }

  /// True when `item` passes the step's node test and predicates, with its position among
  /// its parent's children (or attributes) that pass the test.
  private func stepMatches(_ step: XPathStep, _ item: XPathItem) throws(XPathError) -> Bool {
    let parent: XPathItem
    switch (step.axis, item) {
    case (.child, .element(let e)):
      switch step.test {
      case .anyNode, .anyName: break
      case .namespace(let uri): if tree.name(e).namespace != uri { return false }
      case .name(let t): if tree.nameIndex(e) != index(of: t) { return false }
      }
      if step.predicates.isEmpty { return true }
      parent = tree.parent(e).map { .element($0) } ?? .document
    case (.attribute, .attribute(let e, let n)):
      let attributes = tree.attributes(e)
      let name = attributes[attributes.startIndex + n].name
      switch step.test {
      case .anyNode, .anyName: break
      case .namespace(let uri): if name.namespace != uri { return false }
      case .name(let t): if !t.matches(name) { return false }
      }
      if step.predicates.isEmpty { return true }
      parent = .element(e)
    default:
      return false
    }
    // Predicates that cannot select by position are tested on the node alone.
    if step.predicates.allSatisfy({ $0.isBoolean }) {
      for p in step.predicates where try !isTrue(p.expression, XPathFocus(item: item, position: 1))
      {
        return false
      }
      return true
    }
    // Position among the siblings selected by the bare step, then each predicate in turn.
    var selected: [XPathItem] = []
    _ = try candidates(step, parent) { (candidate) throws(XPathError) in
      selected.append(candidate)
      return true
    }
    for p in step.predicates { selected = try filter(selected, p) }
    return selected.contains { $0.orderKey == item.orderKey }
  }
}
