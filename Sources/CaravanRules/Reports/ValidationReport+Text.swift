extension ValidationReport {
  /// The report as text, one line per finding:
  ///
  ///     invoice.xml: fatal BR-CO-10: [BR-CO-10]-Sum of Invoice line net amount … (at /*:Invoice…)
  ///
  /// A file without findings gives one line saying it conforms; a file that could not be read,
  /// one line with the reason.
  public func text() -> String {
    if let error { return "\(file): error: \(error)\n" }
    guard !findings.isEmpty else {
      return "\(file): valid \(syntax?.rawValue ?? "") invoice, no findings\n"
    }
    return findings.map { "\(file): \($0)\n" }.joined()
  }

  /// A batch of reports as text, file after file.
  public static func text(_ reports: [ValidationReport]) -> String {
    reports.map { $0.text() }.joined()
  }
}
