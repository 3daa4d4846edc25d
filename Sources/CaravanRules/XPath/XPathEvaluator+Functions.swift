internal import CaravanModel
internal import CaravanXML

extension XPathEvaluator {
  /// Calls a function of XPath Functions and Operators (F&O) with the function conversion
  /// rules of XPath 2.0 §3.1.5 (atomization; untyped values cast to the expected type).
  func call(_ function: XPathFunction, _ args: [XPathNode], _ focus: XPathFocus)
    throws(XPathError) -> [XPathItem]
  {
    if let item = try single(function, args, focus) { return [item] }
    switch function {
    case .data:
      return try evaluate(args[0], focus).map { atomize($0) }
    case .round, .abs, .floor, .ceiling:
      guard let x = try optionalItem(args[0], focus) else { return [] }
      do {
        let a = atomize(x)
        switch function {
        case .round: return [try XPathAtomic.round(a)]
        case .abs: return [try XPathAtomic.abs(a)]
        case .floor: return [try XPathAtomic.floor(a)]
        default: return [try XPathAtomic.ceiling(a)]
        }
      } catch {
        throw XPathError(code: error.code, message: error.message, node: x.owner)
      }
    case .distinctValues:
      var result: [XPathItem] = []
      for item in try evaluate(args[0], focus) {
        let a = atomize(item)
        if !result.contains(where: { XPathAtomic.sameValue($0, a) }) { result.append(a) }
      }
      return result
    case .last:
      throw XPathError(code: "XPST0017", message: "last() is not supported")
    case .decimalConstructor, .dateConstructor, .doubleConstructor, .stringConstructor,
      .booleanConstructor, .integerConstructor:
      guard let item = try optionalItem(args[0], focus) else { return [] }
      let type: XPathAtomicType =
        switch function {
        case .decimalConstructor: .decimal
        case .dateConstructor: .date
        case .doubleConstructor: .double
        case .stringConstructor: .string
        case .booleanConstructor: .boolean
        default: .integer
        }
      return [try cast(item, to: type)]
    default:
      return []
    }
  }

  /// Calls a function that always returns exactly one item; nil for other functions.
  func single(_ function: XPathFunction, _ args: [XPathNode], _ focus: XPathFocus)
    throws(XPathError) -> XPathItem?
  {
    switch function {
    case .not, .exists, .empty, .true, .false, .boolean:
      return .boolean(try truth(function, args, focus))
    case .count:
      switch args[0] {
      case .step, .path(_, _, flat: true), .steps(_, _, flat: true), .childPath:
        // These never yield a node twice: count without building the sequence.
        var n = 0
        _ = try each(args[0], focus) { _ throws(XPathError) in
          n += 1
          return true
        }
        return .decimal(DecimalNumber(n))
      default:
        return .decimal(DecimalNumber(try evaluate(args[0], focus).count))
      }
    case .sum:
      return try sum(try evaluate(args[0], focus))
    case .string:
      return .string(try stringArgument(args.first, focus, anyType: true))
    case .normalizeSpace:
      return .string(Self.normalizeSpace(try stringArgument(args.first, focus)))
    case .upperCase:
      return .string(try stringArgument(args.first, focus).uppercased())
    case .lowerCase:
      return .string(try stringArgument(args.first, focus).lowercased())
    case .stringLength:
      return .decimal(DecimalNumber(try stringArgument(args.first, focus).unicodeScalars.count))
    case .contains, .startsWith, .endsWith, .substringAfter, .substringBefore:
      let s = try stringArgument(args[0], focus)
      let t = try stringArgument(args[1], focus)
      return Self.stringSearch(function, s, t)
    case .substring:
      let s = try stringArgument(args[0], focus)
      guard let start = try optionalAtomic(args[1], focus) else {
        throw XPathError(code: "XPTY0004", message: "substring() needs a start position")
      }
      var length: Double? = nil
      if args.count == 3 {
        guard let l = try optionalAtomic(args[2], focus) else {
          throw XPathError(code: "XPTY0004", message: "substring() needs a length")
        }
        length = try XPathAtomic.double(l)
      }
      return .string(Self.substring(s, try XPathAtomic.double(start), length))
    case .concat:
      var result = ""
      for a in args {
        if let item = try optionalAtomic(a, focus) { result += XPathAtomic.string(item) }
      }
      return .string(result)
    case .name, .localName:
      let node: XPathItem
      if args.isEmpty {
        node = focus.item
      } else {
        guard let n = try optionalItem(args[0], focus) else { return .string("") }
        node = n
      }
      switch node {
      case .element(let e):
        guard function == .name else { return .string(tree.localName(e)) }
        return .string(memo?.qualifiedName(of: e, in: tree) ?? tree.qualifiedName(e))
      case .attribute(let e, let n):
        let attributes = tree.attributes(e)
        return .string(attributes[attributes.startIndex + n].name.local)
      case .document: return .string("")
      default:
        throw XPathError(code: "XPTY0004", message: "\(function.rawValue)() needs a node")
      }
    case .matches:
      let s = try stringArgument(args[0], focus)
      let pattern = try stringArgument(args[1], focus)
      return .boolean(try XPathRegex.matches(s, pattern))
    case .position:
      return .decimal(DecimalNumber(focus.position))
    default:
      return nil
    }
  }

