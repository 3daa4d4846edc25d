/// Why an envelope or a policy document could not be read.
public enum FormatError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The bytes exceed the size limit of the document kind.
  case tooLarge(size: Int, limit: Int)
  /// The bytes are not JSON of the accepted subset; `offset` is the byte where reading stopped.
  case syntax(String, offset: Int)
  /// A field that the format does not define, at its JSON path (`$.sender.name`).
  case unknownField(String)
  /// A required field is absent, at its JSON path.
  case missingField(String)
  /// A field holds the wrong JSON type.
  case wrongType(String, expected: String)
  /// A field holds a value of the right type that the format does not accept.
  case invalidValue(String, reason: String)
  /// The SHA-256 digest stated in the document is not the digest of its payload.
  case digestMismatch(declared: String, actual: String)

  public var description: String {
    switch self {
    case .tooLarge(let size, let limit): return "document is \(size) bytes; at most \(limit)"
    case .syntax(let why, let offset): return "not valid JSON at byte \(offset): \(why)"
    case .unknownField(let path): return "unknown field \(path)"
    case .missingField(let path): return "missing field \(path)"
    case .wrongType(let path, let expected): return "\(path) must be \(expected)"
    case .invalidValue(let path, let reason): return "\(path): \(reason)"
    case .digestMismatch(let declared, let actual):
      return
        "payload digest is sha256:\(actual), but the envelope declares sha256:\(declared): "
        + "the payload was altered or truncated"
    }
  }
}

/// The JSON values the exchange formats use, with a strict reader and a canonical writer.
///
/// The writer produces the RFC 8785 (JCS) form for this subset: object members sorted by key,
/// no insignificant whitespace, strings escaped minimally, integers in plain decimal. The
/// reader accepts RFC 8259 JSON but refuses duplicate keys, fractions and exponents, integers
/// outside the exactly representable range, and nesting deeper than 32 levels.
enum JSONValue: Hashable, Sendable {
  case string(String)
  case integer(Int64)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([String: JSONValue])

  /// The largest integer the formats accept, 2^53 - 1, so every JSON reader agrees on it.
  static let maximumInteger: Int64 = 9_007_199_254_740_991

