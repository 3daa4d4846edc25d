import CaravanLog
import CaravanTrust
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `kill -9` of a real `caravan serve` in the middle of a stream of submissions, on each store.
/// After a restart on the same data folder and database, every acknowledged receipt's document
/// is there, byte for byte, with an inclusion proof that verifies offline; the log is
/// consistent with every checkpoint handed out before the crash; and a repeat of an
/// acknowledged invoice is answered with its first receipt.
///
/// The binary is `CARAVAN_BINARY` (scripts/test sets it); without it the test is skipped,
/// except under `CI=true`, where it fails.
@Suite("Durability under kill -9", .serialized, .enabled(if: CaravanBinary.shouldRun))
struct DurabilityTests {
  static let submitters = 16

  @Test(
    "acknowledged receipts and served checkpoints survive SIGKILL", arguments: TestDatabases.kinds)
  func killNine(kind: TestHub.Kind) async throws {
    let binary = try CaravanBinary.require()
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("caravan-durability-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var arguments = [
      "serve", "--data", directory.appendingPathComponent("data").path, "--port", "0",
      "--log-level", "error",
    ]
    if kind == .postgres {
      arguments += ["--database", try await TestDatabases.freshPostgresDatabase()]
    }

    // First life: register the seller, then stream submissions and kill the server mid-stream.
    let first = try await HubProcess.start(
      binary: binary, arguments: arguments, log: directory.appendingPathComponent("first.log"))
    defer { first.killNow() }
    let adminToken = try #require(first.adminToken, "the first start prints the operator token")
    let before = HTTPClient(base: first.url)
    let registered = try await before.request(
      "POST", "/v1/participants", token: adminToken, contentType: "application/json",
      body: Array(HubAPITests.registrationA.utf8))
    #expect(registered.status == 201, "\(registered.text)")
    let sellerToken = try #require(
      try registered.object()["token"] as? String, "registration answers a token")

    let stream = SubmissionStream()
    let startedAt = ContinuousClock.now
    await withTaskGroup(of: Void.self) { group in
      for worker in 0..<Self.submitters {
        group.addTask {
          await Self.submit(worker: worker, through: before, token: sellerToken, into: stream)
        }
      }
      group.addTask { await Self.pollCheckpoints(through: before, into: stream) }
      group.addTask { await Self.killMidStream(first, after: stream, startedAt: startedAt) }
    }
    let outcome = stream.snapshot
    #expect(outcome.killedWithInFlight > 0, "the kill came while requests were in flight")
    #expect(outcome.acknowledged.count >= 8, "enough receipts before the kill")
    #expect(outcome.unexpected.isEmpty, "\(outcome.unexpected.prefix(5))")

