// Release-mode benchmark of the document engine: documents read, written and converted per
// second on one core, beside bare libxml2 parsing of the same bytes, and memory against
// document size.
//
//   swift run -c release CaravanBenchmarks [--corpus DIR] [--seconds S]
//
// Prints a Markdown table, and one machine-readable `bench …` line per measurement.

import CLibXML2
import CaravanModel
import CaravanRules
import CaravanSyntax
import CaravanXML
import Foundation
import Synchronization

#if canImport(FoundationXML)
  import FoundationXML
#endif
#if canImport(Glibc)
  import Glibc
#endif

struct Options {
  var corpus: URL
  var seconds: Double = 1.0

  init(arguments: [String]) {
    let env = ProcessInfo.processInfo.environment["CARAVAN_CONFORMANCE_DIR"]
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    corpus =
      env.map { URL(fileURLWithPath: $0) }
      ?? cwd.deletingLastPathComponent()
      .appendingPathComponent("shared/conformance")
    var i = 1
    while i < arguments.count {
      switch arguments[i] {
      case "--corpus":
        i += 1
        corpus = URL(fileURLWithPath: arguments[i])
      case "--seconds":
        i += 1
        seconds = Double(arguments[i]) ?? seconds
      default: fatalError("unknown argument \(arguments[i]); use --corpus DIR --seconds S")
      }
      i += 1
    }
  }
}

struct Document {
  let name: String
  let bytes: [UInt8]
}

func load(_ folder: String, _ options: Options, maxBytes: Int = 1 << 20) -> [Document] {
  let dir = options.corpus.appendingPathComponent("en16931").appendingPathComponent(folder)
  let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
  return names.sorted().compactMap { name in
    guard name.lowercased().hasSuffix(".xml"),
      let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path),
      data.count <= maxBytes
    else { return nil }
    return Document(name: name, bytes: [UInt8](data))
  }
}

/// Runs `body` over the documents round-robin for at least `seconds`; documents per second.
func rate(_ documents: [Document], seconds: Double, _ body: (Document) -> Void) -> Double {
  let clock = ContinuousClock()
  for d in documents { body(d) }  // warm up
  var count = 0
  let start = clock.now
  let limit = Duration.milliseconds(Int(seconds * 1000))
  var elapsed = Duration.zero
  while elapsed < limit {
    for d in documents { body(d) }
    count += documents.count
    elapsed = clock.now - start
  }
  let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  return Double(count) / s
}

/// libxml2 parsing the bytes with the options the reader uses: with no callbacks at all (the
/// floor), or with SAX2 callbacks that do nothing (`emptyCallbacks`: the parse a streaming
/// reader cannot avoid, as libxml2 resolves namespaces and attributes only when they exist).
func bareSAX(_ bytes: [UInt8], emptyCallbacks: Bool = false) {
  bytes.withUnsafeBufferPointer { buffer in
    buffer.withMemoryRebound(to: CChar.self) { chars in
      guard let context = xmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count)) else {
        return
      }
      var handler = xmlSAXHandler()
      handler.initialized = UInt32(XML_SAX2_MAGIC)
      if emptyCallbacks { handler = emptyHandler() }
      xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
      context.pointee.sax.pointee = handler
      xmlParseDocument(context)
      precondition(context.pointee.wellFormed != 0)
      xmlFreeParserCtxt(context)
    }
  }
}

/// SAX2 callbacks for elements and text that do nothing.
func emptyHandler() -> xmlSAXHandler {
  var handler = xmlSAXHandler()
  handler.initialized = UInt32(XML_SAX2_MAGIC)
  handler.startElementNs = { _, _, _, _, _, _, _, _, _ in }
  handler.endElementNs = { _, _, _, _ in }
  handler.characters = { _, _, _ in }
  return handler
}

/// The parser context ``bareSAXReused(_:)`` keeps between documents.
nonisolated(unsafe) let reusedContext = xmlNewParserCtxt()!

