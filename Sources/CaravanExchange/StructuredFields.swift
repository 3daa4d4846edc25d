import Foundation

/// The part of RFC 8941 (Structured Field Values for HTTP) that message signatures and
/// content digests need: dictionaries whose members are items or inner lists, with
/// parameters, and bare items of every type but decimals.
enum StructuredField {
  enum BareItem: Hashable, Sendable {
    case integer(Int64)
    case string(String)
    case token(String)
    case bytes([UInt8])
    case boolean(Bool)
  }

  struct Item: Hashable, Sendable {
    var value: BareItem
    var parameters: [Parameter] = []
  }

  struct Parameter: Hashable, Sendable {
    var key: String
    var value: BareItem
  }

  enum Member: Hashable, Sendable {
    case item(Item)
    case innerList([Item], parameters: [Parameter])
  }

  struct DictionaryMember: Hashable, Sendable {
    var key: String
    var member: Member
  }

  struct ParseError: Error {
    var message: String
  }

  // MARK: Serializing (RFC 8941, section 4.1)

  static func serialize(_ value: BareItem) -> String {
    switch value {
    case .integer(let number): return String(number)
    case .string(let text):
      var out = "\""
      for character in text {
        if character == "\"" || character == "\\" { out.append("\\") }
        out.append(character)
      }
      return out + "\""
    case .token(let token): return token
    case .bytes(let bytes): return ":\(Data(bytes).base64EncodedString()):"
    case .boolean(let flag): return flag ? "?1" : "?0"
    }
  }

  static func serialize(_ parameters: [Parameter]) -> String {
    parameters.map { parameter in
      parameter.value == .boolean(true)
        ? ";\(parameter.key)" : ";\(parameter.key)=\(serialize(parameter.value))"
    }.joined()
  }

  static func serialize(_ item: Item) -> String {
    serialize(item.value) + serialize(item.parameters)
  }

  static func serialize(_ member: Member) -> String {
    switch member {
    case .item(let item): return serialize(item)
    case .innerList(let items, let parameters):
      return "(" + items.map(serialize).joined(separator: " ") + ")" + serialize(parameters)
    }
  }

  static func serialize(_ dictionary: [DictionaryMember]) -> String {
    dictionary.map { entry in
      if case .item(let item) = entry.member, item.value == .boolean(true) {
        return entry.key + serialize(item.parameters)
      }
      return "\(entry.key)=\(serialize(entry.member))"
    }.joined(separator: ", ")
  }

  /// Whether `text` may be serialized as an sf-string (printable ASCII).
  static func isStringSafe(_ text: String) -> Bool {
    text.utf8.allSatisfy { (0x20...0x7E).contains($0) }
  }

  /// Whether `key` is a valid dictionary or parameter key.
  static func isKey(_ key: String) -> Bool {
    let bytes = Array(key.utf8)
    guard let first = bytes.first, (0x61...0x7A).contains(first) || first == 0x2A else {
      return false
    }
    return bytes.allSatisfy {
      (0x61...0x7A).contains($0) || (0x30...0x39).contains($0)
        || [0x5F, 0x2D, 0x2E, 0x2A].contains($0)
    }
  }

  // MARK: Parsing (RFC 8941, section 4.2)

