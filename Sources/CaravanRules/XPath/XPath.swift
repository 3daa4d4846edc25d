public import CaravanModel
public import CaravanXML

/// A namespace context: prefix → URI (the `<ns prefix= uri=>` declarations of a Schematron).
public typealias XPathNamespaces = [String: String]

/// An item of an XPath 2.0 sequence, for the subset the EN 16931 artefacts use.
public enum XPathItem: Sendable {
  /// An element node.
  case element(XMLTree.Element)
  /// The n-th attribute (0-based) of an element.
  case attribute(XMLTree.Element, Int)
  /// The document node (what `/` selects).
  case document
  /// xs:string.
  case string(String)
  /// xs:untypedAtomic: the atomized value of a node.
  case untyped(String)
  /// xs:decimal and xs:integer.
  case decimal(DecimalNumber)
  /// xs:double (for instance `sum()` of untyped values).
  case double(Double)
  /// xs:boolean.
  case boolean(Bool)
  /// xs:date.
  case date(CalendarDate)
}

/// A dynamic error, as Saxon would raise it (FORG0001 for a failed cast, XPTY0004 …). The
/// official XSLT stops there; Caravan reports it as a finding instead.
public struct XPathError: Error, Sendable, CustomStringConvertible {
  /// The XPath error code, such as `FORG0001`.
  public let code: String
  /// What went wrong, such as `'12a' cannot be cast to xs:decimal`.
  public let message: String
  /// The node whose value was at fault, when known.
  public let node: XMLTree.Element?

  public init(code: String, message: String, node: XMLTree.Element? = nil) {
    self.code = code
    self.message = message
    self.node = node
  }

  public var description: String { "\(code): \(message)" }
}

/// An expression or pattern that is not in the XPath subset understood.
public struct XPathSyntaxError: Error, Sendable, CustomStringConvertible {
  public let message: String
  /// Character offset in the source.
  public let offset: Int

  public init(message: String, offset: Int) {
    self.message = message
    self.offset = offset
  }

  public var description: String { "at \(offset): \(message)" }
}

extension XPathItem {
  /// The canonical lexical form of an atomic value (XPath Functions and Operators §17.1.2, as
  /// Saxon writes it: `1.5` for the decimal 1.50, `1.0E6` for the double 1e6); nil for nodes.
  public var canonicalString: String? {
    switch self {
    case .element, .attribute, .document: nil
    default: XPathAtomic.string(self)
    }
  }
}
