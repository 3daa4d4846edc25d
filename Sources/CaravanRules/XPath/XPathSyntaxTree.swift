internal import CaravanModel
internal import CaravanXML
internal import Synchronization

/// A compiled expression of the XPath 2.0 subset (XPath 2.0 §3), evaluated by ``XPathEvaluator``.
indirect enum XPathNode: Sendable {
  /// A string literal (§3.1.1).
  case string(String)
  /// An integer or decimal literal (§3.1.1): both are held as exact decimals.
  case decimal(DecimalNumber)
  /// A double literal (§3.1.1).
  case double(Double)
  /// A variable reference (§3.1.2), by slot.
  case variable(Int)
  /// The context item `.` (§3.1.4).
  case contextItem
  /// `/`: the root of the tree containing the context node (§3.2).
  case root
  /// `E1/E2` (§3.2): `E2` evaluated once per node of `E1`. `flat` is true when `E1` yields
  /// nodes in document order of which none is an ancestor of another and `E2` is a child,
  /// attribute or self step: the result is then already in document order, without duplicates.
  case path(XPathNode, XPathNode, flat: Bool)
  /// An axis step with its predicates (§3.2.1).
  case step(XPathStep)
  /// `E/s1/s2/…`: a chain of axis steps from each node of `E` (§3.2), walked depth-first
  /// without building the intermediate sequences. `flat` as for ``path(_:_:flat:)``.
  case steps(XPathNode, [XPathStep], flat: Bool)
  /// A primary expression with predicates (§3.2.2).
  case filter(XPathNode, [XPathPredicate])
  /// `E1, E2` (§3.3.1).
  case sequence([XPathNode])
  /// `E1 | E2` (§3.3.3).
  case union(XPathNode, XPathNode)
  /// `or` (§3.6).
  case or(XPathNode, XPathNode)
  /// `and` (§3.6).
  case and(XPathNode, XPathNode)
  /// A general comparison `= != < <= > >=` (§3.5.2).
  case general(XPathComparison, XPathNode, XPathNode)
  /// A value comparison `eq ne lt le gt ge` (§3.5.1).
  case value(XPathComparison, XPathNode, XPathNode)
  /// `+ - * div idiv mod` (§3.4).
  case arithmetic(XPathArithmetic, XPathNode, XPathNode)
  /// Unary minus (§3.4).
  case negate(XPathNode)
  /// A function call (§3.1.5).
  case call(XPathFunction, [XPathNode])
  /// `some`/`every $v in E satisfies E` (§3.9).
  case quantified(every: Bool, slot: Int, domain: XPathNode, body: XPathNode)
  /// `E cast as T` or `E cast as T?` (§3.10.2).
  case cast(XPathNode, XPathAtomicType, allowsEmpty: Bool)
  /// A subexpression that depends neither on the focus nor on variables, evaluated once per
  /// document when the evaluator has an ``XPathMemo`` (the id indexes it).
  case memo(Int, XPathNode)
  /// A boolean predicate that depends on the context item alone (not on its position nor on
  /// variables), its value kept per document and node when the evaluator has an
  /// ``XPathMemo`` (the id indexes it).
  case nodeMemo(Int, XPathNode)
  /// A subexpression that depends on the context item alone (not on its position nor on
  /// variables), evaluated repeatedly under variable bindings: its value is kept per document
  /// and node when the evaluator has an ``XPathMemo`` (the id indexes it).
  case nodeValue(Int, XPathNode)
  /// A boolean subexpression that depends on the focus only through the context element's
  /// name (`ends-with(name(), 'Amount')`), its value kept per document and written name
  /// when the evaluator has an ``XPathMemo`` (the id indexes it).
  case nameMemo(Int, XPathNode)
  /// `contains(' A B C ', concat(' ', E, ' '))`: membership of the value of `E` in a literal
  /// list of codes, tested in a set when the value is one code (not empty, no space).
  case codeList(XPathCodeList, XPathNode)
  /// `a/b/c` from the context item: child steps with name tests and no predicates, the most
  /// common path of the rules (`not(cac:Delivery/cbc:ActualDeliveryDate)`), walked by name
  /// index without the general machinery of steps.
  case childPath([XPathNameTest])
}

