/// An identifier with the scheme it belongs to, as EN 16931 pairs them (BT-29 with BT-29-1,
/// BT-34 with BT-34-1 …). Schemes are ISO/IEC 6523 ICD or EAS codes, or UNTDID 1153 for the
/// invoiced object identifier.
public struct Identifier: Sendable, Hashable, Codable {
  /// The identifier itself.
  public var value: String
  /// The identification scheme (the `schemeID` attribute in UBL and CII), when stated.
  public var scheme: String?

  public init(_ value: String, scheme: String? = nil) {
    self.value = value
    self.scheme = scheme
  }
}

extension Identifier: CustomStringConvertible {
  /// `scheme:value`, the form ISO/IEC 6523 participant identifiers are written in.
  public var description: String { scheme.map { "\($0):\(value)" } ?? value }
}

/// A code with the list it is taken from and that list's version: BT-158 item classification
/// identifier with BT-158-1 and BT-158-2.
public struct Classification: Sendable, Hashable, Codable {
  /// BT-158 Item classification identifier.
  public var code: String
  /// BT-158-1 Scheme identifier (UNTDID 7143).
  public var scheme: String?
  /// BT-158-2 Scheme version identifier.
  public var schemeVersion: String?

  public init(_ code: String, scheme: String? = nil, schemeVersion: String? = nil) {
    self.code = code
    self.scheme = scheme
    self.schemeVersion = schemeVersion
  }
}
