public import CaravanXML

/// A compiled XPath 2.0 expression (the subset used by the EN 16931 artefacts).
public struct XPathExpression: Sendable {
  /// The source text.
  public let source: String

  public init(_ source: String, namespaces: XPathNamespaces) throws(XPathSyntaxError) {
    self.source = source
  }

  /// Evaluates with `context` as the context item (position 1, size 1).
  public func evaluate(in tree: XMLTree, context: XPathItem) throws(XPathError) -> [XPathItem] {
    throw XPathError(code: "CARAVAN-XPATH", message: "the XPath evaluator is not built yet")
  }

  /// The effective boolean value of the result (XPath 2.0 §2.4.3).
  public func isTrue(in tree: XMLTree, context: XPathItem) throws(XPathError) -> Bool {
    throw XPathError(code: "CARAVAN-XPATH", message: "the XPath evaluator is not built yet")
  }
}

/// A compiled XSLT pattern: a Schematron rule context such as `cac:InvoiceLine |
/// cac:CreditNoteLine`, `/ubl:Invoice/cac:TaxTotal`, `//ram:X[pred]` or `cbc:*[@currencyID]`.
public struct XPathPattern: Sendable {
  /// The source text.
  public let source: String

  public init(_ source: String, namespaces: XPathNamespaces) throws(XPathSyntaxError) {
    self.source = source
  }

  /// True when the pattern matches the node (an element or an attribute).
  public func matches(_ item: XPathItem, in tree: XMLTree) throws(XPathError) -> Bool {
    throw XPathError(code: "CARAVAN-XPATH", message: "the XPath pattern matcher is not built yet")
  }
}
