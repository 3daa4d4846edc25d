internal import CaravanModel

/// A token of the XPath 2.0 grammar (XPath 2.0 §A.2).
enum XPathToken: Equatable, Sendable {
  case name(String)  // NCName or QName, `prefix:*`, `*`
  case string(String)
  case integer(String)
  case decimal(String)
  case double(String)
  case variable(String)
  case symbol(String)  // ( ) [ ] , / // @ . .. | = != < <= > >= + - :: ? *
  case end
}

/// Splits an expression into tokens (XPath 2.0 §A.2: longest match, names may hold `-` and
/// `.`).
struct XPathLexer {
  static func tokens(_ source: String) throws(XPathSyntaxError) -> [(XPathToken, Int)] {
    let s = Array(source.unicodeScalars)
    var result: [(XPathToken, Int)] = []
    var i = 0
    func isNameStart(_ c: Unicode.Scalar) -> Bool {
      c == "_" || c.properties.isAlphabetic
    }
    func isNameChar(_ c: Unicode.Scalar) -> Bool {
      isNameStart(c) || c == "-" || c == "." || ("0"..."9").contains(c)
        || c.properties.generalCategory == .decimalNumber
    }
    while i < s.count {
      let c = s[i]
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        i += 1
        continue
      }
      let start = i
      if c == "'" || c == "\"" {
        var text = String.UnicodeScalarView()
        i += 1
        while true {
          guard i < s.count else {
            throw XPathSyntaxError(message: "unterminated string literal", offset: start)
          }
          if s[i] == c {
            if i + 1 < s.count && s[i + 1] == c {
              text.append(c)
              i += 2
              continue
            }
            i += 1
            break
          }
          text.append(s[i])
          i += 1
        }
        result.append((.string(String(text)), start))
        continue
      }
      if ("0"..."9").contains(c) || (c == "." && i + 1 < s.count && ("0"..."9").contains(s[i + 1]))
      {
        var text = ""
        var kind = 0  // 0 integer, 1 decimal, 2 double
        while i < s.count, ("0"..."9").contains(s[i]) || (s[i] == "." && kind == 0) {
          if s[i] == "." { kind = 1 }
          text.unicodeScalars.append(s[i])
          i += 1
        }
        if i < s.count, s[i] == "e" || s[i] == "E" {
          kind = 2
          text.unicodeScalars.append(s[i])
          i += 1
          if i < s.count, s[i] == "+" || s[i] == "-" {
            text.unicodeScalars.append(s[i])
            i += 1
          }
          while i < s.count, ("0"..."9").contains(s[i]) {
            text.unicodeScalars.append(s[i])
            i += 1
          }
        }
        result.append(
          (kind == 0 ? .integer(text) : kind == 1 ? .decimal(text) : .double(text), start))
        continue
      }
      if c == "$" {
        i += 1
        var text = ""
        while i < s.count, isNameChar(s[i]) || s[i] == ":" {
          text.unicodeScalars.append(s[i])
          i += 1
        }
        guard !text.isEmpty else {
          throw XPathSyntaxError(message: "'$' without a name", offset: start)
        }
        result.append((.variable(text), start))
        continue
      }
      if isNameStart(c) {
        var text = ""
        while i < s.count, isNameChar(s[i]) {
          text.unicodeScalars.append(s[i])
          i += 1
        }
        // A QName `prefix:local` or `prefix:*` (no white space around the colon).
        if i + 1 < s.count, s[i] == ":", s[i + 1] != ":" {
          if s[i + 1] == "*" {
            text += ":*"
            i += 2
          } else if isNameStart(s[i + 1]) {
            text += ":"
            i += 1
            while i < s.count, isNameChar(s[i]) {
              text.unicodeScalars.append(s[i])
              i += 1
            }
          }
        }
        result.append((.name(text), start))
        continue
      }
      let two = i + 1 < s.count ? String(String.UnicodeScalarView([c, s[i + 1]])) : ""
      if ["//", "..", "!=", "<=", ">=", "::"].contains(two) {
        result.append((.symbol(two), start))
        i += 2
        continue
      }
      if "()[],/@.|=<>+-*?".unicodeScalars.contains(c) {
        result.append((.symbol(String(c)), start))
        i += 1
        continue
      }
      throw XPathSyntaxError(message: "unexpected character '\(c)'", offset: start)
    }
    result.append((.end, s.count))
    return result
  }
}

