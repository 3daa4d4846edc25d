import CaravanExchange
import CaravanHub
import CaravanServer
import CaravanStore
import CaravanTrust
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The exchange endpoints of one hub over HTTP: its policy (signed, versioned, logged), its
/// signed directory, the delivery listings and their access rules, retry and cancel, and the
/// refusal of unsigned hub-to-hub requests.
@Suite("Exchange API")
struct ExchangeAPITests {
  static func policy(version: Int, jurisdiction: String = "KE", rule: String = "ke-out") -> String {
    """
    {"jurisdiction":"\(jurisdiction)","version":\(version),"rules":[\
    {"id":"\(rule)","effect":"permit","data":["commercial"],"from":["KE"],"to":["TH"]}]}
    """
  }

  @Test(
    "the policy: signed, versioned, logged, and every bad version refused",
    arguments: TestDatabases.kinds)
  func policy(kind: TestHub.Kind) async throws {
    let hub = try await TestHub.make(kind)
    try await hub.live { client in
      let none = try await client.execute(uri: "/v1/exchange/policy", method: .get)
      #expect(none.status == .notFound)
      let tokenA = try await register(client, hub.adminToken, HubAPITests.registrationA)
      func put(_ body: String, token: String) async throws -> TestResponse {
        try await client.execute(
          uri: "/v1/exchange/policy", method: .put, headers: auth(token, json: true),
          body: ByteBuffer(string: body))
      }
      func treeSize() async throws -> Int {
        try #require(
          try json(try await client.execute(uri: "/health", method: .get))["treeSize"] as? Int)
      }

      #expect(try await put(Self.policy(version: 1), token: tokenA).status == .unauthorized)
      let before = try await treeSize()
      let first = try await put(Self.policy(version: 1), token: hub.adminToken)
      #expect(first.status == .created, "\(String(buffer: first.body))")
      #expect(try json(first)["logIndex"] as? Int == before)
      #expect(try await treeSize() == before + 1, "the policy version is a log entry")

      // The published policy verifies with the hub's document key.
      let published = try await client.execute(uri: "/v1/exchange/policy", method: .get)
      #expect(published.status == .ok)
      let info = try json(try await client.execute(uri: "/v1/hub", method: .get))
      let keyData = try JSONSerialization.data(withJSONObject: try #require(info["documentKey"]))
      let key = try JSONDecoder().decode(JWK.self, from: keyData).verificationKey()
      let signature = try #require(published.headers[.init("Caravan-Signature")!])
      let signed = try SignedPolicy(
        bytes: Array(buffer: published.body), signature: signature, key: key)
      #expect(signed.policy.version == 1)
      #expect(signed.policy.rules.map(\.id) == ["ke-out"])

      // The same version again is a no-op; anything else must grow the version.
      let same = try await put(Self.policy(version: 1), token: hub.adminToken)
      #expect(same.status == .ok)
      #expect(try json(same)["logIndex"] == nil)
      let changed = try await put(Self.policy(version: 1, rule: "other"), token: hub.adminToken)
      #expect(changed.status == .conflict)
      #expect(String(buffer: changed.body).contains("higher number"))
      let older = try await put(Self.policy(version: 0), token: hub.adminToken)
      #expect(older.status == .conflict)
      let foreign = try await put(
        Self.policy(version: 5, jurisdiction: "TH"), token: hub.adminToken)
      #expect(foreign.status == .badRequest)
      #expect(String(buffer: foreign.body).contains("TH's"))
      let malformed = try await put("{\"version\":2}", token: hub.adminToken)
      #expect(malformed.status == .badRequest)
      let unknownTerm = try await put(
        """
        {"jurisdiction":"KE","version":2,"rules":[{"id":"r","effect":"permit",\
        "data":["personal"],"from":["KE"],"to":["*"],"obligations":[{"minimise":["BT-1"]}]}]}
        """, token: hub.adminToken)
      #expect(unknownTerm.status == .badRequest, "\(String(buffer: unknownTerm.body))")
      #expect(try await treeSize() == before + 1, "no refused version was logged")

      let second = try await put(Self.policy(version: 2, rule: "v2"), token: hub.adminToken)
      #expect(second.status == .created)
      #expect(try await treeSize() == before + 2)
      #expect(hub.hub.policy?.policy.version == 2)
    }
    await hub.close()
  }

  @Test(
    "the directory lists every participant and its syntax, signed",
    arguments: TestDatabases.kinds)
  func directory(kind: TestHub.Kind) async throws {
    let hub = try await TestHub.make(kind)
    try await hub.live { client in
      _ = try await register(client, hub.adminToken, HubAPITests.registrationA)
      _ = try await register(
        client, hub.adminToken,
        HubAPITests.registrationB.replacingOccurrences(
          of: "\"womenOwned\":false", with: "\"womenOwned\":false,\"receiveSyntax\":\"cii\""))
      let bad = try await client.execute(
        uri: "/v1/participants", method: .post, headers: auth(hub.adminToken, json: true),
        body: ByteBuffer(
          string: HubAPITests.registrationC.replacingOccurrences(
            of: "\"womenOwned\":false", with: "\"womenOwned\":false,\"receiveSyntax\":\"xml\"")))
      #expect(bad.status == .badRequest)
      #expect(String(buffer: bad.body).contains("receiveSyntax"))

      let response = try await client.execute(uri: "/v1/exchange/directory", method: .get)
      #expect(response.status == .ok)
      let signature = try #require(response.headers[.init("Caravan-Signature")!])
      let jws = try DetachedJWS(parsing: signature)
      try jws.verify(
        document: Array(buffer: response.body), key: hub.hub.keys.document.publicKey)
      #expect(jws.header.docType == HubDirectory.documentType)
      let directory = try HubDirectory(decoding: Array(buffer: response.body))
      #expect(directory.jurisdiction == "KE")
      #expect(directory.entry(for: Invoices.seller)?.syntax == .ubl)
      #expect(directory.entry(for: Invoices.buyer)?.syntax == .cii)
      #expect(directory.entry(for: "0088:4000000000003") == nil)
    }
    await hub.close()
  }

