/// An exact decimal number as EN 16931 carries amounts, quantities, prices and rates.
///
/// The value is `significand × 10^-scale`, held in 128 bits: 38 significant digits, far past any
/// amount an invoice states. `scale` is the number of fraction digits as written, because the
/// rules count them (BR-DEC-01 … BR-DEC-28 allow at most two for amounts), so `1.50` and `1.5`
/// are equal numbers with different scales. Floating point is never involved.
///
/// The canonical text (``description``) is the `xs:decimal` lexical form with no sign for
/// positive values, no leading zeros, and the fraction digits as written: `+001.50` → `1.50`,
/// `-0.0` → `0.0`, `.5` → `0.5`, `7.` → `7`.
public struct DecimalNumber: Sendable, Hashable, Comparable {
  /// The digits, as an integer.
  public let significand: Int128
  /// The number of fraction digits (0 … 38).
  public let scale: Int

  /// The largest scale kept; more fraction digits than this cannot be represented exactly.
  public static let maximumScale = 38

  /// Creates `significand × 10^-scale`.
  public init(significand: Int128, scale: Int = 0) {
    precondition(scale >= 0 && scale <= Self.maximumScale, "scale out of range: \(scale)")
    self.significand = significand
    self.scale = scale
  }

  /// An integer value with scale 0.
  public init(_ integer: Int) {
    self.init(significand: Int128(integer), scale: 0)
  }

  /// Zero, with scale 0.
  public static let zero = DecimalNumber(significand: 0, scale: 0)

  /// Parses the `xs:decimal` lexical form (optional sign, digits, optional point and digits),
  /// after collapsing surrounding XML white space. Returns nil for anything else, including
  /// exponents, thousands separators, and values beyond 38 significant digits.
  public init?(_ text: some StringProtocol) {
    var utf8 = Substring(text).utf8[...]
    while let first = utf8.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D {
      utf8 = utf8.dropFirst()
    }
    while let last = utf8.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D {
      utf8 = utf8.dropLast()
    }
    var negative = false
    if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      utf8 = utf8.dropFirst()
    }
    var value: Int128 = 0
    var digits = 0
    var scale = 0
    var seenPoint = false
    var significantDigits = 0
    for byte in utf8 {
      if byte == UInt8(ascii: ".") {
        if seenPoint { return nil }
        seenPoint = true
        continue
      }
      guard byte >= 0x30 && byte <= 0x39 else { return nil }
      digits += 1
      if seenPoint { scale += 1 }
      if value != 0 || byte != 0x30 { significantDigits += 1 }
      guard significantDigits <= 38, scale <= Self.maximumScale else { return nil }
      value = value * 10 + Int128(byte - 0x30)
    }
    guard digits > 0 else { return nil }
    self.init(significand: negative ? -value : value, scale: scale)
  }

  /// Parses the `xs:decimal` lexical form from UTF-8 bytes, exactly as ``init(_:)`` parses
  /// text, without making a string first.
  public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    @inline(__always) func isSpace(_ b: UInt8) -> Bool {
      b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }
    var start = 0
    var end = bytes.count
    while start < end && isSpace(bytes[start]) { start += 1 }
    while end > start && isSpace(bytes[end - 1]) { end -= 1 }
    var negative = false
    if start < end, bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "+") {
      negative = bytes[start] == UInt8(ascii: "-")
      start += 1
    }
    // Up to 18 digits fit a 64-bit integer: accumulate there, in 128 bits only beyond.
    var small: UInt64 = 0
    var value: Int128 = 0
    var digits = 0
    var scale = 0
    var seenPoint = false
    var significantDigits = 0
    var i = start
    while i < end {
      let byte = bytes[i]
      i += 1
      if byte == UInt8(ascii: ".") {
        if seenPoint { return nil }
        seenPoint = true
        continue
      }
      guard byte >= 0x30 && byte <= 0x39 else { return nil }
      digits += 1
      if seenPoint { scale += 1 }
      if small != 0 || value != 0 || byte != 0x30 { significantDigits += 1 }
      guard significantDigits <= 38, scale <= Self.maximumScale else { return nil }
      if significantDigits <= 18 {
        small = small &* 10 &+ UInt64(byte &- 0x30)
      } else {
        if small != 0 {
          value = Int128(small)
          small = 0
        }
        value = value * 10 + Int128(byte - 0x30)
      }
    }
    guard digits > 0 else { return nil }
    let magnitude = small != 0 ? Int128(small) : value
    self.init(significand: negative ? -magnitude : magnitude, scale: scale)
  }

  /// True when the value is below zero.
  public var isNegative: Bool { significand < 0 }
  /// True when the value is zero, whatever its scale.
  public var isZero: Bool { significand == 0 }

  /// The same value written with exactly `newScale` fraction digits, rounding half away from
  /// zero when digits are dropped (the rounding EN 16931 examples and the artefacts assume).
  public func rounded(toScale newScale: Int) -> DecimalNumber {
    if newScale == scale { return self }
    if newScale > scale {
      return DecimalNumber(
        significand: significand * Self.power(newScale - scale), scale: newScale)
    }
    let divisor = Self.power(scale - newScale)
    var quotient = significand / divisor
    let remainder = significand % divisor
    if remainder.magnitude * 2 >= divisor.magnitude {
      quotient += significand < 0 ? -1 : 1
    }
    return DecimalNumber(significand: quotient, scale: newScale)
  }

  /// 10^exponent as a 128-bit integer.
  static func power(_ exponent: Int) -> Int128 {
    var result: Int128 = 1
    for _ in 0..<exponent { result *= 10 }
    return result
  }

  /// Both operands brought to the larger scale.
  private static func aligned(_ a: DecimalNumber, _ b: DecimalNumber) -> (Int128, Int128, Int) {
    if a.scale == b.scale { return (a.significand, b.significand, a.scale) }
    if a.scale > b.scale {
      return (a.significand, b.significand * power(a.scale - b.scale), a.scale)
    }
    return (a.significand * power(b.scale - a.scale), b.significand, b.scale)
  }

  public static func == (a: DecimalNumber, b: DecimalNumber) -> Bool {
    let (x, y, _) = aligned(a, b)
    return x == y
  }

  public func hash(into hasher: inout Hasher) {
    // Equal numbers must hash alike whatever their scale: hash the value without trailing zeros.
    var s = significand
    var k = scale
    while k > 0 && s % 10 == 0 {
      s /= 10
      k -= 1
    }
    hasher.combine(s)
    hasher.combine(k)
  }

  public static func < (a: DecimalNumber, b: DecimalNumber) -> Bool {
    let (x, y, _) = aligned(a, b)
    return x < y
  }

  public static func + (a: DecimalNumber, b: DecimalNumber) -> DecimalNumber {
    let (x, y, s) = aligned(a, b)
    return DecimalNumber(significand: x + y, scale: s)
  }

  public static func - (a: DecimalNumber, b: DecimalNumber) -> DecimalNumber {
    let (x, y, s) = aligned(a, b)
    return DecimalNumber(significand: x - y, scale: s)
  }

  public static prefix func - (a: DecimalNumber) -> DecimalNumber {
    DecimalNumber(significand: -a.significand, scale: a.scale)
  }

  /// The exact product; its scale is the sum of the scales (capped by rounding at 38).
  public static func * (a: DecimalNumber, b: DecimalNumber) -> DecimalNumber {
    let scale = a.scale + b.scale
    if scale <= maximumScale {
      return DecimalNumber(significand: a.significand * b.significand, scale: scale)
    }
    return (a.rounded(toScale: min(a.scale, 19)) * b.rounded(toScale: min(b.scale, 19)))
  }

  /// The quotient rounded half away from zero to `scale` fraction digits; nil when dividing by
  /// zero.
  public func divided(by divisor: DecimalNumber, scale resultScale: Int) -> DecimalNumber? {
    guard !divisor.isZero else { return nil }
    // self / divisor = (s1 / 10^k1) / (s2 / 10^k2) = s1 * 10^(k2 - k1) / s2
    let shift = resultScale + divisor.scale - scale + 1
    var numerator = significand
    var denominator = divisor.significand
    if shift >= 0 { numerator *= Self.power(shift) } else { denominator *= Self.power(-shift) }
    let extra = DecimalNumber(significand: numerator / denominator, scale: resultScale + 1)
    return extra.rounded(toScale: resultScale)
  }
}

