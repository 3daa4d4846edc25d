import CaravanModel

/// The UN/CEFACT Cross Industry Invoice D16B binding of EN 16931 (EN 16931-3-3):
/// `rsm:CrossIndustryInvoice` read into the model and written from it.
///
/// Reading follows the element order of the D16B schema but accepts any order; elements that
/// EN 16931 does not use (the CII-SR and CII-DT rules of the official artefacts) are reported
/// as not carried. Writing produces schema order, the `rsm`/`ram`/`qdt`/`udt` prefixes of the
/// official examples, and none of the elements those rules exclude.
enum CIIBinding: SyntaxBinding {
  static let syntax = Syntax.cii

  static func read(_ context: ReadContext) -> Invoice {
    CIIReader(context: context).read()
  }

  static func write(_ invoice: Invoice) -> [UInt8] {
    var writer = CIIWriter(invoice: invoice)
    return writer.write()
  }
}
