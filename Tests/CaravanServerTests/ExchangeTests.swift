import CaravanExchange
import CaravanLog
import CaravanModel
import CaravanSyntax
import CaravanTrust
import Crypto
import Foundation
import HTTPTypes
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Three hubs (CN, KE, TH) as separate `caravan serve` processes on loopback ports, each with
/// its own keys, log, peers file, policy and SQLite store.
///
/// A KE seller's invoice reaches a TH buyer in the syntax the buyer reads, with receipts on
/// both sides that verify offline; TH killed during a burst receives every delivery exactly
/// once after its restart; an unrecognised hub key, a tampered envelope and a replayed request
/// are refused with the reason; a forbidding policy refuses with the rule named, at the
/// sending hub and at the receiving one; a minimising policy delivers without the terms.
@Suite("Three hubs across borders", .serialized, .enabled(if: CaravanBinary.shouldRun))
struct ExchangeTests {
  static let cnBuyer = "0088:6900000000001"

  /// KE lets commercial data go to TH and CN, and personal data to TH with the buyer's
  /// postal address minimised, and to CN unless the purpose is marketing.
  static let kePolicy = """
    {"jurisdiction":"KE","version":1,"rules":[
     {"id":"ke-trade-out","effect":"permit","data":["commercial"],"from":["KE"],"to":["TH","CN"]},
     {"id":"ke-personal-th","effect":"permit","data":["personal"],"from":["KE"],"to":["TH"],
      "obligations":[{"minimise":["BG-8"]}]},
     {"id":"ke-personal-cn","effect":"permit","data":["personal"],"from":["KE"],"to":["CN"]},
     {"id":"ke-no-marketing","effect":"forbid","data":["personal"],"from":["KE"],"to":["*"],
      "when":{"purpose":["dpv:Marketing"]}}]}
    """
  /// TH takes commercial data from KE, and personal data with the data subject's consent.
  static let thPolicy = """
    {"jurisdiction":"TH","version":1,"rules":[
     {"id":"th-from-ke","effect":"permit","data":["commercial"],"from":["KE"],"to":["TH"]},
     {"id":"th-personal-consent","effect":"permit","data":["personal"],"from":["KE"],"to":["TH"],
      "when":{"consent":true}}]}
    """
  static let consent = [("Caravan-Consent", "true")]
  /// CN takes commercial data from KE, but no personal data.
  static let cnPolicy = """
    {"jurisdiction":"CN","version":1,"rules":[
     {"id":"cn-trade-in","effect":"permit","data":["commercial"],"from":["KE"],"to":["CN"]},
     {"id":"cn-no-personal-in","effect":"forbid","data":["personal"],"from":["*"],"to":["CN"]}]}
    """

