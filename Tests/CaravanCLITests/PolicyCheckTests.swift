import Foundation
import Testing

/// `caravan policy check`: the decision a hub would make, on an official example invoice.
@Suite struct PolicyCheckTests {
  /// The official EN 16931 material (`$CARAVAN_CONFORMANCE_DIR`, or `../shared/conformance`
  /// beside the repository), located as the conformance tests locate it.
  static let corpus: URL = {
    if let dir = ProcessInfo.processInfo.environment["CARAVAN_CONFORMANCE_DIR"] {
      return URL(fileURLWithPath: dir)
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("shared/conformance")
  }()

  /// CEN/TC 434 UBL example 1: its buyer has no VAT identifier (BT-48) and no legal
  /// registration identifier (BT-47), so it is taken to be a natural person; it carries a
  /// buyer name (BT-44), postal address (BG-8) and contact (BG-9), but no electronic address
  /// (BT-49).
  static let example = corpus.appendingPathComponent("en16931/ubl/examples/ubl-tc434-example1.xml")
    .path

  /// Runs where the corpus is, and under `CI=true` always (failing loudly without it).
  static var corpusAvailable: Bool {
    FileManager.default.fileExists(atPath: example)
      || ProcessInfo.processInfo.environment["CI"] == "true"
  }

  /// One policy, and what it decides for the example sent from KE to TH.
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let policy: String
    let status: Int32
    let decision: String
    let rules: [String]
    let minimise: [String]
    let carried: [String]

    var testDescription: String { name }
  }

  static let cases = [
    Case(
      name: "permit",
      policy: """
        {"version":1,"jurisdiction":"KE","rules":[{"id":"ke-th-invoices","effect":"permit",
         "data":["commercial","personal"],"from":["KE"],"to":["TH"]}]}
        """,
      status: 0, decision: "permitted", rules: ["ke-th-invoices"], minimise: [], carried: []),
    Case(
      name: "forbid",
      policy: """
        {"version":2,"jurisdiction":"KE","rules":[
         {"id":"ke-anywhere","effect":"permit","data":["commercial","personal"],"from":["KE"],
          "to":["*"]},
         {"id":"no-personal-to-th","effect":"forbid","data":["personal"],"from":["KE"],
          "to":["TH"]}]}
        """,
      status: 1, decision: "refused", rules: ["no-personal-to-th"], minimise: [], carried: []),
    Case(
      name: "minimise",
      policy: """
        {"version":3,"jurisdiction":"KE","rules":[{"id":"ke-th-minimised","effect":"permit",
         "data":["commercial","personal"],"from":["KE"],"to":["TH"],
         "obligations":[{"minimise":["BT-44","BT-49","BG-8","BG-9"]}]}]}
        """,
      status: 0, decision: "permitted", rules: ["ke-th-minimised"],
      minimise: ["BT-44", "BT-49", "BG-8", "BG-9"], carried: ["BT-44", "BG-8", "BG-9"]),
  ]

  /// Writes `policy` to a file of its own temporary folder.
  static func policyFile(_ policy: String) throws -> String {
    try CLI.file(policy, name: "policy.json")
  }

