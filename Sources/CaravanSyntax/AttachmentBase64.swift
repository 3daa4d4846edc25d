import Foundation

/// Base64 for BT-125 attached documents, in both syntaxes (UBL
/// `cbc:EmbeddedDocumentBinaryObject`, CII `ram:AttachmentBinaryObject`).
enum AttachmentBase64 {
  /// Decodes base64 text, ignoring XML white space anywhere in it (documents often wrap the
  /// text in lines); nil when what remains is not base64.
  static func decode(_ text: String) -> Data? {
    var text = text
    return text.withUTF8 { decode($0) }
  }

  /// ``decode(_:)-(String)`` from UTF-8 bytes.
  static func decode(_ bytes: some Collection<UInt8>) -> Data? {
    // One pass copies the bytes without the white space, straight into the buffer the
    // decoder reads: an attachment is often a hundred kilobytes in lines of 76.
    var compact = Data(count: bytes.count)
    let count = compact.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Int in
      var n = 0
      for byte in bytes where byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 {
        out[n] = byte
        n += 1
      }
      return n
    }
    compact.count = count
    return Data(base64Encoded: compact)
  }

  /// Encodes bytes as plain base64 text, without line breaks.
  static func encode(_ data: Data) -> String {
    data.base64EncodedString()
  }
}