  @Test("a three-hub network on loopback")
  func threeHubs() async throws {
    let network = try await Network.start()
    defer { network.stop() }
    let ke = network.clients["KE"]!
    let th = network.clients["TH"]!
    let cn = network.clients["CN"]!

    // Participants: a seller at KE, a buyer at TH reading CII, a buyer at CN.
    let sellerToken = try await network.register(
      "KE", HubAPITests.registrationA)
    let thBuyerToken = try await network.register(
      "TH",
      """
      {"id":"\(Invoices.buyer)","name":"Siam Home Goods","jurisdiction":"TH",\
      "sizeClass":"small","sector":"G","womenOwned":false,"receiveSyntax":"cii"}
      """)
    _ = try await network.register(
      "CN",
      """
      {"id":"\(Self.cnBuyer)","name":"Hangzhou Weaving","jurisdiction":"CN",\
      "sizeClass":"small","sector":"G","womenOwned":true}
      """)
    // Directories younger than a second are not read again for a missing receiver.
    try await Task.sleep(for: .milliseconds(1_200))

    // 1. KE → TH: delivered in CII, minimised, receipts on both sides.
    let invoice = Invoices.ubl(number: "X-TH-1")
    let submitted = try await ke.request(
      "POST", "/v1/documents", token: sellerToken, contentType: "application/xml", body: invoice,
      headers: Self.consent)
    #expect(submitted.status == 201, "\(submitted.text)")
    let submission = try submitted.object()
    let delivery = try #require(submission["delivery"] as? [String: Any], "a delivery is queued")
    #expect(delivery["peer"] as? String == "TH")
    let deliveryID = try #require(delivery["id"] as? String)
    let delivered = try await network.waitForDelivery(deliveryID, at: "KE")
    #expect(delivered["status"] as? String == "delivered", "\(delivered)")
    let decision = try #require(delivered["decision"] as? [String: Any])
    #expect(decision["rules"] as? [String] == ["ke-trade-out", "ke-personal-th"])
    #expect(decision["minimised"] as? [String] == ["BG-8"])

    // The KE seller's own receipt verifies against KE's log.
    let keReceipt = try submitted.submissionReceipt()
    let keLog = try await network.logKey("KE")
    _ = try Receipt(parsing: keReceipt.proof).verify(
      document: invoice, logKey: keLog, origin: keLog.name)

    // TH's signed receipt, kept and logged by KE, verifies with TH's hub key, and its log
    // proof verifies against TH's log with the document TH stored.
    let remote = try #require(delivered["receipt"] as? [String: Any], "KE keeps TH's receipt")
    let content = try #require(remote["content"] as? String)
    let receiptBytes = try #require(Data(base64Encoded: content))
    let thKey = try VerificationKey.load(text: network.hubKeys["TH"]!)
    let thReceipt = try DeliveryReceipt.verified(
      Array(receiptBytes), signature: try #require(remote["signature"] as? String), key: thKey)
    // KE's log records TH's receipt: the entry at the delivery's index, proved from KE's
    // tiles under KE's signed checkpoint.
    let receiptIndex = UInt64(try #require(remote["logIndex"] as? Int, "KE logged the receipt"))
    let keCheckpoint = try VerifiedCheckpoint(
      parsing: try await ke.request("GET", "/log/checkpoint").text, origin: keLog.name,
      logKey: keLog
    ).checkpoint
    var keTiles = TileReader(
      storage: HTTPTileStorage(client: ke), treeSize: keCheckpoint.treeSize)
    let logged = try LogEntry(decoding: try await keTiles.entry(at: receiptIndex))
    #expect(logged.kind == .deliveryReceipt)
    #expect(logged.digest == Array(SHA256.hash(data: receiptBytes)))
    #expect(logged.jurisdiction == "TH")
    let inclusion = try await keTiles.inclusionProof(index: receiptIndex)
    try inclusion.verify(
      leafHash: MerkleHash.leaf(try logged.encoded()), root: keCheckpoint.rootHash)
    #expect(thReceipt.minimised == ["BG-8"], "TH's receipt says KE minimised the address")
    #expect(thReceipt.policyRules == ["th-from-ke", "th-personal-consent"], "consent reached TH")
    #expect(thReceipt.storedSyntax == "cii")
    let thDocument = try await th.request(
      "GET", "/v1/documents/\(thReceipt.documentID)?format=original", token: thBuyerToken)
    #expect(thDocument.status == 200, "\(thDocument.text)")
    #expect(thDocument.text.contains("CrossIndustryInvoice"), "the TH buyer reads CII")
    #expect(!thDocument.text.contains("Nimmanhaemin"), "KE minimised the buyer's address")
    #expect(thDocument.text.contains("X-TH-1"))
    let thLog = try await network.logKey("TH")
    let entry = try Receipt(parsing: thReceipt.logProof).verify(
      document: thDocument.body, logKey: thLog, origin: thLog.name)
    #expect(entry.receiver == Invoices.buyer)
    let inbox = try await th.request("GET", "/v1/inbox", token: thBuyerToken).object()
    #expect((inbox["documents"] as? [Any])?.count == 1)

    // 2. A forbidding rule at the sending hub: refused at submission, the rule named.
    let marketing = try await ke.request(
      "POST", "/v1/documents", token: sellerToken, contentType: "application/xml",
      body: Invoices.ubl(number: "X-TH-2"), headers: [("Caravan-Purpose", "dpv:Marketing")])
    #expect(marketing.status == 403, "\(marketing.text)")
    #expect(try marketing.object()["rules"] as? [String] == ["ke-no-marketing"])

    // 3. A forbidding rule at the receiving hub: the delivery is refused with the rule named.
    let toChina = try await ke.request(
      "POST", "/v1/documents", token: sellerToken, contentType: "application/xml",
      body: Self.invoice(number: "X-CN-1", buyer: Self.cnBuyer))
    #expect(toChina.status == 201, "\(toChina.text)")
    let chinaID = try #require(
      (try toChina.object()["delivery"] as? [String: Any])?["id"] as? String)
    let refused = try await network.waitForDelivery(chinaID, at: "KE")
    #expect(refused["status"] as? String == "refused")
    #expect((refused["reason"] as? String)?.contains("cn-no-personal-in") == true, "\(refused)")
    let cnInfo = try await cn.request("GET", "/health").object()
    #expect(cnInfo["treeSize"] as? Int == 1, "CN logged its policy and nothing else")

    // Without the buyer's consent, TH's policy has no rule for the personal data.
    let noConsent = try await ke.request(
      "POST", "/v1/documents", token: sellerToken, contentType: "application/xml",
      body: Invoices.ubl(number: "X-TH-3"))
    #expect(noConsent.status == 201, "\(noConsent.text)")
    let noConsentID = try #require(
      (try noConsent.object()["delivery"] as? [String: Any])?["id"] as? String)
    let unconsented = try await network.waitForDelivery(noConsentID, at: "KE")
    #expect(unconsented["status"] as? String == "refused")
    #expect(
      (unconsented["reason"] as? String)?.contains("no rule permits personal data from KE to TH")
        == true, "\(unconsented)")

