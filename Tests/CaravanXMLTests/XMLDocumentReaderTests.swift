import CaravanXML
import Foundation
import Testing

/// The parser against hostile input: each case must be refused with the right kind of error,
/// quickly and without growing memory.
@Suite struct HostileXMLTests {
  private func parse(_ text: String, limits: XMLLimits = .standard) throws(XMLError) -> XMLTree {
    try XMLDocumentReader.parse(Array(text.utf8), limits: limits)
  }

  private func refusal(_ bytes: [UInt8], limits: XMLLimits = .standard) -> XMLError? {
    do {
      _ = try XMLDocumentReader.parse(bytes, limits: limits)
      return nil
    } catch {
      return error
    }
  }

  @Test func externalEntityIsRefusedBeforeAnythingIsFetched() throws {
    let xxe = """
      <?xml version="1.0"?>
      <!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <Invoice>&xxe;</Invoice>
      """
    let error = try #require(refusal(Array(xxe.utf8)))
    #expect(error.kind == .doctypeForbidden)
    #expect(error.line == 2)
    #expect(error.message.contains("DOCTYPE Invoice"))
  }

  @Test func billionLaughsIsRefused() throws {
    var lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
    for i in 1...9 {
      lol +=
        "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10)
        + "\">\n"
    }
    lol += "]>\n<lolz>&lol9;</lolz>"
    let clock = ContinuousClock()
    let start = clock.now
    let error = try #require(refusal(Array(lol.utf8)))
    #expect(error.kind == .doctypeForbidden)
    // Refused at the DOCTYPE: nothing was expanded (a generous bound, not a benchmark).
    #expect(clock.now - start < .seconds(5))
  }

  @Test func externalDTDIsRefused() throws {
    let text = "<?xml version=\"1.0\"?><!DOCTYPE a SYSTEM \"http://example.invalid/a.dtd\"><a/>"
    #expect(refusal(Array(text.utf8))?.kind == .doctypeForbidden)
  }

  @Test func undeclaredEntityIsMalformed() throws {
    let error = try #require(refusal(Array("<a>&nope;</a>".utf8)))
    #expect(error.kind == .malformed)
    #expect(error.message.contains("nope"))
  }

  @Test func nestingTenThousandDeepIsRefused() throws {
    let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
    let error = try #require(refusal(Array(deep.utf8)))
    #expect(error.kind == .tooDeep)
    #expect(error.message.contains("64"))
    #expect(error.line == 1)
  }

  @Test func documentOverTheSizeLimitIsRefusedWithoutParsing() throws {
    // 200 MB of a valid document, refused on its size alone.
    var big = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000_007)
    big.replaceSubrange(0..<3, with: "<a>".utf8)
    big.replaceSubrange(200_000_003..<200_000_007, with: "</a>".utf8)
    let error = try #require(refusal(big))
    #expect(error.kind == .tooLarge)
    #expect(error.message.contains("200000007 bytes"))
  }

  @Test func tooManyElementsIsRefused() throws {
    let many = "<a>" + String(repeating: "<b/>", count: 1_001) + "</a>"
    let error = try #require(refusal(Array(many.utf8), limits: XMLLimits(maximumElements: 1_000)))
    #expect(error.kind == .tooManyElements)
  }

  static let notUTF8: [(String, [UInt8])] = {
    let latin1Declared: [UInt8] =
      Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".utf8) + [0xE9]
      + Array("</a>".utf8)
    let utf16: [UInt8] =
      [0xFF, 0xFE] + Array("<a/>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    return [
      ("invalid byte", Array("<a>caf".utf8) + [0xE9] + Array(" au lait</a>".utf8)),
      ("truncated sequence", Array("<a>".utf8) + [0xE2, 0x82] + Array("</a>".utf8)),
      ("invalid byte in a name", Array("<a".utf8) + [0xFF] + Array("b/>".utf8)),
      ("UTF-16 with byte order mark", utf16),
      ("declared Latin-1", latin1Declared),
    ]
  }()

  @Test(arguments: notUTF8)
  func bytesThatAreNotUTF8AreRefused(_ name: String, _ bytes: [UInt8]) throws {
    let error = try #require(refusal(bytes))
    #expect(error.kind == .notUTF8, "\(name): \(error)")
  }

  @Test(arguments: [
    "<a><b></a>", "<a/><b/>", "<a>", "garbage", "<a x='1' x='2'/>", "<p:a/>",
  ])
  func malformedDocumentsAreRefused(_ text: String) throws {
    let error = try #require(refusal(Array(text.utf8)))
    #expect(error.kind == .malformed, "\(text): \(error)")
    #expect(error.line != nil)
  }

  @Test func emptyInputIsRefused() {
    #expect(refusal([])?.kind == .empty)
  }
}

