import Foundation
import Testing

/// The `caravan` command-line contract, exercised on the built executable.
enum CLI {
  static let executable: URL = {
    let tests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [
      tests.appendingPathComponent("caravan"),
      tests.deletingLastPathComponent().appendingPathComponent("caravan"),
      URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/caravan"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
      ?? candidates[0]
  }()

  struct Result {
    let status: Int32
    let output: Data
    let error: String
  }

  static func run(_ arguments: [String], input: Data? = nil) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(input) }
    try stdin.fileHandleForWriting.close()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let error = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, output: output,
      error: String(decoding: error, as: UTF8.self))
  }

  /// A temporary file holding `contents`.
  static func file(_ contents: String, name: String = "doc.xml") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(contents.utf8).write(to: url)
    return url.path
  }
}

@Suite struct CLIErrorTests {
  /// Exit 2 and exactly one line on standard error, naming the file.
  func expectUnreadable(_ result: CLI.Result, file: String, mentions: [String]) {
    #expect(result.status == 2)
    let lines = result.error.split(separator: "\n")
    #expect(lines.count == 1, "\(result.error)")
    #expect(result.error.contains(file))
    for word in mentions { #expect(result.error.contains(word), "\(result.error) lacks \(word)") }
    #expect(result.output.isEmpty)
  }

  @Test func missingFile() throws {
    let result = try CLI.run(["inspect", "/nonexistent/invoice.xml"])
    expectUnreadable(result, file: "/nonexistent/invoice.xml", mentions: ["cannot open"])
  }

  @Test func malformedXMLNamesLineAndColumn() throws {
    let path = try CLI.file("<Invoice>\n  <a>\n</Invoice>\n")
    let result = try CLI.run(["inspect", path])
    expectUnreadable(result, file: path, mentions: ["line 3", "column"])
  }

  @Test func doctypeIsRefused() throws {
    let path = try CLI.file(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<x>&e;</x>"
    )
    let result = try CLI.run(["convert", "--to", "cii", path])
    expectUnreadable(result, file: path, mentions: ["line 2", "DOCTYPE"])
  }

  @Test func documentOfAnotherKind() throws {
    let path = try CLI.file(
      "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>")
    let result = try CLI.run(["inspect", path])
    expectUnreadable(result, file: path, mentions: ["/html", "not a UBL"])
  }

  @Test func fileOverTheLimitIsRefusedBeforeReading() throws {
    let path = try CLI.file("")
    // A sparse 200 MB file: refused on its size, so the test costs no memory or time.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: 200_000_000)
    try handle.close()
    let result = try CLI.run(["inspect", path])
    expectUnreadable(result, file: path, mentions: ["200000000 bytes", "limit"])
  }

  @Test func notUTF8() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("latin1.xml")
    try Data([UInt8]("<Invoice>caf".utf8) + [0xE9] + [UInt8]("</Invoice>".utf8)).write(to: url)
    let result = try CLI.run(["inspect", url.path])
    expectUnreadable(result, file: url.path, mentions: ["UTF-8", "line 1"])
  }

  @Test func unknownSyntaxIsAUsageError() throws {
    let result = try CLI.run(["convert", "--to", "edifact", "x.xml"])
    #expect(result.status != 0 && result.status != 2)
    #expect(result.error.contains("edifact"))
  }
}

/// `caravan validate`: the JSON contract and the exit statuses.
@Suite struct CLIValidateTests {
  static var example: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("examples/kiondo-baskets-ubl.xml").path
  }

  func reports(_ result: CLI.Result) throws -> [[String: Any]] {
    try #require(JSONSerialization.jsonObject(with: result.output) as? [[String: Any]])
  }

  @Test func aValidInvoiceExitsZero() throws {
    let result = try CLI.run(["validate", Self.example])
    #expect(result.status == 0, "\(result.error)")
    let report = try #require(try reports(result).first)
    #expect(report["syntax"] as? String == "UBL")
    #expect(report["valid"] as? Bool == true)
    #expect((report["findings"] as? [Any])?.isEmpty == true)
  }

  @Test func aFatalFindingExitsOneAndNamesTheRule() throws {
    let text = try String(contentsOfFile: Self.example, encoding: .utf8)
      .replacingOccurrences(
        of: "<cbc:PayableAmount currencyID=\"USD\">1140.00</cbc:PayableAmount>",
        with: "<cbc:PayableAmount currencyID=\"USD\">1141.00</cbc:PayableAmount>")
    let path = try CLI.file(text)
    let result = try CLI.run(["validate", "--format", "json", path])
    #expect(result.status == 1)
    let findings = try #require(try reports(result).first?["findings"] as? [[String: String]])
    let rule = try #require(findings.first { $0["rule"] == "BR-CO-16" })
    #expect(rule["flag"] == "fatal")
    #expect(rule["location"]?.contains("LegalMonetaryTotal") == true)
  }

  @Test func anUnreadableFileDoesNotStopTheBatch() throws {
    let bad = try CLI.file("<Invoice><a></Invoice>")
    let result = try CLI.run(["validate", bad, Self.example])
    #expect(result.status == 2)
    let all = try reports(result)
    #expect(all.count == 2)
    #expect(all[0]["syntax"] is NSNull)
    #expect(all[0]["valid"] as? Bool == false)
    #expect((all[0]["error"] as? String)?.contains("line 1") == true)
    #expect(all[1]["valid"] as? Bool == true)
  }

  @Test func foldersAreWalkedAndTextHasALinePerFinding() throws {
    let dir = URL(fileURLWithPath: try CLI.file("<x/>", name: "other.xml"))
      .deletingLastPathComponent()
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: Self.example), to: dir.appendingPathComponent("a.xml"))
    let result = try CLI.run(["validate", "--format", "text", "--jobs", "2", dir.path])
    #expect(result.status == 2)
    #expect(result.output.count > 0)
    let text = String(decoding: result.output, as: UTF8.self)
    #expect(text.contains("a.xml"))
    #expect(text.contains("other.xml"))
  }

  @Test func versionNamesTheArtefacts() throws {
    let result = try CLI.run(["--version"])
    #expect(String(decoding: result.output, as: UTF8.self).contains("validation artefacts 1.3.16"))
  }
}
