import Foundation

/// Distinct valid invoices made from the example (examples/kiondo-baskets-ubl.xml): its invoice
/// number (BT-1, also the payment reference), issue date (BT-2), seller's electronic address
/// (BT-34) and buyer's electronic address (BT-49) are replaced; everything else is kept.
struct InvoiceTemplate: Sendable {
  enum Field: Sendable { case number, issueDate, seller, buyer }

  static let exampleNumber = "KB-2026-0117"
  static let exampleSeller = "0088:6164000000011"
  static let exampleBuyer = "0088:8850000000018"

  private enum Part: Sendable {
    case text([UInt8])
    case field(Field)
  }

  private let parts: [Part]
  let exampleSize: Int

  init(contentsOf url: URL) throws {
    let text = try String(contentsOf: url, encoding: .utf8)
    exampleSize = text.utf8.count
    let replacements: [(String, Field)] = [
      ("<cbc:ID>\(Self.exampleNumber)</cbc:ID>", .number),
      ("<cbc:PaymentID>\(Self.exampleNumber)</cbc:PaymentID>", .number),
      ("<cbc:IssueDate>2026-11-20</cbc:IssueDate>", .issueDate),
      ("<cbc:EndpointID schemeID=\"0088\">6164000000011</cbc:EndpointID>", .seller),
      ("<cbc:EndpointID schemeID=\"0088\">8850000000018</cbc:EndpointID>", .buyer),
    ]
    // Cut the text at each replaced element, keeping its tags around the field.
    var parts: [Part] = []
    var rest = Substring(text)
    while true {
      let found = replacements.compactMap { pattern, field in
        rest.range(of: pattern).map { (range: $0, pattern: pattern, field: field) }
      }.min { $0.range.lowerBound < $1.range.lowerBound }
      guard let found else { break }
      let value: String
      switch found.field {
      case .number: value = Self.exampleNumber
      case .issueDate: value = "2026-11-20"
      case .seller: value = "6164000000011"
      case .buyer: value = "8850000000018"
      }
      let pattern = found.pattern
      let cut = pattern.range(of: ">" + value + "<")!
      let open = pattern[..<pattern.index(after: cut.lowerBound)]
      let close = pattern[pattern.index(before: cut.upperBound)...]
      parts.append(.text(Array((rest[..<found.range.lowerBound] + open).utf8)))
      parts.append(.field(found.field))
      parts.append(.text(Array(close.utf8)))
      rest = rest[found.range.upperBound...]
    }
    parts.append(.text(Array(rest.utf8)))
    guard parts.filter({ if case .field = $0 { true } else { false } }).count == 5 else {
      throw UsageError(description: "\(url.path) is not the example invoice (fields not found)")
    }
    self.parts = parts
  }

  /// The invoice with these values; `seller` and `buyer` are GLNs (scheme 0088) without the
  /// scheme.
  func invoice(number: String, issueDate: String, seller: String, buyer: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(exampleSize + 64)
    for part in parts {
      switch part {
      case .text(let bytes): out.append(contentsOf: bytes)
      case .field(.number): out.append(contentsOf: number.utf8)
      case .field(.issueDate): out.append(contentsOf: issueDate.utf8)
      case .field(.seller): out.append(contentsOf: seller.utf8)
      case .field(.buyer): out.append(contentsOf: buyer.utf8)
      }
    }
    return out
  }

  /// A GLN (GS1 Global Location Number): 12 digits and their GS1 check digit.
  static func gln(_ twelveDigits: UInt64) -> String {
    let digits = String(twelveDigits).leftPadded(to: 12)
    var sum = 0
    for (offset, character) in digits.reversed().enumerated() {
      sum += (character.wholeNumberValue ?? 0) * (offset % 2 == 0 ? 3 : 1)
    }
    return digits + String((10 - sum % 10) % 10)
  }

  /// `count` issue dates, one a day from 2026-01-01.
  static func issueDates(count: Int) -> [String] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let start = calendar.date(from: DateComponents(year: 2026, month: 1, day: 1))!
    return (0..<count).map { day in
      let date = calendar.date(byAdding: .day, value: day, to: start)!
      let parts = calendar.dateComponents([.year, .month, .day], from: date)
      return "\(parts.year!)-\(String(parts.month!).leftPadded(to: 2))-"
        + String(parts.day!).leftPadded(to: 2)
    }
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
