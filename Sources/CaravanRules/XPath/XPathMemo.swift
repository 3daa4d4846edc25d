internal import CaravanModel
internal import CaravanXML
internal import Synchronization

/// Per-document results of subexpressions that do not depend on the focus or on variables,
/// such as `//cac:TaxCategory[cac:TaxScheme/normalize-space(upper-case(cbc:ID))='VAT']`, which
/// many asserts of a rule set repeat. Each distinct subexpression (compared by structure) has
/// one id for the whole process; a validation keeps one `XPathMemo` for its document, so each
/// such subexpression is evaluated once per document in each of the three ways the evaluator
/// asks for values (a sequence, a stream of items, an effective boolean value).
///
/// An evaluation that raises an error is not kept: the subexpression is then evaluated as if
/// it had no memo, every time, so that errors arise exactly where they would without it.
final class XPathMemo {
  /// A kept result: not yet computed, computed, or failed (evaluate without the memo).
  enum Entry<Value> {
    case unknown
    case value(Value)
    case failed
  }

  @exclusivity(unchecked) var sequences: [Entry<[XPathItem]>]
  @exclusivity(unchecked) var streams: [Entry<[XPathItem]>]
  @exclusivity(unchecked) var truths: [Entry<Bool>]
  /// Values of ``XPathNode/nodeMemo(_:_:)`` predicates: `id << 40 | (orderKey + 1)` → value.
  @exclusivity(unchecked) var nodeTruths = NodeTable<Bool>(empty: false)
  /// Values of ``XPathNode/nodeValue(_:_:)`` subexpressions, keyed as ``nodeTruths``.
  @exclusivity(unchecked) var nodeValues = NodeTable<[XPathItem]>(empty: [])
  /// Values of ``XPathNode/nameMemo(_:_:)`` predicates: `id << 32 | (written name + 1)` →
  /// value.
  @exclusivity(unchecked) var nameTruths = NodeTable<Bool>(empty: false)
  /// `name()` of the elements of each written name (``XMLTree/qualifiedNameIndex(_:)``),
  /// made on first need: a prefixed name is a string of its own, built by concatenation.
  @exclusivity(unchecked) private var qualifiedNames: [String?] = []

  /// The document's index of each name test's name (``XPathNameTest/id``), -1 for a name
  /// no element of the document has: made from the document's few distinct names, not by
  /// looking up the rules' many.
  let nameIndexes: [Int32]

  /// A memo for `tree`, with room for every subexpression compiled so far.
  init(tree: XMLTree) {
    let count = Self.registry.withLock { $0.count }
    sequences = Array(repeating: .unknown, count: count)
    streams = Array(repeating: .unknown, count: count)
    truths = Array(repeating: .unknown, count: count)
    nameIndexes = XPathNameTest.indexes(of: tree.names)
  }

  /// `name()` of `element` of the memo's document `tree`, as ``XMLTree/qualifiedName(_:)``
  /// gives it, made once per written name.
  func qualifiedName(of element: XMLTree.Element, in tree: XMLTree) -> String {
    let index = Int(tree.qualifiedNameIndex(element))
    if qualifiedNames.isEmpty {
      qualifiedNames = Array(repeating: nil, count: tree.qualifiedNameCount)
    }
    if let name = qualifiedNames[index] { return name }
    let name = tree.qualifiedName(element)
    qualifiedNames[index] = name
    return name
  }

  /// The index of `test`'s name in `tree.names` (the memo's document), or -1 when no element
  /// of the document has it.
  @inline(__always)
  func index(of test: XPathNameTest, in tree: XMLTree) -> Int32 {
    // A test made after the memo (an expression compiled meanwhile) is looked up.
    if test.id < nameIndexes.count { return nameIndexes[test.id] }
    return tree.nameIndex(of: test.name) ?? -1
  }

  /// Structural key → id, for every memoised subexpression compiled in the process.
  private static let registry = Mutex<[String: Int]>([:])

