public import CaravanModel
public import CaravanXML

/// Why a document could not be read as an EN 16931 invoice.
public struct DocumentReadError: Error, Sendable, CustomStringConvertible {
  public enum Kind: String, Sendable {
    /// The bytes are not acceptable XML (see ``XMLError``).
    case xml
    /// Well-formed XML, but not a UBL 2.1 Invoice/CreditNote nor a CII CrossIndustryInvoice.
    case unknownDocument
    /// A value could not be read (strict reading only).
    case invalidValue
  }

  public let kind: Kind
  public let message: String
  public let line: Int?
  public let column: Int?
  /// The element path at fault, when known.
  public let path: String?

  public init(
    _ kind: Kind, _ message: String, line: Int? = nil, column: Int? = nil, path: String? = nil
  ) {
    self.kind = kind
    self.message = message
    self.line = line
    self.column = column
    self.path = path
  }

  /// `line L, column C (path): message`.
  public var description: String {
    var place: [String] = []
    if let line { place.append("line \(line)") }
    if let column { place.append("column \(column)") }
    var text = place.joined(separator: ", ")
    if let path { text += text.isEmpty ? path : " (\(path))" }
    return text.isEmpty ? message : text + ": " + message
  }
}

/// The result of reading a document: the model, the syntax it came in, and what the reader
/// noticed on the way.
public struct ReadResult: Sendable {
  public var invoice: Invoice
  public var syntax: Syntax
  public var diagnostics: [SyntaxDiagnostic]
}

/// A syntax binding: reads a tree of its syntax into the model and writes the model back.
public protocol SyntaxBinding {
  /// The syntax bound.
  static var syntax: Syntax { get }
  /// Reads the document in `context` (whose root is of this syntax) into the model.
  static func read(_ context: ReadContext) -> Invoice
  /// Writes the model as a document of this syntax.
  static func write(_ invoice: Invoice) -> [UInt8]
}

/// Reading, writing and converting EN 16931 documents in either syntax.
public enum InvoiceDocument {
  /// The binding for each syntax.
  public static func binding(for syntax: Syntax) -> any SyntaxBinding.Type {
    switch syntax {
    case .ubl: return UBLBinding.self
    case .cii: return CIIBinding.self
    }
  }

  /// Reads `bytes` as a UBL or CII invoice, detecting the syntax.
  ///
  /// With `strict`, the first value that cannot be read (an error diagnostic) fails the read;
  /// otherwise such values are left out of the model and reported in the diagnostics.
  public static func read(_ bytes: [UInt8], limits: XMLLimits = .standard, strict: Bool = true)
    throws(DocumentReadError) -> ReadResult
  {
    let tree: XMLTree
    do {
      tree = try XMLDocumentReader.parse(bytes, limits: limits)
    } catch {
      throw DocumentReadError(.xml, error.message, line: error.line, column: error.column)
    }
    return try read(tree, strict: strict)
  }

  /// Reads an already parsed tree.
  public static func read(_ tree: XMLTree, strict: Bool = true) throws(DocumentReadError)
    -> ReadResult
  {
    guard let syntax = Syntax.detect(tree) else {
      let name = tree.name(tree.root)
      throw DocumentReadError(
        .unknownDocument,
        "the document element is \(name), not a UBL 2.1 Invoice or CreditNote nor a CII D16B CrossIndustryInvoice",
        line: tree.line(tree.root), path: "/" + name.local)
    }
    let context = ReadContext(tree: tree)
    var invoice = binding(for: syntax).read(context)
    canonicalise(&invoice)
    if strict, let first = context.diagnostics.first(where: { $0.severity == .error }) {
      throw DocumentReadError(.invalidValue, first.message, line: first.line, path: first.path)
    }
    return ReadResult(invoice: invoice, syntax: syntax, diagnostics: context.diagnostics)
  }

  /// Puts repeated terms whose order carries no meaning in the one order both syntaxes can
  /// keep, so that a conversion reads back to the same model: BT-29 seller identifiers
  /// without a scheme come before those with one, as CII's schema requires (`ram:ID` before
  /// `ram:GlobalID`); otherwise document order is kept.
  static func canonicalise(_ invoice: inout Invoice) {
    let ids = invoice.seller.identifiers
    if ids.contains(where: { $0.scheme != nil }) {
      invoice.seller.identifiers = ids.filter { $0.scheme == nil } + ids.filter { $0.scheme != nil }
    }
  }

  /// Writes `invoice` in `syntax`, after the adaptations that syntax needs (``adapted(_:for:)``).
  public static func write(_ invoice: Invoice, as syntax: Syntax) -> [UInt8] {
    writeReporting(invoice, as: syntax).bytes
  }

  /// Writes `invoice` in `syntax` and says which adaptations it took (``Adaptation``).
  public static func writeReporting(_ invoice: Invoice, as syntax: Syntax) -> (
    bytes: [UInt8], adaptations: [Adaptation]
  ) {
    let (model, adaptations) = adapted(invoice, for: syntax)
    return (binding(for: syntax).write(model), adaptations)
  }
}
