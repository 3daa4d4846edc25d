/// A Schematron rule: a context (an XSLT pattern) and the asserts checked on every node it is
/// the first rule of its pattern to match.
public struct SchematronRule: Sendable {
  /// The context pattern as the artefacts write it, such as `cac:InvoiceLine |
  /// cac:CreditNoteLine`.
  public let context: String
  /// The rule's own flag, when it has one (the code-list rules carry `fatal`).
  public let flag: Finding.Flag?
  /// The expanded names (`{uri}local`) of the elements the context can match, read off the
  /// last step of each alternative; nil when it can match any element (`*`, `ram:*`). Only a
  /// prefilter: the context pattern itself decides.
  public let elementNames: [String]?
  /// Whether the context can match attributes (a last step `@name`).
  public let matchesAttributes: Bool
  /// The asserts, in document order.
  public let assertions: [SchematronAssertion]

  public init(
    context: String, flag: Finding.Flag?, elementNames: [String]?, matchesAttributes: Bool,
    assertions: [SchematronAssertion]
  ) {
    self.context = context
    self.flag = flag
    self.elementNames = elementNames
    self.matchesAttributes = matchesAttributes
    self.assertions = assertions
  }
}
