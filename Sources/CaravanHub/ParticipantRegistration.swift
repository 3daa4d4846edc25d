import CaravanExchange
import CaravanModel
public import CaravanStore
public import Foundation

/// What the operator sends to register a participant.
public struct ParticipantRegistration: Sendable, Codable, Hashable {
  /// ISO/IEC 6523 `scheme:value`: an ICD or EAS scheme code, a colon, the identifier.
  public var id: String
  public var name: String
  /// ISO 3166-1 alpha-2.
  public var jurisdiction: String
  public var sizeClass: Participant.SizeClass
  /// A NACE Rev. 2 section letter (`A`…`U`) or division (two digits).
  public var sector: String
  public var womenOwned: Bool
  /// The syntax the participant's systems read, `ubl` (the default) or `cii`.
  public var receiveSyntax: String?

  public init(
    id: String, name: String, jurisdiction: String, sizeClass: Participant.SizeClass,
    sector: String, womenOwned: Bool, receiveSyntax: String? = nil
  ) {
    self.receiveSyntax = receiveSyntax
    self.id = id
    self.name = name
    self.jurisdiction = jurisdiction
    self.sizeClass = sizeClass
    self.sector = sector
    self.womenOwned = womenOwned
  }

  /// The participant this registration makes, after checking every field.
  public func validated(now: Date) throws(HubError) -> Participant {
    guard Self.isParticipantID(id) else {
      throw .badRequest(
        field: "id",
        message: "\"\(id.prefix(80))\" is not scheme:value (an ISO/IEC 6523 ICD or EAS code, "
          + "a colon, then an identifier of 1 to 200 characters without spaces)")
    }
    let scheme = String(id.prefix { $0 != ":" })
    guard CodeList.electronicAddressSchemes.contains(scheme) || CodeList.icdSchemes.contains(scheme)
    else {
      throw .badRequest(field: "id", message: "\(scheme) is neither an ICD nor an EAS scheme code")
    }
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard (1...200).contains(trimmed.count),
      !trimmed.unicodeScalars.contains(where: {
        $0.properties.generalCategory == .control
      })
    else {
      throw .badRequest(
        field: "name", message: "must be 1 to 200 characters, without control characters")
    }
    guard CodeList.countryCodes.contains(jurisdiction) else {
      throw .badRequest(
        field: "jurisdiction",
        message: "\"\(jurisdiction.prefix(10))\" is not an ISO 3166-1 alpha-2 code")
    }
    guard Self.isSector(sector) else {
      throw .badRequest(
        field: "sector",
        message:
          "\"\(sector.prefix(10))\" is not a NACE Rev. 2 section (A to U) or division (01 to 99)")
    }
    let syntax = receiveSyntax ?? "ubl"
    guard syntax == "ubl" || syntax == "cii" else {
      throw .badRequest(
        field: "receiveSyntax", message: "\"\(syntax.prefix(10))\" is not ubl or cii")
    }
    let seconds = (now.timeIntervalSince1970 * 1000).rounded(.down) / 1000
    return Participant(
      id: id, name: trimmed, jurisdiction: jurisdiction, sizeClass: sizeClass, sector: sector,
      womenOwned: womenOwned, createdAt: Date(timeIntervalSince1970: seconds),
      receiveSyntax: syntax)
  }

  /// `scheme:value`, a scheme of 2 to 4 ASCII letters or digits, value of 1 to 200 characters
  /// with no whitespace or control characters.
  public static func isParticipantID(_ id: String) -> Bool {
    ParticipantIdentifier.isWellFormed(id)
  }

  static func isSector(_ sector: String) -> Bool {
    let utf8 = Array(sector.utf8)
    if utf8.count == 1 { return (UInt8(ascii: "A")...UInt8(ascii: "U")).contains(utf8[0]) }
    return utf8.count == 2
      && utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
      && sector != "00"
  }
}
