public import CaravanModel

/// A change the writer of one syntax must make to the model because that syntax cannot carry
/// the model as it is, with the reason. Conversion never changes a term otherwise.
///
/// There are exactly two, both forced by the official artefacts:
/// - **UBL needs BT-110.** UBL holds the VAT breakdowns (BG-23) inside `cac:TaxTotal`, whose
///   `cbc:TaxAmount` (BT-110) the schema requires, while CII may leave BT-110 out. When it is
///   absent and there are breakdowns, the UBL writer states it as Σ BT-117, the value BR-CO-14
///   fixes for it.
/// - **CII forbids BT-6 = BT-5.** The CII form of BR-53 requires the VAT accounting currency
///   to differ from the invoice currency, while UBL accepts them equal. When they are equal
///   (and BT-111, if present, equals BT-110), the CII writer leaves out BT-6 and BT-111,
///   which then say nothing BT-5 and BT-110 do not.
public struct Adaptation: Sendable, Hashable, CustomStringConvertible {
  /// The business terms changed.
  public let terms: [String]
  /// What was done and why.
  public let message: String

  public var description: String { "\(terms.joined(separator: ", ")): \(message)" }
}

extension InvoiceDocument {
  /// The model as `syntax` can carry it, and the adaptations that took (see ``Adaptation``).
  /// Writing applies this first; for a model read from a valid document of `syntax` it
  /// changes nothing.
  public static func adapted(_ invoice: Invoice, for syntax: Syntax) -> (
    invoice: Invoice, adaptations: [Adaptation]
  ) {
    var result = invoice
    var adaptations: [Adaptation] = []
    switch syntax {
    case .ubl:
      if result.totals.vatAmount == nil, !result.vatBreakdown.isEmpty {
        let amounts = result.vatBreakdown.compactMap(\.taxAmount)
        if amounts.count == result.vatBreakdown.count {
          result.totals.vatAmount = amounts.reduce(DecimalNumber.zero, +)
          adaptations.append(
            Adaptation(
              terms: ["BT-110"],
              message:
                "stated as the sum of the VAT category tax amounts (BR-CO-14), because UBL requires it beside the VAT breakdown"
            ))
        }
      }
    case .cii:
      if let accounting = result.vatAccountingCurrencyCode, accounting == result.currencyCode,
        result.totals.vatAmountInAccountingCurrency == nil
          || result.totals.vatAmountInAccountingCurrency == result.totals.vatAmount
      {
        result.vatAccountingCurrencyCode = nil
        result.totals.vatAmountInAccountingCurrency = nil
        adaptations.append(
          Adaptation(
            terms: ["BT-6", "BT-111"],
            message:
              "left out: the VAT accounting currency equals the invoice currency, which CII's BR-53 does not allow"
          ))
      }
    }
    return (result, adaptations)
  }
}
