import ArgumentParser
import CaravanExchange
import CaravanStore
import CaravanTrust
import Foundation

/// `caravan deliveries`: the hub-to-hub deliveries of a running hub.
struct Deliveries: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List, show, retry and cancel the hub-to-hub deliveries of a running hub.",
    discussion: """
      The operator's token sees every delivery; a participant's token those of the documents \
      it sent. Exit 0, or 1 when the hub cannot be reached or refuses (the problem's detail \
      is printed on standard error).
      """,
    subcommands: [List.self, Show.self, Retry.self, Cancel.self]
  )

  /// `caravan deliveries list`: one line per delivery, newest first.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List deliveries, newest first: one line each.",
      discussion: """
        Each line: id, direction, status, peer jurisdiction, sender → receiver, attempts and, \
        when there is one, the reason. When more deliveries follow, the --cursor of the next \
        page is printed on standard error.
        """
    )

    @OptionGroup var options: HubOptions

    @Option(help: "Only deliveries with this status.")
    var status: DeliveryStatus?

    @Option(help: "Only outbound or only inbound deliveries.")
    var direction: DeliveryDirection?

    @Option(help: "At most this many (1 to 500; the hub's default is 50).")
    var limit: Int?

    @Option(help: "Continue after an earlier page (the cursor it printed).")
    var cursor: String?

    @Flag(help: "Print the hub's JSON answer as it is.")
    var json = false

    func validate() throws {
      if let limit, !(1...500).contains(limit) {
        throw ValidationError("--limit must be 1 to 500")
      }
    }

    func run() async throws {
      let client = try options.client()
      var query: [(String, String)] = []
      if let direction { query.append(("direction", direction.rawValue)) }
      if let status { query.append(("status", status.rawValue)) }
      if let limit { query.append(("limit", String(limit))) }
      if let cursor { query.append(("cursor", cursor)) }
      let path = "/v1/deliveries"
      let (body, page) = try await talkingToHub { () async throws(HubClientError) in
        let body = try await client.get(path, query: query)
        return (body, try client.decode(DeliveryPageView.self, body, from: path))
      }
      if json {
        print(String(decoding: body, as: UTF8.self))
        return
      }
      if page.deliveries.isEmpty { printError("no deliveries") }
      for delivery in page.deliveries { print(delivery.line) }
      if let next = page.next { printError("more follow: --cursor \(next)") }
    }
  }

  /// `caravan deliveries show ID`.
  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one delivery.")

    @OptionGroup var options: HubOptions

    @Flag(help: "Print the hub's JSON answer as it is.")
    var json = false

    @Argument(help: "The delivery's identifier (its envelope's instance identifier).")
    var id: String

    func run() async throws {
      try await deliveryCall(options, id: id, action: nil, json: json)
    }
  }

  /// `caravan deliveries retry ID`.
  struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Queue an outbound delivery that is not delivered for an attempt now.",
      discussion: "Its attempts are counted afresh. Prints the delivery as queued.")

    @OptionGroup var options: HubOptions

    @Flag(help: "Print the hub's JSON answer as it is.")
    var json = false

    @Argument(help: "The delivery's identifier.")
    var id: String

    func run() async throws {
      try await deliveryCall(options, id: id, action: "retry", json: json)
    }
  }

  /// `caravan deliveries cancel ID`.
  struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Withdraw an outbound delivery that is still queued or sent.",
      discussion: "Any other delivery cannot be cancelled (the hub answers 409).")

    @OptionGroup var options: HubOptions

    @Flag(help: "Print the hub's JSON answer as it is.")
    var json = false

    @Argument(help: "The delivery's identifier.")
    var id: String

    func run() async throws {
      try await deliveryCall(options, id: id, action: "cancel", json: json)
    }
  }

  /// Reads (`action` nil) or acts on one delivery, and prints it.
  static func deliveryCall(_ options: HubOptions, id: String, action: String?, json: Bool)
    async throws
  {
    let client = try options.client()
    let path =
      "/v1/deliveries/\(HubClient.segment(id))" + (action.map { "/\($0)" } ?? "")
    let (body, delivery) = try await talkingToHub { () async throws(HubClientError) in
      let body: [UInt8]
      if action == nil {
        body = try await client.get(path)
      } else {
        body = try await client.post(path)
      }
      return (body, try client.decode(DeliveryView.self, body, from: path))
    }
    if json {
      print(String(decoding: body, as: UTF8.self))
    } else {
      print(delivery.details)
    }
  }
}

