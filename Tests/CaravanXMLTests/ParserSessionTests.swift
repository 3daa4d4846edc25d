import Testing

@testable import CaravanXML

/// Parser contexts are reused from one parse to the next: what one document leaves behind must
/// never change how the next is read.
@Suite struct ParserSessionTests {
  static let good = Array(
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <r xmlns="urn:r" xmlns:p="urn:p"><p:a k="1">one</p:a><b>two</b></r>
    """.utf8)

  func check(_ tree: XMLTree) throws {
    #expect(tree.name(tree.root) == XMLName("urn:r", "r"))
    let children = Array(tree.children(tree.root))
    try #require(children.count == 2)
    #expect(tree.name(children[0]) == XMLName("urn:p", "a"))
    #expect(tree.qualifiedName(children[0]) == "p:a")
    #expect(tree.attribute("k", of: children[0]) == "1")
    #expect(tree.text(children[1]) == "two")
    #expect(tree.names.count == 3)
  }

  /// A parse stopped inside an element whose namespace declarations were in force does not
  /// leave them in force: the next document uses the prefix without declaring it and is
  /// refused, as it is on a fresh parser.
  @Test func namespacesOfAFailedParseDoNotLeak() throws {
    let truncated = Array(#"<a xmlns:q="urn:q"><q:b><q:c>text"#.utf8)
    let undeclared = Array(#"<q:d/>"#.utf8)
    for _ in 0..<3 {
      #expect(throws: XMLError.self) { try XMLDocumentReader.parse(truncated) }
      #expect(throws: XMLError.self) { try XMLDocumentReader.parse(undeclared) }
      try check(XMLDocumentReader.parse(Self.good))
    }
  }

  /// A refused DTD, an element limit and a malformed document in between good ones.
  @Test func refusalsInBetweenLeaveGoodDocumentsIntact() throws {
    let refused: [[UInt8]] = [
      Array(#"<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>"#.utf8),
      Array("<r><a></b></r>".utf8),
      Array("<r>\u{0}</r>".utf8),
    ]
    for bad in refused {
      try check(XMLDocumentReader.parse(Self.good))
      #expect(throws: XMLError.self) { try XMLDocumentReader.parse(bad) }
      try check(XMLDocumentReader.parse(Self.good))
    }
    let tooMany = Array(("<r>" + String(repeating: "<a/>", count: 50) + "</r>").utf8)
    #expect(throws: XMLError.self) {
      try XMLDocumentReader.parse(tooMany, limits: XMLLimits(maximumElements: 10))
    }
    try check(XMLDocumentReader.parse(Self.good))
  }

  /// A tree's names are its own document's, whatever the session parsed before.
  @Test func aTreeHoldsOnlyItsOwnNames() throws {
    _ = try XMLDocumentReader.parse(Array(#"<x xmlns="urn:x"><y/><z/></x>"#.utf8))
    try check(XMLDocumentReader.parse(Self.good))
  }

  /// Many parses at once each get a session of their own.
  @Test func concurrentParsesAreIndependent() async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      for i in 0..<64 {
        group.addTask {
          if i % 3 == 0 {
            #expect(throws: XMLError.self) {
              try XMLDocumentReader.parse(Array(#"<a xmlns:q="urn:q"><q:b>"#.utf8))
            }
          } else {
            try self.check(XMLDocumentReader.parse(Self.good))
          }
        }
      }
      try await group.waitForAll()
    }
  }

  /// A document of thousands of invented names is read, and the session that read it is not
  /// kept: the pool never holds a dictionary over the limit.
  @Test func aDictionaryGrownByInventedNamesIsNotKept() throws {
    var text = "<r>"
    for i in 0..<(ParserSession.maximumDictionaryNames + 100) { text += "<n\(i)/>" }
    text += "</r>"
    let tree = try XMLDocumentReader.parse(Array(text.utf8))
    #expect(tree.names.count == ParserSession.maximumDictionaryNames + 101)
    #expect(
      ParserSession.pooledDictionarySizes.allSatisfy { $0 <= ParserSession.maximumDictionaryNames })
    try check(XMLDocumentReader.parse(Self.good))
  }
}

/// The builder's buffers grow past their first sizes: deeper nesting than 64 under a raised
/// limit, and more elements than the first estimate from the document's size.
@Suite struct TreeBuilderGrowthTests {
  @Test func nestingDeeperThanTheFirstStackIsRead() throws {
    let depth = 200
    let text =
      String(repeating: "<e>", count: depth) + "core" + String(repeating: "</e>", count: depth)
    let tree = try XMLDocumentReader.parse(
      Array(text.utf8), limits: XMLLimits(maximumDepth: depth))
    #expect(tree.elementCount == depth)
    var element = tree.root
    var levels = 1
    while let child = tree.firstChild(element) {
      #expect(tree.parent(child) == element)
      element = child
      levels += 1
    }
    #expect(levels == depth)
    #expect(tree.text(element) == "core")
    #expect(throws: XMLError.self) {
      try XMLDocumentReader.parse(Array(text.utf8), limits: XMLLimits(maximumDepth: depth - 1))
    }
  }

  @Test func manyMoreElementsThanBytesSuggestAreRead() throws {
    let count = 5_000
    let text = "<r>" + String(repeating: "<a/>", count: count) + "<b>last</b></r>"
    let tree = try XMLDocumentReader.parse(Array(text.utf8))
    #expect(tree.elementCount == count + 2)
    let children = Array(tree.children(tree.root))
    #expect(children.count == count + 1)
    #expect(tree.text(children[count]) == "last")
    #expect(children.allSatisfy { tree.parent($0) == tree.root })
  }
}