  var typeName: String {
    switch self {
    case .string: return "a string"
    case .integer: return "an integer"
    case .bool: return "a boolean"
    case .null: return "null"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  // MARK: Writing

  /// The canonical bytes.
  func canonical() -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(1024)
    write(into: &out)
    return out
  }

  private func write(into out: inout [UInt8]) {
    switch self {
    case .string(let text): Self.writeString(text, into: &out)
    case .integer(let value): out.append(contentsOf: String(value).utf8)
    case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
    case .null: out.append(contentsOf: "null".utf8)
    case .array(let items):
      out.append(0x5B)
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(0x2C) }
        item.write(into: &out)
      }
      out.append(0x5D)
    case .object(let members):
      out.append(0x7B)
      // RFC 8785 sorts by UTF-16 code units.
      let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
      for (i, key) in keys.enumerated() {
        if i > 0 { out.append(0x2C) }
        Self.writeString(key, into: &out)
        out.append(0x3A)
        members[key]!.write(into: &out)
      }
      out.append(0x7D)
    }
  }

  private static func writeString(_ text: String, into out: inout [UInt8]) {
    out.append(0x22)
    // Most strings (names, codes, base64 payloads) need no escape: copy them whole.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      out.append(contentsOf: text.utf8)
      out.append(0x22)
      return
    }
    for byte in text.utf8 {
      switch byte {
      case 0x22: out.append(contentsOf: [0x5C, 0x22])
      case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
      case 0x08: out.append(contentsOf: [0x5C, 0x62])
      case 0x09: out.append(contentsOf: [0x5C, 0x74])
      case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
      case 0x0C: out.append(contentsOf: [0x5C, 0x66])
      case 0x0D: out.append(contentsOf: [0x5C, 0x72])
      case 0x00..<0x20:
        let hexDigits = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [
          0x5C, 0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)],
        ])
      default: out.append(byte)
      }
    }
    out.append(0x22)
  }

  // MARK: Reading

  /// Reads `bytes` as one JSON value.
  static func parse(_ bytes: [UInt8]) throws(FormatError) -> JSONValue {
    var parser = Parser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.index == bytes.count else {
      throw .syntax("unexpected data after the JSON value", offset: parser.index)
    }
    return value
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    static let maximumDepth = 32

    mutating func skipWhitespace() {
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D: index += 1
        default: return
        }
      }
    }

    func fail(_ why: String) -> FormatError { .syntax(why, offset: index) }

    mutating func value(depth: Int) throws(FormatError) -> JSONValue {
      guard depth < Self.maximumDepth else { throw fail("nested deeper than 32 levels") }
      guard index < bytes.count else { throw fail("unexpected end of input") }
      switch bytes[index] {
      case 0x7B: return try object(depth: depth)
      case 0x5B: return try array(depth: depth)
      case 0x22: return .string(try string())
      case 0x74:
        try literal("true")
        return .bool(true)
      case 0x66:
        try literal("false")
        return .bool(false)
      case 0x6E:
        try literal("null")
        return .null
      case 0x2D, 0x30...0x39: return .integer(try integer())
      default: throw fail("unexpected character")
      }
    }

    mutating func literal(_ word: String) throws(FormatError) {
      let expected = Array(word.utf8)
      guard bytes.count - index >= expected.count,
        Array(bytes[index..<index + expected.count]) == expected
      else { throw fail("expected \(word)") }
      index += expected.count
    }

    mutating func integer() throws(FormatError) -> Int64 {
      let start = index
      if bytes[index] == 0x2D { index += 1 }
      let digitsStart = index
      while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
      let digits = index - digitsStart
      guard digits > 0 else { throw fail("expected a digit") }
      guard !(digits > 1 && bytes[digitsStart] == 0x30) else {
        throw .syntax("leading zero in a number", offset: digitsStart)
      }
      if index < bytes.count, [0x2E, 0x65, 0x45].contains(bytes[index]) {
        throw fail("only integers are accepted (no fraction or exponent)")
      }
      guard digits <= 16,
        let value = Int64(String(decoding: bytes[start..<index], as: UTF8.self)),
        abs(value) <= JSONValue.maximumInteger
      else { throw .syntax("integer out of range (at most 2^53 - 1)", offset: start) }
      return value
    }

    mutating func string() throws(FormatError) -> String {
      index += 1  // opening quote
      // A string without escapes (the usual case, and a base64 payload's) is its bytes.
      var end = index
      while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20 {
        end += 1
      }
      if end < bytes.count, bytes[end] == 0x22 {
        let text = String(validating: bytes[index..<end], as: UTF8.self)
        index = end + 1
        guard let text else { throw fail("string is not valid UTF-8") }
        return text
      }
      var out: [UInt8] = []
      while true {
        guard index < bytes.count else { throw fail("unterminated string") }
        let byte = bytes[index]
        switch byte {
        case 0x22:
          index += 1
          guard let text = String(validating: out, as: UTF8.self) else {
            throw fail("string is not valid UTF-8")
          }
          return text
        case 0x5C:
          index += 1
          guard index < bytes.count else { throw fail("unterminated escape") }
          let escape = bytes[index]
          index += 1
          switch escape {
          case 0x22, 0x5C, 0x2F: out.append(escape)
          case 0x62: out.append(0x08)
          case 0x66: out.append(0x0C)
          case 0x6E: out.append(0x0A)
          case 0x72: out.append(0x0D)
          case 0x74: out.append(0x09)
          case 0x75:
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
              guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                throw fail("unpaired surrogate")
              }
              index += 2
              let low = try hex4()
              guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
              throw fail("unpaired surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
            out.append(contentsOf: String(Character(unicode)).utf8)
          default: throw fail("invalid escape")
          }
        case 0x00..<0x20: throw fail("unescaped control character in a string")
        default:
          out.append(byte)
          index += 1
        }
      }
    }

    mutating func hex4() throws(FormatError) -> UInt32 {
      guard bytes.count - index >= 4,
        let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
      else { throw fail("invalid \\u escape") }
      index += 4
      return value
    }

    mutating func array(depth: Int) throws(FormatError) -> JSONValue {
      index += 1
      var items: [JSONValue] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == 0x5D {
        index += 1
        return .array(items)
      }
      while true {
        skipWhitespace()
        items.append(try value(depth: depth + 1))
        skipWhitespace()
        guard index < bytes.count else { throw fail("unterminated array") }
        if bytes[index] == 0x2C {
          index += 1
        } else if bytes[index] == 0x5D {
          index += 1
          return .array(items)
        } else {
          throw fail("expected , or ] in an array")
        }
      }
    }

    mutating func object(depth: Int) throws(FormatError) -> JSONValue {
      index += 1
      var members: [String: JSONValue] = [:]
      skipWhitespace()
      if index < bytes.count, bytes[index] == 0x7D {
        index += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == 0x22 else { throw fail("expected a key") }
        let keyOffset = index
        let key = try string()
        guard members[key] == nil else {
          throw .syntax("duplicate key \"\(key.prefix(40))\"", offset: keyOffset)
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == 0x3A else { throw fail("expected :") }
        index += 1
        skipWhitespace()
        members[key] = try value(depth: depth + 1)
        skipWhitespace()
        guard index < bytes.count else { throw fail("unterminated object") }
        if bytes[index] == 0x2C {
          index += 1
        } else if bytes[index] == 0x7D {
          index += 1
          return .object(members)
        } else {
          throw fail("expected , or } in an object")
        }
      }
    }
  }
}