/// ``bareSAX(_:emptyCallbacks:)`` with empty callbacks on one context kept from document to
/// document (reset, then given the next bytes), as ``XMLDocumentReader`` keeps its contexts:
/// the floor for a reader that does not create a context and a dictionary per document.
func bareSAXReused(_ bytes: [UInt8]) {
  bytes.withUnsafeBufferPointer { buffer in
    buffer.withMemoryRebound(to: CChar.self) { chars in
      let context = reusedContext
      xmlCtxtReset(context)
      let input = xmlParserInputBufferCreateMem(
        chars.baseAddress, Int32(chars.count), XML_CHAR_ENCODING_NONE)!
      inputPush(context, xmlNewIOInputStream(context, input, XML_CHAR_ENCODING_NONE)!)
      xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
      context.pointee.sax.pointee = emptyHandler()
      xmlParseDocument(context)
      precondition(context.pointee.wellFormed != 0)
    }
  }
}

/// libxml2 building its own DOM (xmlReadMemory) and freeing it.
func bareDOM(_ bytes: [UInt8]) {
  bytes.withUnsafeBufferPointer { buffer in
    buffer.withMemoryRebound(to: CChar.self) { chars in
      let doc = xmlReadMemory(
        chars.baseAddress, Int32(chars.count), nil, nil, Int32(XML_PARSE_NONET.rawValue))
      precondition(doc != nil)
      xmlFreeDoc(doc)
    }
  }
}

/// Foundation's XMLParser with a delegate that counts elements: the alternative XML layer
/// (measured on trusted files only; see PLATFORM.md for why it must not see untrusted input).
final class CountingDelegate: NSObject, XMLParserDelegate {
  var elements = 0
  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) { elements += 1 }
}

func foundationSAX(_ bytes: [UInt8]) -> Int {
  let parser = XMLParser(data: Data(bytes))
  parser.shouldProcessNamespaces = true
  let delegate = CountingDelegate()
  parser.delegate = delegate
  precondition(parser.parse())
  return delegate.elements
}

func peakRSSKiB() -> Int {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Int(usage.ru_maxrss)
}

func format(_ value: Double) -> String {
  value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
}

var sink = 0
xmlInitParser()

// `--profile PHASE FILE N`: run one phase N times over one file, for a profiler.
if CommandLine.arguments.count == 5 && CommandLine.arguments[1] == "--profile" {
  let phase = CommandLine.arguments[2]
  let bytes = [UInt8](FileManager.default.contents(atPath: CommandLine.arguments[3])!)
  let count = Int(CommandLine.arguments[4])!
  let model = try! InvoiceDocument.read(bytes, strict: false)
  for _ in 0..<count {
    switch phase {
    case "sax": bareSAX(bytes)
    case "sax2": bareSAX(bytes, emptyCallbacks: true)
    case "sax2-reused": bareSAXReused(bytes)
    case "tree": sink &+= try! XMLDocumentReader.parse(bytes).elementCount
    case "read": sink &+= try! InvoiceDocument.read(bytes, strict: false).invoice.lines.count
    case "write": sink &+= InvoiceDocument.write(model.invoice, as: model.syntax).count
    case "convert":
      let read = try! InvoiceDocument.read(bytes, strict: false)
      sink &+= InvoiceDocument.write(read.invoice, as: read.syntax == .ubl ? .cii : .ubl).count
    case "validate": sink &+= Validator.validate(bytes: bytes, file: "").findings.count
    default: fatalError("phase: sax, sax2, sax2-reused, tree, read, write, convert or validate")
    }
  }
  print(sink)
  exit(0)
}
// `--files [--corpus DIR] [--seconds S]`: per official file, the bare parse, the tree and the
// read into the model, in µs, and the read's multiple of the bare parse.
if CommandLine.arguments.count >= 2 && CommandLine.arguments[1] == "--files" {
  let options = Options(arguments: [CommandLine.arguments[0]] + CommandLine.arguments.dropFirst(2))
  let documents =
    load("ubl/examples", options) + load("unit/testfiles", options) + load("cii/examples", options)
  print(
    "| file | KB | bare parse µs | bare parse, context reused µs | tree µs | read µs | read × bare parse |"
  )
  print("|---|---|---|---|---|---|---|")
  for d in documents {
    let s = options.seconds / 10
    let bare = rate([d], seconds: s) { bareSAX($0.bytes, emptyCallbacks: true) }
    let reused = rate([d], seconds: s) { bareSAXReused($0.bytes) }
    let tree = rate([d], seconds: s) {
      sink &+= try! XMLDocumentReader.parse($0.bytes).elementCount
    }
    let read = rate([d], seconds: s) {
      sink &+= try! InvoiceDocument.read($0.bytes, strict: false).invoice.lines.count
    }
    print(
      "| \(d.name) | \(d.bytes.count / 1024) | \(format(1e6 / bare)) | \(format(1e6 / reused)) | \(format(1e6 / tree)) | \(format(1e6 / read)) | \(String(format: "%.2f", bare / read)) |"
    )
  }
  exit(0)
}
// `--validate [--corpus DIR] [--seconds S]`: official documents validated per second (read plus
// every rule), on one core and on all cores, with peak memory; one machine-readable line.
if CommandLine.arguments.count >= 2 && CommandLine.arguments[1] == "--validate" {
  let options = Options(arguments: [CommandLine.arguments[0]] + CommandLine.arguments.dropFirst(2))
  let documents =
    load("ubl/examples", options) + load("unit/testfiles", options) + load("cii/examples", options)
  _ = Validator.validate(bytes: documents[0].bytes, file: "")  // compile the rule sets once
  let one = rate(documents, seconds: options.seconds) {
    sink &+= Validator.validate(bytes: $0.bytes, file: $0.name).findings.count
  }
  let cores = ProcessInfo.processInfo.activeProcessorCount
  let clock = ContinuousClock()
  let start = clock.now
  let counter = Mutex(0)
  DispatchQueue.concurrentPerform(iterations: cores) { _ in
    var done = 0
    while clock.now - start < .milliseconds(Int(options.seconds * 1000)) {
      for d in documents { _ = Validator.validate(bytes: d.bytes, file: d.name) }
      done += documents.count
    }
    counter.withLock { $0 += done }
  }
  let elapsed = clock.now - start
  let all =
    Double(counter.withLock { $0 })
    / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  print(
    "caravan files=\(documents.count) one_core_docs_per_s=\(Int(one)) all_cores_docs_per_s=\(Int(all)) cores=\(cores) peak_rss_mib=\(peakRSSKiB() / 1024)"
  )
  exit(0)
}

