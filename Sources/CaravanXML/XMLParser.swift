import CLibXML2

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
    guard
      let context = xmlCreateMemoryParserCtxt(
        buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count))
    else { throw XMLError(.malformed, "the XML parser could not be created") }
    defer { xmlFreeParserCtxt(context) }

    // The builder lives behind a pointer, so the callbacks mutate it in place without the
    // dynamic exclusivity checks a class's stored properties would cost on every event.
    let builder = UnsafeMutablePointer<TreeBuilder>.allocate(capacity: 1)
    builder.initialize(to: TreeBuilder(context: context, limits: limits))
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
      || builder.pointee.records.isEmpty
    {
      throw libxmlError(context) ?? XMLError(.malformed, "the document is not well-formed XML")
    }
    return XMLTree(
      names: builder.pointee.names, qualifiedNames: builder.pointee.qualifiedNames,
      records: builder.pointee.records, texts: builder.pointee.texts,
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
    while end < b.count && end < start + 200 && b[end] != UInt8(ascii: ">") { end += 1 }
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
  let limits: XMLLimits
  var names: [XMLName] = []
  var nameIndex = NameTable()
  var qualifiedNames: [String] = []
  /// Names as written, keyed by the dictionary pointers of local name and prefix.
  var qualifiedNameIndex = NameTable()
  var records: [XMLTree.Record] = []
  var texts: [String] = []
  var attributes: [XMLTree.Attribute] = []
  var rootNamespaces: [String: String] = [:]
  var open: [Int32] = []
  var lastChild: [Int32] = []
  /// Character data not yet given to its element (a buffer that is reused, never shrunk).
  var text: UnsafeMutablePointer<UInt8>
  var textCount = 0
  var textCapacity = 4096
  var failure: XMLError?
  /// The first error libxml2 reported (later ones are often consequences of it).
  var firstLibxmlError: XMLError?

  init(context: xmlParserCtxtPtr, limits: XMLLimits) {
    self.context = context
    self.limits = limits
    records.reserveCapacity(256)
    text = .allocate(capacity: textCapacity)
  }

  /// Frees the text buffer; called once, when the parse is over.
  func release() {
    text.deallocate()
  }

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

  mutating func intern(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> Int32 {
    if let index = nameIndex.find(local, uri) { return index }
    let name = XMLName(uri.map { String(cString: $0) } ?? "", String(cString: local))
    let index = Int32(names.count)
    names.append(name)
    nameIndex.insert(local, uri, index)
    return index
  }

  /// Interns the name as written, `prefix:local`, keyed like ``intern(_:_:)`` by libxml2's
  /// dictionary pointers (here local name and prefix).
  mutating func internQualified(
    _ local: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?
  ) -> Int32 {
    if let index = qualifiedNameIndex.find(local, prefix) { return index }
    let localName = String(cString: local)
    let name = prefix.map { String(cString: $0) + ":" + localName } ?? localName
    let index = Int32(qualifiedNames.count)
    qualifiedNames.append(name)
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
    let parent = open.last ?? -1
    if records.isEmpty, let namespaces {
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
        let name = XMLName(base[2].map { String(cString: $0) } ?? "", String(cString: local))
        let value = String(
          decoding: UnsafeBufferPointer(start: valueStart, count: valueEnd - valueStart),
          as: UTF8.self)
        attributes.append(XMLTree.Attribute(name: name, value: Self.decodeReferences(value)))
      }
    }
    texts.append("")
    records.append(
      XMLTree.Record(
        name: intern(localName, uri), qualifiedName: internQualified(localName, prefix),
        parent: parent, attributeStart: attributeStart,
        attributeCount: Int32(attributes.count) - attributeStart, line: Int32(line)))
    if parent >= 0 {
      let previous = lastChild[lastChild.count - 1]
      if previous >= 0 {
        records[Int(previous)].nextSibling = index
      } else {
        records[Int(parent)].firstChild = index
      }
      lastChild[lastChild.count - 1] = index
    }
    open.append(index)
    lastChild.append(-1)
  }

  mutating func end() {
    guard failure == nil, let index = open.last else { return }
    flushText(intoContainer: records[Int(index)].firstChild >= 0)
    open.removeLast()
    lastChild.removeLast()
  }

  mutating func characters(_ bytes: UnsafePointer<xmlChar>?, _ length: Int32) {
    guard failure == nil, let bytes, length > 0 else { return }
    let count = Int(length)
    if textCount + count > textCapacity {
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * (textCount + count))
      grown.update(from: text, count: textCount)
      text.deallocate()
      text = grown
      textCapacity = 2 * (textCount + count)
    }
    (text + textCount).update(from: bytes, count: count)
    textCount += count
  }

  /// Gives the pending character data to the element it belongs to. Text in an element that
  /// has child elements is kept only when it is more than white space (mixed content).
  mutating func flushText(intoContainer: Bool) {
    defer { textCount = 0 }
    guard textCount > 0, let index = open.last else { return }
    if intoContainer {
      var blank = true
      for i in 0..<textCount {
        let b = text[i]
        if b != 0x20 && b != 0x0A && b != 0x09 && b != 0x0D {
          blank = false
          break
        }
      }
      if blank { return }
    }
    let chunk = String(decoding: UnsafeBufferPointer(start: text, count: textCount), as: UTF8.self)
    if texts[Int(index)].isEmpty {
      texts[Int(index)] = chunk
    } else {
      texts[Int(index)] += chunk
    }
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

/// The names seen in one parse, keyed by the addresses libxml2's dictionary gives them: the
/// dictionary interns names, so equal names have equal pointers and a lookup is a few loads,
/// not a string hash (open addressing, linear probing, grown at half full).
private struct NameTable {
  private var locals: [UnsafePointer<xmlChar>?] = Array(repeating: nil, count: 256)
  private var uris: [UnsafePointer<xmlChar>?] = Array(repeating: nil, count: 256)
  private var indices: [Int32] = Array(repeating: -1, count: 256)
  private var count = 0

  private func slot(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> Int {
    let a = UInt(bitPattern: local)
    let b = UInt(bitPattern: uri)
    let mixed = (a ^ (b &<< 7) ^ (b &>> 3)) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: mixed &>> 40) & (indices.count - 1)
  }

  func find(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> Int32? {
    var i = slot(local, uri)
    while indices[i] >= 0 {
      if locals[i] == local && uris[i] == uri { return indices[i] }
      i = (i + 1) & (indices.count - 1)
    }
    return nil
  }

  mutating func insert(
    _ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?, _ index: Int32
  ) {
    if 2 * (count + 1) > indices.count { grow() }
    var i = slot(local, uri)
    while indices[i] >= 0 { i = (i + 1) & (indices.count - 1) }
    locals[i] = local
    uris[i] = uri
    indices[i] = index
    count += 1
  }

  private mutating func grow() {
    let old = (locals, uris, indices)
    let size = indices.count * 2
    locals = Array(repeating: nil, count: size)
    uris = Array(repeating: nil, count: size)
    indices = Array(repeating: -1, count: size)
    count = 0
    for i in old.2.indices where old.2[i] >= 0 { insert(old.0[i]!, old.1[i], old.2[i]) }
  }
}
