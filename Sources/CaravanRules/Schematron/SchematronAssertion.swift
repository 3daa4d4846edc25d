/// A Schematron assert: a test that must hold on the context node, or the finding it gives.
public struct SchematronAssertion: Sendable, Hashable {
  /// The rule id, such as `BR-CO-10` or `UBL-SR-12`.
  public let id: String
  /// `fatal` or `warning`.
  public let flag: Finding.Flag
  /// The XPath 2.0 test, as the compiled XSLT holds it.
  public let test: String
  /// The test as the official SVRL reports it in `failed-assert/@test`. The compiled XSLT writes
  /// that attribute as an attribute value template, so `{4}` in a regular expression comes out
  /// as `4` (CII-DT-097); for every other assert it is ``test``.
  public let reportedTest: String
  /// The message, as the compiled XSLT writes it into `svrl:text`.
  public let message: String
  /// The business terms and groups the message names (`BT-106`, `BG-22`), in order.
  public let businessTerms: [String]

  public init(
    id: String, flag: Finding.Flag, test: String, reportedTest: String? = nil, message: String,
    businessTerms: [String]
  ) {
    self.id = id
    self.flag = flag
    self.test = test
    self.reportedTest = reportedTest ?? test
    self.message = message
    self.businessTerms = businessTerms
  }
}
