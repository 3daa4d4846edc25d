import CaravanModel
import CaravanXML

extension XMLWriter {
  /// Writes `<name key="value">decimal</name>` with the decimal in its canonical form, when
  /// there is a value; the digits go from the stack to the document without making a string.
  mutating func element(
    _ name: StaticString, _ value: DecimalNumber?,
    attribute: (key: StaticString, value: String?)? = nil
  ) {
    guard let value else { return }
    value.withCanonicalUTF8 { element(name, utf8: $0, attribute: attribute) }
  }
}