let options = Options(arguments: CommandLine.arguments)

let sets: [(Syntax, [Document])] = [
  (.ubl, load("ubl/examples", options) + load("unit/testfiles", options)),
  (.cii, load("cii/examples", options)),
]
guard sets.allSatisfy({ !$0.1.isEmpty }) else {
  fatalError("no corpus under \(options.corpus.path); pass --corpus DIR")
}

print(
  "| syntax | files | mean size | phase | docs/s (1 core) | µs/doc | × bare parse | × bare parse, context reused |"
)
print("|---|---|---|---|---|---|---|---|")
for (syntax, documents) in sets {
  let other: Syntax = syntax == .ubl ? .cii : .ubl
  let meanSize = documents.map(\.bytes.count).reduce(0, +) / documents.count
  let models = documents.map { try! InvoiceDocument.read($0.bytes, strict: false).invoice }
  let modelDocs = zip(documents, models).map { ($0.name, $1) }
  var phases: [(String, Double)] = []
  phases.append(
    (
      "libxml2 SAX2, no callbacks (floor)",
      rate(documents, seconds: options.seconds) { bareSAX($0.bytes) }
    ))
  phases.append(
    (
      "libxml2 SAX2, empty callbacks (bare parse)",
      rate(documents, seconds: options.seconds) { bareSAX($0.bytes, emptyCallbacks: true) }
    ))
  phases.append(
    (
      "libxml2 SAX2, empty callbacks, context reused",
      rate(documents, seconds: options.seconds) { bareSAXReused($0.bytes) }
    ))
  phases.append(
    ("libxml2 DOM (xmlReadMemory)", rate(documents, seconds: options.seconds) { bareDOM($0.bytes) })
  )
  phases.append(
    (
      "Foundation XMLParser, counting delegate",
      rate(documents, seconds: options.seconds) { sink &+= foundationSAX($0.bytes) }
    ))
  phases.append(
    (
      "CaravanXML tree",
      rate(documents, seconds: options.seconds) {
        sink &+= try! XMLDocumentReader.parse($0.bytes).elementCount
      }
    ))
  phases.append(
    (
      "read into model",
      rate(documents, seconds: options.seconds) {
        sink &+= try! InvoiceDocument.read($0.bytes, strict: false).invoice.lines.count
      }
    ))
  var index = 0
  phases.append(
    (
      "write \(syntax.rawValue) from model",
      rate(documents, seconds: options.seconds) { _ in
        sink &+= InvoiceDocument.write(modelDocs[index % modelDocs.count].1, as: syntax).count
        index += 1
      }
    ))
  phases.append(
    (
      "convert to \(other.rawValue) (read + write)",
      rate(documents, seconds: options.seconds) {
        let model = try! InvoiceDocument.read($0.bytes, strict: false).invoice
        sink &+= InvoiceDocument.write(model, as: other).count
      }
    ))
  let floor = phases[1].1
  let reusedFloor = phases[2].1
  for (phase, value) in phases {
    print(
      "| \(syntax.rawValue) | \(documents.count) | \(meanSize / 1024) KB | \(phase) | \(format(value)) | \(format(1e6 / value)) | \(String(format: "%.2f", floor / value)) | \(String(format: "%.2f", reusedFloor / value)) |"
    )
  }
  for (phase, value) in phases {
    FileHandle.standardError.write(
      Data("bench syntax=\(syntax.rawValue) phase=\"\(phase)\" docs_per_s=\(Int(value))\n".utf8))
  }
}

