import Foundation

/// The fields of a submitted form: `application/x-www-form-urlencoded` or
/// `multipart/form-data` (RFC 7578), with uploaded files kept as bytes.
struct FormData: Sendable {
  /// An uploaded file.
  struct File: Sendable {
    var filename: String
    var bytes: [UInt8]
  }

  private(set) var fields: [String: String] = [:]
  private(set) var files: [String: File] = [:]

  init() {}

  /// The text of field `name`, trimmed of surrounding white space.
  subscript(_ name: String) -> String {
    (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The raw text of field `name`, untrimmed, or nil when the form lacks it.
  func raw(_ name: String) -> String? { fields[name] }

  mutating func set(_ name: String, _ value: String) {
    // The first occurrence wins; forms here never repeat a name.
    if fields[name] == nil { fields[name] = value }
  }

  /// Why a body is not a form this site can read.
  enum ParseError: Error, Sendable {
    case unsupportedType
    case malformed
  }

  /// Parses `body` as the form its content type says.
  static func parse(contentType: String?, body: [UInt8]) throws(ParseError) -> FormData {
    let type = (contentType ?? "").lowercased()
    if type.hasPrefix("application/x-www-form-urlencoded") {
      return urlEncoded(body)
    }
    if type.hasPrefix("multipart/form-data") {
      guard let boundary = parameter("boundary", in: contentType ?? "") else {
        throw .malformed
      }
      return try multipart(body, boundary: boundary)
    }
    throw .unsupportedType
  }

  /// `name=value&…`, `+` for space, percent-encoded UTF-8.
  static func urlEncoded(_ body: [UInt8]) -> FormData {
    var form = FormData()
    for pair in body.split(separator: UInt8(ascii: "&")) {
      let parts = pair.split(
        separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
      let name = decodeComponent(parts[0])
      let value = parts.count > 1 ? decodeComponent(parts[1]) : ""
      if !name.isEmpty { form.set(name, value) }
    }
    return form
  }

  private static func decodeComponent(_ bytes: ArraySlice<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte == UInt8(ascii: "+") {
        out.append(0x20)
      } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
        let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
      {
        out.append(high << 4 | low)
        index += 2
      } else {
        out.append(byte)
      }
      index += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// A `name=value` or `name="value"` parameter of a header value.
  static func parameter(_ name: String, in header: String) -> String? {
    for part in header.split(separator: ";").dropFirst() {
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2,
        pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name
      else { continue }
      var value = pair[1].trimmingCharacters(in: .whitespaces)
      if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
        value = String(value.dropFirst().dropLast())
      }
      return value
    }
    return nil
  }

  /// The parts of a `multipart/form-data` body: each starts after a `--boundary` line, has
  /// headers up to an empty line, and ends with the CRLF before the next delimiter. The body
  /// is bounded by the caller; at most 64 parts are read.
  static func multipart(_ body: [UInt8], boundary: String) throws(ParseError) -> FormData {
    guard (1...70).contains(boundary.utf8.count) else { throw .malformed }
    let delimiter = Array(("--" + boundary).utf8)
    let separator = Array(("\r\n--" + boundary).utf8)
    var form = FormData()
    guard var position = find(delimiter, in: body, from: 0) else { throw .malformed }
    position += delimiter.count
    var parts = 0
    while true {
      // After a delimiter: "--" closes the body, CRLF starts a part.
      if position + 2 <= body.count, body[position] == UInt8(ascii: "-"),
        body[position + 1] == UInt8(ascii: "-")
      {
        return form
      }
      // Transport padding (spaces, tabs) may follow a delimiter.
      while position < body.count, body[position] == 0x20 || body[position] == 0x09 {
        position += 1
      }
      guard position + 2 <= body.count, body[position] == 0x0D, body[position + 1] == 0x0A
      else { throw .malformed }
      position += 2
      parts += 1
      guard parts <= 64 else { throw .malformed }
      guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position) else {
        throw .malformed
      }
      let headerText = String(decoding: body[position..<headerEnd], as: UTF8.self)
      guard headerText.utf8.count <= 8 * 1024 else { throw .malformed }
      let contentStart = headerEnd + 4
      guard let contentEnd = find(separator, in: body, from: contentStart) else {
        throw .malformed
      }
      var disposition: String?
      for line in headerText.split(separator: "\r\n") {
        let pair = line.split(separator: ":", maxSplits: 1)
        if pair.count == 2,
          pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            == "content-disposition"
        {
          disposition = String(pair[1])
        }
      }
      if let disposition,
        disposition.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("form-data"),
        let name = parameter("name", in: disposition)
      {
        let content = Array(body[contentStart..<contentEnd])
        if let filename = parameter("filename", in: disposition) {
          if form.files[name] == nil {
            form.files[name] = File(filename: filename, bytes: content)
          }
        } else {
          form.set(name, String(decoding: content, as: UTF8.self))
        }
      }
      position = contentEnd + separator.count
    }
  }

  /// The index where `needle` first occurs in `haystack` at or after `start`.
  static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count
    else { return nil }
    let first = needle[0]
    var index = start
    let last = haystack.count - needle.count
    return haystack.withUnsafeBufferPointer { hay -> Int? in
      needle.withUnsafeBufferPointer { pin -> Int? in
        while index <= last {
          if hay[index] == first {
            var matched = true
            for offset in 1..<pin.count where hay[index + offset] != pin[offset] {
              matched = false
              break
            }
            if matched { return index }
          }
          index += 1
        }
        return nil
      }
    }
  }
}
