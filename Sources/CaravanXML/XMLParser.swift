import CLibXML2
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads untrusted bytes into an ``XMLTree`` with libxml2's SAX2 parser, hardened:
///
/// - no DTD: a `<!DOCTYPE` stops the parse before its internal subset is read, so no entity
///   is ever declared, expanded or fetched (XXE and "billion laughs" cannot start);
/// - no network access, no recovery from errors (the first fatal error ends the parse);
/// - UTF-8 only: a document that declares another encoding, starts with a UTF-16 or UTF-32
///   byte order mark, or holds a byte sequence that is not UTF-8 is refused;
/// - bounded size, depth and element count (``XMLLimits``), checked as the parse goes.
public enum XMLDocumentReader {
  /// Parses `bytes` as one XML document.
  public static func parse(_ bytes: [UInt8], limits: XMLLimits = .standard) throws(XMLError)
    -> XMLTree
  {
    try bytes.withUnsafeBufferPointer { buffer throws(XMLError) in
      try parse(UnsafeRawBufferPointer(buffer), limits: limits)
    }
  }

  /// Parses the bytes in `buffer` as one XML document.
  public static func parse(_ buffer: UnsafeRawBufferPointer, limits: XMLLimits = .standard)
    throws(XMLError) -> XMLTree
  {
    guard buffer.count > 0 else { throw XMLError(.empty, "the document is empty") }
    guard buffer.count <= limits.maximumBytes else {
      throw XMLError(
        .tooLarge,
        "the document is \(buffer.count) bytes; the limit is \(limits.maximumBytes) bytes")
    }
    try checkEncoding(buffer)
    _ = libraryInitialised
    let session = try ParserSession.take()
    let context = session.context
    // The context goes back to the pool only after a parse that ended well: one stopped by an
    // error may leave state behind (open namespaces, a halted input) that a reset does not
    // clear, so it is freed instead.
    var reusable = false
    defer {
      xmlCtxtReset(context)
      if reusable { ParserSession.give(session) }
    }
    guard
      let input = xmlParserInputBufferCreateMem(
        buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count),
        XML_CHAR_ENCODING_NONE)
    else { throw XMLError(.malformed, "the XML parser could not be created") }
    guard let stream = xmlNewIOInputStream(context, input, XML_CHAR_ENCODING_NONE) else {
      xmlFreeParserInputBuffer(input)
      throw XMLError(.malformed, "the XML parser could not be created")
    }
    guard inputPush(context, stream) >= 0 else {
      throw XMLError(.malformed, "the XML parser could not be created")
    }

    // The builder lives behind a pointer, so the callbacks mutate it in place without the
    // dynamic exclusivity checks a class's stored properties would cost on every event.
    let builder = UnsafeMutablePointer<TreeBuilder>.allocate(capacity: 1)
    builder.initialize(
      to: TreeBuilder(
        context: context, names: session.names, limits: limits, documentSize: buffer.count))
    defer {
      builder.pointee.release()
      builder.deinitialize(count: 1)
      builder.deallocate()
    }
    let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
    xmlCtxtUseOptions(context, options)
    // Install the handler after the options, which may rewrite parts of it.
    context.pointee.sax.pointee = makeHandler()
    context.pointee.userData = UnsafeMutableRawPointer(builder)
    context.pointee.replaceEntities = 0
    context.pointee.loadsubset = 0
    context.pointee.validate = 0
    xmlParseDocument(context)