/// A recursive-descent parser for the XPath 2.0 grammar (XPath 2.0 Appendix A), for the
/// expressions and XSLT 2.0 patterns of the EN 16931 artefacts.
struct XPathParser {
  private var tokens: [(XPathToken, Int)]
  private var position = 0
  private let namespaces: XPathNamespaces
  /// Variables in scope, innermost last, with their slots.
  private var scope: [(String, Int)] = []
  /// The number of slots used.
  private(set) var slotCount = 0

  init(_ source: String, namespaces: XPathNamespaces) throws(XPathSyntaxError) {
    self.tokens = try XPathLexer.tokens(source)
    self.namespaces = namespaces
  }

  private var token: XPathToken { tokens[position].0 }
  private var offset: Int { tokens[position].1 }
  private func peek(_ n: Int = 1) -> XPathToken {
    position + n < tokens.count ? tokens[position + n].0 : .end
  }

  private func error(_ message: String) -> XPathSyntaxError {
    XPathSyntaxError(message: message, offset: offset)
  }

  private mutating func expect(_ symbol: String) throws(XPathSyntaxError) {
    guard token == .symbol(symbol) else { throw error("expected '\(symbol)'") }
    position += 1
  }

  private mutating func accept(_ symbol: String) -> Bool {
    if token == .symbol(symbol) {
      position += 1
      return true
    }
    return false
  }

  private mutating func acceptKeyword(_ word: String) -> Bool {
    if token == .name(word) {
      position += 1
      return true
    }
    return false
  }

  /// Parses a whole expression (`Expr`, §3.3.1) and checks that nothing follows.
  mutating func parseExpression() throws(XPathSyntaxError) -> XPathNode {
    let e = try expr()
    guard token == .end else { throw error("unexpected text after the expression") }
    return e
  }

  /// Parses an XSLT 2.0 pattern (XSLT 2.0 §5.5.2).
  mutating func parsePattern() throws(XPathSyntaxError) -> [XPathPathPattern] {
    var alternatives: [XPathPathPattern] = []
    repeat {
      alternatives.append(try pathPattern())
    } while accept("|") || acceptKeyword("union")
    guard token == .end else { throw error("unexpected text after the pattern") }
    return alternatives
  }

  private mutating func pathPattern() throws(XPathSyntaxError) -> XPathPathPattern {
    var anchor = XPathPathPattern.Anchor.relative
    if accept("//") {
      anchor = .anywhere
    } else if accept("/") {
      anchor = .root
      if token == .end || token == .symbol("|") {
        return XPathPathPattern(anchor: .root, steps: [], separators: [])
      }
    }
    var steps: [XPathStep] = []
    var separators: [Bool] = []  // true for `//` before step i (i ≥ 1)
    while true {
      guard case .step(let step) = try stepExpr(), step.axis == .child || step.axis == .attribute
      else { throw error("a pattern step must be a child or attribute step") }
      steps.append(step)
      if accept("//") {
        separators.append(true)
      } else if accept("/") {
        separators.append(false)
      } else {
        break
      }
    }
    return XPathPathPattern(anchor: anchor, steps: steps, separators: [false] + separators)
  }

  private mutating func expr() throws(XPathSyntaxError) -> XPathNode {
    var items = [try exprSingle()]
    while accept(",") { items.append(try exprSingle()) }
    return items.count == 1 ? items[0] : .sequence(items)
  }

  private mutating func exprSingle() throws(XPathSyntaxError) -> XPathNode {
    if case .name(let word) = token, word == "some" || word == "every",
      case .variable = peek()
    {
      position += 1
      return try quantified(every: word == "every")
    }
    return try orExpr()
  }

