import CaravanModel
import Foundation
import Testing

@Suite struct DecimalNumberTests {
  @Test(arguments: [
    ("1.50", "1.50"), ("+001.50", "1.50"), ("-0.0", "0.0"), (".5", "0.5"), ("7.", "7"),
    ("  12\n", "12"), ("-1234567.89", "-1234567.89"), ("0.000001", "0.000001"),
    ("99999999999999999999999999999999999999", "99999999999999999999999999999999999999"),
    ("-0.05", "-0.05"), ("0", "0"), ("-100", "-100"), ("10.0", "10.0"),
    ("18446744073709551615", "18446744073709551615"),
    ("-18446744073709551616", "-18446744073709551616"),
    ("1844674407370955161.6", "1844674407370955161.6"),
    ("0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001"),
    ("-9999999999999999999999999999.9999999999", "-9999999999999999999999999999.9999999999"),
  ])
  func parsesAndWritesTheCanonicalForm(_ text: String, _ canonical: String) throws {
    let value = try #require(DecimalNumber(text))
    #expect(value.description == canonical)
    #expect(value.withCanonicalUTF8 { Array($0) } == Array(canonical.utf8))
    #expect(DecimalNumber(value.description) == value)
  }

  @Test(arguments: [
    "", "-", ".", "1.2.3", "1e5", "1,50", "12a", "--1", "0x10", "1 000", "NaN",
    "999999999999999999999999999999999999999",
  ])
  func refusesWhatIsNotAnXSDecimal(_ text: String) {
    #expect(DecimalNumber(text) == nil)
  }

  @Test func equalNumbersWithDifferentScalesAreEqualAndHashAlike() throws {
    let a = try #require(DecimalNumber("1.50"))
    let b = try #require(DecimalNumber("1.5"))
    #expect(a == b)
    #expect(Set([a, b]).count == 1)
    #expect(a.scale == 2 && b.scale == 1)
    #expect(a < DecimalNumber("1.51")!)
  }

  @Test func arithmeticIsExact() throws {
    let a = try #require(DecimalNumber("0.1"))
    let b = try #require(DecimalNumber("0.2"))
    #expect((a + b).description == "0.3")
    #expect((a - b).description == "-0.1")
    #expect((DecimalNumber("19.99")! * DecimalNumber("3")!).description == "59.97")
    #expect((DecimalNumber("1.25")! * DecimalNumber("0.19")!).description == "0.2375")
  }

  @Test(arguments: [
    ("2.345", 2, "2.35"), ("-2.345", 2, "-2.35"), ("2.344", 2, "2.34"), ("2.5", 0, "3"),
    ("1", 2, "1.00"), ("0.005", 2, "0.01"),
  ])
  func roundsHalfAwayFromZero(_ text: String, _ scale: Int, _ expected: String) {
    #expect(DecimalNumber(text)!.rounded(toScale: scale).description == expected)
  }

  @Test func divides() {
    #expect(DecimalNumber("10")!.divided(by: DecimalNumber("3")!, scale: 2)?.description == "3.33")
    #expect(DecimalNumber("2")!.divided(by: DecimalNumber("3")!, scale: 2)?.description == "0.67")
    #expect(DecimalNumber("1")!.divided(by: .zero, scale: 2) == nil)
  }
}

@Suite struct CalendarDateTests {
  @Test func parsesBothForms() throws {
    let iso = try #require(CalendarDate(iso: "2024-02-29"))
    let compact = try #require(CalendarDate(format102: "20240229"))
    #expect(iso == compact)
    #expect(iso.description == "2024-02-29")
    #expect(iso.format102 == "20240229")
  }

  @Test(arguments: [
    "2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "20240101", "2024-04-31", "abcd-ef-gh",
  ])
  func refusesImpossibleOrMalformedDates(_ text: String) {
    #expect(CalendarDate(iso: text) == nil)
  }
}

@Suite struct CanonicalJSONTests {
  static func sample() -> Invoice {
    var invoice = Invoice(
      number: "INV-1", issueDate: CalendarDate(iso: "2026-11-29"), currencyCode: "EUR")
    invoice.seller.name = "Atelier Mwangi"
    invoice.buyer.name = "Chiang Mai Crafts"
    invoice.totals.amountDue = DecimalNumber("100.50")
    var line = InvoiceLine(identifier: "1")
    line.quantity = DecimalNumber("2.000")
    line.item.name = "Kiondo basket"
    invoice.lines = [line]
    invoice.supportingDocuments = [SupportingDocument(reference: "D1")]
    invoice.supportingDocuments[0].attachment = Attachment(
      content: Data([0, 1, 2, 255]), mimeCode: "image/png", filename: "a.png")
    return invoice
  }

  @Test func isSortedAndKeepsDecimalsAsWritten() throws {
    let text = String(decoding: Self.sample().canonicalJSON(), as: UTF8.self)
    #expect(text.contains("\"amountDue\" : \"100.50\""))
    #expect(text.contains("\"quantity\" : \"2.000\""))
    #expect(text.contains("\"content\" : \"AAEC/w==\""))
    let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
      $0.split(separator: "\"")[1]
    }
    #expect(keys == keys.sorted())
  }

  @Test func readsBackToTheSameBytes() throws {
    let first = Self.sample().canonicalJSON()
    let again = try Invoice(canonicalJSON: first).canonicalJSON()
    #expect(first == again)
  }
}
