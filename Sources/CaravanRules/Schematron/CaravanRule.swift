/// Caravan's own finding ids, for what the official rules cannot report. All are `fatal`.
///
/// The official XSLT stops at the first dynamic error (a value that cannot be cast, a
/// sequence where one item was expected) and reports nothing more; Caravan records the
/// error as a finding and goes on with the other asserts. The model reader's errors (values
/// the EN 16931 model cannot carry) are findings too. docs/RULES.md describes each id.
public enum CaravanRule: String, Sendable, Hashable, CaseIterable {
  /// An assert's test needed a value of a type (`xs:decimal('12a')`, `xs:date('2024-02-30')`)
  /// and the document's value cannot be cast to it (XPath errors FORG0001, FOCA*, FODT*). The
  /// finding names the value and the node that holds it.
  case value = "CARAVAN-VALUE"
  /// Any other dynamic error while evaluating an assert's test, such as a sequence of two
  /// values where the rule expects one (XPTY0004) or a division by zero (FOAR0001).
  case evaluation = "CARAVAN-EVALUATION"
  /// A rule context or test the XPath evaluator does not understand; the rule could not be
  /// checked, so the document is not known to conform.
  case xpath = "CARAVAN-XPATH"
  /// A date that is not a calendar date or not in the form its syntax requires
  /// (`2024-02-30`, `20241301`, a CII date format other than 102).
  case date = "CARAVAN-DATE"
  /// An amount, quantity or percentage that is not a decimal number (`12a`, `1,50`).
  case number = "CARAVAN-NUMBER"
  /// A single-valued element given more than once, or a term given in several places with
  /// different values there (payment means code BT-81, payment means text BT-82); the model
  /// keeps the first.
  case duplicate = "CARAVAN-DUPLICATE"
  /// Any other value the model reader could not carry: an indicator that is not `true` or
  /// `false`, an attachment that is not base64, an allowance or charge with no indicator, a
  /// VAT total in a currency that is neither BT-5 nor BT-6.
  case read = "CARAVAN-READ"

  /// The id, such as `CARAVAN-VALUE`.
  public var id: String { rawValue }
}