  /// The id of the subexpression with structural key `key`.
  static func id(for key: String) -> Int {
    registry.withLock { ids in
      if let id = ids[key] { return id }
      let id = ids.count
      ids[key] = id
      return id
    }
  }

  /// `node` with its largest focus-independent path subexpressions wrapped in
  /// ``XPathNode/memo(_:_:)``, and the part of a focus-independent chain of steps up to its
  /// last filtered step wrapped too (so `//a[p]/b[q]` and `//a[p]/c` share `//a[p]`).
  /// Predicates are left as they are: they are evaluated with their own focus.
  ///
  /// `scoped` is true inside a quantified expression's body and inside a predicate that uses
  /// variables, which are evaluated again for every binding: there, the largest
  /// subexpressions that depend on the context item alone are kept per node
  /// (``XPathNode/nodeMemo(_:_:)`` for booleans, ``XPathNode/nodeValue(_:_:)`` otherwise).
  static func rewrite(_ node: XPathNode, scoped: Bool = false) -> XPathNode {
    if node.isStrictlyBoolean, node.dependsOnNameAlone {
      return .nameMemo(id(for: "q:" + node.key), node)
    }
    if scoped, node.isKeptPerNode {
      let inner = rewrite(node)
      if node.isStrictlyBoolean { return .nodeMemo(id(for: "p:" + node.key), inner) }
      return .nodeValue(id(for: "n:" + node.key), inner)
    }
    let inner = { (n: XPathNode) in rewrite(n, scoped: scoped) }
    switch node {
    case .step(let s): return .step(rewrite(s, scoped: scoped))
    case .filter(let base, let predicates) where node.dependsOnFocus:
      return .filter(inner(base), predicates.map { rewrite($0, scoped: scoped) })
    case .steps(let base, let steps, let flat) where !node.dependsOnFocus:
      var chain = node
      if let k = steps.indices.dropLast().last(where: { !steps[$0].predicates.isEmpty }) {
        let prefix = XPathNode.steps(base, Array(steps[...k]), flat: false)
        chain = .steps(
          .memo(id(for: prefix.key), prefix), Array(steps[(k + 1)...]), flat: flat)
      }
      return .memo(id(for: node.key), chain.mapSteps { rewrite($0) })
    case .steps(.contextItem, let steps, _)
    where steps.allSatisfy({ $0.axis == .child && $0.name != nil && $0.predicates.isEmpty }):
      return .childPath(steps.map { $0.name! })
    case .steps(let base, let steps, let flat):
      return .steps(inner(base), steps.map { rewrite($0, scoped: scoped) }, flat: flat)
    case .path, .union, .filter:
      if !node.dependsOnFocus { return .memo(id(for: node.key), node) }
      return node.mapChildren(inner)
    case .quantified(let every, let slot, let domain, let body):
      return .quantified(
        every: every, slot: slot, domain: inner(domain), body: rewrite(body, scoped: true))
    case .call(.contains, let args):
      // `contains(' A B C ', concat(' ', E, ' '))`: a code list.
      if case .string(let list) = args[0], case .call(.concat, let parts) = args[1],
        parts.count == 3, case .string(" ") = parts[0], case .string(" ") = parts[2]
      {
        return .codeList(XPathCodeList(list), inner(parts[1]))
      }
      return node.mapChildren(inner)
    default:
      return node.mapChildren(inner)
    }
  }
}

extension XPathMemo {
  /// The step with each boolean predicate that depends on the context item alone wrapped in
  /// ``XPathNode/nodeMemo(_:_:)``, and the subexpressions of every predicate rewritten.
  static func rewrite(_ step: XPathStep, scoped: Bool = false) -> XPathStep {
    if step.predicates.isEmpty { return step }
    return XPathStep(
      axis: step.axis, test: step.test,
      predicates: step.predicates.map { rewrite($0, scoped: scoped) })
  }