  /// `some`/`every` with one or more bindings (§3.9), nested one binding per level.
  private mutating func quantified(every: Bool) throws(XPathSyntaxError) -> XPathNode {
    guard case .variable(let name) = token else { throw error("expected a variable") }
    position += 1
    guard acceptKeyword("in") else { throw error("expected 'in'") }
    let domain = try exprSingle()
    let slot = slotCount
    slotCount += 1
    scope.append((name, slot))
    defer { scope.removeLast() }
    let body: XPathNode
    if accept(",") {
      body = try quantified(every: every)
    } else {
      guard acceptKeyword("satisfies") else { throw error("expected 'satisfies'") }
      body = try exprSingle()
    }
    return .quantified(every: every, slot: slot, domain: domain, body: body)
  }

  private mutating func orExpr() throws(XPathSyntaxError) -> XPathNode {
    var left = try andExpr()
    while acceptKeyword("or") { left = .or(left, try andExpr()) }
    return left
  }

  private mutating func andExpr() throws(XPathSyntaxError) -> XPathNode {
    var left = try comparisonExpr()
    while acceptKeyword("and") { left = .and(left, try comparisonExpr()) }
    return left
  }

  private mutating func comparisonExpr() throws(XPathSyntaxError) -> XPathNode {
    let left = try additiveExpr()
    let general: [String: XPathComparison] = [
      "=": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater,
      ">=": .greaterOrEqual,
    ]
    let value: [String: XPathComparison] = [
      "eq": .equal, "ne": .notEqual, "lt": .less, "le": .lessOrEqual, "gt": .greater,
      "ge": .greaterOrEqual,
    ]
    switch token {
    case .symbol(let s) where general[s] != nil:
      position += 1
      return .general(general[s]!, left, try additiveExpr())
    case .name(let s) where value[s] != nil:
      position += 1
      return .value(value[s]!, left, try additiveExpr())
    default:
      return left
    }
  }

  private mutating func additiveExpr() throws(XPathSyntaxError) -> XPathNode {
    var left = try multiplicativeExpr()
    while true {
      if accept("+") {
        left = .arithmetic(.add, left, try multiplicativeExpr())
      } else if accept("-") {
        left = .arithmetic(.subtract, left, try multiplicativeExpr())
      } else {
        return left
      }
    }
  }

  private mutating func multiplicativeExpr() throws(XPathSyntaxError) -> XPathNode {
    var left = try unionExpr()
    while true {
      if accept("*") {
        left = .arithmetic(.multiply, left, try unionExpr())
      } else if acceptKeyword("div") {
        left = .arithmetic(.divide, left, try unionExpr())
      } else if acceptKeyword("idiv") {
        left = .arithmetic(.integerDivide, left, try unionExpr())
      } else if acceptKeyword("mod") {
        left = .arithmetic(.modulo, left, try unionExpr())
      } else {
        return left
      }
    }
  }

  private mutating func unionExpr() throws(XPathSyntaxError) -> XPathNode {
    var left = try castExpr()
    while accept("|") || acceptKeyword("union") { left = .union(left, try castExpr()) }
    return left
  }

  private mutating func castExpr() throws(XPathSyntaxError) -> XPathNode {
    let operand = try unaryExpr()
    guard token == .name("cast"), peek() == .name("as") else { return operand }
    position += 2
    guard case .name(let typeName) = token else { throw error("expected a type name") }
    let type = try atomicType(typeName)
    position += 1
    let allowsEmpty = accept("?")
    return .cast(operand, type, allowsEmpty: allowsEmpty)
  }

  private func atomicType(_ qname: String) throws(XPathSyntaxError) -> XPathAtomicType {
    let (prefix, local) = split(qname)
    guard let prefix, namespaces[prefix] == "http://www.w3.org/2001/XMLSchema" else {
      throw error("unknown type \(qname)")
    }
    switch local {
    case "decimal": return .decimal
    case "double": return .double
    case "integer": return .integer
    case "string": return .string
    case "boolean": return .boolean
    case "date": return .date
    default: throw error("type \(qname) is not supported")
    }
  }