  /// The `name: value` lines of the command's output.
  static func fields(_ result: CLI.Result) -> [String: String] {
    var fields: [String: String] = [:]
    for line in String(decoding: result.output, as: UTF8.self).split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        .trimmingCharacters(in: .whitespaces)
    }
    return fields
  }

  static func check(_ policy: String, _ extra: [String] = [], document: String = example) throws
    -> CLI.Result
  {
    try CLI.run(
      [
        "policy", "check", "--policy", policy, "--jurisdiction", "KE", "--direction", "outbound",
        "--peer", "TH",
      ] + extra + [document])
  }

  @Test(
    "each policy decides the example as a hub would",
    .enabled(if: PolicyCheckTests.corpusAvailable), arguments: PolicyCheckTests.cases)
  func decides(_ testCase: Case) throws {
    let result = try Self.check(try Self.policyFile(testCase.policy))
    #expect(result.status == testCase.status, "\(result.error)")
    let fields = Self.fields(result)
    #expect(fields["decision"] == testCase.decision)
    #expect(fields["rules"] == testCase.rules.joined(separator: ", "))
    #expect(fields["data"]?.hasPrefix("commercial, personal") == true)
    let reason = try #require(fields["reason"])
    for rule in testCase.rules { #expect(reason.contains(rule), "\(reason)") }
    #expect(reason.contains("KE") && reason.contains("TH"))
    let none = "(none)"
    #expect(
      fields["minimise"]
        == (testCase.minimise.isEmpty ? none : testCase.minimise.joined(separator: " ")))
    #expect(
      fields["carried"]
        == (testCase.carried.isEmpty ? none : testCase.carried.joined(separator: " ")))
  }

  @Test(
    "a buyer stated not to be a person carries no personal data: the forbid does not apply",
    .enabled(if: PolicyCheckTests.corpusAvailable))
  func businessBuyer() throws {
    let forbid = try Self.policyFile(Self.cases[1].policy)
    let result = try Self.check(forbid, ["--buyer-natural-person", "false"])
    #expect(result.status == 0, "\(result.error)")
    let fields = Self.fields(result)
    #expect(fields["decision"] == "permitted")
    #expect(fields["rules"] == "ke-anywhere")
    #expect(fields["data"]?.hasPrefix("commercial (") == true)
  }

  @Test(
    "conditions: consent, purpose and agreement", .enabled(if: PolicyCheckTests.corpusAvailable))
  func conditions() throws {
    let policy = try Self.policyFile(
      """
      {"version":4,"jurisdiction":"KE","rules":[
       {"id":"with-consent","effect":"permit","data":["commercial","personal"],"from":["KE"],
        "to":["TH"],"when":{"consent":true,"purpose":["dpv:BillingPurpose"],
        "agreement":["DEPA"]}}]}
      """)
    let refused = try Self.check(
      policy, ["--purpose", "dpv:BillingPurpose", "--agreement", "DEPA"])
    #expect(refused.status == 1)
    #expect(Self.fields(refused)["reason"] == "no rule permits commercial data from KE to TH")
    #expect(Self.fields(refused)["rules"] == "(none)")

    let permitted = try Self.check(
      policy,
      [
        "--consent", "--purpose", "dpv:BillingPurpose", "--agreement", "OTHER", "--agreement",
        "DEPA",
      ])
    #expect(permitted.status == 0, "\(permitted.error)")
    #expect(Self.fields(permitted)["rules"] == "with-consent")

    let inbound = try CLI.run([
      "policy", "check", "--policy", policy, "--jurisdiction", "KE", "--direction", "inbound",
      "--peer", "TH", "--consent", "--purpose", "dpv:BillingPurpose", "--agreement", "DEPA",
      Self.example,
    ])
    #expect(inbound.status == 1, "a KE→TH rule does not admit TH→KE")
    #expect(Self.fields(inbound)["reason"]?.contains("from TH to KE") == true)
  }

  /// Exit 2 and one line on standard error naming the file, nothing on standard output.
  func expectUnreadable(_ result: CLI.Result, file: String, mentions: [String]) {
    #expect(result.status == 2)
    #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
    #expect(result.error.contains(file))
    for word in mentions { #expect(result.error.contains(word), "\(result.error) lacks \(word)") }
    #expect(result.output.isEmpty)
  }

  @Test("a bad policy exits 2 naming the file and the field")
  func badPolicy() throws {
    let policy = try Self.policyFile(
      """
      {"version":1,"jurisdiction":"KE","rules":[{"id":"x","effect":"allow","data":["commercial"],
       "from":["KE"],"to":["TH"]}]}
      """)
    expectUnreadable(
      try Self.check(policy), file: policy, mentions: ["$.rules[0].effect", "permit or forbid"])

    let notJSON = try Self.policyFile("version: 1")
    expectUnreadable(try Self.check(notJSON), file: notJSON, mentions: ["not valid JSON"])

    expectUnreadable(
      try Self.check("/nonexistent/policy.json"), file: "/nonexistent/policy.json",
      mentions: ["cannot open"])
  }

  @Test("another jurisdiction's policy exits 2")
  func anotherJurisdictionsPolicy() throws {
    let policy = try Self.policyFile(Self.cases[0].policy)
    let result = try CLI.run([
      "policy", "check", "--policy", policy, "--jurisdiction", "TH", "--direction", "inbound",
      "--peer", "KE", Self.example,
    ])
    expectUnreadable(result, file: policy, mentions: ["KE's, not TH's"])
  }

  @Test("an unreadable document exits 2 naming it")
  func unreadableDocument() throws {
    let policy = try Self.policyFile(Self.cases[0].policy)
    let document = try CLI.file("<Invoice>\n  <a>\n</Invoice>\n")
    expectUnreadable(
      try Self.check(policy, document: document), file: document, mentions: ["line 3"])
  }
}

/// The commands that talk to a running hub, when there is none.
@Suite struct HubCommandTests {
  @Test(
    "an unreachable hub is one line naming the URL, and exit 1",
    arguments: [["peers"], ["deliveries", "list"], ["deliveries", "show", "some-id"]])
  func unreachable(_ command: [String]) throws {
    // Port 9 (discard) on the loopback: nothing listens there on a test machine.
    let result = try CLI.run(command + ["--hub", "http://127.0.0.1:9", "--token", "t"])
    #expect(result.status == 1)
    #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
    #expect(result.error.contains("http://127.0.0.1:9/v1/"))
    #expect(result.output.isEmpty)
  }
}
