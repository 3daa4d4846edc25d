import CaravanModel

/// The UBL 2.1 syntax binding of EN 16931 (EN 16931-3-2): `Invoice` and `CreditNote`
/// documents to and from the model.
///
/// Reading goes through ``UBLReader``, writing through ``UBLWriter``. A model whose BT-3 is a
/// credit note type code (``Invoice/isCreditNote``) is written as a `CreditNote` document
/// (`cbc:CreditNoteTypeCode`, `cac:CreditNoteLine`, `cbc:CreditedQuantity`), anything else
/// as an `Invoice`.
enum UBLBinding: SyntaxBinding {
  static let syntax = Syntax.ubl

  /// Reads the `Invoice` or `CreditNote` in `context` into the model.
  static func read(_ context: ReadContext) -> Invoice {
    UBLReader(context).read()
  }

  /// Writes `invoice` as a UBL 2.1 `Invoice`, or `CreditNote` for credit note type codes.
  static func write(_ invoice: Invoice) -> [UInt8] {
    var writer = UBLWriter(invoice)
    return writer.write()
  }
}
