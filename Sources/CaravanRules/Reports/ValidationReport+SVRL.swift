extension ValidationReport {
  /// The report as SVRL (ISO/IEC 19757-3 Annex D), shaped as the official compiled XSLT
  /// writes it: `svrl:schematron-output` with the schema's title, its
  /// `svrl:ns-prefix-in-attribute-values`, then for each pattern an `svrl:active-pattern`
  /// followed by its `svrl:failed-assert`s (`test`, `id`, `flag`, `location`, `svrl:text`).
  /// Caravan's own findings about values the model cannot carry follow in an
  /// `svrl:active-pattern` of id `CARAVAN`. A file that could not be read gives an output
  /// with no pattern and the reason in a comment.
  public func svrl() -> String {
    var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    guard let syntax else {
      out += #"<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl" "#
      out += #"schemaVersion="" title="">"# + "\n"
      out += "  <!--\(Self.comment(error ?? ""))-->\n"
      return out + "</svrl:schematron-output>\n"
    }
    let schema = SchematronSchema.en16931(syntax)
    out += #"<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl""#
    for (prefix, uri) in schema.namespaces.sorted(by: { $0.key < $1.key }) {
      out += " xmlns:\(prefix)=\"\(Self.escaped(uri))\""
    }
    out += " schemaVersion=\"\" title=\"\(Self.escaped(schema.title))\">\n"
    out += "  <!--\(Self.comment(file))-->\n"
    for (prefix, uri) in schema.namespaces.sorted(by: { $0.key < $1.key }) {
      out += "  <svrl:ns-prefix-in-attribute-values prefix=\"\(prefix)\" "
      out += "uri=\"\(Self.escaped(uri))\"/>\n"
    }
    var groups: [(String, [Finding])] = schema.patterns.map { ($0.id, []) }
    var own: [Finding] = []
    for finding in findings {
      if let index = groups.firstIndex(where: { $0.0 == finding.pattern }) {
        groups[index].1.append(finding)
      } else {
        own.append(finding)
      }
    }
    if !own.isEmpty { groups.append(("CARAVAN", own)) }
    let document = Self.escaped(file)
    for (pattern, findings) in groups {
      out += "  <svrl:active-pattern document=\"\(document)\" documents=\"\(document)\" "
      out += "id=\"\(pattern)\" name=\"\(pattern)\"/>\n"
      for finding in findings {
        out += "  <svrl:failed-assert test=\"\(Self.escaped(finding.test ?? ""))\" "
        out += "id=\"\(Self.escaped(finding.rule))\" flag=\"\(finding.flag.rawValue)\" "
        out += "location=\"\(Self.escaped(finding.location))\">\n"
        out += "    <svrl:text>\(Self.escaped(finding.message, attribute: false))</svrl:text>\n"
        out += "  </svrl:failed-assert>\n"
      }
    }
    return out + "</svrl:schematron-output>\n"
  }

  static func escaped(_ value: String, attribute: Bool = true) -> String {
    var out = ""
    for ch in value {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where attribute: out += "&quot;"
      case "\n" where attribute: out += "&#10;"
      case "\t" where attribute: out += "&#9;"
      default: out.append(ch)
      }
    }
    return out
  }

  static func comment(_ value: String) -> String {
    value.replacingOccurrences(of: "--", with: "- -")
  }
}