  /// See ``rewrite(_:)-(XPathStep)``.
  static func rewrite(_ predicate: XPathPredicate, scoped: Bool = false) -> XPathPredicate {
    let usesVariables = predicate.expression.usesVariables
    let inner = rewrite(predicate.expression, scoped: scoped || usesVariables)
    guard predicate.isBoolean, !usesVariables else {
      return XPathPredicate(expression: inner, literalPosition: predicate.literalPosition)
    }
    switch inner {
    case .nodeMemo, .nameMemo:
      return XPathPredicate(expression: inner, literalPosition: predicate.literalPosition)
    case .and(.nameMemo(let id, let name), let rest):
      // The name decides first, without a table per node; the rest is kept per node.
      let kept = XPathNode.nodeMemo(Self.id(for: "p:" + rest.key), rest)
      return XPathPredicate(
        expression: .and(.nameMemo(id, name), kept), literalPosition: predicate.literalPosition)
    default: break
    }
    return XPathPredicate(
      expression: .nodeMemo(id(for: "p:" + predicate.expression.key), inner),
      literalPosition: predicate.literalPosition)
  }
}

extension XPathNode {
  /// True for a subexpression worth keeping per context node where it is evaluated again
  /// under other variable bindings: it depends on the context item, but neither on the
  /// context position nor on variables, and is more than a literal or a single step.
  var isKeptPerNode: Bool {
    switch self {
    case .string, .decimal, .double, .variable, .contextItem, .root, .step, .memo, .nodeMemo,
      .nodeValue, .nameMemo, .quantified:
      return false
    case .call(let f, let args):
      if args.isEmpty { return false }
      if f == .true || f == .false || f == .position || f == .last { return false }
    default: break
    }
    return dependsOnFocus && !usesVariables && !mentionsPosition
  }

  /// True when the value depends on the focus only through `name()` or `local-name()` of
  /// the context item, and does: literals, those two calls, and functions and operators over
  /// them.
  var dependsOnNameAlone: Bool { readsName && isDeterminedByName }

  private var readsName: Bool {
    switch self {
    case .call(.name, let args), .call(.localName, let args): args.isEmpty
    case .call(_, let args): args.contains { $0.readsName }
    case .or(let a, let b), .and(let a, let b), .general(_, let a, let b),
      .value(_, let a, let b), .arithmetic(_, let a, let b):
      a.readsName || b.readsName
    case .negate(let a), .cast(let a, _, _), .codeList(_, let a): a.readsName
    default: false
    }
  }

  private var isDeterminedByName: Bool {
    switch self {
    case .string, .decimal, .double: return true
    case .call(let f, let args):
      // With no argument, these read the context item itself or its position.
      if args.isEmpty { return f == .name || f == .localName || f == .true || f == .false }
      return args.allSatisfy { $0.isDeterminedByName }
    case .or(let a, let b), .and(let a, let b), .general(_, let a, let b),
      .value(_, let a, let b), .arithmetic(_, let a, let b):
      return a.isDeterminedByName && b.isDeterminedByName
    case .negate(let a), .cast(let a, _, _), .codeList(_, let a): return a.isDeterminedByName
    default: return false
    }
  }

  /// True when the value is one boolean (not nodes whose existence is their truth).
  var isStrictlyBoolean: Bool {
    switch self {
    case .step, .path, .steps, .union, .memo, .nodeMemo, .nodeValue, .filter, .childPath: false
    case .nameMemo: true
    default: isBoolean
    }
  }
}

extension XPathNode {
  /// A chain of steps with `transform` applied to its steps, and to those of a memoised base.
  func mapSteps(_ transform: (XPathStep) -> XPathStep) -> XPathNode {
    switch self {
    case .steps(let base, let steps, let flat):
      .steps(base.mapSteps(transform), steps.map(transform), flat: flat)
    case .memo(let id, let inner): .memo(id, inner.mapSteps(transform))
    default: self
    }
  }

