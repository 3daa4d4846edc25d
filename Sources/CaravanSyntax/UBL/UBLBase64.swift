import Foundation

/// Base64 for BT-125 attached documents (`cbc:EmbeddedDocumentBinaryObject`).
enum UBLBase64 {
  /// Decodes base64 text, ignoring XML white space anywhere in it (documents often wrap the
  /// text in lines); nil when what remains is not base64.
  static func decode(_ text: String) -> Data? {
    var compact: [UInt8] = []
    compact.reserveCapacity(text.utf8.count)
    for byte in text.utf8 where byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 {
      compact.append(byte)
    }
    return Data(base64Encoded: Data(compact))
  }

  /// Encodes bytes as plain base64 text, without line breaks.
  static func encode(_ data: Data) -> String {
    data.base64EncodedString()
  }
}
