/// A static resource of a tiled log, at its C2SP tlog-tiles path.
public enum LogResource: Hashable, Sendable, CustomStringConvertible {
  /// `checkpoint`: the latest signed checkpoint (tlog-tiles, "Checkpoints").
  case checkpoint
  /// `tile/<L>/<N>[.p/<W>]`: 256 (or, partial, `width`) hashes at tile level `level`.
  case tile(level: Int, index: UInt64, width: Int)
  /// `tile/entries/<N>[.p/<W>]`: an entry bundle of uint16-length-prefixed entries.
  case entryBundle(index: UInt64, width: Int)

  /// Hashes (or entries) in a full tile.
  public static let tileWidth = 256

  /// The path relative to the log prefix (tlog-tiles, "Merkle Tree").
  public var path: String {
    switch self {
    case .checkpoint: return "checkpoint"
    case .tile(let level, let index, let width):
      return "tile/\(level)/" + Self.encode(index: index, width: width)
    case .entryBundle(let index, let width):
      return "tile/entries/" + Self.encode(index: index, width: width)
    }
  }

  public var description: String { path }

  /// Whether this is a partial tile or bundle.
  public var isPartial: Bool {
    switch self {
    case .checkpoint: return false
    case .tile(_, _, let width), .entryBundle(_, let width): return width < Self.tileWidth
    }
  }

  /// The full tile or bundle at the same position.
  public var full: LogResource {
    switch self {
    case .checkpoint: return self
    case .tile(let level, let index, _): return .tile(level: level, index: index, width: 256)
    case .entryBundle(let index, _): return .entryBundle(index: index, width: 256)
    }
  }

  /// Reads a tlog-tiles path relative to the log prefix (`checkpoint`, `tile/<L>/<N>[.p/<W>]`,
  /// `tile/entries/<N>[.p/<W>]`). Answers nil for anything else, including non-canonical
  /// index encodings, so that each resource has exactly one path.
  public init?(path: some StringProtocol) {
    if path == "checkpoint" {
      self = .checkpoint
      return
    }
    var parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count >= 3, parts.removeFirst() == "tile" else { return nil }
    let level: Int?
    if parts[0] == "entries" {
      level = nil
    } else {
      guard parts[0].count <= 2, parts[0].allSatisfy(\.isASCII), let l = Int(parts[0]),
        (0...63).contains(l)
      else { return nil }
      level = l
    }
    parts.removeFirst()
    var width = Self.tileWidth
    if parts.count >= 2, let last = parts.last, parts[parts.count - 2].hasSuffix(".p") {
      guard let w = Int(last), (1..<Self.tileWidth).contains(w), String(w) == last else {
        return nil
      }
      width = w
      parts.removeLast()
      parts[parts.count - 1] = parts[parts.count - 1].dropLast(2)
    }
    var index: UInt64 = 0
    for (position, part) in parts.enumerated() {
      let digits = position == parts.count - 1 ? part : part.dropFirst()
      guard position == parts.count - 1 || part.first == "x", digits.count == 3,
        digits.allSatisfy({ $0 >= "0" && $0 <= "9" }), let group = UInt64(digits)
      else { return nil }
      let (scaled, overflow) = index.multipliedReportingOverflow(by: 1000)
      guard !overflow else { return nil }
      index = scaled + group
    }
    let resource: LogResource =
      level.map { .tile(level: $0, index: index, width: width) }
      ?? .entryBundle(index: index, width: width)
    guard resource.path == path else { return nil }
    self = resource
  }

  /// `<N>` as zero-padded 3-digit path elements, all but the last prefixed with `x`,
  /// then `.p/<W>` for partial tiles.
  static func encode(index: UInt64, width: Int) -> String {
    var groups: [String] = []
    var n = index
    repeat {
      let group = String(n % 1000)
      groups.insert(String(repeating: "0", count: 3 - group.count) + group, at: 0)
      n /= 1000
    } while n > 0
    var path = groups.dropLast().map { "x" + $0 }.joined(separator: "/")
    if !path.isEmpty { path += "/" }
    path += groups.last!
    if width < 256 { path += ".p/\(width)" }
    return path
  }
}
