public import Foundation

/// RFC 3339 timestamps (section 5.6), written in UTC with whole seconds, as
/// `2026-11-29T12:00:00Z`.
///
/// Done with integer arithmetic on the proleptic Gregorian calendar rather than a date
/// formatter: log entries are encoded on the hot path of every append, and a formatter costs
/// tens of microseconds.
public enum RFC3339 {
  /// `YYYY-MM-DDTHH:MM:SSZ`, fractions of a second dropped. Years outside 0000-9999 are
  /// clamped to that range.
  public static func format(_ date: Date) -> String {
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let clamped = min(max(seconds, -62_167_219_200), 253_402_300_799)
    let days = clamped >= 0 ? clamped / 86_400 : (clamped - 86_399) / 86_400
    let secondOfDay = clamped - days * 86_400
    let (year, month, day) = civil(fromDays: days)
    var out: [UInt8] = []
    out.reserveCapacity(20)
    func digits(_ value: Int64, _ count: Int) {
      var divisor: Int64 = 1
      for _ in 1..<count { divisor *= 10 }
      var v = value
      while divisor > 0 {
        out.append(UInt8(0x30 + v / divisor))
        v %= divisor
        divisor /= 10
      }
    }
    digits(year, 4)
    out.append(0x2D)
    digits(month, 2)
    out.append(0x2D)
    digits(day, 2)
    out.append(0x54)
    digits(secondOfDay / 3600, 2)
    out.append(0x3A)
    digits(secondOfDay / 60 % 60, 2)
    out.append(0x3A)
    digits(secondOfDay % 60, 2)
    out.append(0x5A)
    return String(decoding: out, as: UTF8.self)
  }

  /// Reads `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; `nil` for anything else.
  public static func parse(_ text: String) -> Date? {
    let b = Array(text.utf8)
    guard b.count >= 20 else { return nil }
    func number(_ range: Range<Int>) -> Int64? {
      var value: Int64 = 0
      for i in range {
        guard (0x30...0x39).contains(b[i]) else { return nil }
        value = value * 10 + Int64(b[i] - 0x30)
      }
      return value
    }
    guard let year = number(0..<4), b[4] == 0x2D, let month = number(5..<7), b[7] == 0x2D,
      let day = number(8..<10), b[10] == 0x54 || b[10] == 0x74, let hour = number(11..<13),
      b[13] == 0x3A, let minute = number(14..<16), b[16] == 0x3A, let second = number(17..<19),
      (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24,
      minute < 60, second < 60
    else { return nil }
    var i = 19
    var fraction = 0.0
    if b[i] == 0x2E {
      var scale = 0.1
      i += 1
      let start = i
      while i < b.count, (0x30...0x39).contains(b[i]) {
        fraction += Double(b[i] - 0x30) * scale
        scale /= 10
        i += 1
      }
      guard i > start else { return nil }
    }
    guard i < b.count else { return nil }
    var offset: Int64 = 0
    if b[i] == 0x5A || b[i] == 0x7A {
      i += 1
    } else if b[i] == 0x2B || b[i] == 0x2D, i + 6 == b.count, let h = number(i + 1..<i + 3),
      b[i + 3] == 0x3A, let m = number(i + 4..<i + 6), h < 24, m < 60
    {
      offset = (h * 3600 + m * 60) * (b[i] == 0x2B ? 1 : -1)
      i += 6
    } else {
      return nil
    }
    guard i == b.count else { return nil }
    let seconds =
      days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Date(timeIntervalSince1970: Double(seconds) + fraction)
  }

  static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 to a civil date (proleptic Gregorian).
  static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// A civil date to days since 1970-01-01.
  static func days(fromCivil y0: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