/// The codes of a literal code list `' A B C '`: the words with a space on both sides.
final class XPathCodeList: Sendable {
  /// The literal as written.
  let text: String
  let codes: Set<String>

  init(_ text: String) {
    self.text = text
    let pieces = text.split(separator: " ", omittingEmptySubsequences: false)
    var codes = Set<String>()
    if pieces.count > 2 {
      for piece in pieces[1..<(pieces.count - 1)] where !piece.isEmpty {
        codes.insert(String(piece))
      }
    }
    self.codes = codes
  }

  /// `contains(text, concat(' ', value, ' '))`.
  func contains(_ value: String) -> Bool {
    if !value.isEmpty && !value.utf8.contains(0x20) { return codes.contains(value) }
    let needle = " " + value + " "
    if case .boolean(let found) = XPathEvaluator.stringSearch(.contains, text, needle) {
      return found
    }
    return false
  }
}

/// A predicate, with what is known of it when compiled (XPath 2.0 §3.2.2).
struct XPathPredicate: Sendable {
  let expression: XPathNode
  /// The predicate is an integer literal `[n]`.
  let literalPosition: Int?
  /// The predicate's value is certainly not numeric (a comparison, `and`, `or`, `not()` …) and
  /// it does not call `position()` or `last()`: it never depends on the context position, so
  /// it can be tested on a node alone.
  let isBoolean: Bool

  init(expression: XPathNode, literalPosition: Int?) {
    self.expression = expression
    self.literalPosition = literalPosition
    self.isBoolean = expression.isBoolean && !expression.mentionsPosition
  }
}

/// The comparison operators (XPath 2.0 §3.5).
enum XPathComparison: Sendable {
  case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
}

/// The arithmetic operators (XPath 2.0 §3.4).
enum XPathArithmetic: Sendable {
  case add, subtract, multiply, divide, integerDivide, modulo
}

/// The atomic types that casts and constructor functions of the subset target.
enum XPathAtomicType: Sendable {
  case decimal, double, integer, string, boolean, date
}

/// The functions of the subset (XPath 2.0 Functions and Operators).
enum XPathFunction: String, Sendable {
  case not, exists, empty, count, sum, `true`, `false`, boolean, string, data
  case normalizeSpace = "normalize-space"
  case upperCase = "upper-case"
  case lowerCase = "lower-case"
  case contains
  case startsWith = "starts-with"
  case endsWith = "ends-with"
  case stringLength = "string-length"
  case substring
  case substringAfter = "substring-after"
  case substringBefore = "substring-before"
  case concat, round, abs, floor, ceiling, name
  case localName = "local-name"
  case distinctValues = "distinct-values"
  case matches, position, last
  case decimalConstructor = "xs:decimal"
  case dateConstructor = "xs:date"
  case doubleConstructor = "xs:double"
  case stringConstructor = "xs:string"
  case booleanConstructor = "xs:boolean"
  case integerConstructor = "xs:integer"

  /// `not`, `exists`, `empty`, `true`, `false` and `boolean`: their value is a boolean
  /// computed from their argument's effective boolean value or existence.
  var isBoolean: Bool {
    switch self {
    case .not, .exists, .empty, .true, .false, .boolean: true
    default: false
    }
  }

  /// The allowed numbers of arguments.
  var arity: ClosedRange<Int> {
    switch self {
    case .true, .false, .position, .last: 0...0
    case .not, .exists, .empty, .count, .sum, .boolean, .upperCase, .lowerCase, .round, .abs,
      .floor, .ceiling, .distinctValues, .decimalConstructor, .dateConstructor,
      .doubleConstructor, .stringConstructor, .booleanConstructor, .integerConstructor:
      1...1
    case .string, .data, .normalizeSpace, .stringLength, .name, .localName: 0...1
    case .contains, .startsWith, .endsWith, .substringAfter, .substringBefore, .matches: 2...2
    case .substring: 2...3
    case .concat: 2...Int.max
    }
  }
}

