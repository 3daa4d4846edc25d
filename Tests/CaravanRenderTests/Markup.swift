/// A small structural check of the HTML the renderer writes: every element of the page is
/// closed in order (void elements aside), tags hold no stray `<`, attribute quotes are balanced,
/// and every `&` starts one of the five references the escaper writes. The renderer escapes all
/// text, so any `<` outside the style sheet must be markup; a `<` that escaped the escaper shows
/// up here as an unexpected or unclosed element.
enum Markup {
  static let voidElements: Set<String> = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr",
  ]
  static let references = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]

  /// The problems found, empty for a well-formed page or fragment.
  static func problems(_ html: String) -> [String] {
    let bytes = Array(html.utf8)
    var problems: [String] = []
    var stack: [String] = []
    var i = 0
    while i < bytes.count {
      let byte = bytes[i]
      if byte == UInt8(ascii: "&") {
        let rest = bytes[i..<min(bytes.count, i + 6)]
        if !references.contains(where: { rest.starts(with: $0.utf8) }) {
          problems.append("bare & at \(i)")
        }
        i += 1
        continue
      }
      guard byte == UInt8(ascii: "<") else {
        if byte == UInt8(ascii: ">") { problems.append("bare > at \(i)") }
        i += 1
        continue
      }
      if bytes[i...].starts(with: "<!DOCTYPE html>".utf8) {
        i += 15
        continue
      }
      // Read the tag up to its `>`, honouring quoted attribute values.
      var j = i + 1
      var quoted = false
      while j < bytes.count && (quoted || bytes[j] != UInt8(ascii: ">")) {
        if bytes[j] == UInt8(ascii: "\"") { quoted.toggle() }
        if bytes[j] == UInt8(ascii: "<") { problems.append("< inside a tag at \(j)") }
        j += 1
      }
      guard j < bytes.count else {
        problems.append("unterminated tag at \(i)")
        break
      }
      let tag = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
      let closing = tag.hasPrefix("/")
      let name = String(
        tag.dropFirst(closing ? 1 : 0).prefix { $0.isLetter || $0.isNumber }
      ).lowercased()
      if name.isEmpty { problems.append("tag without a name at \(i): <\(tag)>") }
      if closing {
        if stack.last == name {
          stack.removeLast()
        } else {
          problems.append("</\(name)> closes <\(stack.last ?? "nothing")> at \(i)")
        }
      } else if !voidElements.contains(name) {
        stack.append(name)
      }
      i = j + 1
      if name == "style" && !closing {
        // CSS holds no markup: skip to the end of the element.
        if let close = bytes[i...].firstRange(of: Array("</style>".utf8)) {
          i = close.lowerBound
        } else {
          problems.append("unclosed <style>")
          i = bytes.count
        }
      }
    }
    if !stack.isEmpty { problems.append("unclosed: \(stack)") }
    return problems
  }
}