    if let failure = builder.pointee.failure { throw failure }
    if let first = builder.pointee.firstLibxmlError { throw first }
    if context.pointee.wellFormed == 0 || context.pointee.nsWellFormed == 0
      || builder.pointee.records.count == 0
    {
      throw libxmlError(context) ?? XMLError(.malformed, "the document is not well-formed XML")
    }
    reusable = true
    return XMLTree(
      names: builder.pointee.names, qualifiedNames: builder.pointee.qualifiedNames,
      prefixes: builder.pointee.prefixStrings,
      records: builder.pointee.recordArray, textBytes: builder.pointee.textStore,
      attributes: builder.pointee.attributes, rootNamespaces: builder.pointee.rootNamespaces)
  }

  private static let libraryInitialised: Void = { xmlInitParser() }()

  /// Refuses byte order marks and encoding declarations other than UTF-8 before parsing.
  private static func checkEncoding(_ buffer: UnsafeRawBufferPointer) throws(XMLError) {
    let b = buffer
    if b.count >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE)) {
      throw XMLError(
        .notUTF8, "the document starts with a UTF-16 or UTF-32 byte order mark; only UTF-8 is read",
        line: 1, column: 1)
    }
    if b.count >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF {
      throw XMLError(.notUTF8, "the document is UTF-32; only UTF-8 is read", line: 1, column: 1)
    }
    var start = 0
    if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { start = 3 }
    guard b.count >= start + 5, b[start] == UInt8(ascii: "<"), b[start + 1] == UInt8(ascii: "?"),
      b[start + 2] == UInt8(ascii: "x"), b[start + 3] == UInt8(ascii: "m"),
      b[start + 4] == UInt8(ascii: "l")
    else {
      if b.count >= 2 && b[1] == 0 {
        throw XMLError(.notUTF8, "the document is UTF-16; only UTF-8 is read", line: 1, column: 1)
      }
      return
    }
    var end = start
    var ascii = true
    while end < b.count && end < start + 200 && b[end] != UInt8(ascii: ">") {
      if b[end] >= 0x80 { ascii = false }
      end += 1
    }
    if ascii { return try checkASCIIDeclaration(UnsafeRawBufferPointer(rebasing: b[start..<end])) }
    let declaration = String(
      decoding: UnsafeRawBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    guard let range = declaration.firstRange(of: "encoding") else { return }
    let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
    guard let quote = rest.first, quote == "\"" || quote == "'" else { return }
    let value = rest.dropFirst().prefix { $0 != quote }
    let normalised = value.lowercased()
    if normalised != "utf-8" && normalised != "utf8" {
      throw XMLError(
        .notUTF8, "the document declares encoding '\(value)'; only UTF-8 is read", line: 1,
        column: 1)
    }
  }

  /// ``checkEncoding(_:)`` for an XML declaration of ASCII bytes, where each byte is a
  /// character: the same search, on bytes, without making strings.
  private static func checkASCIIDeclaration(_ d: UnsafeRawBufferPointer) throws(XMLError) {
    let keyword: StaticString = "encoding"
    let k = keyword.utf8CodeUnitCount
    guard d.count >= k else { return }
    var found = -1
    search: for i in 0...(d.count - k) {
      for j in 0..<k where d[i + j] != keyword.utf8Start[j] { continue search }
      found = i
      break
    }
    guard found >= 0 else { return }
    var i = found + k
    while i < d.count && (d[i] == 0x20 || d[i] == UInt8(ascii: "=") || d[i] == 0x09) { i += 1 }
    guard i < d.count, d[i] == UInt8(ascii: "\"") || d[i] == UInt8(ascii: "'") else { return }
    let quote = d[i]
    var end = i + 1
    while end < d.count && d[end] != quote { end += 1 }
    let value = UnsafeRawBufferPointer(rebasing: d[(i + 1)..<end])
    let lowered = value.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    if !lowered.elementsEqual("utf-8".utf8) && !lowered.elementsEqual("utf8".utf8) {
      throw XMLError(
        .notUTF8,
        "the document declares encoding '\(String(decoding: value, as: UTF8.self))'; only UTF-8 is read",
        line: 1, column: 1)
    }
  }

  private static func libxmlError(_ context: xmlParserCtxtPtr) -> XMLError? {
    libxmlError(context.pointee.lastError)
  }

  /// Turns a libxml2 error into an ``XMLError``, on one line.
  static func libxmlError(_ error: xmlError) -> XMLError? {
    guard error.code != 0 else { return nil }
    var message = error.message.map { String(cString: $0) } ?? "not well-formed"
    while message.last == "\n" || message.last == " " { message.removeLast() }
    message = message.split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
    let kind: XMLError.Kind =
      message.contains("UTF-8") || message.contains("encoding") ? .notUTF8 : .malformed
    return XMLError(
      kind, message, line: error.line > 0 ? Int(error.line) : nil,
      column: error.int2 > 0 ? Int(error.int2) : nil)
  }

  /// The SAX2 callbacks, each forwarding to the ``TreeBuilder`` in the context's user data.
  private static func makeHandler() -> xmlSAXHandler {
    var h = xmlSAXHandler()
    h.initialized = UInt32(XML_SAX2_MAGIC)
    h.startElementNs = {
      context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
      TreeBuilder.from(context).pointee.start(
        localName: localName, prefix: prefix, uri: uri, namespaceCount: namespaceCount,
        namespaces: namespaces,
        attributeCount: attributeCount, attributes: attributes)
    }
    h.endElementNs = { context, _, _, _ in TreeBuilder.from(context).pointee.end() }
    h.characters = { context, bytes, length in
      TreeBuilder.from(context).pointee.characters(bytes, length)
    }
    h.cdataBlock = { context, bytes, length in
      TreeBuilder.from(context).pointee.characters(bytes, length)
    }
    h.internalSubset = { context, name, _, _ in
      TreeBuilder.from(context).pointee.refuseDoctype(name)
    }
    h.externalSubset = { context, name, _, _ in
      TreeBuilder.from(context).pointee.refuseDoctype(name)
    }
    h.serror = { userData, error in
      guard let userData, let error else { return }
      TreeBuilder.from(userData).pointee.libxmlError(error.pointee)
    }
    h.entityDecl = { context, name, _, _, _, _ in
      TreeBuilder.from(context).pointee.refuseDoctype(name)
    }
    return h
  }
}

