import ArgumentParser
import CaravanModel

/// `caravan inspect FILE`: the document's EN 16931 model as canonical JSON.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print an invoice's EN 16931 model as canonical JSON.",
    discussion: """
      Reads a UBL 2.1 Invoice or CreditNote or a CII D16B CrossIndustryInvoice and prints its
      model: keys sorted, decimals as written, dates as YYYY-MM-DD. Two readings of the same
      invoice, in either syntax, print the same bytes. Elements outside the model are named
      on standard error. Exit 0 on success, 2 when the file cannot be read.
      """)

  @Argument(help: "The invoice file (UBL or CII), or - for standard input.")
  var file: String

  func run() throws {
    do {
      let result = try DocumentInput.read(file)
      DocumentInput.report(result, file: file)
      var json = result.invoice.canonicalJSON()
      json.append(0x0A)
      Console.output([UInt8](json))
    } catch {
      Console.error("caravan inspect: \(error)")
      throw ExitCode(2)
    }
  }
}
