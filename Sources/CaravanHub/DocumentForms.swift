import CaravanModel
import CaravanRender
public import CaravanStore
import CaravanSyntax
public import CaravanXML
import Foundation

/// The forms in which a stored document can be fetched.
public enum DocumentForm: String, Sendable, CaseIterable {
  /// The exact bytes the sender submitted.
  case original
  /// UBL 2.1, converted through the model when the original is CII.
  case ubl
  /// CII D16B, converted through the model when the original is UBL.
  case cii
  /// The EN 16931 model as canonical JSON.
  case json
  /// A readable HTML page.
  case html

  /// The media type of the form.
  public var mediaType: String {
    switch self {
    case .original, .ubl, .cii: return "application/xml"
    case .json: return "application/json"
    case .html: return "text/html; charset=utf-8"
    }
  }

  /// The form an `Accept` header asks for, if it names one (the first that matches).
  public static func negotiate(accept: String) -> DocumentForm? {
    for item in accept.split(separator: ",") {
      let type = item.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
      switch type {
      case "application/xml", "text/xml": return .original
      case "application/json": return .json
      case "text/html": return .html
      case "*/*": return .original
      default: continue
      }
    }
    return nil
  }
}

enum DocumentForms {
  static func render(_ record: DocumentRecord, as form: DocumentForm, limits: XMLLimits)
    throws(HubError) -> [UInt8]
  {
    if form == .original { return record.bytes }
    if form.rawValue == record.syntax { return record.bytes }
    let read: ReadResult
    do {
      read = try InvoiceDocument.read(record.bytes, limits: limits)
    } catch {
      // Stored documents were read when they were accepted.
      throw .unavailable("stored document \(record.id) cannot be read again: \(error)")
    }
    switch form {
    case .original: return record.bytes
    case .ubl: return InvoiceDocument.write(read.invoice, as: .ubl)
    case .cii: return InvoiceDocument.write(read.invoice, as: .cii)
    case .json: return Array(read.invoice.canonicalJSON(pretty: true))
    case .html:
      return Array(
        InvoicePage().render(read.invoice, title: "Invoice \(read.invoice.number)").utf8)
    }
  }
}
