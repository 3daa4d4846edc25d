/// One thing a validation found: a Schematron assert whose test is false on a node, or one of
/// Caravan's own findings (``CaravanRule``) where the official rules could not say.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
  /// How serious a finding is, as the Schematron `flag` attribute says it.
  public enum Flag: String, Sendable, Hashable, Codable, CaseIterable {
    /// The document does not conform.
    case fatal
    /// The document conforms, but something deserves attention.
    case warning
  }

  /// The rule id: `BR-CO-10`, `UBL-SR-12`, or a `CARAVAN-…` id.
  public let rule: String
  /// `fatal` or `warning`.
  public let flag: Flag
  /// The node at fault, as an XPath in the form the official XSLT writes in SVRL
  /// (`/*:Invoice[namespace-uri()='…'][1]/*:InvoiceLine[namespace-uri()='…'][2]`).
  public let location: String
  /// What is wrong, in words: the official message for a Schematron assert.
  public let message: String
  /// The assert's test, for an official rule (SVRL's `test` attribute); nil for Caravan's own.
  public let test: String?
  /// The id of the pattern the finding came from (SVRL's `active-pattern`); nil for Caravan's
  /// own findings about the document as read.
  public let pattern: String?
  /// The business terms and groups the rule touches (`BT-106`, `BG-22`).
  public let businessTerms: [String]

  public init(
    rule: String, flag: Flag, location: String, message: String, test: String? = nil,
    pattern: String? = nil, businessTerms: [String] = []
  ) {
    self.rule = rule
    self.flag = flag
    self.location = location
    self.message = message
    self.test = test
    self.pattern = pattern
    self.businessTerms = businessTerms
  }

  /// `fatal BR-CO-10: message (at location)`.
  public var description: String { "\(flag.rawValue) \(rule): \(message) (at \(location))" }
}
