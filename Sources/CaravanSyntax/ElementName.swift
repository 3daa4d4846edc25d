/// An element's name as `prefix:local` with Caravan's own prefixes, as ``ReadContext/name(_:)``
/// gives it, made for `switch` statements over string literals:
///
///     switch context.name(child) {
///     case "cbc:ID": …
///     case "cac:InvoiceLine", "cac:CreditNoteLine": …
///     default: context.notCarried(child)
///     }
///
/// A case compares the byte counts first and the bytes only when they agree, so a `switch` of
/// thirty cases costs a few dozen instructions instead of thirty string comparisons.
public struct ElementName: Sendable, Hashable, CustomStringConvertible {
  /// The UTF-8 bytes of the name.
  private let bytes: [UInt8]
  /// The name.
  public var description: String { String(decoding: bytes, as: UTF8.self) }

  init(_ name: String) {
    self.bytes = Array(name.utf8)
  }

  /// `prefix:local`, or `local` alone when `prefix` is empty, made in one allocation.
  init(prefix: String, local: String) {
    if prefix.isEmpty {
      self.bytes = Array(local.utf8)
      return
    }
    var prefix = prefix
    var local = local
    self.bytes = prefix.withUTF8 { p in
      local.withUTF8 { l in
        [UInt8](unsafeUninitializedCapacity: p.count + 1 + l.count) { buffer, count in
          let base = buffer.baseAddress!
          base.initialize(from: p.baseAddress!, count: p.count)
          base[p.count] = UInt8(ascii: ":")
          if l.count > 0 { (base + p.count + 1).initialize(from: l.baseAddress!, count: l.count) }
          count = p.count + 1 + l.count
        }
      }
    }
  }

  /// True when the name is `literal`.
  @inline(__always)
  public func matches(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard count == bytes.count else { return false }
    return bytes.withUnsafeBufferPointer { mine in
      let theirs = literal.utf8Start
      for i in 0..<count where mine[i] != theirs[i] { return false }
      return true
    }
  }

  @inline(__always)
  public static func ~= (pattern: StaticString, value: ElementName) -> Bool {
    value.matches(pattern)
  }

  public static func == (name: ElementName, literal: StaticString) -> Bool {
    name.matches(literal)
  }

  public static func == (name: ElementName, text: String) -> Bool {
    name.description == text
  }

  public static func == (lhs: ElementName, rhs: ElementName) -> Bool { lhs.bytes == rhs.bytes }

  public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
