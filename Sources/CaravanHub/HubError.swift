public import CaravanRules
import CaravanStore

/// Why the hub refused a request. Each case says what is wrong and, where it can, where.
public enum HubError: Error, Sendable, CustomStringConvertible {
  /// No credentials, or credentials the hub does not know (or has revoked).
  case unauthorized(String)
  /// Known credentials that do not allow this.
  case forbidden(String)
  case notFound(String)
  /// A request field or parameter is missing or wrong.
  case badRequest(field: String, message: String)
  /// The body is not a readable UBL or CII invoice (not XML, not UTF-8, hostile, another
  /// document type). `line` and `column` point into the body when known.
  case unreadable(message: String, line: Int?, column: Int?, path: String?)
  /// The document breaks EN 16931 rules with fatal findings.
  case invalid(ValidationReport)
  /// The request repeats one the hub already holds, but not the same way.
  case conflict(String, existingID: String?)
  /// The store could not be reached or failed; nothing was written.
  case unavailable(String)
  /// A corridor policy refused the flow: the reason names the rule (or default denial), and
  /// `rules` lists the rules that decided.
  case refused(reason: String, rules: [String], policyVersion: UInt64?)

  public var description: String {
    switch self {
    case .unauthorized(let message), .forbidden(let message), .notFound(let message),
      .unavailable(let message):
      return message
    case .badRequest(let field, let message): return "\(field): \(message)"
    case .unreadable(let message, let line, let column, _):
      guard let line else { return message }
      return "\(message) (line \(line)\(column.map { ", column \($0)" } ?? ""))"
    case .invalid(let report):
      let fatal = report.fatalFindings
      let first = fatal.first.map { ": \($0.rule) \($0.message)" } ?? ""
      return
        "the document breaks \(fatal.count) EN 16931 rule\(fatal.count == 1 ? "" : "s")\(first)"
    case .conflict(let message, _): return message
    case .refused(let reason, _, _): return reason
    }
  }

  init(_ error: StoreError) {
    switch error {
    case .conflict(let message): self = .conflict(message, existingID: nil)
    default: self = .unavailable(error.description)
    }
  }
}