    // Second life on the same data folder and database.
    let second = try await HubProcess.start(
      binary: binary, arguments: arguments, log: directory.appendingPathComponent("second.log"))
    defer { second.killNow() }
    #expect(second.adminToken == nil, "the operator token is printed on the first start only")
    let after = HTTPClient(base: second.url)
    let info = try await after.request("GET", "/v1/hub").object()
    let logKey = try NoteVerifierKey(parsing: try #require(info["logKey"] as? String))
    let checkpointText = try await after.request("GET", "/log/checkpoint").text
    let current = try VerifiedCheckpoint(
      parsing: checkpointText, origin: logKey.name, logKey: logKey
    ).checkpoint
    #expect(current.treeSize >= UInt64(outcome.acknowledged.count))

    // Every acknowledged receipt: the document, byte for byte, and its inclusion proof.
    for ack in outcome.acknowledged {
      let stored = try await after.request(
        "GET", "/v1/documents/\(ack.receipt.documentId)?format=original", token: sellerToken)
      #expect(stored.status == 200, "\(ack.number): \(stored.text)")
      #expect(stored.body == ack.bytes, "\(ack.number) comes back byte for byte")
      let receipt = try Receipt(parsing: ack.receipt.proof)
      let entry = try receipt.verify(document: ack.bytes, logKey: logKey, origin: logKey.name)
      #expect(entry.sender == Invoices.seller)
      #expect(receipt.index < current.treeSize)
    }

    // Every checkpoint handed out before the crash: signed by the log, no larger than the
    // restarted log, and consistent with it, proved from the tiles served over HTTP.
    var old: [String] = outcome.polledCheckpoints
    old += outcome.acknowledged.map(\.receipt.checkpoint)
    let distinct = Set(old)
    #expect(distinct.count > 1, "checkpoints of several sizes were handed out")
    let tiles = HTTPTileStorage(client: after)
    var reader = TileReader(storage: tiles, treeSize: current.treeSize)
    #expect(try await reader.rootHash() == current.rootHash, "the tiles match the checkpoint")
    for text in distinct {
      let earlier = try VerifiedCheckpoint(
        parsing: text, origin: logKey.name, logKey: logKey
      ).checkpoint
      guard earlier.treeSize <= current.treeSize else {
        let why =
          "a checkpoint of size \(earlier.treeSize) was handed out before the crash, "
          + "but the log restarted at size \(current.treeSize)"
        Issue.record(Comment(rawValue: why))
        continue
      }
      guard earlier.treeSize > 0 else {
        #expect(earlier.rootHash == MerkleHash.emptyTree)
        continue
      }
      let proof = try await reader.consistencyProof(from: earlier.treeSize)
      #expect(proof.newSize == current.treeSize)
      #expect(throws: Never.self, "consistent with the checkpoint of size \(earlier.treeSize)") {
        try proof.verify(oldRoot: earlier.rootHash, newRoot: current.rootHash)
      }
    }

    // Idempotency survives the crash: an acknowledged invoice again gets its first receipt.
    for ack in outcome.acknowledged.prefix(3) {
      let again = try await after.request(
        "POST", "/v1/documents", token: sellerToken, contentType: "application/xml",
        body: ack.bytes)
      #expect(again.status == 200, "\(ack.number): \(again.text)")
      let receipt = try again.submissionReceipt()
      #expect(receipt.documentId == ack.receipt.documentId)
      #expect(receipt.proof == ack.receipt.proof)
    }

    // Submissions without an answer may have been stored or lost; either way a retry now
    // settles them, once.
    var committedUnanswered = 0
    for number in outcome.unanswered {
      let retry = try await after.request(
        "POST", "/v1/documents", token: sellerToken, contentType: "application/xml",
        body: Invoices.ubl(number: number))
      #expect(retry.status == 200 || retry.status == 201, "\(number): \(retry.text)")
      if retry.status == 200 { committedUnanswered += 1 }
    }
    print(
      "durability (\(kind.rawValue)): \(outcome.acknowledged.count) acknowledged before the kill, "
        + "\(outcome.unanswered.count) in flight without an answer "
        + "(\(committedUnanswered) had been committed, "
        + "\(outcome.unanswered.count - committedUnanswered) lost), "
        + "\(distinct.count) checkpoints checked, tree size \(current.treeSize) after restart")
  }

  /// One submitter: distinct invoices, one after another, until the server is killed.
  static func submit(
    worker: Int, through client: HTTPClient, token: String, into stream: SubmissionStream
  ) async {
    var n = 0
    while !stream.isKilling {
      let number = "KB-DUR-\(worker)-\(n)"
      n += 1
      let bytes = Invoices.ubl(number: number)
      stream.started(number)
      do {
        let response = try await client.request(
          "POST", "/v1/documents", token: token, contentType: "application/xml", body: bytes)
        if response.status == 201 {
          stream.acknowledged(number, bytes: bytes, receipt: try response.submissionReceipt())
        } else {
          stream.refused(number, "HTTP \(response.status): \(response.text.prefix(300))")
        }
      } catch {
        // Once the kill is under way, a failed request is one whose answer was lost.
        if !stream.isKilling { stream.refused(number, "\(error)") }
        return
      }
    }
  }

  /// Reads `/log/checkpoint` over and over, as a monitor of the log would.
  static func pollCheckpoints(through client: HTTPClient, into stream: SubmissionStream) async {
    while !stream.isKilling {
      if let response = try? await client.request("GET", "/log/checkpoint"),
        response.status == 200, !stream.isKilling
      {
        stream.polled(response.text)
      }
      try? await Task.sleep(for: .milliseconds(40))
    }
  }

  /// Kills the server once some receipts are out and the stream has run a little longer.
  static func killMidStream(
    _ server: HubProcess, after stream: SubmissionStream, startedAt: ContinuousClock.Instant
  )
    async
  {
    let clock = ContinuousClock()
    let giveUp = startedAt + .seconds(45)
    while stream.acknowledgedCount < 8, clock.now < giveUp, stream.unexpectedCount == 0 {
      try? await Task.sleep(for: .milliseconds(10))
    }
    let firstReceipts = clock.now
    while stream.acknowledgedCount < 200, clock.now < firstReceipts + .milliseconds(1500),
      stream.unexpectedCount == 0
    {
      try? await Task.sleep(for: .milliseconds(10))
    }
    stream.beginKill()
    server.killNow()
    await server.waitForExit()
  }
}

