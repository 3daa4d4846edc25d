public import CaravanSyntax
public import CaravanXML

/// Validates UBL 2.1 and CII D16B invoices against the EN 16931 rules of the official
/// CEN/TC 434 validation artefacts (``EN16931Artefacts/version``), with the same rule ids,
/// flags, locations and firings as the official compiled XSLT, plus Caravan's own findings
/// (``CaravanRule``) for what that XSLT cannot report: values that cannot be cast where it
/// would stop, and values the EN 16931 model cannot carry.
///
/// A `Validator` holds no state of its own; the compiled rules are shared by all validators
/// and compiled once, on first use. Validating is safe from any number of threads.
public struct Validator: Sendable {
  /// The limits the XML reader applies to the bytes it is given.
  public var limits: XMLLimits

  public init(limits: XMLLimits = .standard) {
    self.limits = limits
  }

  /// The release of the official validation artefacts the rules come from (`1.3.16`).
  public static let artefactVersion = EN16931Artefacts.version

  /// Reads and validates one file. A file that is not well-formed XML, or is neither a UBL
  /// Invoice or CreditNote nor a CII CrossIndustryInvoice, gives a report with
  /// ``ValidationReport/error`` set and no findings.
  ///
  /// - Parameters:
  ///   - bytes: the document, UTF-8 XML.
  ///   - file: the name the report gives the document (a path, an upload's name).
  public func validate(bytes: [UInt8], file: String) -> ValidationReport {
    let tree: XMLTree
    do {
      tree = try XMLDocumentReader.parse(bytes, limits: limits)
    } catch {
      return ValidationReport(file: file, error: "not readable as XML: \(error)")
    }
    return validate(tree: tree, file: file)
  }

  /// Validates an already parsed document; see ``validate(bytes:file:)``.
  public func validate(tree: XMLTree, file: String) -> ValidationReport {
    validateAndRead(tree: tree, file: file).report
  }

  /// Validates an already parsed document and gives the EN 16931 model read from it on the
  /// way (its reader's errors are findings of the report): the same as ``validate(tree:file:)``
  /// followed by ``InvoiceDocument/read(_:strict:)``, without reading the document twice.
  /// `document` is nil when the document is of no known syntax or cannot be read at all.
  public func validateAndRead(tree: XMLTree, file: String)
    -> (report: ValidationReport, document: ReadResult?)
  {
    guard let syntax = Syntax.detect(tree) else {
      let name = tree.name(tree.root)
      return (
        ValidationReport(
          file: file,
          error:
            "the document element is \(name), not a UBL 2.1 Invoice or CreditNote nor a CII "
            + "D16B CrossIndustryInvoice"), nil
      )
    }
    var findings = CompiledSchema.en16931(syntax).lease {
      SchematronEngine(schema: $0).validate(tree)
    }
    let document = try? InvoiceDocument.read(tree, strict: false)
    if let document {
      findings += ReaderFindings.findings(for: tree, read: document, after: findings)
    }
    return (ValidationReport(file: file, syntax: syntax, findings: findings), document)
  }

  /// Validates one file with a default validator; see ``validate(bytes:file:)``.
  public static func validate(bytes: [UInt8], file: String) -> ValidationReport {
    Validator().validate(bytes: bytes, file: file)
  }

  /// Validates an already parsed document with a default validator.
  public static func validate(tree: XMLTree, file: String) -> ValidationReport {
    Validator().validate(tree: tree, file: file)
  }

  /// Only the findings of the official rules (no ``CaravanRule`` findings about values the
  /// model cannot carry) for a document of a known syntax, in SVRL order.
  public static func schematronFindings(for tree: XMLTree, syntax: Syntax) -> [Finding] {
    CompiledSchema.en16931(syntax).lease { SchematronEngine(schema: $0).validate(tree) }
  }
}
