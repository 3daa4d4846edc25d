import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// Hub-to-hub delivery between two hubs on loopback (`scripts/bench-exchange` runs it):
///
///   CaravanHubBenchmarks exchange --caravan PATH [--count 3000] [--connections 32]
///       [--warmup 300] [--rate 0] [--poll-ms 20] [--timeout 300] [--invoice FILE]
///
/// Two `caravan serve` processes (KE and TH, each with its keys, peers file, corridor policy
/// and SQLite store, `--log-level warning`) on free loopback ports. A seller registered at KE
/// submits `count` distinct invoices whose buyer is registered at TH (reading CII), from
/// `connections` concurrent clients (as fast as answers come, or at `rate` a second). Each
/// invoice is timed from the moment its submission is sent until the seller's outbox at KE
/// shows it `delivered`: KE's courier sent the envelope to TH, TH validated, converted, logged
/// and stored it and answered a signed receipt, and KE logged the receipt (the document's
/// status changes in the same commit as the delivery's). The outbox is polled every
/// `poll-ms`; the time taken is the answer of the first poll that shows it delivered (an
/// upper bound, late by up to one poll); the lower bound is the send of the last poll that
/// showed it not yet delivered. The API's times are whole seconds, so they are not used.
enum ExchangeBench {
  static let seller = "0088:6164000000011"
  static let buyer = "0088:8850000000018"

  static let kePolicy = """
    {"jurisdiction":"KE","version":1,"rules":[
     {"id":"ke-trade-th","effect":"permit","data":["commercial"],"from":["KE"],"to":["TH"]},
     {"id":"ke-personal-th","effect":"permit","data":["personal"],"from":["KE"],"to":["TH"]}]}
    """
  static let thPolicy = """
    {"jurisdiction":"TH","version":1,"rules":[
     {"id":"th-from-ke","effect":"permit","data":["commercial","personal"],"from":["KE"],"to":["TH"]}]}
    """

  struct Settings {
    var caravan: String
    var count: Int
    var connections: Int
    var warmup: Int
    var rate: Int
    var pollInterval: Double
    var timeout: Double
    var template: InvoiceTemplate
    var dates: [String]
  }

  static func run(_ options: Options) async throws {
    guard let caravan = options.string("caravan") else {
      throw UsageError(description: "exchange needs --caravan PATH (a release caravan binary)")
    }
    guard FileManager.default.isExecutableFile(atPath: caravan) else {
      throw UsageError(description: "--caravan \(caravan) is not an executable file")
    }
    let count = try options.int("count", default: 3_000)
    let connections = try options.int("connections", default: 32)
    let warmup = try options.int("warmup", default: 300)
    let rate = try options.int("rate", default: 0)
    let pollMilliseconds = try options.int("poll-ms", default: 20)
    let timeout = try options.int("timeout", default: 300)
    guard (1...20_000).contains(count) else {
      throw UsageError(description: "--count must be 1 to 20,000")
    }
    guard (1...256).contains(connections) else {
      throw UsageError(description: "--connections must be 1 to 256")
    }
    guard warmup <= 2_000, rate <= 5_000, (5...1_000).contains(pollMilliseconds),
      (10...900).contains(timeout)
    else {
      throw UsageError(
        description:
          "--warmup is at most 2,000, --rate at most 5,000 a second, --poll-ms 5 to 1,000, "
          + "--timeout 10 to 900 s")
    }
    let invoice = URL(
      fileURLWithPath: options.string("invoice", default: "examples/kiondo-baskets-ubl.xml"))
    let settings = Settings(
      caravan: caravan, count: count, connections: connections, warmup: warmup, rate: rate,
      pollInterval: Double(pollMilliseconds) / 1000, timeout: Double(timeout),
      template: try InvoiceTemplate(contentsOf: invoice),
      dates: InvoiceTemplate.issueDates(count: 320))

    let client = HTTPClient(
      eventLoopGroupProvider: .singleton,
      configuration: HTTPClient.Configuration(
        timeout: .init(connect: .seconds(10), read: .seconds(60)),
        connectionPool: .init(
          idleTimeout: .seconds(60),
          concurrentHTTP1ConnectionsPerHostSoftLimit: connections + 8)))
    let network = Network(caravan: caravan)
    Network.installSignalHandlers()
    do {
      try await network.start(client: client)
      try await measure(network, settings)
    } catch {
      network.stop()
      try? await client.shutdown()
      throw error
    }
    network.stop()
    try await client.shutdown()
  }