/// Reads the members of one JSON object, tracking its path for error messages, and refuses
/// members that were not read.
struct ObjectReader {
  let path: String
  let members: [String: JSONValue]

  init(_ value: JSONValue, path: String) throws(FormatError) {
    guard case .object(let members) = value else {
      throw .wrongType(path, expected: "an object")
    }
    self.path = path
    self.members = members
  }

  func field(_ key: String) -> String { "\(path).\(key)" }

  /// Refuses any member not in `known`.
  func requireOnly(_ known: Set<String>) throws(FormatError) {
    if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
      throw .unknownField(field(unknown))
    }
  }

  func value(_ key: String) throws(FormatError) -> JSONValue {
    guard let value = members[key] else { throw .missingField(field(key)) }
    return value
  }

  func string(_ key: String) throws(FormatError) -> String {
    guard case .string(let text) = try value(key) else {
      throw .wrongType(field(key), expected: "a string")
    }
    return text
  }

  func optionalString(_ key: String) throws(FormatError) -> String? {
    guard members[key] != nil else { return nil }
    return try string(key)
  }

  func integer(_ key: String) throws(FormatError) -> Int64 {
    guard case .integer(let number) = try value(key) else {
      throw .wrongType(field(key), expected: "an integer")
    }
    return number
  }

  func object(_ key: String) throws(FormatError) -> ObjectReader {
    try ObjectReader(try value(key), path: field(key))
  }

  func array(_ key: String) throws(FormatError) -> [JSONValue] {
    guard case .array(let items) = try value(key) else {
      throw .wrongType(field(key), expected: "an array")
    }
    return items
  }

  func strings(_ key: String) throws(FormatError) -> [String] {
    var out: [String] = []
    for (i, item) in try array(key).enumerated() {
      guard case .string(let text) = item else {
        throw .wrongType("\(field(key))[\(i)]", expected: "a string")
      }
      out.append(text)
    }
    return out
  }
}

/// Text of 1 to `limit` characters without control characters.
func isPlainText(_ text: String, limit: Int = 512) -> Bool {
  if let ascii = asciiClass(text) { return !ascii.control && (1...limit).contains(text.utf8.count) }
  return (1...limit).contains(text.count)
    && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
}

/// Text of 1 to `limit` characters without whitespace or control characters.
func isToken(_ text: String, limit: Int = 512) -> Bool {
  if let ascii = asciiClass(text) {
    return !ascii.control && !ascii.whitespace && (1...limit).contains(text.utf8.count)
  }
  return isPlainText(text, limit: limit)
    && !text.unicodeScalars.contains { $0.properties.isWhitespace }
}

/// For ASCII text (each byte a character), whether it holds a control character (U+0000 to
/// U+001F, U+007F) or white space (U+0009 to U+000D, U+0020), read from its bytes; nil for
/// other text, which needs the Unicode properties.
private func asciiClass(_ text: String) -> (control: Bool, whitespace: Bool)? {
  var control = false
  var whitespace = false
  for byte in text.utf8 {
    if byte >= 0x80 { return nil }
    if byte < 0x20 || byte == 0x7F { control = true }
    if byte == 0x20 || (0x09...0x0D).contains(byte) { whitespace = true }
  }
  return (control, whitespace)
}