/// Collects the SAX2 events of one parse into the arrays of an ``XMLTree``.
private struct TreeBuilder {
  let context: xmlParserCtxtPtr
  /// The strings of the names the context's dictionary has interned, kept between parses.
  let sessionNames: UnsafeMutablePointer<SessionNames>
  let limits: XMLLimits
  var names: [XMLName] = []
  var nameIndex = NameTable()
  /// By expanded name: the prefix it was first written with, and that qualified name's index.
  var namePrefixes: [UnsafePointer<xmlChar>?] = []
  var nameQualified: [Int32] = []
  var qualifiedNames: [(name: Int32, prefix: Int32)] = []
  /// Prefixes seen so far, by dictionary pointer (a document uses a handful).
  var prefixPointers: [UnsafePointer<xmlChar>] = []
  var prefixStrings: [String] = []
  /// Names as written, keyed by the dictionary pointers of local name and prefix.
  var qualifiedNameIndex = NameTable()
  /// Attribute names, keyed like element names, so each distinct one is made a string once.
  var attributeNames: [XMLName] = []
  var attributeNameIndex = NameTable()
  /// The elements so far, in document order.
  var records: BuilderBuffer<XMLTree.Record>
  /// The character data of all elements, back to back; records hold ranges into it. The
  /// character data not yet given to an element is the tail from `pendingStart` on.
  var text = BuilderBuffer<UInt8>(capacity: 4096)
  var pendingStart = 0
  /// True while the pending character data is all XML white space (or empty).
  var pendingBlank = true
  var attributes: [XMLTree.Attribute] = []
  var rootNamespaces: [String: String] = [:]
  /// The open elements, outermost first, each with its last child so far and whether it
  /// has text of its own before a child element (mixed content: inside one, white space
  /// between elements is kept, as it is part of the mixed element's string value).
  var open = BuilderBuffer<OpenElement>(capacity: 64)
  /// How many open elements are mixed.
  var mixedDepth = 0
  var failure: XMLError?
  /// The first error libxml2 reported (later ones are often consequences of it).
  var firstLibxmlError: XMLError?

  init(
    context: xmlParserCtxtPtr, names: UnsafeMutablePointer<SessionNames>, limits: XMLLimits,
    documentSize: Int
  ) {
    self.context = context
    self.sessionNames = names
    self.limits = limits
    // Invoices run at about one element per 50 bytes; room for that avoids regrowing.
    records = BuilderBuffer(capacity: min(max(256, documentSize / 40), 1 << 16))
    // An invoice has about a hundred distinct names and as many attributes: room for them
    // saves regrowing each table seven times from empty.
    self.names.reserveCapacity(128)
    namePrefixes.reserveCapacity(128)
    nameQualified.reserveCapacity(128)
    qualifiedNames.reserveCapacity(128)
    attributes.reserveCapacity(min(max(64, documentSize / 200), 1 << 14))
  }

