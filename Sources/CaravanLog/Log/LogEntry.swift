import CaravanTrust
import Crypto
public import Foundation

/// A leaf of the hub's log: a small canonical record about a document or a trust registry
/// version, never the document itself.
///
/// The canonical encoding is UTF-8 text, one `key value` line each, in this fixed order, with
/// optional lines left out:
///
/// ```
/// caravan-log-entry/v1
/// kind document
/// digest sha256:<64 lowercase hex digits>
/// type <document type>            (optional)
/// sender <scheme:value>           (optional)
/// receiver <scheme:value>         (optional)
/// jurisdiction <code>             (optional)
/// sequence <registry sequence>    (trust-registry entries; the version, for policy entries)
/// time <RFC 3339 UTC, seconds>
/// ```
public struct LogEntry: Hashable, Sendable {
  /// What the entry records.
  public enum Kind: String, Sendable, CaseIterable {
    case document
    case trustRegistry = "trust-registry"
    /// A version of a hub's corridor data policy.
    case policy
    /// Another hub's signed receipt for a document this hub delivered to it.
    case deliveryReceipt = "delivery-receipt"
  }

  public static let header = "caravan-log-entry/v1"

  public var kind: Kind
  /// SHA-256 of the exact bytes of the document or registry version.
  public var digest: [UInt8]
  public var documentType: String?
  public var sender: String?
  public var receiver: String?
  public var jurisdiction: String?
  /// The registry's sequence number, for trust-registry entries; the policy version, for
  /// policy entries.
  public var sequence: UInt64?
  /// Seconds since the epoch (UTC); fractions are not recorded.
  public var time: Date

  public init(
    kind: Kind = .document, digest: [UInt8], documentType: String? = nil, sender: String? = nil,
    receiver: String? = nil, jurisdiction: String? = nil, sequence: UInt64? = nil, time: Date
  ) {
    self.kind = kind
    self.digest = digest
    self.documentType = documentType
    self.sender = sender
    self.receiver = receiver
    self.jurisdiction = jurisdiction
    self.sequence = sequence
    self.time = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
  }

  /// An entry for a document, digesting its exact bytes.
  public init(
    document bytes: some DataProtocol, documentType: String? = nil, sender: String? = nil,
    receiver: String? = nil, jurisdiction: String? = nil, time: Date = Date()
  ) {
    self.init(
      kind: .document, digest: Array(SHA256.hash(data: bytes)), documentType: documentType,
      sender: sender, receiver: receiver, jurisdiction: jurisdiction, time: time)
  }

  /// The canonical bytes hashed into the log.
  public func encoded() throws(LogEntryError) -> [UInt8] {
    guard digest.count == 32 else { throw .invalid("digest must be 32 bytes of SHA-256") }
    var out: [UInt8] = []
    out.reserveCapacity(256)
    func line(_ key: StaticString, _ value: some Collection<UInt8>) {
      out.append(
        contentsOf: UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
      out.append(0x20)
      out.append(contentsOf: value)
      out.append(0x0A)
    }
    out.append(contentsOf: Self.header.utf8)
    out.append(0x0A)
    line("kind", kind.rawValue.utf8)
    line("digest", Array(("sha256:" + Hex.encode(digest)).utf8))
    for (key, value) in [
      ("type" as StaticString, documentType), ("sender", sender), ("receiver", receiver),
      ("jurisdiction", jurisdiction),
    ] {
      guard let value else { continue }
      guard Self.isToken(value) else {
        throw .invalid("\(key) \"\(value.prefix(40))\" must be 1-512 bytes without spaces")
      }
      line(key, value.utf8)
    }
    if let sequence { line("sequence", String(sequence).utf8) }
    line("time", Self.formatTime(time).utf8)
    return out
  }

  /// 1-512 bytes, no control characters and no Unicode whitespace.
  static func isToken(_ value: String) -> Bool {
    let utf8 = value.utf8
    guard !utf8.isEmpty, utf8.count <= 512 else { return false }
    if utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return true }
    return !value.unicodeScalars.contains {
      $0.value < 0x21 || $0.value == 0x7F || $0.properties.isWhitespace
        || $0.properties.generalCategory == .control
    }
  }

  /// Reads canonical bytes, refusing anything that would not re-encode to the same bytes.
  public init(decoding bytes: [UInt8]) throws(LogEntryError) {
    guard let text = String(validating: bytes, as: UTF8.self), text.hasSuffix("\n") else {
      throw .invalid("entry is not UTF-8 text ending in a newline")
    }
    var lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)[...]
    guard lines.popFirst() == Substring(Self.header) else {
      throw .invalid("entry does not start with \(Self.header)")
    }
    var fields: [String: String] = [:]
    for line in lines {
      guard let space = line.firstIndex(of: " ") else { throw .invalid("line \"\(line)\"") }
      let key = String(line[..<space])
      guard fields[key] == nil else { throw .invalid("field \(key) repeated") }
      fields[key] = String(line[line.index(after: space)...])
    }
    guard let kind = fields["kind"].flatMap(Kind.init(rawValue:)) else {
      throw .invalid("missing or unknown kind")
    }
    guard let digestText = fields["digest"], digestText.hasPrefix("sha256:"),
      let digest = Hex.decode(String(digestText.dropFirst(7))), digest.count == 32
    else { throw .invalid("missing or malformed digest") }
    guard let timeText = fields["time"], let time = Self.parseTime(timeText) else {
      throw .invalid("missing or malformed time")
    }
    var sequence: UInt64?
    if let text = fields["sequence"] {
      guard let value = UInt64(text) else { throw .invalid("malformed sequence") }
      sequence = value
    }
    self.init(
      kind: kind, digest: digest, documentType: fields["type"], sender: fields["sender"],
      receiver: fields["receiver"], jurisdiction: fields["jurisdiction"], sequence: sequence,
      time: time)
    guard try encoded() == bytes else { throw .invalid("entry is not in canonical form") }
  }

  static func formatTime(_ date: Date) -> String { RFC3339.format(date) }

  static func parseTime(_ text: String) -> Date? {
    guard let date = RFC3339.parse(text), RFC3339.format(date) == text else { return nil }
    return date
  }
}

/// Why a log entry could not be encoded or read.
public enum LogEntryError: Error, Hashable, Sendable, CustomStringConvertible {
  case invalid(String)
  public var description: String {
    switch self {
    case .invalid(let why): return "invalid log entry: \(why)"
    }
  }
}
