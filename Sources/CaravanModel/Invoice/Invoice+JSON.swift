import Foundation

extension Invoice {
  /// The canonical JSON text of the model: keys sorted, decimals as their canonical strings,
  /// dates as `YYYY-MM-DD`, absent terms left out, attachments in base64. Two readings of the
  /// same invoice give byte-identical text, so models can be compared as text.
  public func canonicalJSON(pretty: Bool = true) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty
      ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      : [.sortedKeys, .withoutEscapingSlashes]
    encoder.dataEncodingStrategy = .base64
    // Encoding plain value types with string, array and nested keyed containers cannot fail.
    return try! encoder.encode(self)
  }

  /// Reads the canonical JSON form back.
  public init(canonicalJSON data: Data) throws {
    let decoder = JSONDecoder()
    decoder.dataDecodingStrategy = .base64
    self = try decoder.decode(Invoice.self, from: data)
  }
}