  private mutating func unaryExpr() throws(XPathSyntaxError) -> XPathNode {
    var negative = false
    var signed = false
    while true {
      if accept("-") {
        negative.toggle()
        signed = true
      } else if accept("+") {
        signed = true
      } else {
        break
      }
    }
    let operand = try pathExpr()
    if negative { return .negate(operand) }
    return signed ? .arithmetic(.add, .decimal(.zero), operand) : operand
  }

  /// `PathExpr` (§3.2), with `//` expanded to `/descendant-or-self::node()/` and folded into a
  /// `descendant` step where that keeps the meaning.
  private mutating func pathExpr() throws(XPathSyntaxError) -> XPathNode {
    var left: XPathNode
    if accept("/") {
      guard startsStep else { return .root }
      left = try join(.root, try stepExpr(), descendant: false)
    } else if accept("//") {
      left = try join(.root, try stepExpr(), descendant: true)
    } else {
      left = try stepExpr()
    }
    while true {
      if accept("/") {
        left = try join(left, try stepExpr(), descendant: false)
      } else if accept("//") {
        left = try join(left, try stepExpr(), descendant: true)
      } else {
        return left
      }
    }
  }

  private func join(_ left: XPathNode, _ right: XPathNode, descendant: Bool)
    throws(XPathSyntaxError)
    -> XPathNode
  {
    if descendant {
      // E//child::T[p] is E/descendant::T[p] when no predicate can select by position.
      if case .step(let s) = right, s.axis == .child, s.predicates.allSatisfy(\.isBoolean) {
        let d = XPathStep(axis: .descendant, test: s.test, predicates: s.predicates)
        return chain(left, d)
      }
      let any = XPathStep(axis: .descendantOrSelf, test: .anyNode, predicates: [])
      return try join(chain(left, any), right, descendant: false)
    }
    if case .step(let s) = right { return chain(left, s) }
    return .path(left, right, flat: false)
  }

  /// Appends an axis step to a chain of steps.
  private func chain(_ left: XPathNode, _ step: XPathStep) -> XPathNode {
    let keepsOrder = step.axis == .child || step.axis == .attribute || step.axis == .self
    if case .steps(let base, let steps, let flat) = left {
      return .steps(base, steps + [step], flat: flat && keepsOrder)
    }
    if case .step(let first) = left {
      return .steps(.contextItem, [first, step], flat: left.isFlat && keepsOrder)
    }
    return .steps(left, [step], flat: left.isFlat && keepsOrder)
  }

  /// True when the current token can start a step (for a lone `/`).
  private var startsStep: Bool {
    switch token {
    case .name, .variable, .string, .integer, .decimal, .double: true
    case .symbol(let s): ["@", ".", "..", "*", "("].contains(s)
    case .end: false
    }
  }

  private mutating func stepExpr() throws(XPathSyntaxError) -> XPathNode {
    // Abbreviated steps.
    if accept("..") {
      return .step(XPathStep(axis: .parent, test: .anyNode, predicates: try predicates()))
    }
    if accept("@") {
      let test = try nodeTest(axis: .attribute)
      return .step(XPathStep(axis: .attribute, test: test, predicates: try predicates()))
    }
    if case .name(let word) = token, peek() == .symbol("::") {
      guard let axis = XPathAxis(rawValue: word) else { throw error("unknown axis \(word)") }
      position += 2
      let test = try nodeTest(axis: axis)
      return .step(XPathStep(axis: axis, test: test, predicates: try predicates()))
    }
    if case .name(let word) = token, peek() == .symbol("("),
      !["node", "text", "element", "attribute", "comment"].contains(word)
    {
      let primary = try functionCall()
      let p = try predicates()
      return p.isEmpty ? primary : .filter(primary, p)
    }
    if token == .symbol("*") || isName {
      let test = try nodeTest(axis: .child)
      return .step(XPathStep(axis: .child, test: test, predicates: try predicates()))
    }
    let primary = try primaryExpr()
    let p = try predicates()
    return p.isEmpty ? primary : .filter(primary, p)
  }

