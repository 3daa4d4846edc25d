/// A Schematron pattern: rules tried in order, the first whose context matches a node
/// being the one applied to it (ISO/IEC 19757-3, 5.4.12; the compiled XSLT gives each rule a
/// lower template priority than the one before it).
public struct SchematronPattern: Sendable {
  /// The pattern's id, such as `UBL-model` or `EN16931-CII-Syntax`.
  public let id: String
  /// The rules, in document order.
  public let rules: [SchematronRule]

  public init(id: String, rules: [SchematronRule]) {
    self.id = id
    self.rules = rules
  }
}