    // 4. Hub-to-hub requests that TH must refuse.
    try await refusals(network)

    // 5. TH killed during a burst: every delivery arrives exactly once after the restart.
    let burst = (0..<24).map { "X-BURST-\($0)" }
    var ids: [String] = []
    try await withThrowingTaskGroup(of: String.self) { group in
      for number in burst {
        group.addTask {
          let answer = try await ke.request(
            "POST", "/v1/documents", token: sellerToken, contentType: "application/xml",
            body: Invoices.ubl(number: number), headers: Self.consent)
          #expect(answer.status == 201, "\(answer.text)")
          return try #require(
            (try answer.object()["delivery"] as? [String: Any])?["id"] as? String)
        }
        if number == burst[8] { try await network.kill("TH") }
      }
      for try await id in group { ids.append(id) }
    }
    try await Task.sleep(for: .seconds(2))
    try await network.restart("TH")
    for id in ids {
      let outcome = try await network.waitForDelivery(id, at: "KE", timeout: .seconds(90))
      #expect(outcome["status"] as? String == "delivered", "\(outcome)")
    }
    let after = try await network.clients["TH"]!.request(
      "GET", "/v1/inbox?limit=500", token: thBuyerToken
    ).object()
    let numbers = try #require(after["documents"] as? [[String: Any]]).compactMap {
      $0["invoiceNumber"] as? String
    }
    #expect(numbers.count == burst.count + 2, "one document per delivery: \(numbers.sorted())")
    #expect(Set(numbers) == Set(burst + ["X-TH-1", "X-REPLAY-1"]))
  }

  /// An unrecognised key, an unknown jurisdiction, a tampered envelope and a replayed request.
  func refusals(_ network: Network) async throws {
    let th = network.clients["TH"]!
    let keKey = try SigningKey.load(
      text: try String(
        contentsOf: network.directory.appendingPathComponent("KE/keys/document.pem"),
        encoding: .utf8)
    ).key
    func envelope(_ number: String) throws -> [UInt8] {
      let bytes = Invoices.ubl(number: number)
      let read = try InvoiceDocument.read(bytes)
      var envelope = Envelope(
        wrapping: bytes, invoice: read.invoice, syntax: read.syntax,
        sender: ParticipantIdentifier(Invoices.seller)!,
        receiver: ParticipantIdentifier(Invoices.buyer)!, from: "KE", to: "TH")
      envelope.dataFlow = DataFlow(consent: true)
      return try envelope.encoded()
    }
    func post(_ body: [UInt8], signedBy key: SigningKey, keyID: String, sentBody: [UInt8]? = nil)
      async throws -> (HTTPClient.Response, [(String, String)])
    {
      let url = try #require(URL(string: th.base + "/v1/exchange/deliveries"))
      var head = HTTPRequest(
        method: .post, scheme: "http", authority: "\(url.host!):\(url.port!)", path: url.path)
      head.headerFields[.contentType] = "application/json"
      try MessageSignature.sign(&head, body: body, key: key, keyID: keyID)
      let headers = head.headerFields.filter { $0.name != .contentType }.map {
        ($0.name.rawName, $0.value)
      }
      let answer = try await th.request(
        "POST", "/v1/exchange/deliveries", contentType: "application/json",
        body: sentBody ?? body, headers: headers)
      return (answer, headers)
    }

    // A hub whose key TH does not recognise, claiming to be KE.
    let rogue = SigningKey.ed25519(.init())
    let (forged, _) = try await post(try envelope("X-ROGUE-1"), signedBy: rogue, keyID: "KE")
    #expect(forged.status == 401, "\(forged.text)")
    #expect(forged.text.contains("does not verify with the key TH recognises for KE"))

    // A jurisdiction TH does not recognise at all.
    let (stranger, _) = try await post(try envelope("X-ROGUE-2"), signedBy: rogue, keyID: "FR")
    #expect(stranger.status == 403, "\(stranger.text)")
    #expect(stranger.text.contains("does not recognise a hub of jurisdiction"))

    // KE's real key, but the envelope altered after signing.
    let clean = try envelope("X-TAMPER-1")
    var tampered = clean
    if let at = tampered.firstIndex(of: UInt8(ascii: "Z")) { tampered[at] = UInt8(ascii: "Y") }
    let (altered, _) = try await post(clean, signedBy: keKey, keyID: "KE", sentBody: tampered)
    #expect(altered.status == 401, "\(altered.text)")
    #expect(altered.text.lowercased().contains("digest"), "\(altered.text)")

    // KE's real key and a good envelope, sent twice as the same request: the replay is refused.
    let good = try envelope("X-REPLAY-1")
    let (first, headers) = try await post(good, signedBy: keKey, keyID: "KE")
    #expect(first.status == 201, "\(first.text)")
    let replay = try await th.request(
      "POST", "/v1/exchange/deliveries", contentType: "application/json", body: good,
      headers: headers)
    #expect(replay.status == 401, "\(replay.text)")
    #expect(replay.text.contains("nonce"), "\(replay.text)")
  }

  /// The example invoice with another number and buyer electronic address.
  static func invoice(number: String, buyer: String) -> [UInt8] {
    let value = buyer.split(separator: ":").last.map(String.init) ?? buyer
    let text = String(decoding: Invoices.ubl(number: number), as: UTF8.self)
      .replacingOccurrences(
        of: "<cbc:EndpointID schemeID=\"0088\">8850000000018</cbc:EndpointID>",
        with: "<cbc:EndpointID schemeID=\"0088\">\(value)</cbc:EndpointID>")
    return Array(text.utf8)
  }
}

