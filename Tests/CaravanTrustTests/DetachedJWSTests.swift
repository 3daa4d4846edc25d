import CaravanTrust
import Crypto
import Foundation
import Testing

@Suite("Detached JWS (RFC 7515 + RFC 7797)")
struct DetachedJWSTests {
  static let document = Array("<Invoice><ID>INV-1</ID></Invoice>\n".utf8)

  @Test("sign and verify over the exact bytes", arguments: KeyTests.keys.indices)
  func roundTrip(index: Int) throws {
    let key = KeyTests.keys[index]
    let jws = try DetachedJWS.sign(document: Self.document, key: key, documentType: "invoice")
    let parsed = try DetachedJWS(parsing: jws.compact)
    #expect(parsed == jws)
    #expect(jws.compact.contains(".."))
    #expect(try parsed.verify(document: Self.document) == key.publicKey)
    #expect(parsed.header.b64 == false && parsed.header.crit == ["b64"])
    #expect(parsed.header.kid == key.publicKey.thumbprint)
  }

  /// The RFC 7797 section 4.2 signing input, checked through an independent HMAC-free
  /// path: the signature must verify over `header || '.' || payload`, and not over the
  /// base64url of the payload.
  @Test("the payload is signed unencoded")
  func unencodedInput() throws {
    let key = KeyTests.keys[0]
    let jws = try DetachedJWS.sign(document: Self.document, key: key)
    let input = Array(jws.encodedHeader.utf8) + [0x2E] + Self.document
    #expect(key.publicKey.isValidSignature(jws.signature, for: input))
    let encoded =
      Array(jws.encodedHeader.utf8) + [0x2E]
      + Array(Data(Self.document).base64EncodedString().utf8)
    #expect(!key.publicKey.isValidSignature(jws.signature, for: encoded))
  }

  /// The signed header must stay the bytes `JSONEncoder` writes (sorted keys, unescaped
  /// slashes), whether it is written directly or, for strings that need escaping, by
  /// `JSONEncoder` itself.
  @Test(
    "the signed header is the JSON that JSONEncoder writes",
    arguments: KeyTests.keys.indices,
    [
      "en16931:380", nil, "", "a/b", #"say "hi""#, #"back\slash"#, "line\nbreak", "tab\t",
      "\u{7F}", "Réception", "\u{2028}", "🧾",
    ])
  func headerBytes(index: Int, documentType: String?) throws {
    let jws = try DetachedJWS.sign(
      document: Self.document, key: KeyTests.keys[index], documentType: documentType,
      signingTime: Date(timeIntervalSince1970: 1_790_000_000))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    #expect(Base64URL.decode(jws.encodedHeader) == Array(try encoder.encode(jws.header)))
  }

  @Test("a header with a certificate chain is the JSON that JSONEncoder writes")
  func headerBytesWithChain() throws {
    let ca = try Fixtures.makeCA("Test CA")
    let (key, certificate) = try Fixtures.issue(by: ca, to: "Seller GmbH")
    let jws = try DetachedJWS.sign(
      document: Self.document, key: key, certificates: [certificate, ca.certificate],
      documentType: "invoice")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    #expect(jws.header.x5c?.count == 2)
    #expect(Base64URL.decode(jws.encodedHeader) == Array(try encoder.encode(jws.header)))
  }

  @Test("base64url is standard base64 with the URL-safe alphabet and no padding")
  func base64URL() {
    var generator = SystemRandomNumberGenerator()
    for count in 0..<200 {
      let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let expected = Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
      #expect(Base64URL.encode(bytes) == expected)
      #expect(Base64URL.encode(Data(bytes)) == expected)
      #expect(Base64URL.encode(bytes[...]) == expected)
      #expect(Base64URL.decode(expected) == bytes)
      #expect(Base64URL.decode(expected[...]) == bytes)
    }
  }

