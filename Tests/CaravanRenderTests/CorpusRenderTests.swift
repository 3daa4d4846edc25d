import CaravanModel
import CaravanRender
import CaravanSyntax
import CaravanTestSupport
import Foundation
import Testing

/// Every official EN 16931 document renders as a well-formed page that shows the terms a reader
/// looks for first. Set `CARAVAN_RENDER_OUT` to a folder to keep the pages for a look.
@Suite("rendering the official documents")
struct CorpusRenderTests {
  @Test("renders a well-formed page with the key terms", arguments: EN16931Corpus.documents)
  func rendersKeyTerms(_ file: String) throws {
    try #require(
      EN16931Corpus.isPresent, "no conformance corpus at \(EN16931Corpus.root.path)")
    let invoice = try InvoiceDocument.read(try EN16931Corpus.bytes(file), strict: false).invoice
    let html = InvoicePage().render(invoice)

    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"))
    #expect(Markup.problems(html) == [])
    #expect(!html.contains("<script"))
    #expect(html.utf8.count < 100_000, "\(html.utf8.count) bytes")

    #expect(!invoice.number.isEmpty)
    #expect(html.contains(HTMLText.escape(invoice.number)))
    #expect(html.contains(HTMLText.escape(invoice.seller.name)))
    #expect(html.contains(HTMLText.escape(invoice.buyer.name)))
    let due = try #require(invoice.totals.amountDue)
    #expect(html.contains("<span class=\"cvi-amt\">\(due.description)\u{A0}"))
    for line in invoice.lines {
      let cell = "<th scope=\"row\" class=\"cvi-id\">\(HTMLText.escape(line.identifier))</th>"
      #expect(html.contains(cell), "line \(line.identifier)")
      if let amount = line.netAmount { #expect(html.contains(amount.description)) }
    }
    for row in invoice.vatBreakdown {
      if let amount = row.taxAmount { #expect(html.contains(amount.description)) }
    }

    if let folder = ProcessInfo.processInfo.environment["CARAVAN_RENDER_OUT"] {
      let name = file.replacingOccurrences(of: "/", with: "_") + ".html"
      try Data(html.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }
  }

  @Test("the fragment is the article of the page", arguments: EN16931Corpus.files("cii/examples"))
  func fragment(_ file: String) throws {
    try #require(
      EN16931Corpus.isPresent, "no conformance corpus at \(EN16931Corpus.root.path)")
    let invoice = try InvoiceDocument.read(try EN16931Corpus.bytes(file), strict: false).invoice
    let page = InvoicePage(labels: .chinese)
    let fragment = page.renderFragment(invoice)
    #expect(fragment.hasPrefix("<article class=\"cvi\" lang=\"zh\" dir=\"ltr\""))
    #expect(fragment.hasSuffix("</article>\n"))
    #expect(!fragment.contains("<style") && !fragment.contains("<html"))
    #expect(Markup.problems(fragment) == [])
    #expect(page.render(invoice).contains(fragment))
  }
}
