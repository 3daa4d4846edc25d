import CaravanHub
import CaravanModel
import CaravanStore
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// The query parameters of `/v1/inbox` and `/v1/outbox`, each checked.
enum ListingParameters {
  static let names: Set<Substring> = ["from", "to", "status", "counterparty", "limit", "cursor"]

  static func query(
    for participant: String, box: DocumentQuery.Box,
    parameters: FlatDictionary<Substring, Substring>
  ) throws(HubError) -> DocumentQuery {
    var query = DocumentQuery(participant: participant, box: box)
    for (name, _) in parameters where !names.contains(name) {
      throw .badRequest(
        field: String(name.prefix(40)),
        message:
          "is not a parameter of this listing (from, to, status, counterparty, limit, cursor)")
    }
    if let from = parameters["from"] { query.issuedFrom = try date(from, field: "from") }
    if let to = parameters["to"] { query.issuedTo = try date(to, field: "to") }
    if let status = parameters["status"] {
      guard let value = DocumentStatus(rawValue: String(status)) else {
        throw .badRequest(
          field: "status",
          message: "must be one of "
            + DocumentStatus.allCases.map(\.rawValue).joined(separator: ", "))
      }
      query.status = value
    }
    if let counterparty = parameters["counterparty"] {
      let id = counterparty.removingPercentEncoding ?? String(counterparty)
      guard ParticipantRegistration.isParticipantID(id) else {
        throw .badRequest(field: "counterparty", message: "must be a scheme:value identifier")
      }
      query.counterparty = id
    }
    if let limit = parameters["limit"] {
      guard let value = Int(limit), (1...500).contains(value) else {
        throw .badRequest(field: "limit", message: "must be a whole number from 1 to 500")
      }
      query.limit = value
    }
    if let cursor = parameters["cursor"] {
      guard let value = UInt64(cursor) else {
        throw .badRequest(field: "cursor", message: "must be the `next` of an earlier page")
      }
      query.before = value
    }
    return query
  }

  static func date(_ text: Substring, field: String) throws(HubError) -> String {
    guard text.count == 10, let date = CalendarDate(iso: text) else {
      throw .badRequest(field: field, message: "must be a date YYYY-MM-DD")
    }
    return date.description
  }
}

extension ListingParameters {
  static let deliveryNames: Set<Substring> = ["direction", "status", "limit", "cursor"]

  /// The query parameters of `/v1/deliveries`, each checked.
  static func deliveryQuery(_ parameters: FlatDictionary<Substring, Substring>)
    throws(HubError) -> DeliveryQuery
  {
    var query = DeliveryQuery()
    for (name, _) in parameters where !deliveryNames.contains(name) {
      throw .badRequest(
        field: String(name.prefix(40)),
        message: "is not a parameter of this listing (direction, status, limit, cursor)")
    }
    if let direction = parameters["direction"] {
      guard let value = DeliveryDirection(rawValue: String(direction)) else {
        throw .badRequest(field: "direction", message: "must be outbound or inbound")
      }
      query.direction = value
    }
    if let status = parameters["status"] {
      guard let value = DeliveryStatus(rawValue: String(status)) else {
        throw .badRequest(
          field: "status",
          message: "must be one of "
            + DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))
      }
      query.status = value
    }
    if let limit = parameters["limit"] {
      guard let value = Int(limit), (1...500).contains(value) else {
        throw .badRequest(field: "limit", message: "must be a whole number from 1 to 500")
      }
      query.limit = value
    }
    if let cursor = parameters["cursor"] {
      guard let value = Int64(cursor) else {
        throw .badRequest(field: "cursor", message: "must be the `next` of an earlier page")
      }
      query.before = StoreTime.date(microseconds: value)
    }
    return query
  }
}