  /// An open element.
  struct OpenElement {
    var index: Int32
    var lastChild: Int32 = -1
    var mixed = false
  }

  /// Frees the buffers; called once, when the parse is over.
  func release() {
    text.release()
    records.release()
    open.release()
  }

  /// The elements, for the tree.
  var recordArray: [XMLTree.Record] { Array(records.elements) }

  /// The character data kept, for the tree.
  var textStore: [UInt8] { Array(text.elements) }

  static func from(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<TreeBuilder> {
    pointer!.assumingMemoryBound(to: TreeBuilder.self)
  }

  mutating func stop(_ error: XMLError) {
    if failure == nil { failure = error }
    xmlStopParser(context)
  }

  var line: Int { Int(xmlSAX2GetLineNumber(context)) }

  mutating func libxmlError(_ error: xmlError) {
    guard firstLibxmlError == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    firstLibxmlError = XMLDocumentReader.libxmlError(error)
  }

  mutating func refuseDoctype(_ name: UnsafePointer<xmlChar>?) {
    let n = name.map { String(cString: $0) } ?? ""
    stop(
      XMLError(
        .doctypeForbidden,
        "document type declaration <!DOCTYPE \(n)> refused: DTDs and entity declarations are not accepted",
        line: line))
  }

  /// Interns an element's expanded name and its name as written; returns their indices. Each
  /// expanded name remembers the prefix it was first written with, so the usual element,
  /// written as before, costs one table lookup.
  mutating func intern(
    _ local: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?,
    _ uri: UnsafePointer<xmlChar>?
  ) -> (name: Int32, qualified: Int32) {
    if let index = nameIndex.find(local, uri) {
      if namePrefixes[Int(index)] == prefix { return (index, nameQualified[Int(index)]) }
      return (index, internQualified(local, prefix, name: index))
    }
    let name = sessionNames.pointee.name(local, uri)
    let index = Int32(names.count)
    names.append(name)
    nameIndex.insert(local, uri, index)
    let qualified = internQualified(local, prefix, name: index)
    namePrefixes.append(prefix)
    nameQualified.append(qualified)
    return (index, qualified)
  }

  /// The expanded name of an attribute, interned like element names.
  mutating func attributeName(
    _ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?
  ) -> XMLName {
    if let index = attributeNameIndex.find(local, uri) { return attributeNames[Int(index)] }
    let name = sessionNames.pointee.name(local, uri)
    attributeNameIndex.insert(local, uri, Int32(attributeNames.count))
    attributeNames.append(name)
    return name
  }

  /// Interns the name as written, `prefix:local`, keyed like ``intern(_:_:)`` by libxml2's
  /// dictionary pointers (here local name and prefix); `name` is the element's interned
  /// expanded name, whose local part the string is made from when asked for.
  mutating func internQualified(
    _ local: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?, name: Int32
  ) -> Int32 {
    if let index = qualifiedNameIndex.find(local, prefix) { return index }
    var prefixIndex: Int32 = -1
    if let prefix {
      if let i = prefixPointers.firstIndex(of: prefix) {
        prefixIndex = Int32(i)
      } else {
        prefixIndex = Int32(prefixStrings.count)
        prefixPointers.append(prefix)
        prefixStrings.append(sessionNames.pointee.string(prefix))
      }
    }
    let index = Int32(qualifiedNames.count)
    qualifiedNames.append((name, prefixIndex))
    qualifiedNameIndex.insert(local, prefix, index)
    return index
  }

  mutating func start(
    localName: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?,
    uri: UnsafePointer<xmlChar>?, namespaceCount: Int32,
    namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, attributeCount: Int32,
    attributes attributeArray: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  ) {
    guard failure == nil, let localName else { return }
    if open.count >= limits.maximumDepth {
      return stop(
        XMLError(
          .tooDeep, "elements nest deeper than \(limits.maximumDepth) levels", line: line))
    }
    if records.count >= limits.maximumElements {
      return stop(
        XMLError(
          .tooManyElements, "the document has more than \(limits.maximumElements) elements",
          line: line))
    }
    flushText(intoContainer: true)
    let index = Int32(records.count)
    let parent: Int32
    if open.count > 0 {
      parent = open[open.count - 1].index
      if !open[open.count - 1].mixed, records[Int(parent)].textCount > 0 {
        open[open.count - 1].mixed = true
        mixedDepth += 1
      }
    } else {
      parent = -1
    }
    if records.count == 0, let namespaces {
      for i in 0..<Int(namespaceCount) {
        let prefix = namespaces[2 * i].map { String(cString: $0) } ?? ""
        let uri = namespaces[2 * i + 1].map { String(cString: $0) } ?? ""
        rootNamespaces[prefix] = uri
      }
    }
    let attributeStart = Int32(attributes.count)
    if let attributeArray {
      for i in 0..<Int(attributeCount) {
        let base = attributeArray + 5 * i
        guard let local = base[0], let valueStart = base[3], let valueEnd = base[4] else {
          continue
        }
        let name = attributeName(local, base[2])
        let count = valueEnd - valueStart
        let value = String(
          decoding: UnsafeBufferPointer(start: valueStart, count: count), as: UTF8.self)
        let escaped = count > 0 && memchr(valueStart, Int32(UInt8(ascii: "&")), count) != nil
        attributes.append(
          XMLTree.Attribute(name: name, value: escaped ? Self.decodeReferences(value) : value))
      }
    }
    let (name, qualified) = intern(localName, prefix, uri)
    records.append(
      XMLTree.Record(
        name: name, qualifiedName: qualified,
        parent: parent, attributeStart: attributeStart,
        attributeCount: Int32(attributes.count) - attributeStart, line: Int32(line)))
    if parent >= 0 {
      let previous = open[open.count - 1].lastChild
      if previous >= 0 {
        records[Int(previous)].nextSibling = index
      } else {
        records[Int(parent)].firstChild = index
      }
      open[open.count - 1].lastChild = index
    }
    open.append(OpenElement(index: index))
  }

  mutating func end() {
    guard failure == nil, open.count > 0 else { return }
    let index = open[open.count - 1].index
    flushText(intoContainer: records[Int(index)].firstChild >= 0)
    if open.removeLast().mixed { mixedDepth -= 1 }
  }

  mutating func characters(_ bytes: UnsafePointer<xmlChar>?, _ length: Int32) {
    guard failure == nil, let bytes, length > 0 else { return }
    if pendingBlank {
      pendingBlank = Self.isBlank(UnsafeBufferPointer(start: bytes, count: Int(length)))
    }
    text.append(bytes, count: Int(length))
  }

  /// True when `bytes` are all XML white space (space, line feed, tab, carriage return);
  /// runs of spaces, the bulk of indentation, are checked eight bytes at a time.
  static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = bytes.count
    let base = UnsafeRawPointer(bytes.baseAddress!)
    var i = 0
    // Indentation starts with a line break: take bytes one by one up to the first space.
    while i < n && bytes[i] != 0x20 {
      let b = bytes[i]
      if b != 0x0A && b != 0x09 && b != 0x0D { return false }
      i += 1
    }
    while i + 8 <= n {
      if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) != 0x2020_2020_2020_2020 {
        for k in i..<(i + 8) {
          let b = bytes[k]
          if b != 0x20 && b != 0x0A && b != 0x09 && b != 0x0D { return false }
        }
      }
      i += 8
    }
    while i < n {
      let b = bytes[i]
      if b != 0x20 && b != 0x0A && b != 0x09 && b != 0x0D { return false }
      i += 1
    }
    return true
  }

  /// Gives the pending character data to the element it belongs to. Text in an element that
  /// has child elements is kept only when it is more than white space (mixed content), or
  /// when it is inside a mixed element, whose string value it is part of.
  mutating func flushText(intoContainer: Bool) {
    let count = text.count - pendingStart
    let blank = pendingBlank
    pendingBlank = true
    guard count > 0 else { return }
    guard open.count > 0, !(intoContainer && blank && mixedDepth == 0) else {
      text.removeLast(count)
      return
    }
    let index = open[open.count - 1].index
    let record = records[Int(index)]
    if record.textCount == 0 {
      records[Int(index)].textStart = Int32(pendingStart)
      records[Int(index)].textCount = Int32(count)
    } else if Int(record.textStart) + Int(record.textCount) == pendingStart {
      records[Int(index)].textCount += Int32(count)
    } else {
      // Mixed content split by child elements: move the earlier text next to the new chunk.
      let start = Int(record.textStart)
      let earlier = Array(text.elements[start..<(start + Int(record.textCount))])
      let chunk = Array(text.elements[pendingStart...])
      text.removeLast(count)
      earlier.withUnsafeBufferPointer { text.append($0.baseAddress!, count: $0.count) }
      chunk.withUnsafeBufferPointer { text.append($0.baseAddress!, count: $0.count) }
      records[Int(index)].textStart = Int32(pendingStart)
      records[Int(index)].textCount += Int32(count)
    }
    pendingStart = text.count
  }

  /// libxml2 hands SAX2 attribute values with `&` of a predefined entity re-escaped as the
  /// character reference `&#38;` when it does not substitute entities; undo that.
  static func decodeReferences(_ value: String) -> String {
    guard value.utf8.contains(UInt8(ascii: "&")) else { return value }
    var result = ""
    var rest = Substring(value)
    while let amp = rest.firstIndex(of: "&") {
      result += rest[..<amp]
      guard let semi = rest[amp...].firstIndex(of: ";") else {
        result += rest[amp...]
        return result
      }
      let entity = rest[rest.index(after: amp)..<semi]
      switch entity {
      case "amp": result += "&"
      case "lt": result += "<"
      case "gt": result += ">"
      case "quot": result += "\""
      case "apos": result += "'"
      default:
        if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16),
          let s = Unicode.Scalar(v)
        {
          result.unicodeScalars.append(s)
        } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()),
          let s = Unicode.Scalar(v)
        {
          result.unicodeScalars.append(s)
        } else {
          result += rest[amp...semi]
        }
      }
      rest = rest[rest.index(after: semi)...]
    }
    result += rest
    return result
  }
}

