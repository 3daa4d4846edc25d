internal import CaravanModel
internal import CaravanXML

/// Operations on atomic values as XPath 2.0 and Saxon define them: casting (XPath Functions
/// and Operators §17), comparison (XPath 2.0 §3.5), arithmetic (§3.4, F&O §6.2), effective
/// boolean value (§2.4.3) and string forms (F&O §17.1.2).
enum XPathAtomic {
  /// 10^exponent.
  static func power10(_ exponent: Int) -> Int128 {
    var result: Int128 = 1
    for _ in 0..<exponent { result *= 10 }
    return result
  }

  // MARK: Effective boolean value

  /// XPath 2.0 §2.4.3.
  static func effectiveBooleanValue(_ items: [XPathItem]) throws(XPathError) -> Bool {
    guard let first = items.first else { return false }
    if first.isNode { return true }
    guard items.count == 1 else {
      throw XPathError(
        code: "FORG0006",
        message:
          "effective boolean value is not defined for a sequence of \(items.count) items starting with an atomic value"
      )
    }
    switch first {
    case .boolean(let b): return b
    case .string(let s), .untyped(let s): return !s.isEmpty
    case .decimal(let d): return !d.isZero
    case .double(let d): return !(d == 0 || d.isNaN)
    default:
      throw XPathError(
        code: "FORG0006", message: "effective boolean value is not defined for \(typeName(first))")
    }
  }

  static func typeName(_ item: XPathItem) -> String {
    switch item {
    case .string: "xs:string"
    case .untyped: "xs:untypedAtomic"
    case .decimal: "xs:decimal"
    case .double: "xs:double"
    case .boolean: "xs:boolean"
    case .date: "xs:date"
    case .element: "element()"
    case .attribute: "attribute()"
    case .document: "document-node()"
    }
  }

  // MARK: Strings

  /// The canonical string of an atomic value (F&O §17.1.2).
  static func string(_ item: XPathItem) -> String {
    switch item {
    case .string(let s), .untyped(let s): return s
    case .decimal(let d): return canonical(d)
    case .double(let d): return canonical(d)
    case .boolean(let b): return b ? "true" : "false"
    case .date(let d): return d.description
    default: return ""
    }
  }

  /// `xs:decimal` canonical form: no trailing fraction zeros, no point for integers.
  static func canonical(_ d: DecimalNumber) -> String {
    var s = d.significand
    var k = d.scale
    while k > 0 && s % 10 == 0 {
      s /= 10
      k -= 1
    }
    return DecimalNumber(significand: s, scale: k).description
  }

  /// `xs:double` canonical form as Saxon writes it: plain notation for 1e-6 ≤ |x| < 1e6,
  /// otherwise `1.0E6` style.
  static func canonical(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-INF" : "INF" }
    if d == 0 { return d.sign == .minus ? "-0" : "0" }
    // Shortest round-trip digits and exponent from Swift's description.
    let text = "\(d.magnitude)"
    var digits = ""
    var exponent = 0
    var mantissa = Substring(text)
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exponent = Int(text[text.index(after: e)...]) ?? 0
      mantissa = text[..<e]
    }
    var pointAt = mantissa.count
    if let p = mantissa.firstIndex(of: ".") {
      pointAt = mantissa.distance(from: mantissa.startIndex, to: p)
    }
    digits = mantissa.replacingOccurrences(".", "")
    // value = 0.digits × 10^(pointAt + exponent)
    var decimalExponent = pointAt + exponent
    while digits.hasPrefix("0") && digits.count > 1 {
      digits.removeFirst()
      decimalExponent -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
    let sign = d < 0 ? "-" : ""
    let magnitude = d.magnitude
    if magnitude >= 1e-6 && magnitude < 1e6 {
      if decimalExponent <= 0 {
        return sign + "0." + String(repeating: "0", count: -decimalExponent) + digits
      }
      if digits.count <= decimalExponent {
        return sign + digits + String(repeating: "0", count: decimalExponent - digits.count)
      }
      let cut = digits.index(digits.startIndex, offsetBy: decimalExponent)
      return sign + digits[..<cut] + "." + digits[cut...]
    }
    let first = digits.prefix(1)
    var rest = String(digits.dropFirst())
    if rest.isEmpty { rest = "0" }
    return sign + first + "." + rest + "E" + String(decimalExponent - 1)
  }