  private var isName: Bool {
    if case .name = token { return true }
    return false
  }

  private mutating func nodeTest(axis: XPathAxis) throws(XPathSyntaxError) -> XPathNodeTest {
    if accept("*") { return .anyName }
    guard case .name(let qname) = token else { throw error("expected a name test") }
    position += 1
    if qname == "node" && accept("(") {
      try expect(")")
      return .anyNode
    }
    let (prefix, local) = split(qname)
    var uri = ""
    if let prefix {
      guard let u = namespaces[prefix] else { throw error("undeclared prefix \(prefix)") }
      uri = u
    }
    if local == "*" { return .namespace(uri) }
    return .name(XPathNameTest.named(uri, local))
  }

  private func split(_ qname: String) -> (String?, String) {
    guard let colon = qname.firstIndex(of: ":") else { return (nil, qname) }
    return (String(qname[..<colon]), String(qname[qname.index(after: colon)...]))
  }

  private mutating func predicates() throws(XPathSyntaxError) -> [XPathPredicate] {
    var result: [XPathPredicate] = []
    while accept("[") {
      let e = try expr()
      try expect("]")
      var literal: Int? = nil
      if case .decimal(let d) = e, d.scale == 0, let n = Int(exactly: d.significand) {
        literal = n
      }
      result.append(XPathPredicate(expression: e, literalPosition: literal))
    }
    return result
  }

  private mutating func primaryExpr() throws(XPathSyntaxError) -> XPathNode {
    let t = token
    switch t {
    case .string(let s):
      position += 1
      return .string(s)
    case .integer(let s), .decimal(let s):
      position += 1
      guard let d = DecimalNumber(s) else { throw error("number \(s) out of range") }
      return .decimal(d)
    case .double(let s):
      position += 1
      guard let d = Double(s) else { throw error("bad number \(s)") }
      return .double(d)
    case .variable(let name):
      position += 1
      guard let binding = scope.last(where: { $0.0 == name }) else {
        throw error("undeclared variable $\(name)")
      }
      return .variable(binding.1)
    case .symbol("."):
      position += 1
      return .contextItem
    case .symbol("("):
      position += 1
      if accept(")") { return .sequence([]) }
      let e = try expr()
      try expect(")")
      return e
    default:
      throw error("unexpected token")
    }
  }

  private mutating func functionCall() throws(XPathSyntaxError) -> XPathNode {
    guard case .name(let qname) = token else { throw error("expected a function name") }
    let nameOffset = offset
    position += 1
    try expect("(")
    var arguments: [XPathNode] = []
    if !accept(")") {
      repeat { arguments.append(try exprSingle()) } while accept(",")
      try expect(")")
    }
    var name = qname
    let (prefix, local) = split(qname)
    if let prefix {
      switch namespaces[prefix] {
      case "http://www.w3.org/2001/XMLSchema": name = "xs:" + local
      case "http://www.w3.org/2005/xpath-functions": name = local
      default: throw XPathSyntaxError(message: "unknown function \(qname)", offset: nameOffset)
      }
    }
    guard let function = XPathFunction(rawValue: name) else {
      throw XPathSyntaxError(message: "unknown function \(qname)()", offset: nameOffset)
    }
    guard function.arity.contains(arguments.count) else {
      throw XPathSyntaxError(
        message: "\(qname)() takes \(function.arity) arguments, not \(arguments.count)",
        offset: nameOffset)
    }
    return .call(function, arguments)
  }
}

/// One alternative of an XSLT 2.0 pattern (XSLT 2.0 §5.5.2): steps separated by `/` or `//`,
/// matched from the right (§5.5.3).
struct XPathPathPattern: Sendable {
  enum Anchor: Sendable {
    /// No leading slash: the first step may match at any depth.
    case relative
    /// `/`: the first step matches a child of the document node.
    case root
    /// `//`: the first step matches at any depth below the document node.
    case anywhere
  }
  let anchor: Anchor
  let steps: [XPathStep]
  /// `separators[i]` is true when step `i` follows `//` (index 0 unused).
  let separators: [Bool]
}
