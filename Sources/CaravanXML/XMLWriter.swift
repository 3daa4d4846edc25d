/// Writes XML as UTF-8 bytes, indented, escaping text and attribute values.
///
/// Containers are opened lazily: ``open(_:attributes:)`` only records the element, and its
/// start tag is written when the first child or text arrives. A container that receives
/// nothing is never written, so writers can open groups unconditionally and still never
/// produce empty elements (which EN 16931 forbids: no empty elements, UBL-CR-… and CII-SR-…).
/// ``element(_:_:attributes:)`` with a nil or empty text writes nothing either.
public struct XMLWriter: Sendable {
  /// The document so far.
  public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count)) }
  /// The number of bytes written so far.
  public var byteCount: Int { buffer.count }
  /// Where the bytes go: one growing buffer, appended to without per-call checks; copied
  /// first when a copy of this writer shares it (``makeUnique()``).
  private var buffer: ByteBuffer
  private var pending: [(name: String, attributes: [(String, String)], written: Bool)] = []
  private let indent: Bool

  /// Starts a document with the XML declaration.
  public init(indent: Bool = true, capacity: Int = 16_384) {
    self.indent = indent
    buffer = ByteBuffer(capacity: capacity)
    append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
  }

  /// Opens a container element; its start tag is written when content arrives.
  public mutating func open(_ name: String, attributes: [(String, String)] = []) {
    pending.append((name, attributes, false))
  }

  /// Closes the innermost open container (writing its end tag if it was written at all).
  public mutating func close() {
    let top = pending.removeLast()
    guard top.written else { return }
    makeUnique()
    newline(depth: pending.count)
    append("</")
    append(top.name)
    append(">")
  }

  /// Writes `<name attributes>text</name>` when `text` is neither nil nor empty.
  public mutating func element(
    _ name: String, _ text: String?, attributes: [(String, String?)] = []
  ) {
    guard let text, !text.isEmpty else { return }
    makeUnique()
    materialise()
    newline(depth: pending.count)
    append("<")
    append(name)
    for (key, value) in attributes {
      if let value { attribute(key, value) }
    }
    append(">")
    escape(text, quote: false)
    append("</")
    append(name)
    append(">")
  }

  /// Writes `value`'s text form, when there is a value.
  public mutating func element(
    _ name: String, _ value: (some CustomStringConvertible)?, attributes: [(String, String?)] = []
  ) {
    guard let value else { return }
    element(name, value.description, attributes: attributes)
  }

  /// Writes `<name/>`, for the few containers a schema requires even when they hold nothing
  /// (CII D16B `ram:ApplicableHeaderTradeDelivery` is mandatory in every invoice).
  public mutating func emptyElement(_ name: String) {
    makeUnique()
    materialise()
    newline(depth: pending.count)
    append("<")
    append(name)
    append("/>")
  }

  /// Writes a start tag for every pending container.
  private mutating func materialise() {
    for i in pending.indices where !pending[i].written {
      newline(depth: i)
      append("<")
      append(pending[i].name)
      for (key, value) in pending[i].attributes { attribute(key, value) }
      append(">")
      pending[i].written = true
    }
  }

  private mutating func attribute(_ key: String, _ value: String) {
    append(" ")
    append(key)
    append("=\"")
    escape(value, quote: true)
    append("\"")
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

  private mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { buffer.append($0) }
  }

  private mutating func escape(_ text: String, quote: Bool) {
    var text = text
    text.withUTF8 { utf8 in
      // Most values need no escaping: copy them whole.
      var clean = true
      for byte in utf8
      where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<")
        || byte == UInt8(ascii: ">") || byte == 0x0D || (quote && byte < 0x20)
        || (quote && byte == 0x22)
      {
        clean = false
        break
      }
      if clean {
        buffer.append(utf8)
      } else {
        escapeSlowly(utf8, quote: quote)
      }
    }
  }

  private mutating func escapeSlowly(_ utf8: UnsafeBufferPointer<UInt8>, quote: Bool) {
    for byte in utf8 {
      switch byte {
      case UInt8(ascii: "&"): append("&amp;")
      case UInt8(ascii: "<"): append("&lt;")
      case UInt8(ascii: ">"): append("&gt;")
      case UInt8(ascii: "\"") where quote: append("&quot;")
      case 0x0D: append("&#13;")
      case 0x0A where quote: append("&#10;")
      case 0x09 where quote: append("&#9;")
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

  @inline(__always) func append(repeating byte: UInt8, count n: Int) {
    guard n > 0 else { return }
    if count + n > capacity { grow(count + n) }
    (base + count).initialize(repeating: byte, count: n)
    count += n
  }
}
