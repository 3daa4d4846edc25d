import CaravanRender

/// A language the web pages are written in: the six official languages of the United Nations.
public enum WebLanguage: String, Sendable, Hashable, CaseIterable {
  case english = "en"
  case chinese = "zh"
  case arabic = "ar"
  case french = "fr"
  case russian = "ru"
  case spanish = "es"

  /// The BCP 47 tag written in `lang` attributes.
  public var tag: String { rawValue }

  /// Right to left for Arabic, left to right for the others.
  public var direction: String { self == .arabic ? "rtl" : "ltr" }

  /// The language's own name, as the language switch shows it.
  public var nativeName: String {
    switch self {
    case .english: return "English"
    case .chinese: return "中文"
    case .arabic: return "العربية"
    case .french: return "Français"
    case .russian: return "Русский"
    case .spanish: return "Español"
    }
  }

  /// The labels invoice pages are rendered with: the language's own where the renderer has
  /// them, English otherwise.
  public var renderLabels: RenderLabels {
    switch self {
    case .chinese: return .chinese
    default: return .english
    }
  }

  /// The language named by a tag such as `zh-Hans-CN` or `fr`, by its primary subtag.
  public init?(tag: some StringProtocol) {
    let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
    guard let language = WebLanguage(rawValue: primary) else { return nil }
    self = language
  }

  /// The best language for an `Accept-Language` header (RFC 9110 §12.5.4): the supported
  /// language with the highest q-value, the earlier one on a tie; nil when none is acceptable.
  public static func negotiate(acceptLanguage header: String) -> WebLanguage? {
    var best: (language: WebLanguage, quality: Double)?
    for item in header.split(separator: ",") {
      let parts = item.split(separator: ";")
      guard let range = parts.first?.trimmingSpaces, !range.isEmpty else { continue }
      var quality = 1.0
      for parameter in parts.dropFirst() {
        let pair = parameter.trimmingSpaces.split(separator: "=", maxSplits: 1)
        if pair.count == 2, pair[0].lowercased() == "q" {
          quality = Double(pair[1].trimmingSpaces).map { min(max($0, 0), 1) } ?? 0
        }
      }
      guard quality > 0 else { continue }
      let language: WebLanguage?
      if range == "*" { language = .english } else { language = WebLanguage(tag: range) }
      guard let language else { continue }
      if best == nil || quality > best!.quality { best = (language, quality) }
    }
    return best?.language
  }

  /// The text of `message` in this language, falling back to English where the catalogue
  /// has no entry.
  public func text(_ message: WebMessage) -> String {
    WebCatalogue.table(self)[message] ?? WebCatalogue.english[message] ?? message.rawValue
  }
}

extension Substring {
  var trimmingSpaces: Substring {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return text
  }
}

/// The message catalogues, one table per language.
public enum WebCatalogue {
  /// The table of `language`.
  public static func table(_ language: WebLanguage) -> [WebMessage: String] {
    switch language {
    case .english: return english
    case .chinese: return chinese
    case .arabic: return arabic
    case .french: return french
    case .russian: return russian
    case .spanish: return spanish
    }
  }

  /// The messages `language` lacks (shown in English instead).
  public static func missing(in language: WebLanguage) -> [WebMessage] {
    let table = table(language)
    return WebMessage.allCases.filter { table[$0] == nil }
  }
}
