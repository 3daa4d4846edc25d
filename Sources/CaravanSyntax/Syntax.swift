public import CaravanXML

/// The XML syntaxes of EN 16931 (EN 16931-1 part 3) that Caravan reads and writes.
public enum Syntax: String, Sendable, Hashable, CaseIterable, Codable {
  /// OASIS UBL 2.1 `Invoice` or `CreditNote` (EN 16931-3-2).
  case ubl = "UBL"
  /// UN/CEFACT Cross Industry Invoice D16B (EN 16931-3-3).
  case cii = "CII"

  /// Detects the syntax from the document element's expanded name; nil for anything else.
  public static func detect(_ tree: XMLTree) -> Syntax? {
    let name = tree.name(tree.root)
    switch (name.namespace, name.local) {
    case (Namespace.ublInvoice, "Invoice"), (Namespace.ublCreditNote, "CreditNote"): return .ubl
    case (Namespace.ciiRoot, "CrossIndustryInvoice"): return .cii
    default: return nil
    }
  }
}

/// Namespace URIs of the two syntaxes, with the prefixes Caravan writes them with.
public enum Namespace {
  public static let ublInvoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  public static let ublCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
  public static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  public static let cac =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  public static let ext =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
  public static let ciiRoot = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  public static let ram =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  public static let udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
  public static let qdt = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"

  /// The prefix Caravan reads each namespace it knows with, colon included, to name elements
  /// in `switch` statements and messages (the writers use the same prefixes): empty for the
  /// UBL document namespaces, nil for a namespace Caravan does not know.
  static func readingPrefix(_ namespace: String) -> StaticString? {
    switch namespace {
    case cbc: "cbc:"
    case cac: "cac:"
    case ram: "ram:"
    case udt: "udt:"
    case qdt: "qdt:"
    case ciiRoot: "rsm:"
    case ext: "ext:"
    case ublInvoice, ublCreditNote: ""
    default: nil
    }
  }
}
