/// Something a reader noticed in a document that is not a business rule: an element the
/// model does not carry, or a value that is not in the form its data type requires.
public struct SyntaxDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable, Codable {
    /// The document was read, but something in it was not carried into the model.
    case warning
    /// A value could not be read (a letter in an amount, an impossible date, a duplicated
    /// single-valued element); the model lacks that value.
    case error
  }

  /// How serious it is.
  public let severity: Severity
  /// What is wrong, in words.
  public let message: String
  /// Where: the element's path from the root, such as `/Invoice/cac:InvoiceLine[2]/cbc:ID`.
  public let path: String
  /// The line the element starts on.
  public let line: Int

  public init(_ severity: Severity, _ message: String, path: String, line: Int) {
    self.severity = severity
    self.message = message
    self.path = path
    self.line = line
  }

  /// `line L (path): message`.
  public var description: String { "line \(line) (\(path)): \(message)" }
}
