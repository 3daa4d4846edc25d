extension ValidationReport {
  /// The report as a JSON object, keys in the order `file`, `syntax`, `valid`, then
  /// `findings` (each `rule`, `flag`, `location`, `message`) or, for a file that could not be
  /// read, `error`.
  public func json(pretty: Bool = false) -> String {
    var writer = JSONText(pretty: pretty)
    write(to: &writer)
    return writer.text
  }

  /// A batch of reports as a JSON array.
  public static func json(_ reports: [ValidationReport], pretty: Bool = false) -> String {
    var writer = JSONText(pretty: pretty)
    writer.openArray()
    for report in reports { report.write(to: &writer) }
    writer.closeArray()
    return writer.text
  }

  func write(to writer: inout JSONText) {
    writer.openObject()
    writer.key("file")
    writer.string(file)
    writer.key("syntax")
    writer.string(syntax?.rawValue)
    writer.key("valid")
    writer.bool(isValid)
    if let error {
      writer.key("error")
      writer.string(error)
    } else {
      writer.key("findings")
      writer.openArray()
      for finding in findings {
        writer.openObject()
        writer.key("rule")
        writer.string(finding.rule)
        writer.key("flag")
        writer.string(finding.flag.rawValue)
        writer.key("location")
        writer.string(finding.location)
        writer.key("message")
        writer.string(finding.message)
        writer.closeObject()
      }
      writer.closeArray()
    }
    writer.closeObject()
  }
}