/// Three hubs as child processes, peers of each other.
final class Network: @unchecked Sendable {
  static let jurisdictions = ["CN", "KE", "TH"]

  let binary: String
  let directory: URL
  var ports: [String: Int] = [:]
  var hubKeys: [String: String] = [:]
  var processes: [String: HubProcess] = [:]
  var clients: [String: HTTPClient] = [:]
  var adminTokens: [String: String] = [:]

  private init(binary: String, directory: URL) {
    self.binary = binary
    self.directory = directory
  }

  static func start() async throws -> Network {
    let binary = try CaravanBinary.require()
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("caravan-network-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let network = Network(binary: binary, directory: directory)
    for code in jurisdictions {
      network.ports[code] = try freePort()
      network.hubKeys[code] = try run(
        binary,
        [
          "keys", "hub", "--data", directory.appendingPathComponent(code).path,
          "--jurisdiction", code,
        ])
    }
    let policies = [
      "CN": ExchangeTests.cnPolicy, "KE": ExchangeTests.kePolicy,
      "TH": ExchangeTests.thPolicy,
    ]
    for code in jurisdictions {
      let peers = jurisdictions.filter { $0 != code }.map { peer -> [String: Any] in
        [
          "jurisdiction": peer, "url": "http://127.0.0.1:\(network.ports[peer]!)",
          "key": network.hubKeys[peer]!, "documentTypes": ["*"],
        ]
      }
      try JSONSerialization.data(withJSONObject: ["peers": peers]).write(
        to: directory.appendingPathComponent("\(code).peers.json"))
      try Data(policies[code]!.utf8).write(
        to: directory.appendingPathComponent("\(code).policy.json"))
    }
    for code in jurisdictions {
      let process = try await network.launch(code, life: 1)
      network.adminTokens[code] = try #require(process.adminToken)
    }
    return network
  }

  func arguments(_ code: String) -> [String] {
    [
      "serve", "--data", directory.appendingPathComponent(code).path, "--port",
      String(ports[code]!), "--jurisdiction", code, "--log-level", "warning",
      "--peers", directory.appendingPathComponent("\(code).peers.json").path,
      "--policy", directory.appendingPathComponent("\(code).policy.json").path,
    ]
  }

  @discardableResult
  func launch(_ code: String, life: Int) async throws -> HubProcess {
    let process = try await HubProcess.start(
      binary: binary, arguments: arguments(code),
      log: directory.appendingPathComponent("\(code)-\(life).log"))
    processes[code] = process
    clients[code] = HTTPClient(base: process.url)
    return process
  }

  func kill(_ code: String) async throws {
    processes[code]?.killNow()
    await processes[code]?.waitForExit()
  }

  func restart(_ code: String) async throws {
    try await launch(code, life: 2)
  }

  func stop() {
    for process in processes.values { process.killNow() }
    try? FileManager.default.removeItem(at: directory)
  }

  /// Registers a participant; answers its token.
  func register(_ code: String, _ body: String) async throws -> String {
    let answer = try await clients[code]!.request(
      "POST", "/v1/participants", token: adminTokens[code], contentType: "application/json",
      body: Array(body.utf8))
    #expect(answer.status == 201, "\(answer.text)")
    return try #require(try answer.object()["token"] as? String)
  }

  func logKey(_ code: String) async throws -> NoteVerifierKey {
    let info = try await clients[code]!.request("GET", "/v1/hub").object()
    return try NoteVerifierKey(parsing: try #require(info["logKey"] as? String))
  }

  /// Polls a delivery at a hub until its status is final.
  func waitForDelivery(_ id: String, at code: String, timeout: Duration = .seconds(30))
    async throws -> [String: Any]
  {
    let deadline = ContinuousClock.now + timeout
    while true {
      let answer = try await clients[code]!.request(
        "GET", "/v1/deliveries/\(id)", token: adminTokens[code])
      let object = try answer.object()
      let status = object["status"] as? String ?? ""
      if ["delivered", "refused", "cancelled"].contains(status) || ContinuousClock.now > deadline {
        return object
      }
      try await Task.sleep(for: .milliseconds(100))
    }
  }

  /// A TCP port that was free a moment ago.
  static func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
    }
    guard bound == 0 else { throw HubProcess.Failure(description: "bind failed") }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Runs the binary to completion; answers its standard output.
  static func run(_ binary: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw HubProcess.Failure(description: "caravan \(arguments.joined(separator: " ")) failed")
    }
    return String(decoding: data, as: UTF8.self)
  }
}