  // MARK: The run

  static func measure(_ network: Network, _ settings: Settings) async throws {
    let ke = network.api["KE"]!
    let th = network.api["TH"]!
    let sellerToken = try await network.register(
      "KE",
      """
      {"id":"\(seller)","name":"Kiondo Baskets Ltd","jurisdiction":"KE",\
      "sizeClass":"micro","sector":"C","womenOwned":true}
      """)
    let buyerToken = try await network.register(
      "TH",
      """
      {"id":"\(buyer)","name":"Siam Home Goods","jurisdiction":"TH",\
      "sizeClass":"small","sector":"G","womenOwned":false,"receiveSyntax":"cii"}
      """)
    // A directory younger than a second is not read again for a missing receiver.
    try await Task.sleep(for: .milliseconds(1_200))

    // The first submission whose answer names a delivery: KE has TH's directory with the buyer.
    var probe = 0
    while true {
      let body = settings.template.invoice(
        number: "XP-\(probe)", issueDate: settings.dates[0], seller: gln(seller),
        buyer: gln(buyer))
      let answer = try await ke.post("/v1/documents", token: sellerToken, body: body)
      guard answer.status == 201 else {
        throw UsageError(
          description: "KE refused the first submission (\(answer.status)): \(answer.text)")
      }
      if (try? JSONDecoder().decode(Submitted.self, from: Data(answer.body)))?.delivery != nil {
        break
      }
      probe += 1
      guard probe < 20 else {
        throw UsageError(description: "KE does not route the buyer to TH: \(answer.text)")
      }
      try await Task.sleep(for: .milliseconds(500))
    }

    if settings.warmup > 0 {
      let tracker = Tracker(prefix: "XW-", count: settings.warmup)
      var warm = settings
      warm.count = settings.warmup
      warm.rate = 0
      let outcome = try await phase(ke, sellerToken, warm, tracker, deadline: now() + 120)
      let delivered = tracker.items().filter { !$0.deliveredUpper.isNaN }.count
      note("warm-up: \(delivered) of \(settings.warmup) delivered, \(outcome.polls) polls")
      try await Task.sleep(for: .milliseconds(500))
    }

    let pids = [network.pid("KE"), network.pid("TH")]
    let cpuBefore = pids.map(cpuSeconds) + [cpuSeconds(getpid())]
    let ioBefore = pids.map(ioCounters)
    let switchesBefore = pids.map(contextSwitches)
    let tracker = Tracker(prefix: "XB-", count: settings.count)
    let outcome = try await phase(
      ke, sellerToken, settings, tracker, deadline: now() + settings.timeout)
    let cpuAfter = pids.map(cpuSeconds) + [cpuSeconds(getpid())]
    let ioAfter = pids.map(ioCounters)
    let switchesAfter = pids.map(contextSwitches)
    let items = tracker.items()

    // Every delivery, as KE and TH record them.
    let deliveries = try await network.deliveries("KE")
    let inbox = try await listing(th, "/v1/inbox", token: buyerToken)
      .filter { $0.invoiceNumber.hasPrefix("XB-") }

    // Figures.
    let delivered = items.filter { !$0.deliveredUpper.isNaN }
    let notCreated = items.filter { $0.status != 201 }.count
    let noDelivery = items.filter { $0.status == 201 && !$0.delivery }.count
    let refused = items.filter(\.refused).count
    let undelivered =
      items.filter { $0.status == 201 && $0.delivery && !$0.refused }.count
      - delivered.count
    let first = items.map(\.sent).filter { !$0.isNaN }.min() ?? 0
    let last = delivered.map(\.deliveredUpper).max() ?? first
    let lastAnswer = items.map(\.answered).filter { !$0.isNaN }.max() ?? first
    let mode = settings.rate > 0 ? "rate=\(settings.rate)/s" : "rate=closed-loop"
    let run = "count=\(settings.count) connections=\(settings.connections) \(mode)"
    let seconds = last - first
    report(
      "exchange_deliveries_per_s", seconds > 0 ? Double(delivered.count) / seconds : 0,
      "deliveries/s",
      "delivered=\(delivered.count) seconds=\(String(format: "%.2f", seconds)) \(run)")
    report(
      "exchange_submissions_per_s",
      Double(settings.count - notCreated) / max(lastAnswer - first, 1e-9), "submissions/s",
      "answered_201=\(settings.count - notCreated) \(run)")
    let upper = delivered.map { ($0.deliveredUpper - $0.sent) * 1000 }.sorted()
    let lower = delivered.map { ($0.deliveredLower - $0.sent) * 1000 }.sorted()
    let definition =
      "definition=submission-sent-to-KE-outbox-shows-delivered poll_ms=\(Int(settings.pollInterval * 1000))"
    for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0)] {
      report("exchange_latency_\(name)", percentile(upper, q), "ms", definition)
    }
    for (name, q) in [("p50", 0.5), ("p99", 0.99)] {
      report(
        "exchange_latency_lower_\(name)", percentile(lower, q), "ms",
        "definition=submission-sent-to-last-poll-showing-undelivered")
    }
    let submit = items.filter { !$0.answered.isNaN }.map { ($0.answered - $0.sent) * 1000 }
      .sorted()
    for (name, q) in [("p50", 0.5), ("p99", 0.99)] {
      report(
        "exchange_submit_\(name)", percentile(submit, q), "ms",
        "definition=POST-/v1/documents-sent-to-answered")
    }
    let documentIDs = tracker.documentIDs()
    let measured = deliveries.filter { documentIDs.contains($0.documentId) }
    let retried = measured.filter { $0.attempts > 1 }.count
    report(
      "exchange_failed", Double(notCreated + noDelivery + refused + undelivered), "count",
      "not_201=\(notCreated) without_delivery=\(noDelivery) refused=\(refused) "
        + "undelivered_in_time=\(undelivered) retried=\(retried) "
        + "first_error=\(tracker.firstError().debugDescription)")
    let names = ["ke", "th", "client"]
    for (i, name) in names.enumerated() {
      report(
        "exchange_cpu_\(name)",
        (cpuAfter[i] - cpuBefore[i]) * 1000 / Double(max(1, delivered.count)),
        "ms/delivery",
        "cpu_s=\(String(format: "%.2f", cpuAfter[i] - cpuBefore[i])) clock=proc-utime+stime")
    }
    for (i, name) in names.prefix(2).enumerated() {
      let per = { (key: String) in
        (ioAfter[i][key, default: .nan] - ioBefore[i][key, default: .nan])
          / Double(max(1, delivered.count))
      }
      report(
        "exchange_syscalls_\(name)", per("syscr") + per("syscw"), "read+write syscalls/delivery",
        "reads=\(String(format: "%.1f", per("syscr"))) writes=\(String(format: "%.1f", per("syscw"))) "
          + "read_kib=\(String(format: "%.1f", per("rchar") / 1024)) "
          + "written_kib=\(String(format: "%.1f", per("wchar") / 1024)) source=/proc/PID/io")
      report(
        "exchange_context_switches_\(name)",
        (switchesAfter[i] - switchesBefore[i]) / Double(max(1, delivered.count)),
        "switches/delivery", "threads=all source=/proc/PID/task/*/status")
    }
    report(
      "exchange_polls", Double(outcome.polls), "polls",
      "pages=\(outcome.pages) rows=\(outcome.rows) of=KE-/v1/outbox")
    let statuses = Dictionary(grouping: measured, by: \.status).mapValues(\.count)
      .sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
    report(
      "exchange_check", Double(inbox.count), "documents",
      "th_inbox_measured=\(inbox.count) th_inbox_cii=\(inbox.filter { $0.syntax == "cii" }.count) "
        + "th_inbox_distinct=\(Set(inbox.map(\.invoiceNumber)).count) "
        + "ke_deliveries_all=\(deliveries.count) ke_deliveries_measured=\(measured.count) "
        + "ke_measured_statuses=\(statuses)")
  }

  /// The GLN of a `0088:` participant identifier.
  static func gln(_ id: String) -> String { String(id.dropFirst(5)) }

  struct Outcome {
    var polls = 0
    var pages = 0
    var rows = 0
  }

  /// Submits the tracker's invoices while watching the seller's outbox until each is
  /// delivered, refused or failed, or the deadline passes.
  static func phase(
    _ ke: API, _ token: String, _ settings: Settings, _ tracker: Tracker, deadline: Double
  ) async throws -> Outcome {
    async let submitted: Void = submitAll(ke, token, settings, tracker)
    let outcome = try await watch(ke, token, settings, tracker, deadline: deadline)
    try await submitted
    return outcome
  }

  static func submitAll(_ ke: API, _ token: String, _ settings: Settings, _ tracker: Tracker)
    async throws
  {
    let start = now()
    let seller = gln(Self.seller)
    let buyer = gln(Self.buyer)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<min(settings.connections, settings.count) {
        group.addTask {
          while let i = tracker.take() {
            if settings.rate > 0 {
              let wait = start + Double(i) / Double(settings.rate) - now()
              if wait > 0 { try await Task.sleep(for: .microseconds(Int(wait * 1e6))) }
            }
            let body = settings.template.invoice(
              number: tracker.number(i), issueDate: settings.dates[i % settings.dates.count],
              seller: seller, buyer: buyer)
            tracker.sent(i, at: now())
            do {
              let answer = try await ke.post("/v1/documents", token: token, body: body)
              let time = now()
              let submitted =
                answer.status == 201
                ? try? JSONDecoder().decode(Submitted.self, from: Data(answer.body)) : nil
              tracker.answered(
                i, at: time, status: answer.status, delivery: submitted?.delivery != nil,
                documentID: submitted?.receipt?.documentId,
                error: submitted?.delivery != nil ? nil : "\(answer.status) \(answer.text)")
            } catch {
              tracker.answered(
                i, at: now(), status: 0, delivery: false, documentID: nil, error: "\(error)")
            }
          }
        }
      }
      try await group.waitForAll()
    }
  }

  /// Polls the seller's outbox at KE, newest first, every `pollInterval`: each poll reads
  /// pages until it has seen every submission answered before it began and not yet delivered.
  static func watch(
    _ ke: API, _ token: String, _ settings: Settings, _ tracker: Tracker, deadline: Double
  ) async throws -> Outcome {
    var outcome = Outcome()
    while true {
      let cycle = now()
      if tracker.allResolved() || cycle > deadline { break }
      var wanted = tracker.outstanding(answeredBefore: cycle)
      var limit = min(500, max(20, wanted.count + tracker.inFlight() + 16))
      var cursor: String?
      repeat {
        let sent = now()
        let answer = try await ke.get(
          "/v1/outbox?limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
        let received = now()
        guard answer.status == 200 else {
          throw UsageError(description: "KE's outbox answered \(answer.status): \(answer.text)")
        }
        let page = try JSONDecoder().decode(Page.self, from: Data(answer.body))
        outcome.pages += 1
        outcome.rows += page.documents.count
        wanted.subtract(tracker.observe(page.documents, sent: sent, received: received))
        cursor = page.next
        limit = 500
      } while !wanted.isEmpty && cursor != nil && now() < deadline
      outcome.polls += 1
      let wait = cycle + settings.pollInterval - now()
      if wait > 0 { try await Task.sleep(for: .microseconds(Int(wait * 1e6))) }
    }
    return outcome
  }

  /// Every entry of a participant's listing (inbox or outbox), page by page.
  static func listing(_ api: API, _ path: String, token: String) async throws -> [Page.Document] {
    var all: [Page.Document] = []
    var cursor: String?
    repeat {
      let answer = try await api.get(
        path + "?limit=500" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
      guard answer.status == 200 else {
        throw UsageError(description: "\(path) answered \(answer.status): \(answer.text)")
      }
      let page = try JSONDecoder().decode(Page.self, from: Data(answer.body))
      all += page.documents
      cursor = page.next
    } while cursor != nil
    return all
  }

  /// Nearest-rank percentile of sorted values.
  static func percentile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((q * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
  }

  static func note(_ text: String) {
    FileHandle.standardError.write(Data("exchange: \(text)\n".utf8))
  }

  /// User and system CPU seconds of a process, from /proc.
  static func cpuSeconds(_ pid: Int32) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = text.lastIndex(of: ")")
    else { return .nan }
    let fields = text[text.index(after: close)...].split(separator: " ")
    // After the command: state (3), ..., utime (14), stime (15).
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12])
    else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// The I/O counters of a process (`rchar`, `wchar`, `syscr`, `syscw`, …), from /proc: the
  /// read and write system calls it made (files and sockets alike) and the bytes they moved.
  static func ioCounters(_ pid: Int32) -> [String: Double] {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else {
      return [:]
    }
    var counters: [String: Double] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: ":")
      if parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) {
        counters[String(parts[0])] = value
      }
    }
    return counters
  }

  /// The context switches (voluntary and not) of all the threads of a process so far, from
  /// /proc: each is a thread that blocked or was preempted, and handed its core to another.
  static func contextSwitches(_ pid: Int32) -> Double {
    let tasks = "/proc/\(pid)/task"
    guard let threads = try? FileManager.default.contentsOfDirectory(atPath: tasks) else {
      return .nan
    }
    var total = 0.0
    for thread in threads {
      guard
        let text = try? String(contentsOfFile: "\(tasks)/\(thread)/status", encoding: .utf8)
      else { continue }
      for line in text.split(separator: "\n") {
        let parts = line.split(separator: ":")
        if parts.count == 2, parts[0].hasSuffix("ctxt_switches"),
          let value = Double(parts[1].trimmingCharacters(in: .whitespaces))
        {
          total += value
        }
      }
    }
    return total
  }

  // MARK: JSON

  struct Submitted: Decodable {
    struct Delivery: Decodable { var id: String }
    struct Receipt: Decodable { var documentId: String }
    var delivery: Delivery?
    var receipt: Receipt?
  }

  struct Page: Decodable {
    struct Document: Decodable {
      var id: String
      var invoiceNumber: String
      var status: String
      var syntax: String
    }
    var documents: [Document]
    var next: String?
  }

  struct DeliveryRow: Decodable {
    var id: String
    var documentId: String
    var status: String
    var attempts: Int
  }

  struct DeliveryPage: Decodable {
    var deliveries: [DeliveryRow]
    var next: String?
  }
}