  /// The node with `transform` applied to its direct subexpressions outside predicates.
  func mapChildren(_ transform: (XPathNode) -> XPathNode) -> XPathNode {
    switch self {
    case .string, .decimal, .double, .variable, .contextItem, .root, .step, .memo, .nodeMemo,
      .nodeValue, .nameMemo, .childPath:
      self
    case .codeList(let list, let a): .codeList(list, transform(a))
    case .path(let a, let b, let flat): .path(transform(a), transform(b), flat: flat)
    case .steps(let base, let steps, let flat): .steps(transform(base), steps, flat: flat)
    case .filter(let base, let predicates): .filter(transform(base), predicates)
    case .sequence(let items): .sequence(items.map(transform))
    case .union(let a, let b): .union(transform(a), transform(b))
    case .or(let a, let b): .or(transform(a), transform(b))
    case .and(let a, let b): .and(transform(a), transform(b))
    case .general(let op, let a, let b): .general(op, transform(a), transform(b))
    case .value(let op, let a, let b): .value(op, transform(a), transform(b))
    case .arithmetic(let op, let a, let b): .arithmetic(op, transform(a), transform(b))
    case .negate(let a): .negate(transform(a))
    case .call(let f, let args): .call(f, args.map(transform))
    case .quantified(let every, let slot, let domain, let body):
      .quantified(every: every, slot: slot, domain: transform(domain), body: transform(body))
    case .cast(let a, let type, let allowsEmpty):
      .cast(transform(a), type, allowsEmpty: allowsEmpty)
    }
  }

  /// True when the value may depend on the focus (context item, position, size) or on a
  /// variable: only nodes for which this is false can be memoised per document.
  var dependsOnFocus: Bool {
    switch self {
    case .string, .decimal, .double, .root: false
    case .variable, .contextItem, .step, .quantified, .childPath: true
    case .memo(_, let inner): inner.dependsOnFocus
    case .nodeMemo, .nodeValue, .nameMemo: true
    case .codeList(_, let a): a.dependsOnFocus
    case .path(let a, let b, _): a.dependsOnFocus || b.usesVariables
    case .steps(let base, let steps, _):
      base.dependsOnFocus
        || steps.contains { $0.predicates.contains { $0.expression.usesVariables } }
    case .filter(let base, let predicates):
      base.dependsOnFocus || predicates.contains { $0.expression.usesVariables }
    case .sequence(let items): items.contains { $0.dependsOnFocus }
    case .union(let a, let b), .or(let a, let b), .and(let a, let b),
      .general(_, let a, let b), .value(_, let a, let b), .arithmetic(_, let a, let b):
      a.dependsOnFocus || b.dependsOnFocus
    case .negate(let a), .cast(let a, _, _): a.dependsOnFocus
    case .call(let f, let args):
      switch f {
      case .position, .last: true
      case .string, .data, .normalizeSpace, .stringLength, .name, .localName:
        args.isEmpty || args.contains { $0.dependsOnFocus }
      default: args.contains { $0.dependsOnFocus }
      }
    }
  }

  /// True when a variable or a quantified expression (which binds one) occurs anywhere,
  /// predicates included.
  var usesVariables: Bool {
    switch self {
    case .string, .decimal, .double, .contextItem, .root, .childPath: false
    case .variable, .quantified: true
    case .memo(_, let inner), .nodeMemo(_, let inner), .nodeValue(_, let inner),
      .nameMemo(_, let inner), .codeList(_, let inner):
      inner.usesVariables
    case .step(let s): s.predicates.contains { $0.expression.usesVariables }
    case .steps(let base, let steps, _):
      base.usesVariables
        || steps.contains { $0.predicates.contains { $0.expression.usesVariables } }
    case .filter(let base, let predicates):
      base.usesVariables || predicates.contains { $0.expression.usesVariables }
    case .sequence(let items): items.contains { $0.usesVariables }
    case .call(_, let args): args.contains { $0.usesVariables }
    case .path(let a, let b, _), .union(let a, let b), .or(let a, let b), .and(let a, let b),
      .general(_, let a, let b), .value(_, let a, let b), .arithmetic(_, let a, let b):
      a.usesVariables || b.usesVariables
    case .negate(let a), .cast(let a, _, _): a.usesVariables
    }
  }

