public import CaravanModel
public import CaravanXML

/// What a syntax reader works with: the parsed tree, each element's name as `prefix:local`
/// with Caravan's own prefixes (so readers `switch` on `"cbc:ID"` whatever prefixes the
/// document chose), typed value readers, and the diagnostics collected on the way.
public final class ReadContext {
  /// The document.
  public let tree: XMLTree
  /// Every element name of the document, as `prefix:local`; names in namespaces Caravan does
  /// not know keep their Clark form `{uri}local`, so they match no case.
  private let qualifiedNames: [ElementName]
  /// Warnings and errors found so far.
  public private(set) var diagnostics: [SyntaxDiagnostic] = []

  public init(tree: XMLTree) {
    self.tree = tree
    // Names come in runs of one namespace: look a namespace up only when it changes.
    var lastNamespace = ""
    var lastPrefix: String? = nil
    self.qualifiedNames = tree.names.map { name in
      if name.namespace != lastNamespace || lastPrefix == nil {
        lastNamespace = name.namespace
        lastPrefix = Namespace.prefixes[name.namespace]
      }
      guard let prefix = lastPrefix else { return ElementName(name.description) }
      return ElementName(prefix.isEmpty ? name.local : prefix + ":" + name.local)
    }
  }

  /// `element`'s name as `prefix:local` (`cbc:ID`, `ram:SellerTradeParty`; the UBL document
  /// elements are plain `Invoice` and `CreditNote`, the CII one `rsm:CrossIndustryInvoice`).
  public func name(_ element: XMLTree.Element) -> ElementName {
    qualifiedNames[Int(tree.nameIndex(element))]
  }

  /// The child elements of `element`.
  public func children(_ element: XMLTree.Element) -> XMLTree.Children { tree.children(element) }

  /// The element's text with surrounding XML white space removed; nil when that leaves
  /// nothing.
  public func string(_ element: XMLTree.Element) -> String? {
    let raw = tree.text(element)
    if raw.isEmpty { return nil }
    let utf8 = raw.utf8
    let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
    guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return nil }
    let last = utf8.lastIndex(where: { !isSpace($0) })!
    if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return raw }
    return String(raw[first...last])
  }

  /// The value of an attribute without namespace, trimmed; nil when absent or empty.
  public func attribute(_ local: String, of element: XMLTree.Element) -> String? {
    guard let value = tree.attribute(local, of: element) else { return nil }
    let trimmed = value.trimmingXMLSpace()
    return trimmed.isEmpty ? nil : trimmed
  }

  /// The element's text as an `xs:decimal`; an error diagnostic when it is not one.
  public func decimal(_ element: XMLTree.Element) -> DecimalNumber? {
    guard let text = string(element) else { return nil }
    if let value = DecimalNumber(text) { return value }
    error(element, "'\(text)' is not a decimal number")
    return nil
  }

  /// The element's text as an ISO 8601 date (`YYYY-MM-DD`); an error diagnostic otherwise.
  public func isoDate(_ element: XMLTree.Element) -> CalendarDate? {
    guard let text = string(element) else { return nil }
    if let date = CalendarDate(iso: text) { return date }
    error(element, "'\(text)' is not a date of the form YYYY-MM-DD")
    return nil
  }

  /// The element's text as a UNTDID 2379 format 102 date (`YYYYMMDD`), checking the
  /// `format` attribute; an error diagnostic otherwise.
  public func format102Date(_ element: XMLTree.Element) -> CalendarDate? {
    guard let text = string(element) else { return nil }
    if let format = attribute("format", of: element), format != "102" {
      error(element, "date format '\(format)' is not supported; EN 16931 requires format 102")
      return nil
    }
    if let date = CalendarDate(format102: text) { return date }
    error(element, "'\(text)' is not a date of the form YYYYMMDD (format 102)")
    return nil
  }

  /// Records that `element` is not part of the EN 16931 model and was not carried.
  public func notCarried(_ element: XMLTree.Element) {
    diagnostics.append(
      SyntaxDiagnostic(
        .warning, "\(name(element)) is not part of the EN 16931 model and was not carried",
        path: tree.path(element), line: tree.line(element)))
  }

  /// Records that a value of `element` could not be read.
  public func error(_ element: XMLTree.Element, _ message: String) {
    diagnostics.append(
      SyntaxDiagnostic(.error, message, path: tree.path(element), line: tree.line(element)))
  }

  /// Stores `value` in a single-valued term, or reports a duplicate (keeping the first).
  public func single<T>(_ slot: inout T?, _ value: T?, _ element: XMLTree.Element, term: String) {
    guard let value else { return }
    if slot != nil {
      error(element, "\(name(element)) appears more than once; \(term) takes one value")
      return
    }
    slot = value
  }
}

extension String {
  /// The string without leading and trailing XML white space (space, tab, CR, LF).
  public func trimmingXMLSpace() -> String {
    let isSpace: (Character) -> Bool = {
      $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n"
    }
    guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
    let end = lastIndex(where: { !isSpace($0) })!
    return String(self[start...end])
  }
}
