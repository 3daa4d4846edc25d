import CaravanModel
import CaravanSyntax
import CaravanXML
import Foundation
import Testing

/// Conversion is read-one, write-the-other through the model, and must lose nothing the model
/// carries: for every official document, the converted document and the document converted
/// back read to the very same canonical JSON as the original, but for the two adaptations the
/// official artefacts force (``Adaptation``), which are checked to be the only differences.
@Suite struct ConversionTests {
  static let files = Corpus.ublFiles + Corpus.ciiFiles

  @Test("converting to the other syntax and back keeps the model", arguments: files)
  func conversionKeepsTheModel(_ file: String) throws {
    try #require(Corpus.isPresent, "no conformance corpus at \(Corpus.root.path)")
    let original = try InvoiceDocument.read(try Corpus.bytes(file))
    let other: Syntax = original.syntax == .ubl ? .cii : .ubl
    // A valid document needs no adaptation to its own syntax.
    #expect(InvoiceDocument.adapted(original.invoice, for: original.syntax).adaptations.isEmpty)
    // The documented adaptations (see `Adaptation`) are the only changes conversion may make.
    let expected = InvoiceDocument.adapted(original.invoice, for: other).invoice
    let model = String(decoding: expected.canonicalJSON(), as: UTF8.self)

    let converted = try InvoiceDocument.read(InvoiceDocument.write(original.invoice, as: other))
    #expect(converted.syntax == other)
    #expect(String(decoding: converted.invoice.canonicalJSON(), as: UTF8.self) == model)
    #expect(converted.diagnostics.isEmpty, "\(converted.diagnostics)")

    let back = try InvoiceDocument.read(
      InvoiceDocument.write(converted.invoice, as: original.syntax))
    #expect(back.syntax == original.syntax)
    #expect(String(decoding: back.invoice.canonicalJSON(), as: UTF8.self) == model)
  }

  @Test func adaptationsHappenOnlyWhereTheArtefactsForceThem() throws {
    try #require(Corpus.isPresent, "no conformance corpus at \(Corpus.root.path)")
    let adapted = try Self.files.filter { file in
      let result = try InvoiceDocument.read(try Corpus.bytes(file))
      let other: Syntax = result.syntax == .ubl ? .cii : .ubl
      return !InvoiceDocument.adapted(result.invoice, for: other).adaptations.isEmpty
    }
    #expect(
      adapted == [
        "ubl/examples/sample-discount-price.xml", "cii/examples/CII_example7.xml",
        "cii/examples/XRechnung-O.xml",
      ])
  }

  @Test("rewriting in the same syntax keeps the model", arguments: files)
  func rewritingKeepsTheModel(_ file: String) throws {
    try #require(Corpus.isPresent, "no conformance corpus at \(Corpus.root.path)")
    let original = try InvoiceDocument.read(try Corpus.bytes(file))
    let rewritten = try InvoiceDocument.read(
      InvoiceDocument.write(original.invoice, as: original.syntax))
    #expect(rewritten.invoice.canonicalJSON() == original.invoice.canonicalJSON())
    #expect(rewritten.invoice == original.invoice)
  }
}

/// BG-24 attachments keep their bytes: the model holds exactly what the base64 text of the
/// original encodes, and both syntaxes write it back.
@Suite struct AttachmentTests {
  /// Every embedded binary object of the original, decoded independently of the readers.
  func embeddedObjects(_ tree: XMLTree) -> [Data] {
    var found: [Data] = []
    func walk(_ element: XMLTree.Element) {
      let local = tree.name(element).local
      if local == "EmbeddedDocumentBinaryObject" || local == "AttachmentBinaryObject" {
        found.append(Data(base64Encoded: tree.text(element), options: .ignoreUnknownCharacters)!)
      }
      for child in tree.children(element) { walk(child) }
    }
    walk(tree.root)
    return found
  }

  @Test(arguments: (Corpus.ublFiles + Corpus.ciiFiles))
  func attachmentsKeepTheirBytes(_ file: String) throws {
    try #require(Corpus.isPresent, "no conformance corpus at \(Corpus.root.path)")
    let bytes = try Corpus.bytes(file)
    let tree = try XMLDocumentReader.parse(bytes)
    let expected = embeddedObjects(tree)
    let invoice = try InvoiceDocument.read(tree).invoice
    let carried = invoice.supportingDocuments.compactMap { $0.attachment?.content }
    #expect(carried == expected)
    for syntax in Syntax.allCases {
      let again = try XMLDocumentReader.parse(InvoiceDocument.write(invoice, as: syntax))
      #expect(embeddedObjects(again) == expected)
    }
  }

  @Test func theCorpusHasAttachments() throws {
    try #require(Corpus.isPresent, "no conformance corpus at \(Corpus.root.path)")
    let total = try (Corpus.ublFiles + Corpus.ciiFiles).reduce(0) { sum, file in
      sum + embeddedObjects(try XMLDocumentReader.parse(try Corpus.bytes(file))).count
    }
    #expect(total > 0)
  }
}

/// Documents that are well-formed XML but not an invoice are refused with the root's name.
@Suite struct DocumentKindTests {
  @Test(arguments: [
    "<html xmlns=\"http://www.w3.org/1999/xhtml\"/>",
    "<Invoice/>",
    "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>",
    "<CrossIndustryInvoice xmlns=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:99\"/>",
  ])
  func otherDocumentsAreRefused(_ text: String) throws {
    #expect {
      try InvoiceDocument.read(Array(text.utf8))
    } throws: { error in
      guard let error = error as? DocumentReadError else { return false }
      return error.kind == .unknownDocument && error.line == 1
        && error.message.contains("not a UBL")
    }
  }
}
