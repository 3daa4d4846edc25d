import CaravanSyntax
import CaravanXML

/// The errors of the EN 16931 model reader (``InvoiceDocument/read(_:strict:)``) as Caravan
/// findings: an impossible date, letters in an amount, a single-valued element given twice.
/// These are values the official rules may not look at, but a document whose values cannot
/// be carried into the model cannot be processed, so each is `fatal`.
enum ReaderFindings {
  /// The reader's errors on `tree` (read, not strictly, into `read`) as findings, leaving out
  /// a value error at a node where a rule's test already reported the same value as
  /// impossible to cast (`CARAVAN-VALUE`).
  static func findings(for tree: XMLTree, read: ReadResult, after earlier: [Finding])
    -> [Finding]
  {
    let errors = read.diagnostics.filter { $0.severity == .error }
    guard !errors.isEmpty else { return [] }
    // Map the reader's readable paths back to elements, to give the SVRL form of location.
    var elements: [String: XMLTree.Element] = [:]
    var stack = [tree.root]
    while let element = stack.popLast() {
      elements[tree.path(element)] = element
      stack.append(contentsOf: tree.children(element))
    }
    let castFailures = Set(earlier.filter { $0.rule == CaravanRule.value.id }.map(\.location))
    var result: [Finding] = []
    for diagnostic in errors {
      let rule = CaravanRule(readerMessage: diagnostic.message)
      let location = elements[diagnostic.path].map { tree.svrlLocation($0) } ?? diagnostic.path
      if rule == .number || rule == .date, castFailures.contains(location) { continue }
      result.append(
        Finding(
          rule: rule.id, flag: .fatal, location: location,
          message: "\(diagnostic.message) (line \(diagnostic.line), \(diagnostic.path))"))
    }
    return result
  }
}

extension CaravanRule {
  /// The Caravan id for an error message of the model reader.
  init(readerMessage message: String) {
    if message.contains("is not a date") || message.contains("date format") {
      self = .date
    } else if message.contains("is not a decimal number") {
      self = .number
    } else if message.contains("appears more than once") || message.contains("differs from") {
      self = .duplicate
    } else {
      self = .read
    }
  }
}
