/// Escaping of untrusted text for HTML.
///
/// Invoices arrive from outside and every string in them is hostile until proven otherwise, so
/// every string the page shows goes through ``escape(_:)``: the five characters that can end a
/// text run or an attribute value (`&`, `<`, `>`, `"`, `'`) become character references, and
/// control characters that HTML does not allow become U+FFFD. The result is safe both as element
/// content and inside a quoted attribute value.
public enum HTMLText {
  /// `text` with `& < > " '` written as character references and disallowed control characters
  /// replaced by U+FFFD.
  public static func escape(_ text: String) -> String {
    var out = ""
    append(text, to: &out)
    return out
  }

  /// Appends `text`, escaped as ``escape(_:)`` does, to `out`.
  public static func append(_ text: String, to out: inout String) {
    if !text.utf8.contains(where: needsWork) {
      out += text
      return
    }
    out.reserveCapacity(out.utf8.count + text.utf8.count + 16)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        let value = scalar.value
        if value < 0x20 || (value >= 0x7F && value <= 0x9F) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
  }

  /// True for a UTF-8 byte that may need escaping: the five special characters, C0 controls,
  /// DEL, and the lead byte of U+0080 … U+00BF (which holds the C1 controls).
  private static func needsWork(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""),
      UInt8(ascii: "'"), 0x7F, 0xC2:
      return true
    default:
      return byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }
  }
}