/// A growable buffer of plain values that the tree builder alone owns and frees
/// (``release()``): every event reads or writes one, so reads and writes are plain loads and
/// stores, without the uniqueness and bounds checks of an array.
struct BuilderBuffer<Element: BitwiseCopyable> {
  private var base: UnsafeMutablePointer<Element>
  private var capacity: Int
  /// The number of values held.
  private(set) var count = 0

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    base = .allocate(capacity: self.capacity)
  }

  /// The value at `index`, which must be below ``count``.
  subscript(index: Int) -> Element {
    get { base[index] }
    nonmutating set { base[index] = newValue }
  }

  /// The values held, valid until the buffer next grows or is released.
  var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

  mutating func append(_ value: Element) {
    if count == capacity { grow(toHold: count + 1) }
    (base + count).initialize(to: value)
    count += 1
  }

  /// Appends the `n` values at `values`.
  mutating func append(_ values: UnsafePointer<Element>, count n: Int) {
    if count + n > capacity { grow(toHold: count + n) }
    (base + count).initialize(from: values, count: n)
    count += n
  }

  /// Removes and returns the last value.
  mutating func removeLast() -> Element {
    count -= 1
    return base[count]
  }

  /// Removes the last `n` values.
  mutating func removeLast(_ n: Int) {
    count -= n
  }

  /// Frees the storage; called once, when the builder is done.
  func release() {
    base.deallocate()
  }

  /// Makes room for at least `needed` values, at least doubling the capacity.
  private mutating func grow(toHold needed: Int) {
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: max(needed, 2 * capacity))
    grown.moveInitialize(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = max(needed, 2 * capacity)
  }
}