// MARK: Per-invoice records

extension ExchangeBench {
  struct Item: Sendable {
    var sent = Double.nan
    var answered = Double.nan
    var status = -1
    var delivery = false
    var documentID: String?
    var deliveredUpper = Double.nan
    var deliveredLower = Double.nan
    var lastUndelivered = Double.nan
    var refused = false

    var resolved: Bool {
      !answered.isNaN && (status != 201 || !delivery || refused || !deliveredUpper.isNaN)
    }
  }

  /// What happened to each invoice of a phase, shared by the clients and the watcher.
  final class Tracker: Sendable {
    struct State {
      var items: [Item]
      var next = 0
      var firstError: String?
    }

    let prefix: String
    let count: Int
    private let state: Mutex<State>

    init(prefix: String, count: Int) {
      self.prefix = prefix
      self.count = count
      state = Mutex(State(items: Array(repeating: Item(), count: count)))
    }

    func number(_ i: Int) -> String { prefix + String(i) }

    func take() -> Int? {
      state.withLock { state in
        guard state.next < count else { return nil }
        defer { state.next += 1 }
        return state.next
      }
    }

    func sent(_ i: Int, at time: Double) { state.withLock { $0.items[i].sent = time } }

    func answered(
      _ i: Int, at time: Double, status: Int, delivery: Bool, documentID: String?, error: String?
    ) {
      state.withLock { state in
        state.items[i].answered = time
        state.items[i].status = status
        state.items[i].delivery = delivery
        state.items[i].documentID = documentID
        if let error, state.firstError == nil { state.firstError = String(error.prefix(300)) }
      }
    }

