import Foundation

/// BG-24 ADDITIONAL SUPPORTING DOCUMENTS.
public struct SupportingDocument: Sendable, Hashable, Codable {
  /// BT-122 Supporting document reference.
  public var reference: String
  /// BT-123 Supporting document description.
  public var description: String?
  /// BT-124 External document location (a URL).
  public var externalLocation: String?
  /// BT-125 Attached document, with BT-125-1 its MIME code and BT-125-2 its file name.
  public var attachment: Attachment?

  public init(reference: String) {
    self.reference = reference
  }
}

/// BT-125 Attached document: the bytes themselves, not their base64 text.
public struct Attachment: Sendable, Hashable, Codable {
  /// The document's bytes (encoded as base64 in JSON and XML).
  public var content: Data
  /// BT-125-1 Attached document Mime code.
  public var mimeCode: String
  /// BT-125-2 Attached document Filename.
  public var filename: String

  public init(content: Data, mimeCode: String, filename: String) {
    self.content = content
    self.mimeCode = mimeCode
    self.filename = filename
  }
}
