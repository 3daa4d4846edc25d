/// A Schematron assert: a test that must hold on the context node, or the finding it gives.
public struct SchematronAssertion: Sendable, Hashable {
  /// The rule id, such as `BR-CO-10` or `UBL-SR-12`.
  public let id: String
  /// `fatal` or `warning`.
  public let flag: Finding.Flag
  /// The XPath 2.0 test, as the compiled XSLT holds it.
  public let test: String
  /// The message, as the compiled XSLT writes it into `svrl:text`.
  public let message: String
  /// The business terms and groups the message names (`BT-106`, `BG-22`), in order.
  public let businessTerms: [String]

  public init(
    id: String, flag: Finding.Flag, test: String, message: String, businessTerms: [String]
  ) {
    self.id = id
    self.flag = flag
    self.test = test
    self.message = message
    self.businessTerms = businessTerms
  }
}
