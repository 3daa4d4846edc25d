internal import Synchronization

/// `fn:matches` (F&O §7.6.2) over XML Schema regular expressions (XML Schema Part 2, Appendix F,
/// with the `^`/`$` anchors of F&O §7.6.1), by Swift's regular expressions, whose syntax
/// covers the subset the artefacts use (`\d`, `\s`, classes, groups, `{n}`).
enum XPathRegex {
  /// Compiled patterns, by source text.
  private static let cache = Mutex<[String: Compiled]>([:])

  private struct Compiled: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
  }

  static func matches(_ input: String, _ pattern: String) throws(XPathError) -> Bool {
    let compiled: Compiled
    if let c = cache.withLock({ $0[pattern] }) {
      compiled = c
    } else {
      do {
        compiled = Compiled(regex: try Regex(pattern))
      } catch {
        throw XPathError(code: "FORX0002", message: "invalid regular expression '\(pattern)'")
      }
      cache.withLock { $0[pattern] = compiled }
    }
    return input.firstMatch(of: compiled.regex) != nil
  }
}
