public import Foundation

/// How the stores keep time: whole microseconds since 1970-01-01T00:00:00Z, in a signed 64-bit
/// integer. A date read back equals ``rounded(_:)`` of the date written.
public enum StoreTime {
  /// Microseconds since the epoch, rounded to the nearest.
  public static func microseconds(_ date: Date) -> Int64 {
    let value = (date.timeIntervalSince1970 * 1_000_000).rounded()
    guard value.isFinite else { return value < 0 ? Int64.min : Int64.max }
    if value >= 9.2e18 { return Int64.max }
    if value <= -9.2e18 { return Int64.min }
    return Int64(value)
  }

  /// The date of a count of microseconds since the epoch.
  public static func date(microseconds: Int64) -> Date {
    Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
  }

  /// The date as a store gives it back: rounded to the microsecond.
  public static func rounded(_ date: Date) -> Date {
    self.date(microseconds: microseconds(date))
  }
}

/// The bounds on a listing's page size.
let documentPageLimits = 1...500

/// The page size a query asks for, clamped to ``documentPageLimits``.
func clampedLimit(_ limit: Int) -> Int {
  min(max(limit, documentPageLimits.lowerBound), documentPageLimits.upperBound)
}

/// A log index as stored: a signed 64-bit integer.
func storedLogIndex(_ index: UInt64) throws(StoreError) -> Int64 {
  guard let value = Int64(exactly: index) else {
    throw .database("log index \(index) does not fit a signed 64-bit integer")
  }
  return value
}

/// A stored log index, which is never negative.
func decodedLogIndex(_ value: Int64, column: String = "log_index") throws(StoreError) -> UInt64 {
  guard let index = UInt64(exactly: value) else {
    throw .corrupt("\(column) \(value) is negative")
  }
  return index
}

func decodedSizeClass(_ text: String) throws(StoreError) -> Participant.SizeClass {
  guard let value = Participant.SizeClass(rawValue: text) else {
    throw .corrupt("participants.size_class '\(text)' is not a size class")
  }
  return value
}

func decodedStatus(_ text: String) throws(StoreError) -> DocumentStatus {
  guard let value = DocumentStatus(rawValue: text) else {
    throw .corrupt("documents.status '\(text)' is not a document status")
  }
  return value
}

/// A batch's log resources with repeated keys folded into the last write, in first-seen order.
func lastWriteWins(_ resources: [(key: LogKey, bytes: [UInt8])]) -> [(key: String, bytes: [UInt8])]
{
  var order: [String] = []
  var latest: [String: [UInt8]] = [:]
  for resource in resources {
    let key = resource.key.description
    if latest.updateValue(resource.bytes, forKey: key) == nil { order.append(key) }
  }
  return order.compactMap { key in latest[key].map { (key: key, bytes: $0) } }
}

/// The text of a broken uniqueness rule of `documents`, naming the values of a document.
func documentConflict(rule: String, document: DocumentRecord) -> String {
  if rule.contains("idempotency") {
    return
      "sender \(document.sender) already submitted idempotency key "
      + "\(document.idempotencyKey ?? "")"
  }
  if rule.contains("invoice") {
    return "sender \(document.sender) already submitted invoice number \(document.invoiceNumber)"
  }
  if rule.contains("log_index") {
    return "log index \(document.logIndex) is already taken"
  }
  return "document id \(document.id) is already stored"
}