  @Test("base64url decoding refuses padding, other alphabets and non-canonical endings")
  func base64URLRefusals() {
    #expect(Base64URL.decode("QQ") == [0x41])
    #expect(Base64URL.decode("QR") == nil, "the last character's unused bits must be zero")
    #expect(Base64URL.decode("QUI") == [0x41, 0x42])
    #expect(Base64URL.decode("QUJ") == nil)
    #expect(Base64URL.decode("QQ==") == nil, "no padding")
    #expect(Base64URL.decode("a+b/") == nil, "standard base64's alphabet")
    #expect(Base64URL.decode("QUJDR") == nil, "a length of 4n + 1 characters")
    #expect(Base64URL.decode("QU JD") == nil)
    #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    #expect(Base64URL.decode("") == [])
  }

  static func expectInvalidSignature(_ body: () throws -> Void) {
    #expect {
      try body()
    } throws: { error in
      guard case .invalidSignature = error as? SignatureError else { return false }
      return true
    }
  }

  @Test("an altered document is refused")
  func altered() throws {
    let jws = try DetachedJWS.sign(document: Self.document, key: KeyTests.keys[1])
    var changed = Self.document
    changed[10] ^= 1
    Self.expectInvalidSignature { try jws.verify(document: changed) }
  }

  @Test("a signature replayed on another document is refused")
  func replayed() throws {
    let jws = try DetachedJWS.sign(document: Self.document, key: KeyTests.keys[0])
    Self.expectInvalidSignature { try jws.verify(document: Array("<Invoice>other".utf8)) }
  }

  @Test("a forged signature is refused")
  func forged() throws {
    let jws = try DetachedJWS.sign(document: Self.document, key: KeyTests.keys[0])
    var bytes = jws.signature
    bytes[0] ^= 0x80
    let forged = try DetachedJWS(
      parsing: jws.encodedHeader + ".."
        + Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: ""))
    Self.expectInvalidSignature { try forged.verify(document: Self.document) }
  }

  @Test("a signature by another key is refused")
  func wrongKey() throws {
    let jws = try DetachedJWS.sign(document: Self.document, key: KeyTests.keys[0])
    let other = SigningKey.ed25519(Curve25519.Signing.PrivateKey()).publicKey
    Self.expectInvalidSignature { try jws.verify(document: Self.document, key: other) }
  }

  @Test("a header swapped from another signer's JWS is refused")
  func swappedHeader() throws {
    let a = try DetachedJWS.sign(document: Self.document, key: KeyTests.keys[0])
    let b = try DetachedJWS.sign(
      document: Self.document, key: .ed25519(Curve25519.Signing.PrivateKey()))
    let mixed = try DetachedJWS(
      parsing: b.encodedHeader + ".." + a.compact.components(separatedBy: "..")[1])
    Self.expectInvalidSignature { try mixed.verify(document: Self.document) }
  }

  @Test("truncated signatures are refused as malformed or invalid")
  func truncated() throws {
    let jws = try DetachedJWS.sign(document: Self.document, key: KeyTests.keys[1]).compact
    for cut in [jws.count / 3, jws.count / 2, jws.count - 5] {
      let text = String(jws.prefix(cut))
      #expect(throws: SignatureError.self, "cut at \(cut)") {
        try DetachedJWS(parsing: text).verify(document: Self.document)
      }
    }
  }

  static func header(_ json: String) -> String {
    Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
  }

  @Test(
    "headers that break RFC 7515/7797 rules are refused with the reason",
    arguments: [
      (#"{"alg":"none","b64":false,"crit":["b64"]}"#, SignatureError.unsupportedAlgorithm("none")),
      (#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, .unsupportedAlgorithm("HS256")),
      (#"{"alg":"EdDSA"}"#, .payloadMustBeUnencoded),
      (#"{"alg":"EdDSA","b64":false}"#, .payloadMustBeUnencoded),
      (#"{"alg":"EdDSA","b64":false,"crit":["b64","exp"]}"#, .unknownCriticalHeader("exp")),
    ])
  func badHeaders(json: String, expected: SignatureError) {
    #expect(throws: expected) { _ = try DetachedJWS(parsing: Self.header(json) + "..AAAA") }
  }

  @Test("an attached payload is refused")
  func attached() {
    #expect {
      _ = try DetachedJWS(
        parsing: Self.header(#"{"alg":"EdDSA","b64":false,"crit":["b64"]}"#) + ".cGF5.AAAA")
    } throws: { error in
      guard case .malformed = error as? SignatureError else { return false }
      return true
    }
  }
}
