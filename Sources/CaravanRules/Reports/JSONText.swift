/// A minimal JSON writer that keeps keys in the order written, so reports read the same way
/// every time.
struct JSONText {
  private(set) var text = ""
  let pretty: Bool
  private var depth = 0
  private var first = [true]

  init(pretty: Bool) { self.pretty = pretty }

  mutating func openObject() { open("{") }
  mutating func closeObject() { close("}") }
  mutating func openArray() { open("[") }
  mutating func closeArray() { close("]") }

  /// Writes `"key": ` in an object.
  mutating func key(_ key: String) {
    separate()
    text += JSONText.quoted(key) + (pretty ? ": " : ":")
    first[first.count - 1] = true  // the value that follows needs no separator
    pendingValue = true
  }

  mutating func string(_ value: String?) {
    separateValue()
    text += value.map(JSONText.quoted) ?? "null"
  }

  mutating func bool(_ value: Bool) {
    separateValue()
    text += value ? "true" : "false"
  }

  private var pendingValue = false

  private mutating func open(_ bracket: String) {
    separateValue()
    text += bracket
    depth += 1
    first.append(true)
  }

  private mutating func close(_ bracket: String) {
    let empty = first.removeLast()
    depth -= 1
    if pretty && !empty { text += "\n" + String(repeating: "  ", count: depth) }
    text += bracket
    first[first.count - 1] = false
  }

  private mutating func separateValue() {
    if pendingValue {
      pendingValue = false
      first[first.count - 1] = false
      return
    }
    separate()
    first[first.count - 1] = false
  }

  private mutating func separate() {
    if !first[first.count - 1] { text += "," }
    if pretty && depth > 0 { text += "\n" + String(repeating: "  ", count: depth) }
  }

  /// `value` as a JSON string literal.
  static func quoted(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let s where s.value < 0x20:
        let hex = String(s.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
