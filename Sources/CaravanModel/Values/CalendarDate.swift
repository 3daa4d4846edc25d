/// A calendar date without time or zone, as EN 16931 dates are (BT-2, BT-7, BT-9 …).
///
/// Text form is ISO 8601 `YYYY-MM-DD` (UBL's `xs:date` without a zone); CII writes the same
/// date as `YYYYMMDD` (UNTDID 2379 format 102).
public struct CalendarDate: Sendable, Hashable, Comparable {
  public let year: Int
  public let month: Int
  public let day: Int

  /// A date, or nil when the day does not exist in the proleptic Gregorian calendar.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= CalendarDate.days(inMonth: month, of: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD` (surrounding white space ignored).
  public init?(iso text: some StringProtocol) {
    let bytes = Array(Self.trimmed(text).utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let y = Self.number(bytes[0..<4]), let m = Self.number(bytes[5..<7]),
      let d = Self.number(bytes[8..<10])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Parses `YYYY-MM-DD` from UTF-8 bytes, surrounding XML white space ignored.
  public init?(isoUTF8 raw: UnsafeBufferPointer<UInt8>) {
    var start = 0
    var end = raw.count
    @inline(__always) func isSpace(_ b: UInt8) -> Bool {
      b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
    }
    while start < end && isSpace(raw[start]) { start += 1 }
    while end > start && isSpace(raw[end - 1]) { end -= 1 }
    guard end - start == 10 else { return nil }
    let b = UnsafeBufferPointer(rebasing: raw[start..<end])
    @inline(__always) func digits(_ from: Int, _ count: Int) -> Int? {
      var n = 0
      for i in from..<(from + count) {
        let d = b[i]
        guard d >= 0x30 && d <= 0x39 else { return nil }
        n = n * 10 + Int(d - 0x30)
      }
      return n
    }
    guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), let y = digits(0, 4),
      let m = digits(5, 2), let d = digits(8, 2)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Parses `YYYYMMDD`, the UNTDID 2379 format 102 that CII uses.
  public init?(format102 text: some StringProtocol) {
    let bytes = Array(Self.trimmed(text).utf8)
    guard bytes.count == 8, let y = Self.number(bytes[0..<4]), let m = Self.number(bytes[4..<6]),
      let d = Self.number(bytes[6..<8])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// `YYYYMMDD`.
  public var format102: String {
    Self.padded(year, 4) + Self.padded(month, 2) + Self.padded(day, 2)
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  static func days(inMonth month: Int, of year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  private static func trimmed(_ text: some StringProtocol) -> Substring {
    let s = Substring(text)
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
    guard let start = s.firstIndex(where: { !isSpace($0) }),
      let end = s.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return s[start...end]
  }

  private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for b in bytes {
      guard b >= 0x30 && b <= 0x39 else { return nil }
      value = value * 10 + Int(b - 0x30)
    }
    return value
  }

  private static func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}

extension CalendarDate: CustomStringConvertible {
  /// `YYYY-MM-DD`.
  public var description: String {
    Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
  }
}

extension CalendarDate: Codable {
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let date = CalendarDate(iso: text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not a YYYY-MM-DD date")
    }
    self = date
  }
}