/// A libxml2 parser context kept from one parse to the next, with the strings of the names its
/// dictionary has interned. Reusing it saves creating a context and a dictionary for every
/// document, and making the same name strings again: a typical invoice has a hundred distinct
/// names, and the next invoice has the same ones.
///
/// A session serves one parse at a time: ``take()`` hands it out of a pool, ``give(_:)``
/// returns it. A dictionary only grows, so a session whose dictionary holds more than
/// ``maximumDictionaryNames`` strings, or has made more names than that (documents of many
/// invented names), is freed rather than kept, which bounds what the pool holds.
final class ParserSession: @unchecked Sendable {
  let context: xmlParserCtxtPtr
  let names: UnsafeMutablePointer<SessionNames>

  /// At most this many sessions wait in the pool (one per parse running at once is enough).
  static let maximumKept = 16
  /// A session whose dictionary holds more strings than this is not kept.
  static let maximumDictionaryNames = 8_192

  private static let pool = Mutex<[ParserSession]>([])

  private init() throws(XMLError) {
    guard let context = xmlNewParserCtxt() else {
      throw XMLError(.malformed, "the XML parser could not be created")
    }
    self.context = context
    names = .allocate(capacity: 1)
    names.initialize(to: SessionNames())
  }

  deinit {
    names.deinitialize(count: 1)
    names.deallocate()
    xmlFreeParserCtxt(context)
  }