/// A delivery as the API shows it (`GET /v1/deliveries/{delivery}`).
struct DeliveryView: Decodable {
  var id: String
  var direction: String
  var documentId: String
  var sender: String
  var receiver: String
  var peer: String
  var status: String
  var attempts: Int
  var nextAttemptAt: String?
  var createdAt: String
  var updatedAt: String
  var reason: String?
  var decision: Decision?
  var receipt: Receipt?

  /// The corridor policy decision that let the document cross.
  struct Decision: Decodable {
    var policyVersion: UInt64
    var rules: [String]
    var minimised: [String]
    var reason: String
  }

  /// The receiving hub's signed receipt.
  struct Receipt: Decodable {
    /// The receipt's JSON bytes, base64.
    var content: String
    var signature: String
    var logIndex: UInt64?
  }

  /// `id  direction  status  peer  sender → receiver  attempts N  reason`.
  var line: String {
    var parts = [
      id, direction, status, peer, "\(sender) → \(receiver)", "attempts \(attempts)",
    ]
    if let reason { parts.append(reason) }
    return parts.joined(separator: "  ").split(whereSeparator: \.isNewline).joined(
      separator: " ")
  }

  /// Every field, one per line.
  var details: String {
    var rows: [(String, String)] = [
      ("delivery", id), ("direction", direction), ("status", status), ("peer", peer),
      ("document", documentId), ("sender", sender), ("receiver", receiver),
      ("attempts", String(attempts)),
    ]
    if let nextAttemptAt { rows.append(("next attempt", nextAttemptAt)) }
    rows.append(("created", createdAt))
    rows.append(("updated", updatedAt))
    if let reason { rows.append(("reason", reason)) }
    if let decision {
      rows.append(
        (
          "policy",
          "version \(decision.policyVersion), rules "
            + (decision.rules.isEmpty ? "(none)" : decision.rules.joined(separator: ", "))
        ))
      rows.append(("decision", decision.reason))
      rows.append(
        (
          "minimised",
          decision.minimised.isEmpty ? "(nothing)" : decision.minimised.joined(separator: " ")
        ))
    }
    if let receipt { rows.append(("receipt", Self.summary(of: receipt, peer: peer))) }
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { name, value in
      name + String(repeating: " ", count: width - name.count + 2) + value
    }.joined(separator: "\n")
  }

  /// What the receiving hub's receipt says it stored, and where this hub logged it.
  static func summary(of receipt: Receipt, peer: String) -> String {
    let logged = receipt.logIndex.map { "; logged here at index \($0)" } ?? ""
    guard let bytes = Data(base64Encoded: receipt.content) else {
      return "present, but its content is not base64" + logged
    }
    do {
      let read = try DeliveryReceipt(decoding: Array(bytes))
      return
        "\(peer) stored document \(read.documentID) (\(read.storedSyntax)) at its log index "
        + "\(read.logIndex), \(RFC3339.format(read.received))" + logged
    } catch {
      return "present, but unreadable: \(error)" + logged
    }
  }
}

/// A page of deliveries (`GET /v1/deliveries`).
struct DeliveryPageView: Decodable {
  var deliveries: [DeliveryView]
  var next: String?
}

extension DeliveryStatus: ExpressibleByArgument {}
extension DeliveryDirection: ExpressibleByArgument {}