    func items() -> [Item] { state.withLock { $0.items } }

    func firstError() -> String { state.withLock { $0.firstError ?? "" } }

    func documentIDs() -> Set<String> {
      state.withLock { Set($0.items.compactMap(\.documentID)) }
    }

    func allResolved() -> Bool { state.withLock { $0.items.allSatisfy(\.resolved) } }

    /// Submissions sent and not answered yet.
    func inFlight() -> Int {
      state.withLock { $0.items.filter { !$0.sent.isNaN && $0.answered.isNaN }.count }
    }

    /// Those answered (201, with a delivery) before `time` and not yet seen delivered.
    func outstanding(answeredBefore time: Double) -> Set<Int> {
      state.withLock { state in
        var set = Set<Int>()
        for (i, item) in state.items.enumerated()
        where item.answered < time && !item.resolved {
          set.insert(i)
        }
        return set
      }
    }

    /// Records what one page of the outbox shows; answers the invoices it lists.
    func observe(_ documents: [Page.Document], sent: Double, received: Double) -> Set<Int> {
      state.withLock { state in
        var seen = Set<Int>()
        for document in documents where document.invoiceNumber.hasPrefix(prefix) {
          guard let i = Int(document.invoiceNumber.dropFirst(prefix.count)), i < count else {
            continue
          }
          seen.insert(i)
          switch document.status {
          case "delivered":
            if state.items[i].deliveredUpper.isNaN {
              state.items[i].deliveredUpper = received
              let last = state.items[i].lastUndelivered
              state.items[i].deliveredLower = last.isNaN ? state.items[i].sent : last
            }
          case "refused":
            state.items[i].refused = true
          default:
            state.items[i].lastUndelivered = sent
          }
        }
        return seen
      }
    }
  }
}