/// The axes (XPath 2.0 §3.2.1.1).
enum XPathAxis: String, Sendable {
  case child, descendant
  case descendantOrSelf = "descendant-or-self"
  case parent, ancestor
  case ancestorOrSelf = "ancestor-or-self"
  case `self`, attribute, preceding, following
  case precedingSibling = "preceding-sibling"
  case followingSibling = "following-sibling"

  /// Reverse axes count positions from the context node backwards (§3.2.2).
  var isReverse: Bool {
    switch self {
    case .parent, .ancestor, .ancestorOrSelf, .preceding, .precedingSibling: true
    default: false
    }
  }
}

/// A node test (XPath 2.0 §3.2.1.2).
enum XPathNodeTest: Sendable {
  /// `node()`: any node.
  case anyNode
  /// `*`: any node of the axis's principal kind.
  case anyName
  /// `prefix:*`.
  case namespace(String)
  /// `prefix:local` or `local` (no namespace, XPath 2.0 §2.1.1: the default element
  /// namespace is absent in Schematron).
  case name(XPathNameTest)
}

/// An axis step with its predicates (XPath 2.0 §3.2.1). A class, so that the evaluator
/// passes one reference instead of copying its parts.
final class XPathStep: Sendable {
  let axis: XPathAxis
  let test: XPathNodeTest
  let predicates: [XPathPredicate]
  /// The name test's name, when the test is one.
  let name: XPathNameTest?

  init(axis: XPathAxis, test: XPathNodeTest, predicates: [XPathPredicate]) {
    self.axis = axis
    self.test = test
    self.predicates = predicates
    if case .name(let n) = test { name = n } else { name = nil }
  }
}

/// An expanded name to test elements against, resolved against a tree's ``XMLTree/names``
/// table once per tree and kept until another tree comes. One object per name in the process
/// (``XPathNameTest/named(_:_:)``), so a document resolves each name once, whatever the
/// number of expressions that test it.
final class XPathNameTest: Sendable {
  let name: XMLName
  /// The test's place among all the name tests of the process, from 0: an index into a
  /// document's table of resolved names (``XPathMemo``).
  let id: Int
  var namespace: String { name.namespace }
  var local: String { name.local }
  /// `serial << 24 | index`, index `0xFFFFFF` when the tree has no element of that name.
  private let resolved = Atomic<UInt64>(0)

  private static let registry = Mutex<[XMLName: XPathNameTest]>([:])

  private init(_ name: XMLName, id: Int) {
    self.name = name
    self.id = id
  }

  /// For each name test made so far (by ``id``), the position of its name in `names`, or -1
  /// when `names` does not have it.
  static func indexes(of names: [XMLName]) -> [Int32] {
    registry.withLock { tests in
      var indexes = [Int32](repeating: -1, count: tests.count)
      for (i, name) in names.enumerated() {
        if let test = tests[name] { indexes[test.id] = Int32(i) }
      }
      return indexes
    }
  }

  /// The shared name test for `{namespace}local`.
  static func named(_ namespace: String, _ local: String) -> XPathNameTest {
    let name = XMLName(namespace, local)
    return registry.withLock { tests in
      if let t = tests[name] { return t }
      let t = XPathNameTest(name, id: tests.count)
      tests[name] = t
      return t
    }
  }

