import CaravanModel
import CaravanXML

extension UBLWriter {
  /// BT-90 goes into the payee's `cac:PartyIdentification` when there is a payee, otherwise
  /// into the seller's, with `schemeID` `SEPA`.
  private var creditorIdentifier: String? {
    invoice.paymentInstructions?.directDebit?.creditorIdentifier
  }

  /// `cbc:ID` in its own `cac:PartyIdentification`.
  private mutating func writePartyIdentification(_ id: Identifier?) {
    guard let id else { return }
    w.open("cac:PartyIdentification")
    w.element("cbc:ID", id.value, attribute: ("schemeID", id.scheme))
    w.close()
  }

  /// `cac:PartyName/cbc:Name`.
  private mutating func writePartyName(_ name: String?) {
    w.open("cac:PartyName")
    w.element("cbc:Name", name)
    w.close()
  }

  /// `cac:PartyTaxScheme` with `cbc:CompanyID` and the tax scheme `scheme`.
  private mutating func writePartyTaxScheme(_ companyID: String?, scheme: String) {
    guard let companyID, !companyID.isEmpty else { return }
    w.open("cac:PartyTaxScheme")
    w.element("cbc:CompanyID", companyID)
    writeTaxScheme(scheme)
    w.close()
  }

  /// `cac:Contact` (BG-6, BG-9).
  private mutating func writeContact(_ contact: Contact?) {
    w.open("cac:Contact")
    w.element("cbc:Name", contact?.name)
    w.element("cbc:Telephone", contact?.telephone)
    w.element("cbc:ElectronicMail", contact?.email)
    w.close()
  }

  /// A postal address (BG-5, BG-8, BG-12, BG-15) as `name` (`cac:PostalAddress` or
  /// `cac:Address`).
  mutating func writeAddress(_ name: StaticString, _ address: PostalAddress?) {
    guard let address else { return }
    w.open(name)
    w.element("cbc:StreetName", address.line1)
    w.element("cbc:AdditionalStreetName", address.line2)
    w.element("cbc:CityName", address.city)
    w.element("cbc:PostalZone", address.postCode)
    w.element("cbc:CountrySubentity", address.countrySubdivision)
    w.open("cac:AddressLine")
    w.element("cbc:Line", address.line3)
    w.close()
    w.open("cac:Country")
    w.element("cbc:IdentificationCode", address.countryCode)
    w.close()
    w.close()
  }

  /// BG-4 `cac:AccountingSupplierParty/cac:Party`. BT-32 is written in a party tax scheme
  /// whose `cac:TaxScheme/cbc:ID` is `TAX`, the customary value (the binding fixes only that
  /// it is not `VAT`).
  mutating func writeSeller() {
    let seller = invoice.seller
    w.open("cac:AccountingSupplierParty")
    w.open("cac:Party")
    if let address = seller.electronicAddress {
      w.element("cbc:EndpointID", address.value, attribute: ("schemeID", address.scheme))
    }
    for id in seller.identifiers { writePartyIdentification(id) }
    if invoice.payee == nil, let creditor = creditorIdentifier {
      writePartyIdentification(Identifier(creditor, scheme: "SEPA"))
    }
    writePartyName(seller.tradingName)
    writeAddress("cac:PostalAddress", seller.address)
    writePartyTaxScheme(seller.vatIdentifier, scheme: "VAT")
    writePartyTaxScheme(seller.taxRegistrationIdentifier, scheme: "TAX")
    w.open("cac:PartyLegalEntity")
    w.element("cbc:RegistrationName", seller.name)
    if let legal = seller.legalRegistrationIdentifier {
      w.element("cbc:CompanyID", legal.value, attribute: ("schemeID", legal.scheme))
    }
    w.element("cbc:CompanyLegalForm", seller.additionalLegalInformation)
    w.close()
    writeContact(seller.contact)
    w.close()
    w.close()
  }

  /// BG-7 `cac:AccountingCustomerParty/cac:Party`.
  mutating func writeBuyer() {
    let buyer = invoice.buyer
    w.open("cac:AccountingCustomerParty")
    w.open("cac:Party")
    if let address = buyer.electronicAddress {
      w.element("cbc:EndpointID", address.value, attribute: ("schemeID", address.scheme))
    }
    writePartyIdentification(buyer.identifier)
    writePartyName(buyer.tradingName)
    writeAddress("cac:PostalAddress", buyer.address)
    writePartyTaxScheme(buyer.vatIdentifier, scheme: "VAT")
    w.open("cac:PartyLegalEntity")
    w.element("cbc:RegistrationName", buyer.name)
    if let legal = buyer.legalRegistrationIdentifier {
      w.element("cbc:CompanyID", legal.value, attribute: ("schemeID", legal.scheme))
    }
    w.close()
    writeContact(buyer.contact)
    w.close()
    w.close()
  }

  /// BG-10 `cac:PayeeParty`, with BT-90 when there is one.
  mutating func writePayee() {
    guard let payee = invoice.payee else { return }
    w.open("cac:PayeeParty")
    writePartyIdentification(payee.identifier)
    if let creditor = creditorIdentifier {
      writePartyIdentification(Identifier(creditor, scheme: "SEPA"))
    }
    writePartyName(payee.name)
    w.open("cac:PartyLegalEntity")
    if let legal = payee.legalRegistrationIdentifier {
      w.element("cbc:CompanyID", legal.value, attribute: ("schemeID", legal.scheme))
    }
    w.close()
    w.close()
  }

  /// BG-11 `cac:TaxRepresentativeParty`.
  mutating func writeTaxRepresentative() {
    guard let representative = invoice.sellerTaxRepresentative else { return }
    w.open("cac:TaxRepresentativeParty")
    writePartyName(representative.name)
    writeAddress("cac:PostalAddress", representative.address)
    writePartyTaxScheme(representative.vatIdentifier, scheme: "VAT")
    w.close()
  }

  /// BG-13 `cac:Delivery`.
  mutating func writeDelivery() {
    guard let delivery = invoice.delivery else { return }
    w.open("cac:Delivery")
    w.element("cbc:ActualDeliveryDate", delivery.actualDeliveryDate)
    w.open("cac:DeliveryLocation")
    if let location = delivery.locationIdentifier {
      w.element("cbc:ID", location.value, attribute: ("schemeID", location.scheme))
    }
    writeAddress("cac:Address", delivery.address)
    w.close()
    w.open("cac:DeliveryParty")
    writePartyName(delivery.partyName)
    w.close()
    w.close()
  }
}