  /// A text that identifies the expression's structure exactly: equal keys, equal
  /// expressions.
  var key: String {
    switch self {
    case .string(let s): "s\(s.utf8.count):\(s)"
    case .decimal(let d): "d(\(d))"
    case .double(let d): "f(\(d.bitPattern))"
    case .variable(let slot): "v\(slot)"
    case .contextItem: "."
    case .root: "/"
    case .childPath(let names):
      "steps(.,[\(names.map { "child::{\($0.namespace.utf8.count):\($0.namespace)}\($0.local)[]" }.joined(separator: ","))],true)"
    case .memo(_, let inner), .nodeMemo(_, let inner), .nodeValue(_, let inner),
      .nameMemo(_, let inner):
      inner.key
    case .codeList(let list, let a):
      "call(contains,s\(list.text.utf8.count):\(list.text),call(concat,s1: ,\(a.key),s1: ))"
    case .path(let a, let b, let flat): "path(\(a.key),\(b.key),\(flat))"
    case .step(let s): "step(\(s.key))"
    case .steps(let base, let steps, let flat):
      "steps(\(base.key),[\(steps.map(\.key).joined(separator: ","))],\(flat))"
    case .filter(let base, let predicates):
      "filter(\(base.key),[\(predicates.map(\.expression.key).joined(separator: ","))])"
    case .sequence(let items): "seq(\(items.map(\.key).joined(separator: ",")))"
    case .union(let a, let b): "union(\(a.key),\(b.key))"
    case .or(let a, let b): "or(\(a.key),\(b.key))"
    case .and(let a, let b): "and(\(a.key),\(b.key))"
    case .general(let op, let a, let b): "general(\(op),\(a.key),\(b.key))"
    case .value(let op, let a, let b): "value(\(op),\(a.key),\(b.key))"
    case .arithmetic(let op, let a, let b): "arith(\(op),\(a.key),\(b.key))"
    case .negate(let a): "neg(\(a.key))"
    case .call(let f, let args): "call(\(f.rawValue),\(args.map(\.key).joined(separator: ",")))"
    case .quantified(let every, let slot, let domain, let body):
      "q(\(every),\(slot),\(domain.key),\(body.key))"
    case .cast(let a, let type, let allowsEmpty): "cast(\(a.key),\(type),\(allowsEmpty))"
    }
  }
}

extension XPathStep {
  /// See ``XPathNode/key``.
  var key: String {
    let test: String
    switch self.test {
    case .anyNode: test = "node()"
    case .anyName: test = "*"
    case .namespace(let uri): test = "{\(uri.utf8.count):\(uri)}*"
    case .name(let n): test = "{\(n.namespace.utf8.count):\(n.namespace)}\(n.local)"
    }
    return "\(axis.rawValue)::\(test)[\(predicates.map(\.expression.key).joined(separator: "]["))]"
  }
}

extension XPathEvaluator {
  /// `evaluate` for a memoised subexpression.
  func memoSequence(_ id: Int, _ inner: XPathNode, _ focus: XPathFocus) throws(XPathError)
    -> [XPathItem]
  {
    guard let memo, id < memo.sequences.count else { return try evaluate(inner, focus) }
    switch memo.sequences[id] {
    case .value(let items): return items
    case .failed: return try evaluate(inner, focus)
    case .unknown:
      do {
        let items = try evaluate(inner, focus)
        memo.sequences[id] = .value(items)
        return items
      } catch {
        memo.sequences[id] = .failed
        throw error
      }
    }
  }

  /// `each` for a memoised subexpression: the items in the order, and with the repetitions,
  /// that streaming gives.
  func memoEach(_ id: Int, _ inner: XPathNode, _ focus: XPathFocus, _ visit: Visitor)
    throws(XPathError) -> Bool
  {
    guard let memo, id < memo.streams.count else { return try each(inner, focus, visit) }
    let items: [XPathItem]
    switch memo.streams[id] {
    case .value(let kept): items = kept
    case .failed: return try each(inner, focus, visit)
    case .unknown:
      var collected: [XPathItem] = []
      do {
        _ = try each(inner, focus) { (item) throws(XPathError) in
          collected.append(item)
          return true
        }
      } catch {
        // The whole stream fails somewhere: a visitor that stops early may never see it.
        memo.streams[id] = .failed
        return try each(inner, focus, visit)
      }
      memo.streams[id] = .value(collected)
      items = collected
    }
    for item in items where !(try visit(item)) { return false }
    return true
  }

