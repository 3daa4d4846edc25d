import CaravanXML
import Testing

/// Names as written, document order and navigation of ``XMLTree``.
@Suite struct XMLTreeNavigationTests {
  let tree: XMLTree

  init() throws {
    let text = """
      <Invoice xmlns="urn:i" xmlns:cbc="urn:b" xmlns:b="urn:b"><cbc:ID>1</cbc:ID>\
      <Line><b:ID>2</b:ID><Note/></Line><cbc:Note>n</cbc:Note></Invoice>
      """
    tree = try XMLDocumentReader.parse(Array(text.utf8))
  }

  @Test func qualifiedNamesKeepThePrefixAsWritten() {
    let names = (0..<tree.elementCount).map { tree.qualifiedName(tree.element(atOffset: $0)!) }
    #expect(names == ["Invoice", "cbc:ID", "Line", "b:ID", "Note", "cbc:Note"])
    // Same expanded name, different prefixes: one name index, two qualified names.
    #expect(
      tree.nameIndex(tree.element(atOffset: 1)!) == tree.nameIndex(tree.element(atOffset: 3)!))
  }

  @Test func descendantsAndSiblingsFollowDocumentOrder() throws {
    let line = try #require(tree.element(atOffset: 2))
    #expect(tree.descendantsEnd(line) == 5)
    #expect(tree.descendantsEnd(tree.root) == tree.elementCount)
    #expect(tree.firstChild(line)?.offset == 3)
    #expect(tree.nextSibling(line)?.offset == 5)
    #expect(tree.nextSibling(tree.element(atOffset: 5)!) == nil)
    #expect(tree.descendantsEnd(tree.element(atOffset: 4)!) == 5)
    #expect(tree.element(atOffset: 1)! < line)
  }

  @Test func eachTreeHasItsOwnSerial() throws {
    let other = try XMLDocumentReader.parse(Array("<a/>".utf8))
    #expect(other.serial != tree.serial)
  }
}

/// String values of mixed content, which an invoice never has but a broken one may: the white
/// space inside a mixed element is part of its string value, as XPath reads it.
@Suite struct MixedContentTests {
  @Test func whiteSpaceInsideAMixedElementIsKept() throws {
    let tree = try XMLDocumentReader.parse(
      Array(
        """
        <A>
          <Amount>2500<Line>
              <ID>2</ID>
          </Line></Amount>
          <Plain>
            <ID>7</ID>
          </Plain>
        </A>
        """.utf8))
    let amount = try #require(tree.firstChild(tree.root))
    let value = tree.stringValue(amount)
    #expect(
      value.hasPrefix("2500\n"), "the white space after the text is kept: \(value.debugDescription)"
    )
    #expect(value.hasSuffix("2"))
    #expect(value.filter { !$0.isWhitespace } == "25002")
    // Outside mixed content, white space between elements is not kept.
    let plain = try #require(tree.nextSibling(amount))
    #expect(tree.stringValue(plain) == "7")
    #expect(tree.text(tree.root).isEmpty)
  }

  @Test func textRightBeforeAChildMakesNoDifferenceWhenThereIsNoWhiteSpace() throws {
    let tree = try XMLDocumentReader.parse(Array("<A><B>25<C>00</C></B></A>".utf8))
    let b = try #require(tree.firstChild(tree.root))
    #expect(tree.stringValue(b) == "2500")
  }
}
