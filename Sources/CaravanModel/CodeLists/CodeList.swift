/// A code list that EN 16931 requires a business term to be coded from.
///
/// The lists themselves are generated from the official validation artefacts
/// (`scripts/generate-codelists`), so they are the exact lists the rules check against.
public struct CodeList: Sendable {
  /// A short name, such as `currencyCodes`.
  public let name: String
  /// The code-list rule of the artefacts that checks it (BR-CL-nn).
  public let rule: String
  /// The codes, in the order the artefacts give them.
  public let codes: [String]
  private let members: Set<String>

  public init(name: String, rule: String, codes: [String]) {
    self.name = name
    self.rule = rule
    self.codes = codes
    self.members = Set(codes)
  }

  /// True when `code` is on the list (exact match, as the artefacts compare).
  public func contains(_ code: String) -> Bool { members.contains(code) }
}
