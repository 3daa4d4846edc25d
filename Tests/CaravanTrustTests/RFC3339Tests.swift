import CaravanTrust
import Foundation
import Testing

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
  /// Foundation's ISO 8601 formatter is the oracle for the integer calendar arithmetic. It
  /// switches to the Julian calendar before 1582-10-15, whereas RFC 3339 uses the proleptic
  /// Gregorian calendar, so it is only consulted from 1583 on.
  @Test("formatting agrees with Foundation over random instants, 1583 to 9999")
  func agreesWithFoundation() {
    let oracle = ISO8601DateFormatter()
    oracle.formatOptions = [.withInternetDateTime]
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<5_000 {
      let seconds = Double(Int64.random(in: -12_212_553_600...253_402_300_799, using: &rng))
      let date = Date(timeIntervalSince1970: seconds)
      let text = RFC3339.format(date)
      #expect(text == oracle.string(from: date))
      #expect(RFC3339.parse(text) == date)
    }
  }

  @Test(
    "offsets and fractions are read",
    arguments: [
      ("2026-11-29T12:00:00Z", 1_795_953_600.0), ("2026-11-29T13:30:00+01:30", 1_795_953_600),
      ("2026-11-29T11:00:00.250-01:00", 1_795_953_600.25), ("2000-02-29T00:00:00Z", 951_782_400),
    ])
  func reads(text: String, seconds: Double) {
    #expect(RFC3339.parse(text)?.timeIntervalSince1970 == seconds)
  }

  @Test(
    "malformed timestamps are refused",
    arguments: [
      "", "2026-11-29", "2026-11-29T12:00:00", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
      "2026-11-29T24:00:00Z", "2026-11-29T12:00:00.Z", "2026-11-29T12:00:00+0100",
      "2026-11-29T12:00:00Zjunk", "２026-11-29T12:00:00Z",
    ])
  func refuses(text: String) {
    #expect(RFC3339.parse(text) == nil)
  }
}