  /// Parses a dictionary field value. A key that appears twice keeps its last value, in the
  /// place of its first.
  static func parseDictionary(_ text: String) throws(ParseError) -> [DictionaryMember] {
    var parser = Parser(bytes: Array(text.utf8))
    parser.skip(spaces: true)
    var out: [DictionaryMember] = []
    if parser.atEnd { return out }
    while true {
      let key = try parser.key()
      let member: Member
      if parser.peek == 0x3D {
        parser.index += 1
        member = try parser.member()
      } else {
        member = .item(Item(value: .boolean(true), parameters: try parser.parameters()))
      }
      if let existing = out.firstIndex(where: { $0.key == key }) {
        out[existing].member = member
      } else {
        out.append(DictionaryMember(key: key, member: member))
      }
      parser.skip(spaces: false)
      if parser.atEnd { return out }
      guard parser.peek == 0x2C else { throw parser.fail("expected , between members") }
      parser.index += 1
      parser.skip(spaces: false)
      if parser.atEnd { throw parser.fail("trailing comma") }
    }
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    func fail(_ why: String) -> ParseError { ParseError(message: "\(why) at character \(index)") }

    /// Skips SP (and HTAB, when `spaces` is false: OWS).
    mutating func skip(spaces: Bool) {
      while let byte = peek, byte == 0x20 || (!spaces && byte == 0x09) { index += 1 }
    }

    static func isLowerAlpha(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }
    static func isAlpha(_ byte: UInt8) -> Bool {
      (0x41...0x5A).contains(byte) || isLowerAlpha(byte)
    }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    mutating func key() throws(ParseError) -> String {
      guard let first = peek, Self.isLowerAlpha(first) || first == 0x2A else {
        throw fail("expected a key")
      }
      let start = index
      while let byte = peek,
        Self.isLowerAlpha(byte) || Self.isDigit(byte) || [0x5F, 0x2D, 0x2E, 0x2A].contains(byte)
      {
        index += 1
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func member() throws(ParseError) -> Member {
      if peek == 0x28 {
        index += 1
        var items: [Item] = []
        while true {
          skip(spaces: true)
          if peek == 0x29 {
            index += 1
            return .innerList(items, parameters: try parameters())
          }
          items.append(try item())
          guard let next = peek, next == 0x20 || next == 0x29 else {
            throw fail("expected a space or ) in an inner list")
          }
        }
      }
      return .item(try item())
    }

    mutating func item() throws(ParseError) -> Item {
      Item(value: try bareItem(), parameters: try parameters())
    }

    mutating func parameters() throws(ParseError) -> [Parameter] {
      var out: [Parameter] = []
      while peek == 0x3B {
        index += 1
        skip(spaces: true)
        let key = try key()
        var value = BareItem.boolean(true)
        if peek == 0x3D {
          index += 1
          value = try bareItem()
        }
        if let existing = out.firstIndex(where: { $0.key == key }) {
          out[existing].value = value
        } else {
          out.append(Parameter(key: key, value: value))
        }
      }
      return out
    }

    mutating func bareItem() throws(ParseError) -> BareItem {
      guard let byte = peek else { throw fail("expected an item") }
      if byte == 0x2D || Self.isDigit(byte) { return .integer(try integer()) }
      if byte == 0x22 { return .string(try string()) }
      if byte == 0x3A { return .bytes(try byteSequence()) }
      if byte == 0x3F {
        index += 1
        guard let flag = peek, flag == 0x30 || flag == 0x31 else { throw fail("expected ?0 or ?1") }
        index += 1
        return .boolean(flag == 0x31)
      }
      if Self.isAlpha(byte) || byte == 0x2A { return .token(token()) }
      throw fail("unexpected character")
    }

    mutating func integer() throws(ParseError) -> Int64 {
      let start = index
      if peek == 0x2D { index += 1 }
      let digitsStart = index
      while let byte = peek, Self.isDigit(byte) { index += 1 }
      if peek == 0x2E { throw fail("decimals are not accepted here") }
      guard index > digitsStart, index - digitsStart <= 15,
        let value = Int64(String(decoding: bytes[start..<index], as: UTF8.self))
      else { throw fail("expected an integer of 1 to 15 digits") }
      return value
    }

    mutating func string() throws(ParseError) -> String {
      index += 1
      var out: [UInt8] = []
      while let byte = peek {
        index += 1
        switch byte {
        case 0x5C:
          guard let next = peek, next == 0x22 || next == 0x5C else {
            throw fail("invalid escape in a string")
          }
          out.append(next)
          index += 1
        case 0x22: return String(decoding: out, as: UTF8.self)
        case 0x20...0x7E: out.append(byte)
        default: throw fail("invalid character in a string")
        }
      }
      throw fail("unterminated string")
    }

    mutating func token() -> String {
      let start = index
      while let byte = peek,
        Self.isAlpha(byte) || Self.isDigit(byte)
          || Array("!#$%&'*+-.^_`|~:/".utf8).contains(byte)
      {
        index += 1
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func byteSequence() throws(ParseError) -> [UInt8] {
      index += 1
      let start = index
      while let byte = peek, byte != 0x3A {
        guard Self.isAlpha(byte) || Self.isDigit(byte) || [0x2B, 0x2F, 0x3D].contains(byte) else {
          throw fail("invalid character in a byte sequence")
        }
        index += 1
      }
      guard peek == 0x3A else { throw fail("unterminated byte sequence") }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      index += 1
      guard let data = Data(base64Encoded: text) else { throw fail("byte sequence is not base64") }
      return Array(data)
    }
  }
}
