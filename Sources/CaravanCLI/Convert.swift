import ArgumentParser
import CaravanSyntax
import Foundation

extension Syntax: ExpressibleByArgument {
  public init?(argument: String) {
    switch argument.lowercased() {
    case "ubl": self = .ubl
    case "cii": self = .cii
    default: return nil
    }
  }

  public static var allValueStrings: [String] { ["ubl", "cii"] }
}

/// `caravan convert --to ubl|cii FILE [-o OUT]`: the document in the named syntax.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert an invoice between UBL 2.1 and CII D16B.",
    discussion: """
      Reads the document into the EN 16931 model and writes the model in the named syntax;
      naming the syntax the document already has rewrites it. Elements outside the model are
      named on standard error. Exit 0 on success, 2 when the file cannot be read or the
      output cannot be written.
      """)

  @Option(help: "The syntax to write: ubl or cii.")
  var to: Syntax

  @Option(
    name: [.short, .customLong("output")], help: "Where to write (default: standard output).")
  var output: String?

  @Argument(help: "The invoice file (UBL or CII), or - for standard input.")
  var file: String

  func run() throws {
    let result: ReadResult
    do {
      result = try DocumentInput.read(file)
    } catch {
      Console.error("caravan convert: \(error)")
      throw ExitCode(2)
    }
    DocumentInput.report(result, file: file)
    let (bytes, adaptations) = InvoiceDocument.writeReporting(result.invoice, as: to)
    for adaptation in adaptations {
      Console.error("\(file): note: \(adaptation)")
    }
    guard let output else { return Console.output(bytes) }
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch {
      Console.error(
        "caravan convert: \(output): cannot write the file: \(error.localizedDescription)")
      throw ExitCode(2)
    }
  }
}