// Typical invoices: the official files of 10–20 KB, converted both ways on one core.
let typical = sets.flatMap { set in
  set.1.filter { (10_240...20_480).contains($0.bytes.count) }.map { (set.0, $0) }
}
let typicalRate = rate(typical.map(\.1), seconds: options.seconds * 2) { document in
  let result = try! InvoiceDocument.read(document.bytes, strict: false)
  sink &+= InvoiceDocument.write(result.invoice, as: result.syntax == .ubl ? .cii : .ubl).count
}
// The floor for the same files: libxml2 parsing alone, on a reused context.
let typicalParseRate = rate(typical.map(\.1), seconds: options.seconds) { bareSAXReused($0.bytes) }
print("")
print(
  "Typical invoices (\(typical.count) official files of 10–20 KB, both syntaxes): UBL↔CII conversion \(format(typicalRate)) docs/s on one core; libxml2 parsing alone (empty callbacks, context reused) \(format(typicalParseRate)) docs/s."
)
FileHandle.standardError.write(
  Data(
    "bench phase=\"typical conversion\" docs_per_s=\(Int(typicalRate)) parse_only_docs_per_s=\(Int(typicalParseRate))\n"
      .utf8))

// Memory against document size: one invoice grown to N lines, read in increasing order, so
// the growth of peak RSS is what the larger document needs.
print("")
print("| invoice lines | UBL size | read ms | peak RSS growth |")
print("|---|---|---|---|")
let seed = models(for: sets[0].1)
func models(for documents: [Document]) -> Invoice {
  try! InvoiceDocument.read(documents.first { $0.name == "ubl-tc434-example1.xml" }!.bytes).invoice
}
var previousRSS = peakRSSKiB()
let baseRSS = previousRSS
for count in [10, 100, 1_000, 10_000, 50_000] {
  var big = seed
  big.lines = (0..<count).map { i in
    var line = seed.lines[i % seed.lines.count]
    line.identifier = String(i + 1)
    return line
  }
  var bytes = InvoiceDocument.write(big, as: .ubl)
  let clock = ContinuousClock()
  let start = clock.now
  let result = try! InvoiceDocument.read(
    bytes, limits: XMLLimits(maximumBytes: 1 << 30, maximumElements: 10_000_000))
  let ms =
    (clock.now - start).components.attoseconds / 1_000_000_000_000_000 + (clock.now - start)
    .components.seconds * 1000
  sink &+= result.invoice.lines.count
  let rss = peakRSSKiB()
  print("| \(count) | \(bytes.count / 1024) KB | \(ms) | \((rss - baseRSS) / 1024) MiB |")
  FileHandle.standardError.write(
    Data(
      "bench phase=memory lines=\(count) bytes=\(bytes.count) read_ms=\(ms) rss_growth_kib=\(rss - baseRSS)\n"
        .utf8))
  previousRSS = rss
  bytes = []
}
print("")
print("Peak RSS of the whole run: \(peakRSSKiB() / 1024) MiB. (checksum \(sink & 0xFF))")