// MARK: The stream's record

/// A receipt as the API answers a submission (the fields this test reads).
struct ReceiptFields: Decodable, Sendable {
  var documentId: String
  var proof: String
  var checkpoint: String
}

/// What the submitters and the poller saw before the kill.
final class SubmissionStream: Sendable {
  struct Acknowledged: Sendable {
    var number: String
    var bytes: [UInt8]
    var receipt: ReceiptFields
  }

  struct State: Sendable {
    var killing = false
    var inFlight: Set<String> = []
    var killedWithInFlight = 0
    var acknowledged: [Acknowledged] = []
    var unexpected: [String] = []
    var polledCheckpoints: [String] = []

    var unanswered: [String] { inFlight.sorted() }
  }

  private let state = Mutex(State())

  var isKilling: Bool { state.withLock { $0.killing } }
  var acknowledgedCount: Int { state.withLock { $0.acknowledged.count } }
  var unexpectedCount: Int { state.withLock { $0.unexpected.count } }
  var snapshot: State { state.withLock { $0 } }

  func started(_ number: String) {
    state.withLock { _ = $0.inFlight.insert(number) }
  }

  func acknowledged(_ number: String, bytes: [UInt8], receipt: ReceiptFields) {
    state.withLock {
      $0.inFlight.remove(number)
      $0.acknowledged.append(Acknowledged(number: number, bytes: bytes, receipt: receipt))
    }
  }

  func refused(_ number: String, _ why: String) {
    state.withLock {
      $0.inFlight.remove(number)
      $0.unexpected.append("\(number): \(why)")
    }
  }

  func polled(_ checkpoint: String) {
    state.withLock { $0.polledCheckpoints.append(checkpoint) }
  }

  func beginKill() {
    state.withLock {
      $0.killing = true
      $0.killedWithInFlight = $0.inFlight.count
    }
  }
}

// MARK: The server as a child process

enum CaravanBinary {
  static var path: String? {
    guard let path = ProcessInfo.processInfo.environment["CARAVAN_BINARY"], !path.isEmpty else {
      return nil
    }
    return path
  }

  static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  /// Run when the binary is named, and under CI always (where a missing binary fails).
  static var shouldRun: Bool { path != nil || isCI }

  static func require() throws -> String {
    guard let path else {
      Issue.record("CARAVAN_BINARY is not set: the durability test runs the real binary")
      throw CancellationError()
    }
    guard FileManager.default.isExecutableFile(atPath: path) else {
      Issue.record("CARAVAN_BINARY \(path) is not an executable file")
      throw CancellationError()
    }
    return path
  }
}

/// A `caravan serve` child process, its URL read from its standard output.
final class HubProcess: Sendable {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let pid: Int32
  let url: String
  /// Kept so that Foundation reaps the child when it exits.
  private let process: Mutex<Process>
  /// The operator token, printed on the first start only.
  let adminToken: String?
  private let output: Output

