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
    // A document uses a handful of namespaces, and the tree shares one string per namespace
    // among its names: a short list compared by string (same storage compares at once) saves
    // hashing a long URI for every name.
    var namespaces: [String] = []
    var prefixes: [StaticString?] = []
    var names: [ElementName] = []
    names.reserveCapacity(tree.names.count)
    // Read the names in place: copying each one out would retain and release its strings.
    tree.names.withUnsafeBufferPointer { all in
      for i in all.indices {
        let prefix: StaticString?
        if let k = namespaces.firstIndex(of: all[i].namespace) {
          prefix = prefixes[k]
        } else {
          prefix = Namespace.readingPrefix(all[i].namespace)
          namespaces.append(all[i].namespace)
          prefixes.append(prefix)
        }
        if let prefix {
          names.append(ElementName(prefix: prefix, local: all[i].local))
        } else {
          names.append(ElementName(all[i].description))
        }
      }
    }
    self.qualifiedNames = names
  }

  /// `element`'s name as `prefix:local` (`cbc:ID`, `ram:SellerTradeParty`; the UBL document
  /// elements are plain `Invoice` and `CreditNote`, the CII one `rsm:CrossIndustryInvoice`).
  public func name(_ element: XMLTree.Element) -> ElementName {
    qualifiedNames[Int(tree.nameIndex(element))]
  }

  /// `element`'s name for messages: as ``name(_:)`` writes it, whatever its length.
  public func displayName(_ element: XMLTree.Element) -> String {
    let name = qualifiedNames[Int(tree.nameIndex(element))]
    guard name.isLong else { return name.description }
    let expanded = tree.name(element)
    guard let prefix = Namespace.readingPrefix(expanded.namespace) else {
      return expanded.description
    }
    return prefix.description + expanded.local
  }

  /// The child elements of `element`.
  public func children(_ element: XMLTree.Element) -> XMLTree.Children { tree.children(element) }

  /// The element's text with surrounding XML white space removed; nil when that leaves
  /// nothing. An element that should hold a value but has child elements (mixed content)
  /// gives its whole string value, descendants' text included, as XPath reads it.
  public func string(_ element: XMLTree.Element) -> String? {
    if tree.firstChild(element) != nil {
      let value = tree.stringValue(element).trimmingXMLSpace()
      return value.isEmpty ? nil : value
    }
    if tree.textIsEmpty(element) { return nil }
    return tree.withText(element) { raw in
      let trimmed = Self.trimmed(raw)
      return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
    }
  }

  /// `bytes` without leading and trailing XML white space (space, line feed, tab, carriage
  /// return).
  @inline(__always)
  static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    @inline(__always) func isSpace(_ b: UInt8) -> Bool {
      b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
    }
    var start = 0
    var end = bytes.count
    while start < end && isSpace(bytes[start]) { start += 1 }
    while end > start && isSpace(bytes[end - 1]) { end -= 1 }
    return UnsafeBufferPointer(rebasing: bytes[start..<end])
  }

  /// The value of an attribute without namespace, trimmed; nil when absent or empty.
  public func attribute(_ local: String, of element: XMLTree.Element) -> String? {
    guard let value = tree.attribute(local, of: element) else { return nil }
    // Nothing to trim when the value neither starts nor ends with white space (the usual
    // case): keep the string as it is.
    let utf8 = value.utf8
    if let first = utf8.first, let last = utf8.last, !Self.isXMLSpace(first),
      !Self.isXMLSpace(last)
    {
      return value
    }
    let trimmed = value.trimmingXMLSpace()
    return trimmed.isEmpty ? nil : trimmed
  }

  @inline(__always)
  static func isXMLSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

  /// The element's text as an `xs:decimal`; an error diagnostic when it is not one.
  public func decimal(_ element: XMLTree.Element) -> DecimalNumber? {
    if tree.firstChild(element) != nil {
      guard let text = string(element) else { return nil }
      if let value = DecimalNumber(text) { return value }
      error(element, "'\(text)' is not a decimal number")
      return nil
    }
    if tree.textIsEmpty(element) { return nil }
    let parsed: DecimalNumber?? = tree.withText(element) { raw in
      let trimmed = Self.trimmed(raw)
      if trimmed.isEmpty { return .some(nil) }
      return DecimalNumber(utf8: trimmed).map { .some($0) }
    }
    switch parsed {
    case .some(let value): return value
    case .none:
      error(element, "'\(string(element) ?? "")' is not a decimal number")
      return nil
    }
  }

  /// The element's text as an ISO 8601 date (`YYYY-MM-DD`); an error diagnostic otherwise.
  public func isoDate(_ element: XMLTree.Element) -> CalendarDate? {
    if tree.firstChild(element) != nil {
      guard let text = string(element) else { return nil }
      if let value = CalendarDate(iso: text) { return value }
      error(element, "'\(text)' is not a date of the form YYYY-MM-DD")
      return nil
    }
    if tree.textIsEmpty(element) { return nil }
    let parsed: CalendarDate?? = tree.withText(element) { raw in
      let trimmed = Self.trimmed(raw)
      if trimmed.isEmpty { return .some(nil) }
      return CalendarDate(isoUTF8: trimmed).map { .some($0) }
    }
    switch parsed {
    case .some(let value): return value
    case .none:
      error(element, "'\(string(element) ?? "")' is not a date of the form YYYY-MM-DD")
      return nil
    }
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
        .warning, "\(displayName(element)) is not part of the EN 16931 model and was not carried",
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
      error(element, "\(displayName(element)) appears more than once; \(term) takes one value")
      return
    }
    slot = value
  }
}

/// Moves the value out of `slot`, leaving `empty` in its place. A reader that fills a group in
/// a local and stores it back then moves it both ways: a copy would retain every string and
/// array the group holds, and storing it back would release them again.
@inline(__always)
func takeOut<T>(_ slot: inout T, leaving empty: T) -> T {
  var value = empty
  swap(&value, &slot)
  return value
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
