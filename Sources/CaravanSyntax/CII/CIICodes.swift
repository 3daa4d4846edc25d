import Foundation

/// Code and value conversions between the model and CII D16B.
enum CIICodes {
  /// BT-8: the model holds the UNTDID 2005 code (3, 35, 432, as UBL writes it); CII writes
  /// UNTDID 2475 in `ram:DueDateTypeCode` (5, 29, 72). Other codes pass unchanged.
  static func dueDateTypeCode(fromModel code: String) -> String {
    switch code {
    case "3": return "5"
    case "35": return "29"
    case "432": return "72"
    default: return code
    }
  }

  /// BT-8: the UNTDID 2475 code of `ram:DueDateTypeCode` as the model's UNTDID 2005 code.
  static func vatPointDateCode(fromCII code: String) -> String {
    switch code {
    case "5": return "3"
    case "29": return "35"
    case "72": return "432"
    default: return code
    }
  }

  /// True when `value` is an IBAN by ISO 13616: two letters, two check digits, up to 30
  /// alphanumerics, and the mod-97 check equal to 1 (spaces ignored). Decides between `ram:IBANID` and
  /// `ram:ProprietaryID` for BT-84.
  static func isIBAN(_ value: String) -> Bool {
    // The paper form groups the characters by four with spaces; they are not part of the IBAN.
    let bytes = value.utf8.filter { $0 != 0x20 }
    guard bytes.count >= 15, bytes.count <= 34 else { return false }
    func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    guard isUpper(bytes[0]), isUpper(bytes[1]), isDigit(bytes[2]), isDigit(bytes[3]) else {
      return false
    }
    var remainder = 0
    for b in bytes[4...] + bytes[0..<4] {
      if isDigit(b) {
        remainder = (remainder * 10 + Int(b - 0x30)) % 97
      } else if isUpper(b) {
        remainder = (remainder * 100 + Int(b - 0x41 + 10)) % 97
      } else {
        return false
      }
    }
    return remainder == 1
  }
}