// MARK: The two hubs

extension ExchangeBench {
  /// A hub's API over AsyncHTTPClient.
  struct API: Sendable {
    struct Answer {
      var status: Int
      var body: [UInt8]
      var text: String { String(decoding: body.prefix(500), as: UTF8.self) }
    }

    let client: HTTPClient
    let base: String

    func get(_ path: String, token: String?) async throws -> Answer {
      var request = HTTPClientRequest(url: base + path)
      if let token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
      return try await execute(request)
    }

    func post(
      _ path: String, token: String?, contentType: String = "application/xml", body: [UInt8]
    ) async throws -> Answer {
      var request = HTTPClientRequest(url: base + path)
      request.method = .POST
      if let token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
      request.headers.add(name: "Content-Type", value: contentType)
      request.body = .bytes(ByteBuffer(bytes: body))
      return try await execute(request)
    }

    private func execute(_ request: HTTPClientRequest) async throws -> Answer {
      let response = try await client.execute(request, timeout: .seconds(60))
      let body = try await response.body.collect(upTo: 64 << 20)
      return Answer(status: Int(response.status.code), body: Array(buffer: body))
    }
  }

  /// KE and TH as `caravan serve` child processes in a temporary folder, peers of each other.
  final class Network: @unchecked Sendable {
    static let codes = ["KE", "TH"]
    /// The children's process ids, for the signal handler.
    static let children = Mutex<[Int32]>([])
    static let folder = Mutex<String?>(nil)