  @Test(
    "deliveries: each sender sees its own, the operator all; retry and cancel",
    arguments: TestDatabases.kinds)
  func deliveries(kind: TestHub.Kind) async throws {
    let hub = try await TestHub.make(kind)
    let now = StoreTime.rounded(Date())
    let waiting = DeliveryRecord(
      id: UUID().uuidString.lowercased(), direction: .outbound, documentID: "d-1",
      sender: Invoices.seller, receiver: Invoices.buyer, peer: "TH", status: .sent,
      attempts: 2, nextAttemptAt: now.addingTimeInterval(3600), createdAt: now, updatedAt: now,
      reason: "TH did not answer", decision: Array("{}".utf8), envelope: Array("{}".utf8))
    try await hub.store.saveDelivery(waiting)
    try await hub.live { client in
      let seller = try await register(client, hub.adminToken, HubAPITests.registrationA)
      let other = try await register(client, hub.adminToken, HubAPITests.registrationC)

      let mine = try json(
        try await client.execute(uri: "/v1/deliveries", method: .get, headers: auth(seller)))
      #expect((mine["deliveries"] as? [[String: Any]])?.map { $0["id"] as? String } == [waiting.id])
      let theirs = try json(
        try await client.execute(uri: "/v1/deliveries", method: .get, headers: auth(other)))
      #expect((theirs["deliveries"] as? [Any])?.isEmpty == true)
      let all = try json(
        try await client.execute(
          uri: "/v1/deliveries?status=sent&direction=outbound", method: .get,
          headers: auth(hub.adminToken)))
      #expect((all["deliveries"] as? [Any])?.count == 1)
      let unauthenticated = try await client.execute(uri: "/v1/deliveries", method: .get)
      #expect(unauthenticated.status == .unauthorized)
      for bad in ["status=lost", "direction=sideways", "limit=0", "cursor=x", "colour=red"] {
        let answer = try await client.execute(
          uri: "/v1/deliveries?\(bad)", method: .get, headers: auth(seller))
        #expect(answer.status == .badRequest, "\(bad)")
      }
      let hidden = try await client.execute(
        uri: "/v1/deliveries/\(waiting.id)", method: .get, headers: auth(other))
      #expect(hidden.status == .notFound)
      let missing = try await client.execute(
        uri: "/v1/deliveries/\(UUID().uuidString)/cancel", method: .post,
        headers: auth(hub.adminToken))
      #expect(missing.status == .notFound)

      // The sender cancels; a cancelled delivery cannot be cancelled again.
      let cancelled = try await client.execute(
        uri: "/v1/deliveries/\(waiting.id)/cancel", method: .post, headers: auth(seller))
      #expect(cancelled.status == .ok)
      #expect(try json(cancelled)["status"] as? String == "cancelled")
      let twice = try await client.execute(
        uri: "/v1/deliveries/\(waiting.id)/cancel", method: .post, headers: auth(seller))
      #expect(twice.status == .conflict)

      // The operator retries it: this hub knows no TH hub, so the attempt refuses it, with
      // the reason.
      let retried = try await client.execute(
        uri: "/v1/deliveries/\(waiting.id)/retry", method: .post, headers: auth(hub.adminToken))
      #expect(retried.status == .ok)
      var outcome: [String: Any] = [:]
      for _ in 0..<100 {
        outcome = try json(
          try await client.execute(
            uri: "/v1/deliveries/\(waiting.id)", method: .get, headers: auth(seller)))
        if outcome["status"] as? String == "refused" { break }
        try await Task.sleep(for: .milliseconds(50))
      }
      #expect(outcome["status"] as? String == "refused")
      #expect(
        (outcome["reason"] as? String)?.contains("no recognised hub of jurisdiction TH") == true)
      #expect(outcome["attempts"] as? Int == 1)
    }
    await hub.close()
  }

  @Test(
    "hub-to-hub requests without a valid signature are refused",
    arguments: TestDatabases.kinds)
  func unsignedDeliveries(kind: TestHub.Kind) async throws {
    let hub = try await TestHub.make(kind)
    try await hub.live { client in
      let unsigned = try await client.execute(
        uri: "/v1/exchange/deliveries", method: .post,
        headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
      #expect(unsigned.status == .unauthorized)
      #expect(String(buffer: unsigned.body).contains("RFC 9421"))
      var head = HTTPRequest(
        method: .post, scheme: "http", authority: "127.0.0.1", path: "/v1/exchange/deliveries")
      head.headerFields[.contentType] = "application/json"
      try MessageSignature.sign(
        &head, body: Array("{}".utf8), key: .ed25519(.init()), keyID: "TH")
      let headers = head.headerFields
      let unknownPeer = try await client.execute(
        uri: "/v1/exchange/deliveries", method: .post, headers: headers,
        body: ByteBuffer(string: "{}"))
      #expect(unknownPeer.status == .forbidden)
      #expect(String(buffer: unknownPeer.body).contains("does not recognise a hub of jurisdiction"))
    }
    await hub.close()
  }
}