  /// The dictionary sizes of the sessions waiting in the pool.
  static var pooledDictionarySizes: [Int] {
    pool.withLock { $0.map { Int(xmlDictSize($0.context.pointee.dict)) } }
  }

  /// A session from the pool, or a new one.
  static func take() throws(XMLError) -> ParserSession {
    if let session = pool.withLock({ $0.popLast() }) { return session }
    return try ParserSession()
  }

  /// Returns a session, reset, to the pool, unless its dictionary has grown too large or the
  /// pool is full.
  static func give(_ session: ParserSession) {
    guard xmlDictSize(session.context.pointee.dict) <= maximumDictionaryNames,
      session.names.pointee.count <= maximumDictionaryNames
    else { return }
    pool.withLock { sessions in
      if sessions.count < maximumKept { sessions.append(session) }
    }
  }
}

/// The strings of the names a session's dictionary has interned, keyed by the dictionary's
/// pointers: expanded names by local name and namespace URI, and single strings (prefixes,
/// URIs) by their own pointer.
struct SessionNames {
  private var nameTable = NameTable()
  private var nameValues: [XMLName] = []
  private var stringTable = NameTable()
  private var stringValues: [String] = []

  /// The number of names and strings kept.
  var count: Int { nameValues.count + stringValues.count }

  /// The expanded name of `local` in namespace `uri`, made once per session.
  mutating func name(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> XMLName {
    if let index = nameTable.find(local, uri) { return nameValues[Int(index)] }
    let name = XMLName(uri.map { string($0) } ?? "", String(cString: local))
    nameTable.insert(local, uri, Int32(nameValues.count))
    nameValues.append(name)
    return name
  }

  /// The dictionary string at `pointer` (a prefix or a namespace URI), made once per session.
  mutating func string(_ pointer: UnsafePointer<xmlChar>) -> String {
    if let index = stringTable.find(pointer, nil) { return stringValues[Int(index)] }
    let string = String(cString: pointer)
    stringTable.insert(pointer, nil, Int32(stringValues.count))
    stringValues.append(string)
    return string
  }
}

/// The names seen in one parse, keyed by the addresses libxml2's dictionary gives them: the
/// dictionary interns names, so equal names have equal pointers and a lookup is a few loads,
/// not a string hash (open addressing, linear probing, grown at half full). Each slot holds
/// both pointers and the index, so a probe reads one place.
private struct NameTable {
  private struct Slot {
    var local: UnsafePointer<xmlChar>?
    var uri: UnsafePointer<xmlChar>?
    var index: Int32 = -1
  }

  private var slots = [Slot](repeating: Slot(), count: 256)
  private var count = 0

  private func slot(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> Int {
    let a = UInt(bitPattern: local)
    let b = UInt(bitPattern: uri)
    let mixed = (a ^ (b &<< 7) ^ (b &>> 3)) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: mixed &>> 40) & (slots.count - 1)
  }

  func find(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> Int32? {
    slots.withUnsafeBufferPointer { slots in
      var i = slot(local, uri)
      while slots[i].index >= 0 {
        if slots[i].local == local && slots[i].uri == uri { return slots[i].index }
        i = (i + 1) & (slots.count - 1)
      }
      return nil
    }
  }

  mutating func insert(
    _ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?, _ index: Int32
  ) {
    if 2 * (count + 1) > slots.count { grow() }
    var i = slot(local, uri)
    while slots[i].index >= 0 { i = (i + 1) & (slots.count - 1) }
    slots[i] = Slot(local: local, uri: uri, index: index)
    count += 1
  }

  private mutating func grow() {
    let old = slots
    slots = [Slot](repeating: Slot(), count: old.count * 2)
    count = 0
    for entry in old where entry.index >= 0 { insert(entry.local!, entry.uri, entry.index) }
  }
}
