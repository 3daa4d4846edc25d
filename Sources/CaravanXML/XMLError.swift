/// Why bytes could not be read as an XML document, and where.
public struct XMLError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, for callers that act on the kind.
  public enum Kind: String, Sendable, Hashable {
    /// The input is larger than ``XMLLimits/maximumBytes``.
    case tooLarge
    /// The input is empty.
    case empty
    /// The bytes are not UTF-8, or the document declares another encoding.
    case notUTF8
    /// The document has a document type declaration; DTDs, and with them entity expansion
    /// and external entities, are refused outright.
    case doctypeForbidden
    /// Elements nest deeper than ``XMLLimits/maximumDepth``.
    case tooDeep
    /// The document has more elements than ``XMLLimits/maximumElements``.
    case tooManyElements
    /// The document is not well-formed XML.
    case malformed
  }

  /// The kind of failure.
  public let kind: Kind
  /// A message that says what is wrong.
  public let message: String
  /// 1-based line of the fault, when known.
  public let line: Int?
  /// 1-based column of the fault, when known.
  public let column: Int?

  public init(_ kind: Kind, _ message: String, line: Int? = nil, column: Int? = nil) {
    self.kind = kind
    self.message = message
    self.line = line
    self.column = column
  }

  /// `line L, column C: message`.
  public var description: String {
    switch (line, column) {
    case (let l?, let c?): return "line \(l), column \(c): \(message)"
    case (let l?, nil): return "line \(l): \(message)"
    default: return message
    }
  }
}

/// Bounds on what the parser accepts, so that hostile input costs bounded time and memory.
public struct XMLLimits: Sendable, Hashable {
  /// Largest input accepted, in bytes (default 64 MiB).
  public var maximumBytes: Int
  /// Deepest element nesting accepted (default 64; an EN 16931 invoice needs fewer than 12).
  public var maximumDepth: Int
  /// Most elements accepted (default 2,000,000).
  public var maximumElements: Int

  public init(
    maximumBytes: Int = 64 << 20, maximumDepth: Int = 64, maximumElements: Int = 2_000_000
  ) {
    self.maximumBytes = maximumBytes
    self.maximumDepth = maximumDepth
    self.maximumElements = maximumElements
  }

  /// The defaults.
  public static let standard = XMLLimits()
}
