/// Builds an HTML document in one growing string. Markup is appended as written (it is always a
/// constant of this module); every piece of invoice text goes through ``text(_:)``.
struct HTMLWriter {
  private(set) var html: String

  init(capacity: Int) {
    html = ""
    html.reserveCapacity(capacity)
  }

  /// Appends markup as it is.
  mutating func raw(_ markup: String) {
    html += markup
  }

  /// Appends text, escaped.
  mutating func text(_ text: String) {
    HTMLText.append(text, to: &html)
  }

  /// `<tag attributes>text</tag>`, the text escaped.
  mutating func element(_ tag: String, _ attributes: String = "", text content: String) {
    html += "<" + tag + attributes + ">"
    HTMLText.append(content, to: &html)
    html += "</" + tag + ">"
  }

  /// A `<dt>label</dt><dd>value</dd>` pair, when the value is present and not empty.
  mutating func pair(_ label: String, _ value: String?) {
    guard let value, !value.isEmpty else { return }
    element("dt", text: label)
    element("dd", text: value)
  }

  /// A `<dt>label</dt><dd>…</dd>` pair whose value the closure writes.
  mutating func pair(_ label: String, _ write: (inout HTMLWriter) -> Void) {
    element("dt", text: label)
    raw("<dd>")
    write(&self)
    raw("</dd>")
  }
}
