import Synchronization

/// An XML document read into a compact, immutable tree of elements.
///
/// Elements live in one array and refer to each other by index (``XMLTree/Element``), which
/// keeps reading fast and memory proportional to the document. Only what invoices need is
/// kept: element names, attributes, the character data of each element, and the line each
/// element starts on. Comments and processing instructions are dropped; white space between
/// child elements is dropped.
public final class XMLTree: Sendable {
  /// An element: an index into the tree. Elements are numbered in document order (a pre-order
  /// traversal), so comparing two elements compares their positions in the document.
  public struct Element: Sendable, Hashable, Comparable {
    @usableFromInline let index: Int32
    @usableFromInline init(_ index: Int32) { self.index = index }

    /// The element's position in document order, 0 for the document element.
    @inlinable public var offset: Int { Int(index) }

    @inlinable public static func < (a: Element, b: Element) -> Bool { a.index < b.index }
  }

  /// An attribute of an element.
  public struct Attribute: Sendable, Hashable {
    /// Its expanded name.
    public let name: XMLName
    /// Its value, with character and entity references resolved.
    public let value: String
  }

  /// The links and name of an element: plain integers, so reading them costs no reference
  /// counting.
  @usableFromInline
  struct Record: Sendable, BitwiseCopyable {
    @usableFromInline var name: Int32
    @usableFromInline var qualifiedName: Int32
    @usableFromInline var parent: Int32
    @usableFromInline var firstChild: Int32 = -1
    @usableFromInline var nextSibling: Int32 = -1
    var attributeStart: Int32
    @usableFromInline var attributeCount: Int32
    var line: Int32
    /// Where the element's character data lies in ``XMLTree/textBytes``.
    @usableFromInline var textStart: Int32 = 0
    @usableFromInline var textCount: Int32 = 0
  }

  /// The distinct element names of the document; ``nameIndex(_:)`` indexes into it.
  public let names: [XMLName]
  /// Positions in ``names``, by name: made on first use, since reading a document into the
  /// model never asks for it.
  private let nameIndices = Mutex<[XMLName: Int32]?>(nil)
  /// The distinct element names as written in the document, as a name (index into
  /// ``names``) and a prefix (index into `prefixes`, -1 for none).
  let qualifiedNames: [(name: Int32, prefix: Int32)]
  /// The distinct namespace prefixes elements were written with.
  let prefixes: [String]
  @usableFromInline let records: [Record]
  /// The character data of all elements, back to back (UTF-8); each record holds its range.
  @usableFromInline let textBytes: [UInt8]
  let attributeStore: [Attribute]
  /// The namespace prefixes declared on the root element, prefix → URI.
  public let rootNamespaces: [String: String]
  /// A number no other tree read by this process carries: caches keyed by a tree use it, as an
  /// object's address may be reused once the tree is gone.
  public let serial: UInt64

  private static let serials = Atomic<UInt64>(0)

  init(
    names: [XMLName], qualifiedNames: [(name: Int32, prefix: Int32)], prefixes: [String],
    records: [Record], textBytes: [UInt8],
    attributes: [Attribute],
    rootNamespaces: [String: String]
  ) {
    self.names = names
    self.qualifiedNames = qualifiedNames
    self.prefixes = prefixes
    self.records = records
    self.textBytes = textBytes
    self.attributeStore = attributes
    self.rootNamespaces = rootNamespaces
    self.serial = Self.serials.add(1, ordering: .relaxed).newValue
  }

  /// The document element.
  public var root: Element { Element(0) }

  /// Number of elements in the document.
  @inlinable public var elementCount: Int { records.count }

  /// The expanded name of `element`.
  public func name(_ element: Element) -> XMLName { names[Int(nameIndex(element))] }

  /// The position of `element`'s name in ``names``: equal for equal names.
  @inlinable public func nameIndex(_ element: Element) -> Int32 {
    records[Int(element.index)].name
  }

  /// The position of `element`'s name as the document wrote it (prefix and local name) among
  /// the document's distinct written names: equal for elements whose ``qualifiedName(_:)``
  /// is equal.
  @inlinable public func qualifiedNameIndex(_ element: Element) -> Int32 {
    records[Int(element.index)].qualifiedName
  }

  /// The number of distinct names as the document wrote them (``qualifiedNameIndex(_:)``).
  public var qualifiedNameCount: Int { qualifiedNames.count }

  /// The name of `element` as the document wrote it, with its prefix if it had one
  /// (`cbc:ID`); what XPath's `name()` returns.
  public func qualifiedName(_ element: Element) -> String {
    let (name, prefix) = qualifiedNames[Int(records[Int(element.index)].qualifiedName)]
    let local = names[Int(name)].local
    return prefix < 0 ? local : prefixes[Int(prefix)] + ":" + local
  }

  /// The element at `offset` in document order, or nil when there is none.
  @inlinable public func element(atOffset offset: Int) -> Element? {
    offset >= 0 && offset < records.count ? Element(Int32(offset)) : nil
  }

  /// The first child element of `element`, if any.
  @inlinable public func firstChild(_ element: Element) -> Element? {
    let c = records[Int(element.index)].firstChild
    return c < 0 ? nil : Element(c)
  }