  /// `isTrue` for a predicate kept per node.
  func nodeTruth(_ id: Int, _ inner: XPathNode, _ focus: XPathFocus) throws(XPathError) -> Bool {
    let order = focus.item.orderKey
    guard let memo, order < (1 << 40) - 1 else { return try isTrue(inner, focus) }
    let key = UInt64(id << 40 | (order + 1))
    if let truth = memo.nodeTruths.find(key) { return truth }
    // An error is not kept: the predicate is evaluated again, and fails again, next time.
    let truth = try isTrue(inner, focus)
    memo.nodeTruths.insert(key, truth)
    return truth
  }

  /// The value of a predicate kept per written element name. Any other context item (or no
  /// memo) evaluates it; an error is not kept.
  func nameTruth(_ id: Int, _ inner: XPathNode, _ focus: XPathFocus) throws(XPathError) -> Bool {
    guard let memo, case .element(let e) = focus.item else { return try isTrue(inner, focus) }
    let key = UInt64(id) << 32 | UInt64(tree.qualifiedNameIndex(e) + 1)
    if let truth = memo.nameTruths.find(key) { return truth }
    let truth = try isTrue(inner, focus)
    memo.nameTruths.insert(key, truth)
    return truth
  }

  /// The value of a subexpression kept per node, or nil when there is no memo or the focus
  /// is not a node. An error is not kept.
  func nodeValue(_ id: Int, _ inner: XPathNode, _ focus: XPathFocus) throws(XPathError)
    -> [XPathItem]?
  {
    let order = focus.item.orderKey
    guard let memo, order < (1 << 40) - 1 else { return nil }
    let key = UInt64(id << 40 | (order + 1))
    if let items = memo.nodeValues.find(key) { return items }
    let items = try evaluate(inner, focus)
    memo.nodeValues.insert(key, items)
    return items
  }

  /// `isTrue` for a memoised subexpression.
  func memoTruth(_ id: Int, _ inner: XPathNode, _ focus: XPathFocus) throws(XPathError) -> Bool {
    guard let memo, id < memo.truths.count else { return try isTrue(inner, focus) }
    switch memo.truths[id] {
    case .value(let truth): return truth
    case .failed: return try isTrue(inner, focus)
    case .unknown:
      do {
        let truth = try isTrue(inner, focus)
        memo.truths[id] = .value(truth)
        return truth
      } catch {
        memo.truths[id] = .failed
        throw error
      }
    }
  }
}

/// A hash table from nonzero 64-bit keys to values, open addressing with linear probing:
/// the per-node memos, looked up far more often than filled.
struct NodeTable<Value> {
  private var keys: [UInt64]
  private var values: [Value]
  private var count = 0
  private var shift: UInt64
  private let empty: Value

  init(empty: Value) {
    self.empty = empty
    keys = Array(repeating: 0, count: 64)
    values = Array(repeating: empty, count: 64)
    shift = 64 - 6
  }

  @inline(__always)
  private func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  func find(_ key: UInt64) -> Value? {
    let mask = keys.count - 1
    var i = slot(key)
    while true {
      let k = keys[i]
      if k == key { return values[i] }
      if k == 0 { return nil }
      i = (i + 1) & mask
    }
  }

  mutating func insert(_ key: UInt64, _ value: Value) {
    if (count + 1) * 2 > keys.count { grow() }
    let mask = keys.count - 1
    var i = slot(key)
    while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
    if keys[i] == 0 { count += 1 }
    keys[i] = key
    values[i] = value
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = Array(repeating: 0, count: oldKeys.count * 2)
    values = Array(repeating: empty, count: oldKeys.count * 2)
    shift -= 1
    count = 0
    for (k, v) in zip(oldKeys, oldValues) where k != 0 { insert(k, v) }
  }
}
