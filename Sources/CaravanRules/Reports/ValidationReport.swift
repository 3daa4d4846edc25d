public import CaravanSyntax

/// The result of validating one file: its syntax, whether it conforms, and the findings.
///
/// As JSON (``json(pretty:)``):
///
///     {"file": "invoice.xml", "syntax": "UBL", "valid": false,
///      "findings": [{"rule": "BR-CO-10", "flag": "fatal", "location": "…", "message": "…"}]}
///
/// A file that cannot be read has `"syntax": null`, `"valid": false`, an `"error"` and no
/// findings. A batch of reports is a JSON array (``json(_:pretty:)``).
public struct ValidationReport: Sendable, Hashable {
  /// The file's name, as the caller gave it.
  public let file: String
  /// The detected syntax; nil when the file could not be read as UBL or CII.
  public let syntax: Syntax?
  /// The findings, in SVRL order: the official rules pattern by pattern, then Caravan's
  /// findings about values the model cannot carry.
  public let findings: [Finding]
  /// Why the file could not be validated at all; nil when it was.
  public let error: String?

  /// A report on a validated document.
  public init(file: String, syntax: Syntax, findings: [Finding]) {
    self.file = file
    self.syntax = syntax
    self.findings = findings
    self.error = nil
  }

  /// A report on a file that could not be validated.
  public init(file: String, error: String) {
    self.file = file
    self.syntax = nil
    self.findings = []
    self.error = error
  }

  /// True when the document was validated and no `fatal` finding was made.
  public var isValid: Bool { error == nil && !findings.contains { $0.flag == .fatal } }

  /// The `fatal` findings.
  public var fatalFindings: [Finding] { findings.filter { $0.flag == .fatal } }

  /// The `warning` findings.
  public var warnings: [Finding] { findings.filter { $0.flag == .warning } }
}
