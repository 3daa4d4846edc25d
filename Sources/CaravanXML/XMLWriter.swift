/// Writes XML as UTF-8 bytes, indented, escaping text and attribute values.
///
/// Containers are opened lazily: ``open(_:attributes:)`` only records the element, and its
/// start tag is written when the first child or text arrives. A container that receives
/// nothing is never written, so writers can open groups unconditionally and still never
/// produce empty elements (which EN 16931 forbids: no empty elements, UBL-CR-… and CII-SR-…).
/// An element with nil or empty text is not written either.
///
/// Element and attribute names are static strings: a document's vocabulary is fixed by its
/// syntax, and a static string is written by copying its bytes, with no reference counting.
public struct XMLWriter: Sendable {
  /// The document so far.
  public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count)) }
  /// The number of bytes written so far.
  public var byteCount: Int { buffer.count }
  /// Where the bytes go: one growing buffer, appended to without per-call checks; copied
  /// first when a copy of this writer shares it (``makeUnique()``).
  private var buffer: ByteBuffer
  /// The open containers, outermost first.
  private var pending: [Container] = []
  private let indent: Bool

  /// An open container: its start tag is written (`written`) once content arrives.
  private struct Container {
    let name: StaticString
    let attributes: [(StaticString, String)]
    var written = false
  }

  /// Starts a document with the XML declaration.
  public init(indent: Bool = true, capacity: Int = 16_384) {
    self.indent = indent
    buffer = ByteBuffer(capacity: capacity)
    buffer.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
  }

  /// Opens a container element; its start tag is written when content arrives.
  public mutating func open(_ name: StaticString, attributes: [(StaticString, String)] = []) {
    pending.append(Container(name: name, attributes: attributes))
  }

  /// Closes the innermost open container (writing its end tag if it was written at all).
  public mutating func close() {
    let top = pending.removeLast()
    guard top.written else { return }
    makeUnique()
    newline(depth: pending.count)
    buffer.append("</")
    buffer.append(top.name)
    buffer.append(">")
  }

  /// Writes `<name key="value">text</name>` when `text` is neither nil nor empty, leaving the
  /// attribute out when there is none or its value is nil.
  public mutating func element(
    _ name: StaticString, _ text: String?,
    attribute: (key: StaticString, value: String?)? = nil
  ) {
    guard let text, !text.isEmpty else { return }
    Self.withUTF8(text) { element(name, utf8: $0, attribute: attribute) }
  }

  /// Writes `<name attributes>text</name>` when `text` is neither nil nor empty, leaving out
  /// the attributes whose value is nil.
  public mutating func element(
    _ name: StaticString, _ text: String?, attributes: [(StaticString, String?)]
  ) {
    guard let text, !text.isEmpty else { return }
    startElement(name)
    for (key, value) in attributes {
      if let value { self.attribute(key, value) }
    }
    buffer.append(">")
    Self.withUTF8(text) { escape($0, quote: false) }
    endElement(name)
  }

  /// Writes `<name key="value">text</name>` from the UTF-8 bytes of the text, when there are
  /// any; for values that can write their text without making a string.
  public mutating func element(
    _ name: StaticString, utf8 text: UnsafeBufferPointer<UInt8>,
    attribute: (key: StaticString, value: String?)? = nil
  ) {
    guard !text.isEmpty else { return }
    startElement(name)
    if let attribute, let value = attribute.value { self.attribute(attribute.key, value) }
    buffer.append(">")
    escape(text, quote: false)
    endElement(name)
  }

  /// Writes `value`'s text form, when there is a value.
  public mutating func element(_ name: StaticString, _ value: (some CustomStringConvertible)?) {
    guard let value else { return }
    element(name, value.description)
  }

  /// Writes `<name/>`, for the few containers a schema requires even when they hold nothing
  /// (CII D16B `ram:ApplicableHeaderTradeDelivery` is mandatory in every invoice).
  public mutating func emptyElement(_ name: StaticString) {
    startElement(name)
    buffer.append("/>")
  }

  /// Writes the pending start tags, then `<name` on a new line.
  private mutating func startElement(_ name: StaticString) {
    makeUnique()
    if let last = pending.last, !last.written { materialise() }
    newline(depth: pending.count)
    buffer.append("<")
    buffer.append(name)
  }

  private mutating func endElement(_ name: StaticString) {
    buffer.append("</")
    buffer.append(name)
    buffer.append(">")
  }

  /// Writes a start tag for every pending container.
  private mutating func materialise() {
    for i in pending.indices where !pending[i].written {
      newline(depth: i)
      buffer.append("<")
      buffer.append(pending[i].name)
      for (key, value) in pending[i].attributes { attribute(key, value) }
      buffer.append(">")
      pending[i].written = true
    }
  }

  private mutating func attribute(_ key: StaticString, _ value: String) {
    buffer.append(" ")
    buffer.append(key)
    buffer.append("=\"")
    Self.withUTF8(value) { escape($0, quote: true) }
    buffer.append("\"")
  }

  /// Calls `body` with the UTF-8 bytes of `text`, in place when the string is stored as
  /// UTF-8 (native strings always are).
  private static func withUTF8(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    if text.utf8.withContiguousStorageIfAvailable(body) == nil {
      var copy = text
      copy.withUTF8(body)
    }
  }

  /// Gives this writer a buffer of its own before it writes, if a copy shares it.
  private mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
  }

  private mutating func newline(depth: Int) {
    guard indent else { return }
    buffer.append(0x0A)
    buffer.append(repeating: 0x20, count: 2 * depth)
  }

  /// Appends `utf8` with the characters XML gives meaning to escaped: `&`, `<`, `>` and
  /// carriage return always (a parser would turn a raw one into a line feed), and in
  /// attribute values also `"`, line feed and tab (which a parser would normalise to spaces).
  private mutating func escape(_ utf8: UnsafeBufferPointer<UInt8>, quote: Bool) {
    // Most values need no escaping: copy them whole. Every byte that may need escaping is
    // below `?`, so one comparison passes most bytes.
    var clean = true
    for byte in utf8 where byte < UInt8(ascii: "?") {
      if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
        || byte == 0x0D || (quote && (byte < 0x20 || byte == UInt8(ascii: "\"")))
      {
        clean = false
        break
      }
    }
    if clean {
      buffer.append(utf8)
    } else {
      escapeSlowly(utf8, quote: quote)
    }
  }

  private mutating func escapeSlowly(_ utf8: UnsafeBufferPointer<UInt8>, quote: Bool) {
    for byte in utf8 {
      switch byte {
      case UInt8(ascii: "&"): buffer.append("&amp;")
      case UInt8(ascii: "<"): buffer.append("&lt;")
      case UInt8(ascii: ">"): buffer.append("&gt;")
      case UInt8(ascii: "\"") where quote: buffer.append("&quot;")
      case 0x0D: buffer.append("&#13;")
      case 0x0A where quote: buffer.append("&#10;")
      case 0x09 where quote: buffer.append("&#9;")
      default: buffer.append(byte)
      }
    }
  }

  /// Finishes the document (closing anything still open) and returns its bytes.
  public mutating func finish() -> [UInt8] {
    while !pending.isEmpty { close() }
    makeUnique()
    buffer.append(0x0A)
    return bytes
  }
}

