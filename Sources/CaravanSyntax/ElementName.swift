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
public struct ElementName: Sendable, CustomStringConvertible {
  /// The most bytes kept: more than any name of the two syntaxes has (the longest, CII's
  /// `ram:SpecifiedTradeSettlementHeaderMonetarySummation`, has 51).
  static let capacity = 64
  /// The name's UTF-8 bytes, inline, so that a name is a plain value: copying one costs no
  /// reference counting, and making one no allocation.
  private var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
    (0, 0, 0, 0, 0, 0, 0, 0)
  /// The number of bytes of the whole name.
  private let count: Int
  /// True when the name is longer than ``capacity``: only its first bytes are kept, and it
  /// matches no literal (messages name such an element from the tree).
  let isLong: Bool

  /// The name (its first ``capacity`` bytes and `…` when it is longer).
  public var description: String {
    let kept = min(count, Self.capacity)
    let text = withUnsafeBytes(of: bytes) {
      String(decoding: UnsafeRawBufferPointer(rebasing: $0[0..<kept]), as: Unicode.UTF8.self)
    }
    return isLong ? text + "…" : text
  }

  /// `prefix` (with its colon, or empty) followed by `local`.
  init(prefix: StaticString, local: String) {
    let p = prefix.utf8CodeUnitCount
    count = p + local.utf8.count
    isLong = count > Self.capacity
    withUnsafeMutableBytes(of: &bytes) { storage in
      if p > 0 {
        storage.copyMemory(from: UnsafeRawBufferPointer(start: prefix.utf8Start, count: p))
      }
      // In place (native strings are UTF-8), without the copy `withUTF8` would make.
      let copy = { (l: UnsafeBufferPointer<UInt8>) in
        let n = min(l.count, Self.capacity - p)
        UnsafeMutableRawBufferPointer(rebasing: storage[p..<(p + n)])
          .copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: l[0..<n])))
      }
      if local.utf8.withContiguousStorageIfAvailable(copy) == nil {
        var local = local
        local.withUTF8(copy)
      }
    }
  }

  /// A name without prefix: `name` as it is (the Clark form of a name in a namespace Caravan
  /// does not know).
  init(_ name: String) {
    self.init(prefix: "", local: name)
  }

  /// True when the name is `literal`: the lengths are compared first, then eight bytes at a
  /// time.
  @inline(__always)
  public func matches(_ literal: StaticString) -> Bool {
    // A literal of one character may be held as a scalar, without bytes to compare.
    guard literal.hasPointerRepresentation else { return description == literal.description }
    let n = literal.utf8CodeUnitCount
    guard n == count, !isLong else { return false }
    return withUnsafeBytes(of: bytes) { mine in
      let theirs = UnsafeRawPointer(literal.utf8Start)
      var i = 0
      while i + 8 <= n {
        if mine.loadUnaligned(fromByteOffset: i, as: UInt64.self)
          != theirs.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        {
          return false
        }
        i += 8
      }
      while i < n {
        if mine[i] != theirs.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
      }
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
}