@Suite struct XMLTreeTests {
  @Test func readsNamesTextAttributesAndPaths() throws {
    let text = """
      <?xml version="1.0" encoding="UTF-8"?>
      <Invoice xmlns="urn:i" xmlns:cbc="urn:c" xmlns:cac="urn:a">
        <cbc:ID schemeID="0088">  A&amp;B &lt;1&gt; </cbc:ID>
        <cac:Line><cbc:ID>1</cbc:ID></cac:Line>
        <!-- a comment -->
        <cac:Line><cbc:ID><![CDATA[2 & 3]]></cbc:ID><cbc:Note a="x&amp;y&#38;z"/></cac:Line>
      </Invoice>
      """
    let tree = try XMLDocumentReader.parse(Array(text.utf8))
    #expect(tree.name(tree.root) == XMLName("urn:i", "Invoice"))
    let children = Array(tree.children(tree.root))
    #expect(children.count == 3)
    #expect(tree.text(children[0]) == "  A&B <1> ")
    #expect(tree.attribute("schemeID", of: children[0]) == "0088")
    #expect(tree.text(tree.root).isEmpty)
    let secondLine = Array(tree.children(children[2]))
    #expect(tree.text(secondLine[0]) == "2 & 3")
    #expect(tree.attribute("a", of: secondLine[1]) == "x&y&z")
    #expect(tree.path(secondLine[0]) == "/Invoice/cac:Line[2]/cbc:ID")
    #expect(tree.line(secondLine[0]) == 6)
    #expect(tree.parent(secondLine[0]) == children[2])
  }
}

@Suite struct XMLWriterTests {
  @Test func emptyContainersAreNeverWrittenAndTextIsEscaped() throws {
    var writer = XMLWriter(indent: false)
    writer.open("r", attributes: [("xmlns", "urn:r")])
    writer.open("empty")
    writer.element("skipped", nil as String?)
    writer.close()
    writer.open("full")
    writer.element("v", "a<b & \"c\"", attributes: [("k", "1\"2"), ("none", nil)])
    writer.close()
    let text = String(decoding: writer.finish(), as: UTF8.self)
    #expect(
      text == """
        <?xml version="1.0" encoding="UTF-8"?><r xmlns="urn:r"><full><v k="1&quot;2">a&lt;b &amp; "c"</v></full></r>

        """)
    // What the writer writes, the reader reads back.
    let tree = try XMLDocumentReader.parse(Array(text.utf8))
    let full = try #require(Array(tree.children(tree.root)).first)
    let v = try #require(Array(tree.children(full)).first)
    #expect(tree.text(v) == "a<b & \"c\"")
    #expect(tree.attribute("k", of: v) == "1\"2")
  }
}

@Suite struct XMLWriterEscapingTests {
  /// Every character XML gives meaning to, in text and in attribute values, one at a time and
  /// all together, reads back as written; and a copy of a writer does not share its bytes.
  @Test(arguments: ["&", "<", ">", "\"", "'", "\r", "\n", "\t", "a&b<c>d\"e\r\nf\tg", "é ☃ 𝄞"])
  func textAndAttributesReadBackAsWritten(_ value: String) throws {
    var writer = XMLWriter(indent: false)
    writer.open("r")
    writer.element("t", "x" + value + "y", attribute: ("a", "x" + value + "y"))
    var copy = writer
    copy.element("other", "only in the copy")
    let bytes = writer.finish()
    let tree = try XMLDocumentReader.parse(bytes)
    let t = try #require(Array(tree.children(tree.root)).first)
    #expect(Array(tree.children(tree.root)).count == 1)
    #expect(tree.text(t) == "x" + value + "y")
    #expect(tree.attribute("a", of: t) == "x" + value + "y")
    #expect(String(decoding: copy.finish(), as: UTF8.self).contains("only in the copy"))
  }
}