  /// The next sibling element of `element`, if any.
  @inlinable public func nextSibling(_ element: Element) -> Element? {
    let s = records[Int(element.index)].nextSibling
    return s < 0 ? nil : Element(s)
  }

  /// The offset just past the last descendant of `element`: its descendants are the elements
  /// at offsets `element.offset + 1 ..< descendantsEnd(element)`.
  @inlinable public func descendantsEnd(_ element: Element) -> Int {
    var current = element.index
    while true {
      let r = records[Int(current)]
      if r.nextSibling >= 0 { return Int(r.nextSibling) }
      if r.parent < 0 { return records.count }
      current = r.parent
    }
  }

  /// The position of `name` in ``names``, or nil when no element of the document has it.
  public func nameIndex(of name: XMLName) -> Int32? {
    nameIndices.withLock { indices in
      if indices == nil {
        var made: [XMLName: Int32] = [:]
        made.reserveCapacity(names.count)
        for (i, name) in names.enumerated() { made[name] = Int32(i) }
        indices = made
      }
      return indices![name]
    }
  }

  /// The local name of `element`.
  public func localName(_ element: Element) -> String { name(element).local }

  /// The character data directly inside `element` (entity references resolved, not trimmed).
  public func text(_ element: Element) -> String {
    withText(element) { String(decoding: $0, as: UTF8.self) }
  }

  /// The XPath string value of `element`: its own character data, then that of its
  /// descendants in document order. White space between child elements is not kept by the
  /// parser, and text split around child elements is kept together as the element's own, so
  /// this differs from XPath only in white space and in where such split text goes.
  public func stringValue(_ element: Element) -> String {
    guard firstChild(element) != nil else { return text(element) }
    var result = text(element)
    var offset = element.offset + 1
    let end = descendantsEnd(element)
    while offset < end {
      if let descendant = self.element(atOffset: offset) { result += text(descendant) }
      offset += 1
    }
    return result
  }

  /// True when `element` has no character data of its own.
  @inlinable public func textIsEmpty(_ element: Element) -> Bool {
    records[Int(element.index)].textCount == 0
  }

  /// Calls `body` with the UTF-8 bytes of ``text(_:)`` (valid only during the call), so a
  /// value can be read without making a string first.
  @inlinable public func withText<R>(
    _ element: Element, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) rethrows -> R {
    let r = records[Int(element.index)]
    return try textBytes.withUnsafeBufferPointer { all in
      try body(
        UnsafeBufferPointer(rebasing: all[Int(r.textStart)..<Int(r.textStart + r.textCount)]))
    }
  }

  /// The line `element` starts on (1-based).
  public func line(_ element: Element) -> Int { Int(records[Int(element.index)].line) }

  /// The parent of `element`, or nil for the root.
  @inlinable public func parent(_ element: Element) -> Element? {
    let p = records[Int(element.index)].parent
    return p < 0 ? nil : Element(p)
  }

  /// The child elements of `element`, in document order.
  public func children(_ element: Element) -> Children {
    Children(tree: self, first: records[Int(element.index)].firstChild)
  }

  /// The number of attributes of `element`, without touching them.
  @inlinable public func attributeCount(_ element: Element) -> Int {
    Int(records[Int(element.index)].attributeCount)
  }

  /// The attributes of `element`.
  public func attributes(_ element: Element) -> ArraySlice<Attribute> {
    let r = records[Int(element.index)]
    return attributeStore[Int(r.attributeStart)..<Int(r.attributeStart + r.attributeCount)]
  }

  /// The value of the attribute with local name `local` and no namespace (the usual case for
  /// attributes such as `schemeID` or `currencyID`).
  public func attribute(_ local: String, of element: Element) -> String? {
    for attribute in attributes(element) where attribute.name.local == local {
      if attribute.name.namespace.isEmpty { return attribute.value }
    }
    return nil
  }

  /// A readable path from the root to `element`, with the prefixes the document itself used
  /// where it declared them on the root, and 1-based positions among same-named siblings
  /// where there is more than one: `/Invoice/cac:InvoiceLine[2]/cbc:ID`.
  public func path(_ element: Element) -> String {
    var prefixOf: [String: String] = [:]
    for (prefix, uri) in rootNamespaces where prefixOf[uri] == nil || prefix.isEmpty {
      prefixOf[uri] = prefix
    }
    var steps: [String] = []
    var current: Element? = element
    while let e = current {
      let n = name(e)
      var step = n.local
      if let prefix = prefixOf[n.namespace], !prefix.isEmpty { step = prefix + ":" + step }
      if let parent = parent(e) {
        var position = 0
        var count = 0
        for sibling in children(parent) where nameIndex(sibling) == nameIndex(e) {
          count += 1
          if sibling == e { position = count }
        }
        if count > 1 { step += "[\(position)]" }
      }
      steps.append(step)
      current = parent(e)
    }
    return "/" + steps.reversed().joined(separator: "/")
  }

  /// The children of one element, in document order.
  public struct Children: Sequence, IteratorProtocol, Sendable {
    let tree: XMLTree
    var cursor: Int32

    init(tree: XMLTree, first: Int32) {
      self.tree = tree
      self.cursor = first
    }

    public mutating func next() -> Element? {
      guard cursor >= 0 else { return nil }
      let current = cursor
      cursor = tree.records[Int(current)].nextSibling
      return Element(current)
    }
  }
}