  // MARK: Casting

  static func castError(_ value: String, _ type: String) -> XPathError {
    XPathError(code: "FORG0001", message: "'\(value)' cannot be cast to \(type)")
  }

  /// Casts an atomic value (F&O §17).
  static func cast(_ item: XPathItem, to type: XPathAtomicType) throws(XPathError) -> XPathItem {
    switch type {
    case .string: return .string(string(item))
    case .decimal: return .decimal(try decimal(item))
    case .integer:
      let d = try decimal(item)
      if case .string = item, d.scale > 0 { throw castError(string(item), "xs:integer") }
      if case .untyped = item, d.scale > 0 { throw castError(string(item), "xs:integer") }
      return .decimal(d.truncated)
    case .double: return .double(try double(item))
    case .boolean:
      switch item {
      case .boolean: return item
      case .decimal(let d): return .boolean(!d.isZero)
      case .double(let d): return .boolean(!(d == 0 || d.isNaN))
      case .string(let s), .untyped(let s):
        switch trimmed(s) {
        case "true", "1": return .boolean(true)
        case "false", "0": return .boolean(false)
        default: throw castError(s, "xs:boolean")
        }
      default: throw castError(string(item), "xs:boolean")
      }
    case .date:
      switch item {
      case .date: return item
      case .string(let s), .untyped(let s):
        guard let d = date(s) else { throw castError(s, "xs:date") }
        return .date(d)
      default:
        throw XPathError(code: "XPTY0004", message: "\(typeName(item)) cannot be cast to xs:date")
      }
    }
  }

  /// XML Schema white space collapse at both ends (the `collapse` facet of numbers and dates).
  static func trimmed(_ s: String) -> Substring {
    var sub = Substring(s)
    while let f = sub.unicodeScalars.first, isSpace(f) { sub = sub.dropFirst() }
    while let l = sub.unicodeScalars.last, isSpace(l) { sub = sub.dropLast() }
    return sub
  }

  @inline(__always)
  static func isSpace(_ c: Unicode.Scalar) -> Bool {
    c == " " || c == "\n" || c == "\t" || c == "\r"
  }

  /// `xs:date` lexical form `YYYY-MM-DD` with an optional time zone (ignored).
  static func date(_ s: String) -> CalendarDate? {
    var t = trimmed(s)
    if t.hasSuffix("Z") {
      t = t.dropLast()
    } else if t.count == 16, let sign = t.dropFirst(10).first, sign == "+" || sign == "-" {
      t = t.prefix(10)
    }
    return CalendarDate(iso: t)
  }

  /// Casts to `xs:decimal`: from a string, the decimal lexical form; from a double, its exact
  /// binary value (as Saxon's `BigDecimal(double)`), to 38 digits.
  static func decimal(_ item: XPathItem) throws(XPathError) -> DecimalNumber {
    switch item {
    case .decimal(let d): return d
    case .string(let s), .untyped(let s):
      guard let d = DecimalNumber(s), isDecimalLexical(s) else {
        throw castError(s, "xs:decimal")
      }
      return d
    case .double(let x):
      guard let d = exactDecimal(x) else { throw castError(canonical(x), "xs:decimal") }
      return d
    case .boolean(let b): return b ? 1 : 0
    default:
      throw XPathError(code: "XPTY0004", message: "\(typeName(item)) cannot be cast to xs:decimal")
    }
  }