  /// The index of the name in `tree.names`, or -1 when no element of the tree has it. Kept
  /// for the last tree asked about; an evaluation with an ``XPathMemo`` keeps its own
  /// (``XPathEvaluator/index(of:)``), which threads validating other documents do not
  /// overwrite.
  @inline(__always)
  func index(in tree: XMLTree) -> Int32 {
    let cached = resolved.load(ordering: .relaxed)
    let serial = tree.serial & 0xFF_FFFF_FFFF
    if cached >> 24 == serial {
      let value = cached & 0xFF_FFFF
      return value == 0xFF_FFFF ? -1 : Int32(value)
    }
    let found = tree.nameIndex(of: name) ?? -1
    resolved.store(serial << 24 | (found < 0 ? 0xFF_FFFF : UInt64(found)), ordering: .relaxed)
    return found
  }

  /// True when `name` is this name (for attributes, which are not interned).
  func matches(_ other: XMLName) -> Bool {
    other.local == name.local && other.namespace == name.namespace
  }
}

extension XPathNode {
  /// True when `position()` or `last()` occurs anywhere in the expression.
  var mentionsPosition: Bool {
    switch self {
    case .string, .decimal, .double, .variable, .contextItem, .root, .childPath: false
    case .call(let f, let args):
      f == .position || f == .last || args.contains { $0.mentionsPosition }
    case .path(let a, let b, _), .union(let a, let b), .or(let a, let b), .and(let a, let b),
      .general(_, let a, let b), .value(_, let a, let b), .arithmetic(_, let a, let b):
      a.mentionsPosition || b.mentionsPosition
    case .negate(let a), .cast(let a, _, _), .memo(_, let a), .nodeMemo(_, let a),
      .nodeValue(_, let a), .nameMemo(_, let a), .codeList(_, let a):
      a.mentionsPosition
    case .quantified(_, _, let d, let b): d.mentionsPosition || b.mentionsPosition
    case .sequence(let items): items.contains { $0.mentionsPosition }
    case .filter(let base, let predicates):
      base.mentionsPosition || predicates.contains { $0.expression.mentionsPosition }
    case .step(let s): s.predicates.contains { $0.expression.mentionsPosition }
    case .steps(let base, let steps, _):
      base.mentionsPosition
        || steps.contains { $0.predicates.contains { $0.expression.mentionsPosition } }
    }
  }

  /// True when the expression selects nodes by steps without predicates from the context
  /// item or the root: its evaluation cannot raise an error, so it can be skipped when what
  /// follows it certainly selects nothing.
  var selectsWithoutErrors: Bool {
    switch self {
    case .contextItem, .root, .childPath: true
    case .step(let s): s.predicates.isEmpty
    case .steps(let base, let steps, _):
      steps.allSatisfy(\.predicates.isEmpty) && base.selectsWithoutErrors
    case .union(let a, let b): a.selectsWithoutErrors && b.selectsWithoutErrors
    case .memo(_, let inner): inner.selectsWithoutErrors
    default: false
    }
  }

  /// True when the value is certainly a boolean, never a number (for predicates, §3.2.2).
  var isBoolean: Bool {
    switch self {
    case .or, .and, .general, .value, .quantified: true
    case .call(let f, _):
      switch f {
      case .not, .exists, .empty, .true, .false, .boolean, .contains, .startsWith, .endsWith,
        .matches:
        true
      default: false
      }
    case .step, .path, .steps, .union, .childPath: true  // nodes: their existence is the value
    case .memo(_, let inner), .nodeMemo(_, let inner), .nodeValue(_, let inner),
      .nameMemo(_, let inner):
      inner.isBoolean
    case .codeList: true
    default: false
    }
  }

  /// True when the value is nodes in document order, none an ancestor of another, without
  /// duplicates (so a child step from each keeps document order).
  var isFlat: Bool {
    switch self {
    case .contextItem, .root, .childPath: true
    case .step(let s):
      switch s.axis {
      case .child, .attribute, .self, .parent: true
      default: false
      }
    case .path(_, _, let flat): flat
    case .steps(_, _, let flat): flat
    case .filter(let base, _): base.isFlat
    case .memo(_, let inner), .nodeMemo(_, let inner), .nodeValue(_, let inner): inner.isFlat
    default: false
    }
  }
}
