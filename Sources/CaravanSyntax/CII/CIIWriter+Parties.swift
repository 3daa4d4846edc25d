import CaravanModel
import CaravanXML

extension CIIWriter {
  /// BG-4 `ram:SellerTradeParty`: BT-29 (`ram:ID` without scheme, `ram:GlobalID` with one),
  /// BT-27, BT-33, BT-30/BT-28, BG-6, BG-5, BT-34, BT-31 (VA) and BT-32 (FC).
  mutating func writeSeller(_ seller: Seller) {
    w.open("ram:SellerTradeParty")
    for id in seller.identifiers where id.scheme == nil { w.element("ram:ID", id.value) }
    for id in seller.identifiers where id.scheme != nil { writePartyIdentifier(id) }
    w.element("ram:Name", seller.name)
    w.element("ram:Description", seller.additionalLegalInformation)
    writeLegalOrganization(seller.legalRegistrationIdentifier, tradingName: seller.tradingName)
    writeContact(seller.contact)
    writeAddress(seller.address)
    writeElectronicAddress(seller.electronicAddress)
    writeTaxRegistration(seller.vatIdentifier, scheme: "VA")
    writeTaxRegistration(seller.taxRegistrationIdentifier, scheme: "FC")
    w.close()
  }

  /// BG-7 `ram:BuyerTradeParty`.
  mutating func writeBuyer(_ buyer: Buyer) {
    w.open("ram:BuyerTradeParty")
    if let id = buyer.identifier { writePartyIdentifier(id) }
    w.element("ram:Name", buyer.name)
    writeLegalOrganization(buyer.legalRegistrationIdentifier, tradingName: buyer.tradingName)
    writeContact(buyer.contact)
    writeAddress(buyer.address)
    writeElectronicAddress(buyer.electronicAddress)
    writeTaxRegistration(buyer.vatIdentifier, scheme: "VA")
    w.close()
  }

  /// BG-10 `ram:PayeeTradeParty`.
  mutating func writePayee(_ payee: Payee?) {
    guard let payee else { return }
    w.open("ram:PayeeTradeParty")
    if let id = payee.identifier { writePartyIdentifier(id) }
    w.element("ram:Name", payee.name)
    writeLegalOrganization(payee.legalRegistrationIdentifier, tradingName: nil)
    w.close()
  }

  /// A party identifier: `ram:GlobalID` with `@schemeID` when it has a scheme, else `ram:ID`.
  mutating func writePartyIdentifier(_ id: Identifier) {
    if let scheme = id.scheme {
      w.element("ram:GlobalID", id.value, attribute: ("schemeID", scheme))
    } else {
      w.element("ram:ID", id.value)
    }
  }

  /// `ram:SpecifiedLegalOrganization`.
  mutating func writeLegalOrganization(_ id: Identifier?, tradingName: String?) {
    w.open("ram:SpecifiedLegalOrganization")
    if let id { w.element("ram:ID", id.value, attribute: ("schemeID", id.scheme)) }
    w.element("ram:TradingBusinessName", tradingName)
    w.close()
  }

  /// BG-6 / BG-9 `ram:DefinedTradeContact`; the contact point as `ram:PersonName`.
  mutating func writeContact(_ contact: Contact?) {
    guard let contact else { return }
    w.open("ram:DefinedTradeContact")
    w.element("ram:PersonName", contact.name)
    w.open("ram:TelephoneUniversalCommunication")
    w.element("ram:CompleteNumber", contact.telephone)
    w.close()
    w.open("ram:EmailURIUniversalCommunication")
    w.element("ram:URIID", contact.email)
    w.close()
    w.close()
  }

  /// `ram:PostalTradeAddress`.
  mutating func writeAddress(_ address: PostalAddress) {
    w.open("ram:PostalTradeAddress")
    w.element("ram:PostcodeCode", address.postCode)
    w.element("ram:LineOne", address.line1)
    w.element("ram:LineTwo", address.line2)
    w.element("ram:LineThree", address.line3)
    w.element("ram:CityName", address.city)
    w.element("ram:CountryID", address.countryCode)
    w.element("ram:CountrySubDivisionName", address.countrySubdivision)
    w.close()
  }

  /// BT-34 / BT-49 `ram:URIUniversalCommunication/ram:URIID`.
  mutating func writeElectronicAddress(_ address: Identifier?) {
    guard let address else { return }
    w.open("ram:URIUniversalCommunication")
    w.element("ram:URIID", address.value, attribute: ("schemeID", address.scheme))
    w.close()
  }

  /// `ram:SpecifiedTaxRegistration/ram:ID` with the scheme VA or FC.
  mutating func writeTaxRegistration(_ id: String?, scheme: String) {
    w.open("ram:SpecifiedTaxRegistration")
    w.element("ram:ID", id, attribute: ("schemeID", scheme))
    w.close()
  }
}