  /// The characters xs:decimal allows (DecimalNumber also trims; a sign needs digits after it).
  static func isDecimalLexical(_ s: String) -> Bool {
    let t = trimmed(s)
    return !t.isEmpty
      && t.utf8.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }
  }

  /// The exact value of a double as a decimal, rounded to 38 fraction digits or 38
  /// significant digits; nil for NaN, infinities and values beyond the range.
  static func exactDecimal(_ x: Double) -> DecimalNumber? {
    guard x.isFinite else { return nil }
    if x == 0 { return .zero }
    let negative = x < 0
    var mantissa = UInt128(x.magnitude.significandBitPattern)
    var exponent = Int(x.magnitude.exponent) - 52
    if x.magnitude.isNormal {
      mantissa |= UInt128(1) << 52
    } else {
      exponent = -1074
    }
    if exponent >= 0 {
      guard exponent < 74 else { return nil }
      let v = mantissa << exponent
      guard v <= UInt128(Int128.max) else { return nil }
      return DecimalNumber(significand: negative ? -Int128(v) : Int128(v), scale: 0)
    }
    var shift = -exponent
    if shift > 120 {
      mantissa >>= UInt128(shift - 120)
      shift = 120
    }
    let denominator = UInt128(1) << shift
    var quotient = mantissa / denominator
    var remainder = mantissa % denominator
    var scale = 0
    var digits = quotient == 0 ? 0 : String(quotient).count
    while remainder != 0 && scale < 38 && digits < 38 {
      remainder *= 10
      quotient = quotient * 10 + remainder / denominator
      remainder %= denominator
      scale += 1
      if quotient != 0 { digits += 1 }
    }
    if remainder * 2 >= denominator { quotient += 1 }
    let s = Int128(quotient)
    return DecimalNumber(significand: negative ? -s : s, scale: scale)
  }

  /// Casts to `xs:double` (F&O §17.1.1: the XML Schema double lexical form).
  static func double(_ item: XPathItem) throws(XPathError) -> Double {
    switch item {
    case .double(let d): return d
    case .decimal(let d): return Double(d.description) ?? .nan
    case .boolean(let b): return b ? 1 : 0
    case .string(let s), .untyped(let s):
      guard let d = parseDouble(s) else {
        throw XPathError(code: "FORG0001", message: "cannot convert string '\(s)' to xs:double")
      }
      return d
    default:
      throw XPathError(code: "XPTY0004", message: "\(typeName(item)) cannot be cast to xs:double")
    }
  }

  static func parseDouble(_ s: String) -> Double? {
    let t = trimmed(s)
    switch t {
    case "INF", "+INF": return .infinity
    case "-INF": return -.infinity
    case "NaN": return .nan
    default: break
    }
    var sawDigit = false
    var sawPoint = false
    var sawExponent = false
    var previous: Unicode.Scalar = " "
    for c in t.unicodeScalars {
      switch c {
      case "0"..."9": sawDigit = true
      case ".": if sawPoint || sawExponent { return nil } else { sawPoint = true }
      case "e", "E": if sawExponent || !sawDigit { return nil } else { sawExponent = true }
      case "+", "-": if !(previous == " " || previous == "e" || previous == "E") { return nil }
      default: return nil
      }
      previous = c
    }
    guard sawDigit, previous != "e", previous != "E", previous != "+", previous != "-" else {
      return nil
    }
    return Double(String(t))
  }

  // MARK: Comparison

  /// One pair of a general comparison (XPath 2.0 §3.5.2): untyped values take the other
  /// operand's type (`xs:double` against a number, `xs:string` against a string or untyped
  /// value), then the value comparison applies.
  static func generalCompare(
    _ op: XPathComparison, _ a: XPathItem, _ b: XPathItem, leftNode: XMLTree.Element?,
    rightNode: XMLTree.Element?
  ) throws(XPathError) -> Bool {
    var x = a
    var y = b
    // Saxon compares an untyped value with a number as doubles in Java's total order, where
    // -0.0 is below 0.0 (`xs:untypedAtomic('-0.00') >= 0` is false, `< 0` true), and reads an
    // integer-shaped string such as "-0" as an integer first (so it is +0.0).
    var untypedNumeric = false
    do {
      if case .untyped(let s) = a {
        switch b {
        case .untyped, .string: x = .string(s)
        case .decimal, .double:
          x = .double(saxonDouble(s, try double(a)))
          untypedNumeric = true
        default: x = try cast(a, to: kind(b))
        }
      }
    } catch {
      throw XPathError(code: error.code, message: error.message, node: leftNode)
    }
    do {
      if case .untyped(let s) = b {
        switch a {
        case .untyped, .string: y = .string(s)
        case .decimal, .double:
          y = .double(saxonDouble(s, try double(b)))
          untypedNumeric = true
        default: y = try cast(b, to: kind(a))
        }
      }
    } catch {
      throw XPathError(code: error.code, message: error.message, node: rightNode)
    }
    if untypedNumeric {
      let p = try double(x)
      let q = try double(y)
      if p.isNaN || q.isNaN { return op == .notEqual }
      let order =
        p < q ? -1 : p > q ? 1 : p.sign == q.sign ? 0 : (p.sign == .minus ? -1 : 1)
      return apply(op, order == 0, order < 0)
    }
    return try valueCompare(op, x, y)
  }

  /// The double Saxon makes of an untyped string: an integer-shaped string ("-0", "12") is read
  /// as an integer, so its zero has no sign.
  static func saxonDouble(_ text: String, _ parsed: Double) -> Double {
    guard parsed == 0, parsed.sign == .minus else { return parsed }
    let integerShaped = !text.utf8.contains {
      $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
    }
    return integerShaped ? 0 : parsed
  }

  private static func kind(_ item: XPathItem) -> XPathAtomicType {
    switch item {
    case .boolean: .boolean
    case .date: .date
    case .decimal: .decimal
    case .double: .double
    default: .string
    }
  }

  /// A value comparison (XPath 2.0 §3.5.1): untyped values are compared as strings; strings by
  /// code point.
  static func valueCompare(_ op: XPathComparison, _ a: XPathItem, _ b: XPathItem)
    throws(XPathError) -> Bool
  {
    switch (a, b) {
    case (.decimal(let x), .decimal(let y)):
      let c = compare(x, y)
      return apply(op, c == 0, c < 0)
    case (.double, .decimal), (.decimal, .double), (.double, .double):
      let x = try double(a)
      let y = try double(b)
      if x.isNaN || y.isNaN { return op == .notEqual }
      return apply(op, x == y, x < y)
    case (.string(let x), .string(let y)), (.string(let x), .untyped(let y)),
      (.untyped(let x), .string(let y)), (.untyped(let x), .untyped(let y)):
      if op == .equal { return x.utf8.elementsEqual(y.utf8) }
      if op == .notEqual { return !x.utf8.elementsEqual(y.utf8) }
      let equal = x.utf8.elementsEqual(y.utf8)
      return apply(op, equal, !equal && x.utf8.lexicographicallyPrecedes(y.utf8))
    case (.boolean(let x), .boolean(let y)):
      return apply(op, x == y, !x && y)
    case (.date(let x), .date(let y)):
      return apply(op, x == y, x < y)
    default:
      throw XPathError(
        code: "XPTY0004", message: "cannot compare \(typeName(a)) with \(typeName(b))")
    }
  }

  /// -1, 0 or 1 as `a` is below, equal to or above `b`, without overflow at any scale.
  static func compare(_ a: DecimalNumber, _ b: DecimalNumber) -> Int {
    if a.scale == b.scale {
      return a.significand < b.significand ? -1 : a.significand == b.significand ? 0 : 1
    }
    let pa = power10(a.scale)
    let pb = power10(b.scale)
    let ia = a.significand / pa
    let ib = b.significand / pb
    if ia != ib { return ia < ib ? -1 : 1 }
    let scale = max(a.scale, b.scale)
    let fa = (a.significand % pa) * power10(scale - a.scale)
    let fb = (b.significand % pb) * power10(scale - b.scale)
    return fa < fb ? -1 : fa == fb ? 0 : 1
  }

  @inline(__always)
  private static func apply(_ op: XPathComparison, _ equal: Bool, _ less: Bool) -> Bool {
    switch op {
    case .equal: equal
    case .notEqual: !equal
    case .less: less
    case .lessOrEqual: less || equal
    case .greater: !less && !equal
    case .greaterOrEqual: !less
    }
  }

  /// Equality for `distinct-values` (F&O §15.1.6): values that cannot be compared are distinct.
  static func sameValue(_ a: XPathItem, _ b: XPathItem) -> Bool {
    func normal(_ i: XPathItem) -> XPathItem {
      if case .untyped(let s) = i { return .string(s) }
      return i
    }
    let x = normal(a)
    let y = normal(b)
    if case .double(let p) = x, case .double(let q) = y, p.isNaN && q.isNaN { return true }
    return (try? valueCompare(.equal, x, y)) ?? false
  }

  // MARK: Arithmetic

  /// A numeric operand: untyped values become `xs:double` (XPath 2.0 §3.4).
  private static func numeric(_ item: XPathItem) throws(XPathError) -> XPathItem {
    switch item {
    case .decimal, .double: return item
    case .untyped: return .double(try double(item))
    default:
      throw XPathError(
        code: "XPTY0004", message: "arithmetic is not defined for \(typeName(item))")
    }
  }

  /// `+ - * div idiv mod` (F&O §6.2); decimal division as Saxon's (exact when the quotient
  /// terminates, else 18 fraction digits or the operands' scale).
  static func arithmetic(_ op: XPathArithmetic, _ a: XPathItem, _ b: XPathItem)
    throws(XPathError) -> XPathItem
  {
    let x = try numeric(a)
    let y = try numeric(b)
    if case .decimal(let p) = x, case .decimal(let q) = y {
      switch op {
      case .add: return .decimal(try add(p, q))
      case .subtract: return .decimal(try add(p, -q))
      case .multiply: return .decimal(try multiply(p, q))
      case .divide:
        guard let r = divide(p, q) else {
          throw XPathError(code: "FOAR0001", message: "decimal division by zero")
        }
        return .decimal(r)
      case .integerDivide:
        guard !q.isZero, let r = divide(p, q) else {
          throw XPathError(code: "FOAR0001", message: "integer division by zero")
        }
        return .decimal(r.truncated)
      case .modulo:
        guard !q.isZero, let r = divide(p, q) else {
          throw XPathError(code: "FOAR0001", message: "modulus by zero")
        }
        return .decimal(p - r.truncated * q)
      }
    }
    let p = try double(x)
    let q = try double(y)
    switch op {
    case .add: return .double(p + q)
    case .subtract: return .double(p - q)
    case .multiply: return .double(p * q)
    case .divide: return .double(p / q)
    case .integerDivide:
      guard q != 0, !p.isNaN, !q.isNaN, p.isFinite else {
        throw XPathError(code: "FOAR0002", message: "integer division of \(p) by \(q)")
      }
      return .decimal(DecimalNumber(significand: Int128((p / q).rounded(.towardZero)), scale: 0))
    case .modulo: return .double(p.truncatingRemainder(dividingBy: q))
    }
  }

  /// The exact sum, or, past 38 digits, the sum with the least significant digits dropped
  /// (Saxon's decimals are unbounded; no invoice value comes near).
  static func add(_ a: DecimalNumber, _ b: DecimalNumber) throws(XPathError) -> DecimalNumber {
    var x = a
    var y = b
    while true {
      let scale = max(x.scale, y.scale)
      let (p, o1) = x.significand.multipliedReportingOverflow(by: power10(scale - x.scale))
      let (q, o2) = y.significand.multipliedReportingOverflow(by: power10(scale - y.scale))
      if !o1 && !o2 {
        let (r, o3) = p.addingReportingOverflow(q)
        if !o3 { return DecimalNumber(significand: r, scale: scale) }
      }
      guard scale > 0 else { throw overflow() }
      if x.scale == scale { x = x.rounded(toScale: scale - 1) }
      if y.scale == scale { y = y.rounded(toScale: scale - 1) }
    }
  }

  /// The exact product, or, past 38 digits, the product of operands with digits dropped.
  static func multiply(_ a: DecimalNumber, _ b: DecimalNumber) throws(XPathError) -> DecimalNumber {
    var x = a
    var y = b
    while true {
      let (p, o) = x.significand.multipliedReportingOverflow(by: y.significand)
      if !o && x.scale + y.scale <= DecimalNumber.maximumScale {
        return DecimalNumber(significand: p, scale: x.scale + y.scale)
      }
      if x.scale >= y.scale && x.scale > 0 {
        x = x.rounded(toScale: x.scale - 1)
      } else if y.scale > 0 {
        y = y.rounded(toScale: y.scale - 1)
      } else {
        throw overflow()
      }
    }
  }

  static func overflow() -> XPathError {
    XPathError(code: "FOAR0002", message: "decimal overflow beyond 38 digits")
  }

  /// Decimal division as Saxon does it: the exact quotient when it has at most 38 fraction
  /// digits, else rounded to max(18, scale of either operand) digits. Nil when dividing by zero.
  static func divide(_ a: DecimalNumber, _ b: DecimalNumber) -> DecimalNumber? {
    guard !b.isZero else { return nil }
    let negative = (a.significand < 0) != (b.significand < 0)
    let n = a.significand.magnitude
    let d = b.significand.magnitude
    // a / b = (n / d) × 10^(b.scale − a.scale); quotient digits Q after m fraction steps give
    // the value Q × 10^(b.scale − a.scale − m), i.e. scale m + a.scale − b.scale.
    let base = a.scale - b.scale
    let target = max(18, a.scale, b.scale)
    var quotient = n / d
    var remainder = n % d
    var m = 0
    var rounded: (UInt128, Int)? = nil
    while true {
      let scale = m + base
      if remainder == 0 && scale >= 0 { return make(quotient, scale, negative) }
      if scale == target && rounded == nil {
        rounded = (remainder * 2 >= d ? quotient + 1 : quotient, scale)
      }
      if scale >= 38 || quotient > UInt128(Int128.max) / 100 { break }
      remainder *= 10
      quotient = quotient * 10 + remainder / d
      remainder %= d
      m += 1
    }
    if let (q, s) = rounded { return make(q, s, negative) }
    return make(quotient, m + base, negative)
  }

  private static func make(_ magnitude: UInt128, _ scale: Int, _ negative: Bool) -> DecimalNumber {
    var q = Int128(magnitude)
    var s = scale
    if s < 0 {
      q *= XPathAtomic.power10(-s)
      s = 0
    }
    while s > DecimalNumber.maximumScale {
      q /= 10
      s -= 1
    }
    return DecimalNumber(significand: negative ? -q : q, scale: s)
  }

  static func negate(_ a: XPathItem) throws(XPathError) -> XPathItem {
    switch try numeric(a) {
    case .decimal(let d): return .decimal(-d)
    case .double(let d): return .double(-d)
    default: return a
    }
  }

  /// `fn:round` (F&O §6.4.4): half towards positive infinity, keeping the type.
  static func round(_ a: XPathItem) throws(XPathError) -> XPathItem {
    switch try numeric(a) {
    case .decimal(let d):
      return .decimal(try add(d, DecimalNumber(significand: 5, scale: 1)).floor)
    case .double(let x):
      guard x.isFinite else { return .double(x) }
      let f = x.rounded(.down)
      let r = x - f >= 0.5 ? f + 1 : f
      // A negative number that rounds to zero gives negative zero (XPath 2.0 §7.4.5).
      return .double(r == 0 && x.sign == .minus ? -0.0 : r)
    default: return a
    }
  }

  static func abs(_ a: XPathItem) throws(XPathError) -> XPathItem {
    switch try numeric(a) {
    case .decimal(let d): return .decimal(d.isNegative ? -d : d)
    case .double(let x): return .double(x.magnitude)
    default: return a
    }
  }

  static func floor(_ a: XPathItem) throws(XPathError) -> XPathItem {
    switch try numeric(a) {
    case .decimal(let d): return .decimal(d.floor)
    case .double(let x): return .double(x.rounded(.down))
    default: return a
    }
  }

  static func ceiling(_ a: XPathItem) throws(XPathError) -> XPathItem {
    switch try numeric(a) {
    case .decimal(let d): return .decimal(-((-d).floor))
    case .double(let x): return .double(x.rounded(.up))
    default: return a
    }
  }
}

extension DecimalNumber {
  /// The integer part, towards zero.
  var truncated: DecimalNumber {
    DecimalNumber(significand: significand / XPathAtomic.power10(scale), scale: 0)
  }

  /// The largest integer not above the value.
  var floor: DecimalNumber {
    let p = XPathAtomic.power10(scale)
    var q = significand / p
    if significand % p != 0 && significand < 0 { q -= 1 }
    return DecimalNumber(significand: q, scale: 0)
  }
}

extension Substring {
  fileprivate func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
    var s = ""
    for c in self where c != target { s.append(c) }
    return s
  }
}