    let caravan: String
    let directory: URL
    var processes: [String: Process] = [:]
    var api: [String: API] = [:]
    var adminTokens: [String: String] = [:]

    init(caravan: String) {
      self.caravan = caravan
      directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("caravan-bench-exchange-\(UUID().uuidString)")
    }

    func pid(_ code: String) -> Int32 { processes[code]!.processIdentifier }

    /// Kills the children and removes the folder on SIGINT or SIGTERM.
    static func installSignalHandlers() {
      for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
          for pid in children.withLock({ $0 }) { kill(pid, SIGKILL) }
          if let path = folder.withLock({ $0 }) {
            try? FileManager.default.removeItem(atPath: path)
          }
          exit(128 + number)
        }
        source.resume()
        signalSources.append(source)
      }
    }
    /// Kept alive for the run; set once, from `run`, before any task starts.
    nonisolated(unsafe) static var signalSources: [any DispatchSourceSignal] = []

    func start(client: HTTPClient) async throws {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      Self.folder.withLock { $0 = directory.path }
      var ports: [String: Int] = [:]
      var keys: [String: String] = [:]
      for code in Self.codes {
        ports[code] = try Self.freePort()
        keys[code] = try run(
          [
            "keys", "hub", "--data", directory.appendingPathComponent(code).path,
            "--jurisdiction", code,
          ])
      }
      let policies = ["KE": ExchangeBench.kePolicy, "TH": ExchangeBench.thPolicy]
      for code in Self.codes {
        let peers = Self.codes.filter { $0 != code }.map { peer -> [String: Any] in
          [
            "jurisdiction": peer, "url": "http://127.0.0.1:\(ports[peer]!)", "key": keys[peer]!,
            "documentTypes": ["*"],
          ]
        }
        try JSONSerialization.data(withJSONObject: ["peers": peers]).write(
          to: directory.appendingPathComponent("\(code).peers.json"))
        try Data(policies[code]!.utf8).write(
          to: directory.appendingPathComponent("\(code).policy.json"))
      }
      // TH first, so that KE reads TH's directory when it starts.
      for code in ["TH", "KE"] {
        let (base, token) = try await launch(code, port: ports[code]!)
        api[code] = API(client: client, base: base)
        adminTokens[code] = token
      }
    }

    private func launch(_ code: String, port: Int) async throws -> (String, String) {
      let out = directory.appendingPathComponent("\(code).out")
      let err = directory.appendingPathComponent("\(code).err")
      _ = FileManager.default.createFile(atPath: out.path, contents: nil)
      _ = FileManager.default.createFile(atPath: err.path, contents: nil)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: caravan)
      process.arguments = [
        "serve", "--data", directory.appendingPathComponent(code).path, "--port", String(port),
        "--jurisdiction", code, "--log-level", "warning",
        "--peers", directory.appendingPathComponent("\(code).peers.json").path,
        "--policy", directory.appendingPathComponent("\(code).policy.json").path,
      ]
      process.standardOutput = try FileHandle(forWritingTo: out)
      process.standardError = try FileHandle(forWritingTo: err)
      try process.run()
      processes[code] = process
      Self.children.withLock { $0.append(process.processIdentifier) }
      let deadline = now() + 60
      while true {
        let lines = ((try? String(contentsOf: out, encoding: .utf8)) ?? "").split(separator: "\n")
        if let listening = lines.first(where: { $0.hasPrefix("listening on ") }),
          let token = lines.first(where: { $0.hasPrefix("operator token") })?
            .split(separator: " ").last
        {
          return (String(listening.dropFirst("listening on ".count)), String(token))
        }
        if !process.isRunning || now() > deadline {
          let errors = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
          throw UsageError(
            description: "caravan serve (\(code)) did not start: \(errors.suffix(2000))")
        }
        try await Task.sleep(for: .milliseconds(20))
      }
    }

    /// SIGTERM, then SIGKILL after 10 s; then the folder is removed.
    func stop() {
      for process in processes.values where process.isRunning { process.terminate() }
      let deadline = now() + 10
      while processes.values.contains(where: \.isRunning), now() < deadline {
        usleep(20_000)
      }
      for process in processes.values where process.isRunning {
        kill(process.processIdentifier, SIGKILL)
      }
      for process in processes.values { process.waitUntilExit() }
      try? FileManager.default.removeItem(at: directory)
      Self.folder.withLock { $0 = nil }
    }

    /// Registers a participant; answers its token.
    func register(_ code: String, _ body: String) async throws -> String {
      let answer = try await api[code]!.post(
        "/v1/participants", token: adminTokens[code], contentType: "application/json",
        body: Array(body.utf8))
      struct Token: Decodable { var token: String }
      guard answer.status == 201,
        let token = try? JSONDecoder().decode(Token.self, from: Data(answer.body))
      else {
        throw UsageError(description: "registration at \(code): \(answer.status) \(answer.text)")
      }
      return token.token
    }

    /// Every outbound delivery of a hub, as the operator lists them.
    func deliveries(_ code: String) async throws -> [DeliveryRow] {
      var all: [DeliveryRow] = []
      var cursor: String?
      repeat {
        let answer = try await api[code]!.get(
          "/v1/deliveries?direction=outbound&limit=500"
            + (cursor.map { "&cursor=\($0)" } ?? ""), token: adminTokens[code])
        guard answer.status == 200 else {
          throw UsageError(description: "/v1/deliveries: \(answer.status) \(answer.text)")
        }
        let page = try JSONDecoder().decode(DeliveryPage.self, from: Data(answer.body))
        all += page.deliveries
        cursor = page.next
      } while cursor != nil
      return all
    }

    /// Runs the binary to completion; answers its standard output.
    private func run(_ arguments: [String]) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: caravan)
      process.arguments = arguments
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      guard process.terminationStatus == 0 else {
        throw UsageError(description: "caravan \(arguments.joined(separator: " ")) failed")
      }
      return String(decoding: data, as: UTF8.self)
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
      guard bound == 0 else { throw UsageError(description: "no free port: bind failed") }
      _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
      }
      return Int(UInt16(bigEndian: address.sin_port))
    }
  }
}