extension DecimalNumber: CustomStringConvertible, LosslessStringConvertible {
  /// The canonical `xs:decimal` text, keeping the scale as written.
  public var description: String {
    withCanonicalUTF8 { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the UTF-8 bytes of ``description``, written on the stack without making
  /// a string; the bytes are valid only during the call.
  public func withCanonicalUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows
    -> R
  {
    // At most 39 digits, or "0." and 38 fraction digits, a point and a sign.
    try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
      let magnitude = significand.magnitude
      // Dividing a 64-bit integer is much faster than a 128-bit one, and almost every value fits.
      var start =
        magnitude <= UInt128(UInt64.max)
        ? Self.writeDigits(UInt64(magnitude), scale: scale, endingAt: buffer.count, in: buffer)
        : Self.writeDigits(magnitude, scale: scale, endingAt: buffer.count, in: buffer)
      if significand < 0 {
        start -= 1
        buffer[start] = UInt8(ascii: "-")
      }
      return try body(UnsafeBufferPointer(rebasing: buffer[start...]))
    }
  }

  /// Writes `magnitude`'s digits right to left, ending at `end`, with a point before the last
  /// `scale` of them and at least one digit before the point; returns where they start.
  private static func writeDigits<T: FixedWidthInteger & UnsignedInteger>(
    _ magnitude: T, scale: Int, endingAt end: Int, in buffer: UnsafeMutableBufferPointer<UInt8>
  ) -> Int {
    var rest = magnitude
    var position = end
    var written = 0
    repeat {
      if scale > 0 && written == scale {
        position -= 1
        buffer[position] = UInt8(ascii: ".")
      }
      let (quotient, digit) = rest.quotientAndRemainder(dividingBy: 10)
      position -= 1
      buffer[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: digit)
      rest = quotient
      written += 1
    } while rest != 0 || written <= scale
    return position
  }
}

extension DecimalNumber: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self.init(value) }
}

extension DecimalNumber: Codable {
  /// Encoded as a JSON string in canonical form, so that no JSON reader turns it into a float.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = DecimalNumber(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not an xs:decimal")
    }
    self = value
  }
}
