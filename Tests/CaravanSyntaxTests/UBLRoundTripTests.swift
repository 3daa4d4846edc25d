import CaravanModel
import CaravanSyntax
import Foundation
import Testing

/// Every official UBL file reads without errors, and read → write → read gives the same model.
@Suite("UBL round trip")
struct UBLRoundTripTests {
  @Test("read, write, read gives the same model", arguments: Corpus.ublFiles)
  func roundTrip(_ file: String) throws {
    let bytes = try Corpus.bytes(file)
    let first = try InvoiceDocument.read(bytes, strict: false)
    #expect(first.syntax == .ubl)
    let errors = first.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "errors reading \(file): \(errors)")

    let written = InvoiceDocument.write(first.invoice, as: .ubl)
    let second = try InvoiceDocument.read(written, strict: false)
    #expect(second.syntax == .ubl)
    // What Caravan writes is all inside the model: no warnings, no errors.
    #expect(
      second.diagnostics.isEmpty, "diagnostics reading the written \(file): \(second.diagnostics)")

    let before = String(decoding: first.invoice.canonicalJSON(), as: UTF8.self)
    let after = String(decoding: second.invoice.canonicalJSON(), as: UTF8.self)
    #expect(before == after)
  }

  @Test("a credit note type code is written as a CreditNote", arguments: Corpus.ublFiles)
  func documentElement(_ file: String) throws {
    let first = try InvoiceDocument.read(try Corpus.bytes(file), strict: false)
    let text = String(decoding: InvoiceDocument.write(first.invoice, as: .ubl), as: UTF8.self)
    let root = first.invoice.isCreditNote ? "<CreditNote " : "<Invoice "
    #expect(text.contains(root))
  }
}