/// A growable byte buffer for ``XMLWriter``: appends are a capacity check and a copy.
/// Only a writer holding the sole reference changes it, which keeps writers values.
private final class ByteBuffer: @unchecked Sendable {
  var base: UnsafeMutablePointer<UInt8>
  var count = 0
  var capacity: Int

  init(capacity: Int) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// A buffer of its own with the same bytes.
  func copy() -> ByteBuffer {
    let other = ByteBuffer(capacity: capacity)
    other.base.initialize(from: base, count: count)
    other.count = count
    return other
  }

  /// Makes room for at least `needed` bytes in all.
  private func grow(_ needed: Int) {
    let newCapacity = max(needed, 2 * capacity)
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    grown.initialize(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = newCapacity
  }

  @inline(__always) func append(_ byte: UInt8) {
    if count == capacity { grow(count + 1) }
    base[count] = byte
    count += 1
  }

  @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    let n = bytes.count
    guard n > 0, let source = bytes.baseAddress else { return }
    if count + n > capacity { grow(count + n) }
    (base + count).initialize(from: source, count: n)
    count += n
  }

  /// Appends a static string's bytes (`withUTF8Buffer` also serves literals of one
  /// character, which a static string may hold as a scalar rather than as bytes).
  @inline(__always) func append(_ text: StaticString) {
    text.withUTF8Buffer { append($0) }
  }

  @inline(__always) func append(repeating byte: UInt8, count n: Int) {
    guard n > 0 else { return }
    if count + n > capacity { grow(count + n) }
    (base + count).initialize(repeating: byte, count: n)
    count += n
  }
}
