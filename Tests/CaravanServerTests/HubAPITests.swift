import CaravanHub
import CaravanLog
import CaravanServer
import CaravanStore
import CaravanTrust
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The hub's API over real HTTP on a loopback port, on each store.
@Suite("Hub API")
struct HubAPITests {
  static let registrationA = """
    {"id":"\(Invoices.seller)","name":"Kiondo Baskets Ltd","jurisdiction":"KE",\
    "sizeClass":"micro","sector":"C","womenOwned":true}
    """
  static let registrationB = """
    {"id":"\(Invoices.buyer)","name":"Siam Home Goods","jurisdiction":"TH",\
    "sizeClass":"small","sector":"G","womenOwned":false}
    """
  static let registrationC = """
    {"id":"0088:4000000000003","name":"Other Trader","jurisdiction":"KE",\
    "sizeClass":"small","sector":"46","womenOwned":false}
    """

  @Test("every endpoint, end to end", arguments: TestDatabases.kinds)
  func endToEnd(kind: TestHub.Kind) async throws {
    let hub = try await TestHub.make(kind)
    try await hub.live { client in
      // Public endpoints need no token.
      let health = try await client.execute(uri: "/health", method: .get)
      #expect(health.status == .ok)
      #expect(String(buffer: health.body).contains("\"status\":\"ok\""))
      let openAPI = try await client.execute(uri: "/openapi.yaml", method: .get)
      #expect(openAPI.status == .ok)
      #expect(String(buffer: openAPI.body).hasPrefix("openapi: 3.1"))
      let info = try await json(client.execute(uri: "/v1/hub", method: .get))
      #expect(info["jurisdiction"] as? String == "KE")
      let logKey = try NoteVerifierKey(parsing: try #require(info["logKey"] as? String))

      // The operator registers participants; each gets a token once.
      let tokenA = try await register(client, hub.adminToken, Self.registrationA)
      let tokenB = try await register(client, hub.adminToken, Self.registrationB)
      let tokenC = try await register(client, hub.adminToken, Self.registrationC)
      let again = try await client.execute(
        uri: "/v1/participants", method: .post, headers: auth(hub.adminToken, json: true),
        body: ByteBuffer(string: Self.registrationA))
      #expect(again.status == .conflict)
      let participants = try await client.execute(
        uri: "/v1/participants", method: .get, headers: auth(hub.adminToken))
      #expect(participants.status == .ok)
      #expect(String(buffer: participants.body).contains(Invoices.buyer))
      let asParticipant = try await client.execute(
        uri: "/v1/participants", method: .get, headers: auth(tokenA))
      #expect(asParticipant.status == .unauthorized)
      let me = try await json(client.execute(uri: "/v1/me", method: .get, headers: auth(tokenB)))
      #expect(me["id"] as? String == Invoices.buyer)

      // A submits; the receipt proves inclusion under a checkpoint signed by the hub's log.
      let bytes = Invoices.ubl(number: "KB-E2E-1")
      let first = try await client.execute(
        uri: "/v1/documents", method: .post, headers: auth(tokenA, xml: true),
        body: ByteBuffer(bytes: bytes))
      #expect(first.status == .created)
      let submission = try json(first)
      let receipt = try #require(submission["receipt"] as? [String: Any])
      let id = try #require(receipt["documentId"] as? String)
      #expect(first.headers[.location] == "/v1/documents/\(id)")
      let proof = try Receipt(parsing: try #require(receipt["proof"] as? String))
      let entry = try proof.verify(document: bytes, logKey: logKey, origin: logKey.name)
      #expect(entry.sender == Invoices.seller)
      #expect(entry.receiver == Invoices.buyer)

      // The same bytes again: the same receipt, no second record.
      let replay = try await client.execute(
        uri: "/v1/documents", method: .post, headers: auth(tokenA, xml: true),
        body: ByteBuffer(bytes: bytes))
      #expect(replay.status == .ok)
      #expect(replay.headers[.init("Idempotent-Replayed")!] == "true")
      let replayed = try #require(try json(replay)["receipt"] as? [String: Any])
      #expect(replayed["documentId"] as? String == id)
      #expect(replayed["proof"] as? String == receipt["proof"] as? String)
      #expect(try await hub.store.documentCount() == 1)

      // Sender and receiver list and read it; a third participant cannot.
      let outbox = try await json(
        client.execute(uri: "/v1/outbox", method: .get, headers: auth(tokenA)))
      #expect((outbox["documents"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
      let inbox = try await json(
        client.execute(uri: "/v1/inbox", method: .get, headers: auth(tokenB)))
      #expect((inbox["documents"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
      for box in ["/v1/inbox", "/v1/outbox"] {
        let other = try await json(client.execute(uri: box, method: .get, headers: auth(tokenC)))
        #expect((other["documents"] as? [[String: Any]])?.isEmpty == true)
      }
      let original = try await client.execute(
        uri: "/v1/documents/\(id)", method: .get, headers: auth(tokenB))
      #expect(original.status == .ok)
      #expect(Array(buffer: original.body) == bytes)
      let cii = try await client.execute(
        uri: "/v1/documents/\(id)?format=cii", method: .get, headers: auth(tokenB))
      #expect(cii.status == .ok)
      #expect(String(buffer: cii.body).contains("CrossIndustryInvoice"))
      let model = try await json(
        client.execute(uri: "/v1/documents/\(id)?format=json", method: .get, headers: auth(tokenA)))
      #expect(model["number"] as? String == "KB-E2E-1")
      let html = try await client.execute(
        uri: "/v1/documents/\(id)", method: .get, headers: auth(tokenA, accept: "text/html"))
      #expect(html.headers[.contentType]?.hasPrefix("text/html") == true)
      #expect(String(buffer: html.body).contains("KB-E2E-1"))
      let stranger = try await client.execute(
        uri: "/v1/documents/\(id)", method: .get, headers: auth(tokenC))
      #expect(stranger.status == .notFound)
      let strangerReceipt = try await client.execute(
        uri: "/v1/documents/\(id)/receipt", method: .get, headers: auth(tokenC))
      #expect(strangerReceipt.status == .notFound)
      let ownReceipt = try await json(
        client.execute(uri: "/v1/documents/\(id)/receipt", method: .get, headers: auth(tokenB)))
      #expect(ownReceipt["proof"] as? String == receipt["proof"] as? String)
      // The receipt answered at submission, made from the sequencer's receipt, is the one
      // read back from the store.
      #expect(NSDictionary(dictionary: ownReceipt) == NSDictionary(dictionary: receipt))

      // Anyone verifies a document against its receipt; a changed byte fails.
      let verdict = try await verify(client, bytes, receipt)
      #expect(verdict["valid"] as? Bool == true)
      var tampered = bytes
      tampered[tampered.count / 2] ^= 0x01
      let refused = try await verify(client, tampered, receipt)
      #expect(refused["valid"] as? Bool == false)

      // The public log: checkpoint and tiles at their tlog-tiles paths.
      let checkpoint = try await client.execute(uri: "/log/checkpoint", method: .get)
      #expect(checkpoint.status == .ok)
      _ = try VerifiedCheckpoint(parsing: String(buffer: checkpoint.body), logKey: logKey)
      let tile = try await client.execute(uri: "/log/tile/0/000.p/1", method: .get)
      #expect(tile.status == .ok)
      #expect(tile.body.readableBytes == 32)
      let entries = try await client.execute(uri: "/log/tile/entries/000.p/1", method: .get)
      #expect(entries.status == .ok)
      let missingTile = try await client.execute(uri: "/log/tile/0/000", method: .get)
      #expect(missingTile.status == .notFound)

      // Revoked tokens stop working at once.
      let revoke = try await client.execute(
        uri: "/v1/participants/\(Invoices.buyer)/tokens", method: .delete,
        headers: auth(hub.adminToken))
      #expect(revoke.status == .ok)
      let revoked = try await client.execute(uri: "/v1/inbox", method: .get, headers: auth(tokenB))
      #expect(revoked.status == .unauthorized)
      let metrics = try await client.execute(uri: "/metrics", method: .get)
      #expect(String(buffer: metrics.body).contains("caravan_submissions_total"))
    }
    await hub.close()
  }

  @Test("bad requests get problem documents and change nothing", arguments: TestDatabases.kinds)
  func badRequests(kind: TestHub.Kind) async throws {
    let hub = try await TestHub.make(kind)
    try await hub.live { client in
      let token = try await register(client, hub.adminToken, Self.registrationA)
      let good = try await client.execute(
        uri: "/v1/documents", method: .post, headers: auth(token, xml: true),
        body: ByteBuffer(bytes: Invoices.ubl(number: "KB-BAD-0")))
      #expect(good.status == .created)
      let before = try await hub.store.documentCount()
      let checkpoint = String(
        buffer: try await client.execute(uri: "/log/checkpoint", method: .get).body)

      // No token, a wrong token, the operator's token where a participant's is needed.
      for headers in [HTTPFields(), auth("cvn_wrong"), auth(hub.adminToken)] {
        let response = try await client.execute(uri: "/v1/outbox", method: .get, headers: headers)
        #expect(response.status == .unauthorized)
        #expect(response.headers[.contentType] == "application/problem+json")
        #expect(response.headers[.wwwAuthenticate] != nil)
      }
      let noAdmin = try await client.execute(
        uri: "/v1/participants", method: .post, headers: auth(token, json: true),
        body: ByteBuffer(string: Self.registrationB))
      #expect(noAdmin.status == .unauthorized)

      // Oversized (413), malformed (400), hostile (400), invalid (422) bodies.
      let huge = [UInt8](repeating: 0x20, count: 300 * 1024)
      let cases: [(String, [UInt8], HTTPResponse.Status)] = [
        ("oversized", huge, .contentTooLarge),
        ("not XML", Array("this is not xml".utf8), .badRequest),
        ("truncated", Array(Invoices.ubl(number: "KB-BAD-1").prefix(500)), .badRequest),
        (
          "entity expansion",
          Array(
            #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]><a>&y;</a>"#
              .utf8), .badRequest
        ),
        ("another document", Array("<Order xmlns=\"urn:x\"/>".utf8), .badRequest),
        (
          "invalid invoice",
          Array(
            String(decoding: Invoices.ubl(number: "KB-BAD-2"), as: UTF8.self)
              .replacingOccurrences(
                of: "<cbc:DocumentCurrencyCode>", with: "<cbc:DocumentCurrencyCode>X"
              )
              .utf8), .unprocessableContent
        ),
      ]
      for (name, body, status) in cases {
        let response = try await client.execute(
          uri: "/v1/documents", method: .post, headers: auth(token, xml: true),
          body: ByteBuffer(bytes: body))
        #expect(response.status == status, "\(name)")
        #expect(response.headers[.contentType] == "application/problem+json", "\(name)")
        let problem = try json(response)
        #expect(problem["status"] as? Int == Int(status.code), "\(name)")
        #expect((problem["detail"] as? String)?.isEmpty == false, "\(name)")
        if status == .unprocessableContent {
          let report = try #require(problem["report"] as? [String: Any])
          #expect((report["findings"] as? [[String: Any]])?.isEmpty == false)
        }
      }

      // The same number with other bytes is a conflict naming the first document.
      let clash = try await client.execute(
        uri: "/v1/documents", method: .post, headers: auth(token, xml: true),
        body: ByteBuffer(bytes: Invoices.ubl(number: "KB-BAD-0", issueDate: "2026-11-21")))
      #expect(clash.status == .conflict)
      #expect(try json(clash)["existingId"] as? String != nil)

      // Someone else's invoice: refused.
      let tokenB = try await register(client, hub.adminToken, Self.registrationB)
      let foreign = try await client.execute(
        uri: "/v1/documents", method: .post, headers: auth(tokenB, xml: true),
        body: ByteBuffer(bytes: Invoices.ubl(number: "KB-BAD-3")))
      #expect(foreign.status == .forbidden)

      // Bad fields and parameters.
      let badRegistration = try await client.execute(
        uri: "/v1/participants", method: .post, headers: auth(hub.adminToken, json: true),
        body: ByteBuffer(
          string: Self.registrationC.replacingOccurrences(of: "\"KE\"", with: "\"XX\"")))
      #expect(badRegistration.status == .badRequest)
      #expect(try json(badRegistration)["field"] as? String == "jurisdiction")
      let missingField = try await client.execute(
        uri: "/v1/participants", method: .post, headers: auth(hub.adminToken, json: true),
        body: ByteBuffer(string: #"{"id":"0088:1"}"#))
      #expect(missingField.status == .badRequest)
      let notJSON = try await client.execute(
        uri: "/v1/participants", method: .post, headers: auth(hub.adminToken, json: true),
        body: ByteBuffer(string: "{"))
      #expect(notJSON.status == .badRequest)
      for query in [
        "limit=0", "limit=abc", "from=2026-13-01", "status=lost", "cursor=-1", "colour=red",
      ] {
        let response = try await client.execute(
          uri: "/v1/outbox?\(query)", method: .get, headers: auth(token))
        #expect(response.status == .badRequest, "\(query)")
      }
      let badFormat = try await client.execute(
        uri: "/v1/documents/\(UUID().uuidString)?format=pdf", method: .get, headers: auth(token))
      #expect(badFormat.status == .notFound || badFormat.status == .badRequest)
      // Identifiers no registration or submission could have made (a NUL byte, which
      // PostgreSQL refuses in text) are simply not found.
      for uri in [
        "/v1/participants/0088:%00", "/v1/participants/ab%00", "/v1/participants/%00%00",
      ] {
        let response = try await client.execute(
          uri: uri, method: .get, headers: auth(hub.adminToken))
        #expect(response.status == .notFound, "\(uri)")
      }
      for uri in ["/v1/documents/%00", "/v1/documents/a%00b/receipt", "/v1/documents/%E2%82%AC"] {
        let response = try await client.execute(uri: uri, method: .get, headers: auth(token))
        #expect(response.status == .notFound, "\(uri)")
      }
      let unknown = try await client.execute(uri: "/v1/nothing", method: .get)
      #expect(unknown.status == .notFound)
      #expect(unknown.headers[.contentType] == "application/problem+json")
      // A path the hub serves, with a method it does not answer there: 405 and what it answers.
      let wrongMethods: [(String, HTTPRequest.Method, String)] = [
        ("/v1/outbox", .delete, "GET, HEAD"),
        ("/v1/documents", .get, "POST"),
        ("/v1/documents/\(UUID().uuidString)/receipt", .post, "GET, HEAD"),
        ("/v1/exchange/policy", .post, "GET, HEAD, PUT"),
        ("/log/checkpoint", .post, "GET, HEAD"),
        ("/v1/participants/0088:1/tokens", .get, "POST, DELETE"),
      ]
      for (uri, method, allowed) in wrongMethods {
        let response = try await client.execute(uri: uri, method: method, headers: auth(token))
        #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
        #expect(response.headers[.allow] == allowed, "\(method) \(uri)")
        #expect(response.headers[.contentType] == "application/problem+json")
        #expect(String(buffer: response.body).contains("is not allowed on"))
      }
      let unknownPost = try await client.execute(uri: "/v1/nothing", method: .post)
      #expect(unknownPost.status == .notFound)
      // HEAD answers as GET does, without the body.
      let head = try await client.execute(uri: "/log/checkpoint", method: .head)
      #expect(head.status == .ok)
      #expect(head.body.readableBytes == 0)
      let badTile = try await client.execute(uri: "/log/tile/0/1", method: .get)
      #expect(badTile.status == .notFound)

      // Nothing already stored changed.
      #expect(try await hub.store.documentCount() == before)
      let after = String(
        buffer: try await client.execute(uri: "/log/checkpoint", method: .get).body)
      #expect(after == checkpoint)
    }
    await hub.close()
  }

  @Test("Idempotency-Key replays the first receipt", arguments: TestDatabases.kinds)
  func idempotencyKey(kind: TestHub.Kind) async throws {
    let hub = try await TestHub.make(kind)
    try await hub.live { client in
      let token = try await register(client, hub.adminToken, Self.registrationA)
      var headers = auth(token, xml: true)
      headers[.init("Idempotency-Key")!] = "order-7781"
      let first = try await client.execute(
        uri: "/v1/documents", method: .post, headers: headers,
        body: ByteBuffer(bytes: Invoices.ubl(number: "KB-IDEM-1")))
      #expect(first.status == .created)
      let second = try await client.execute(
        uri: "/v1/documents", method: .post, headers: headers,
        body: ByteBuffer(bytes: Invoices.ubl(number: "KB-IDEM-1")))
      #expect(second.status == .ok)
      let firstReceipt = try json(first)["receipt"] as? [String: Any]
      let secondReceipt = try json(second)["receipt"] as? [String: Any]
      #expect(firstReceipt?["proof"] as? String == secondReceipt?["proof"] as? String)
      // The key reused for another document is a conflict.
      let other = try await client.execute(
        uri: "/v1/documents", method: .post, headers: headers,
        body: ByteBuffer(bytes: Invoices.ubl(number: "KB-IDEM-2")))
      #expect(other.status == .conflict)
      #expect(try await hub.store.documentCount() == 1)
    }
    await hub.close()
  }

  @Test(
    "concurrent submissions: one record each, every receipt valid", arguments: TestDatabases.kinds)
  func concurrentSubmissions(kind: TestHub.Kind) async throws {
    let hub = try await TestHub.make(kind)
    let logKey = hub.hub.keys.log.verifierKey
    try await hub.live { client in
      let token = try await register(client, hub.adminToken, Self.registrationA)
      // 40 distinct invoices, each sent twice at once.
      let receipts = try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for n in 0..<80 {
          group.addTask {
            let response = try await client.execute(
              uri: "/v1/documents", method: .post, headers: auth(token, xml: true),
              body: ByteBuffer(bytes: Invoices.ubl(number: "KB-PAR-\(n % 40)")))
            #expect(response.status == .created || response.status == .ok)
            let receipt = try #require(try json(response)["receipt"] as? [String: Any])
            return (n % 40, try #require(receipt["proof"] as? String))
          }
        }
        var all: [Int: Set<String>] = [:]
        for try await (n, proof) in group { all[n, default: []].insert(proof) }
        return all
      }
      #expect(receipts.count == 40)
      for (n, proofs) in receipts {
        #expect(proofs.count == 1, "invoice \(n) got \(proofs.count) different receipts")
        let proof = try Receipt(parsing: try #require(proofs.first))
        try proof.verify(
          document: Invoices.ubl(number: "KB-PAR-\(n)"), logKey: logKey, origin: logKey.name)
      }
      #expect(try await hub.store.documentCount() == 40)
    }
    await hub.close()
  }
}

// MARK: Helpers

func auth(_ token: String, json: Bool = false, xml: Bool = false, accept: String? = nil)
  -> HTTPFields
{
  var fields: HTTPFields = [.authorization: "Bearer \(token)"]
  if json { fields[.contentType] = "application/json" }
  if xml { fields[.contentType] = "application/xml" }
  if let accept { fields[.accept] = accept }
  return fields
}

func json(_ response: TestResponse) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
  return try #require(
    object as? [String: Any], "not a JSON object: \(String(buffer: response.body))")
}

func register(_ client: any TestClientProtocol, _ admin: String, _ registration: String)
  async throws -> String
{
  let response = try await client.execute(
    uri: "/v1/participants", method: .post, headers: auth(admin, json: true),
    body: ByteBuffer(string: registration))
  #expect(response.status == .created, "\(String(buffer: response.body))")
  return try #require(try json(response)["token"] as? String)
}

func verify(_ client: any TestClientProtocol, _ document: [UInt8], _ receipt: [String: Any])
  async throws -> [String: Any]
{
  let body: [String: Any] = [
    "document": Data(document).base64EncodedString(),
    "proof": receipt["proof"] as? String ?? "", "signature": receipt["signature"] as? String ?? "",
  ]
  let response = try await client.execute(
    uri: "/v1/verify", method: .post, headers: [.contentType: "application/json"],
    body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
  #expect(response.status == .ok)
  return try json(response)
}