  /// An `xs:string?` argument: empty gives "", untyped values are taken as strings, other
  /// types are a type error (XPTY0004) unless `anyType` (for `fn:string`). No argument means
  /// the context item's string value.
  func stringArgument(_ arg: XPathNode?, _ focus: XPathFocus, anyType: Bool = false)
    throws(XPathError) -> String
  {
    guard let arg else { return string(focus.item) }
    switch arg {
    case .string(let s): return s
    case .contextItem: return string(focus.item)
    case .childPath(let names):
      return try onlyElement(ofChildPath: names, from: focus.item).map(stringValue) ?? ""
    default: break
    }
    var result: XPathItem? = nil
    var count = 0
    _ = try each(arg, focus) { (item) throws(XPathError) in
      count += 1
      if result == nil { result = item }
      return true
    }
    guard let item = result else { return "" }
    if count > 1 {
      // `each` may repeat nodes: count distinct ones before calling it an error.
      let all = try evaluate(arg, focus)
      if all.count > 1 { throw Self.moreThanOne(all.count) }
    }
    let a = atomize(item)
    switch a {
    case .string(let s), .untyped(let s): return s
    default:
      if anyType { return XPathAtomic.string(a) }
      throw XPathError(
        code: "XPTY0004",
        message: "\(XPathAtomic.typeName(a)) is given where xs:string is required")
    }
  }

  /// `fn:sum` (F&O §15.4.5): untyped values as doubles, the empty sum is the integer 0.
  func sum(_ items: [XPathItem]) throws(XPathError) -> XPathItem {
    var decimal = DecimalNumber.zero
    var double = 0.0
    var isDouble = false
    // The sum starts from the first value, not from zero, as Saxon's does: a single -0.0
    // sums to -0.0 (0.0 + -0.0 would be +0.0), which the signed-zero order then tells apart.
    var first = true
    for item in items {
      defer { first = false }
      let a = atomize(item)
      switch a {
      case .decimal(let d):
        if isDouble {
          double += try XPathAtomic.double(a)
        } else {
          decimal = try XPathAtomic.add(decimal, d)
        }
      case .double(let d):
        if first {
          isDouble = true
          double = d
          continue
        }
        if !isDouble {
          isDouble = true
          double = try XPathAtomic.double(.decimal(decimal))
        }
        double += d
      case .untyped:
        let d: Double
        do { d = try XPathAtomic.double(a) } catch {
          throw XPathError(code: error.code, message: error.message, node: item.owner)
        }
        if first {
          isDouble = true
          double = d
          continue
        }
        if !isDouble {
          isDouble = true
          double = try XPathAtomic.double(.decimal(decimal))
        }
        double += d
      default:
        throw XPathError(
          code: "FORG0006", message: "sum() is not defined for \(XPathAtomic.typeName(a))")
      }
    }
    return isDouble ? .double(double) : .decimal(decimal)
  }

  /// `fn:normalize-space` (F&O §7.4.5).
  static func normalizeSpace(_ s: String) -> String {
    var needs = false
    var previousSpace = true
    for c in s.utf8 {
      let space = c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D
      if space && (previousSpace || c != 0x20) {
        needs = true
        break
      }
      previousSpace = space
    }
    if !needs && !previousSpace { return s }
    if !needs && s.isEmpty { return s }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count)
    var pendingSpace = false
    for c in s.utf8 {
      if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D {
        pendingSpace = !bytes.isEmpty
      } else {
        if pendingSpace { bytes.append(0x20) }
        pendingSpace = false
        bytes.append(c)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `contains`, `starts-with`, `ends-with`, `substring-before`, `substring-after` with the
  /// Unicode code point collation (F&O §7.5).
  static func stringSearch(_ f: XPathFunction, _ s: String, _ t: String) -> XPathItem {
    var s = s
    var t = t
    return s.withUTF8 { a in
      t.withUTF8 { b in
        func find() -> Int? {
          if b.isEmpty { return 0 }
          if b.count > a.count { return nil }
          let first = b[0]
          var i = 0
          let last = a.count - b.count
          while i <= last {
            if a[i] == first {
              var j = 1
              while j < b.count && a[i + j] == b[j] { j += 1 }
              if j == b.count { return i }
            }
            i += 1
          }
          return nil
        }
        switch f {
        case .contains: return .boolean(find() != nil)
        case .startsWith: return .boolean(a.starts(with: b))
        case .endsWith:
          return .boolean(a.count >= b.count && a[(a.count - b.count)...].elementsEqual(b))
        case .substringBefore:
          guard let i = find() else { return .string("") }
          return .string(String(decoding: UnsafeBufferPointer(rebasing: a[..<i]), as: UTF8.self))
        default:
          guard let i = find() else { return .string("") }
          return .string(
            String(decoding: UnsafeBufferPointer(rebasing: a[(i + b.count)...]), as: UTF8.self))
        }
      }
    }
  }

  /// `fn:substring` (F&O §7.4.3): characters at positions p with
  /// round(start) ≤ p < round(start) + round(length).
  static func substring(_ s: String, _ start: Double, _ length: Double?) -> String {
    func xround(_ x: Double) -> Double {
      guard x.isFinite else { return x }
      let f = x.rounded(.down)
      return x - f >= 0.5 ? f + 1 : f
    }
    let first = xround(start)
    let end = length.map { first + xround($0) } ?? .infinity
    if first.isNaN || end.isNaN { return "" }
    var result = String.UnicodeScalarView()
    for (i, c) in s.unicodeScalars.enumerated() {
      let p = Double(i + 1)
      if p >= first && p < end { result.append(c) }
    }
    return String(result)
  }
}
