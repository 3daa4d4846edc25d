import Testing

@testable import CaravanExchange

/// The strict JSON reader and the RFC 8785 writer of the exchange formats, on strings.
@Suite("Canonical JSON")
struct CanonicalJSONTests {
  @Test(
    "strings read and write back in their canonical form",
    arguments: [
      (#"{"a":"plain"}"#, #"{"a":"plain"}"#),
      (#"{"a":"q\"b\\s\/n\nt\tc\u0001"}"#, #"{"a":"q\"b\\s/n\nt\tc\u0001"}"#),
      (#"{"a":"\u00e9\ud83d\ude00"}"#, "{\"a\":\"é😀\"}"),
      ("{\"a\":\"é😀\"}", "{\"a\":\"é😀\"}"),
      (#"{"a":"","b":"x"}"#, #"{"a":"","b":"x"}"#),
    ])
  func strings(input: String, canonical: String) throws {
    #expect(try JSONValue.parse(Array(input.utf8)).canonical() == Array(canonical.utf8))
  }

  @Test("object members are sorted by UTF-16 code units, not by scalars")
  func keyOrder() throws {
    // U+1F600 is D83D DE00 in UTF-16, before U+E000; as scalars it comes after.
    let value = JSONValue.object(["\u{E000}": .integer(1), "😀": .integer(2), "a": .null])
    #expect(value.canonical() == Array("{\"a\":null,\"😀\":2,\"\u{E000}\":1}".utf8))
  }

  @Test(
    "bad strings are refused at the byte where reading stopped",
    arguments: [
      ([0x22, 0x61, 0xFF, 0x22] as [UInt8], 4, "string is not valid UTF-8"),
      ([0x22, 0x61, 0x0A, 0x22], 2, "unescaped control character in a string"),
      ([0x22, 0x61, 0x62], 3, "unterminated string"),
      ([0x22, 0x5C, 0x78, 0x22], 3, "invalid escape"),
      ([0x22, 0x5C, 0x75, 0x64, 0x38, 0x33, 0x64, 0x22], 7, "unpaired surrogate"),
    ])
  func badStrings(bytes: [UInt8], offset: Int, why: String) {
    #expect(throws: FormatError.syntax(why, offset: offset)) { try JSONValue.parse(bytes) }
  }

  @Test(
    "tokens: 1 to limit characters, no control character, no white space (ASCII or not)",
    arguments: [
      ("urn:fdc:peppol.eu:2017", true, true),
      ("", false, false),
      ("a b", true, false),
      ("a\tb", false, false),
      ("a\u{7F}", false, false),
      ("café", true, true),
      ("a\u{A0}b", true, false),  // no-break space: white space, not control
      ("a\u{85}b", false, false),  // next line: a control character
      ("e\u{301}", true, true),  // one character of two scalars
    ])
  func tokens(text: String, plain: Bool, token: Bool) {
    #expect(isPlainText(text, limit: 40) == plain)
    #expect(isToken(text, limit: 40) == token)
  }

  @Test("the limit counts characters")
  func limits() {
    #expect(isToken(String(repeating: "a", count: 10), limit: 10))
    #expect(!isToken(String(repeating: "a", count: 11), limit: 10))
    #expect(isToken(String(repeating: "é", count: 10), limit: 10))
    #expect(!isPlainText(String(repeating: "é", count: 11), limit: 10))
  }
}