  final class Output: Sendable {
    private let text = Mutex("")
    var value: String { text.withLock { $0 } }
    func append(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
  }

  private init(process: Process, url: String, adminToken: String?, output: Output) {
    self.pid = process.processIdentifier
    self.process = Mutex(process)
    self.url = url
    self.adminToken = adminToken
    self.output = output
  }

  static func start(binary: String, arguments: [String], log: URL) async throws -> HubProcess {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: log)
    let output = Output()
    pipe.fileHandleForReading.readabilityHandler = { handle in
      let data = handle.availableData
      if data.isEmpty {
        handle.readabilityHandler = nil
      } else {
        output.append(data)
      }
    }
    try process.run()
    let pid = process.processIdentifier
    let deadline = ContinuousClock.now + .seconds(60)
    while true {
      let lines = output.value.split(separator: "\n")
      if let listening = lines.first(where: { $0.hasPrefix("listening on ") }) {
        let token = lines.first { $0.hasPrefix("operator token") }?
          .split(separator: " ").last.map(String.init)
        return HubProcess(
          process: process, url: String(listening.dropFirst("listening on ".count)),
          adminToken: token, output: output)
      }
      if !process.isRunning || ContinuousClock.now > deadline {
        kill(pid, SIGKILL)
        let errors = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw Failure(
          description: "caravan serve did not start: \(output.value) \(errors.suffix(2000))")
      }
      try await Task.sleep(for: .milliseconds(20))
    }
  }

  /// SIGKILL, no questions asked (a no-op once the process is gone).
  func killNow() {
    _ = kill(pid, SIGKILL)
  }

  /// Waits until the process is gone (reaped by Foundation's `Process`).
  func waitForExit() async {
    let deadline = ContinuousClock.now + .seconds(10)
    while kill(pid, 0) == 0, ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(10))
    }
  }
}

// MARK: HTTP

/// A small HTTP client over URLSession for the child process's API.
struct HTTPClient: Sendable {
  struct Response: Sendable {
    var status: Int
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func object() throws -> [String: Any] {
      let object = try JSONSerialization.jsonObject(with: Data(body))
      return try #require(object as? [String: Any], "not a JSON object: \(text.prefix(300))")
    }

    func submissionReceipt() throws -> ReceiptFields {
      struct Submission: Decodable { var receipt: ReceiptFields }
      return try JSONDecoder().decode(Submission.self, from: Data(body)).receipt
    }
  }

  let base: String
  let session: URLSession

  init(base: String) {
    self.base = base
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = 32
    configuration.timeoutIntervalForRequest = 30
    session = URLSession(configuration: configuration)
  }

  func request(
    _ method: String, _ path: String, token: String? = nil, contentType: String? = nil,
    body: [UInt8]? = nil, headers: [(String, String)] = []
  ) async throws -> Response {
    var request = URLRequest(url: try #require(URL(string: base + path)))
    request.httpMethod = method
    for (name, value) in headers { request.addValue(value, forHTTPHeaderField: name) }
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
    if let body { request.httpBody = Data(body) }
    let (data, response) = try await session.data(for: request)
    let status = try #require(response as? HTTPURLResponse).statusCode
    return Response(status: status, body: Array(data))
  }
}

/// The log's tiles as served over HTTP under `/log/`: read-only.
struct HTTPTileStorage: TileStorage {
  struct ReadOnly: Error {}

  let client: HTTPClient

  func read(_ resource: LogResource) async throws -> [UInt8]? {
    let response = try await client.request("GET", "/log/" + resource.path)
    switch response.status {
    case 200: return response.body
    case 404: return nil
    default:
      throw HubProcess.Failure(description: "GET /log/\(resource.path): HTTP \(response.status)")
    }
  }

  func write(_ batch: [(LogResource, [UInt8])]) async throws { throw ReadOnly() }

  func removePartials(of full: LogResource) async throws { throw ReadOnly() }
}
