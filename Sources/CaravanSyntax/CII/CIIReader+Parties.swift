import CaravanModel
import CaravanXML

/// The trade parties of a CII invoice, and which terms each carries in EN 16931-3-3.
enum CIIPartyRole {
  /// BG-4 `ram:SellerTradeParty`.
  case seller
  /// BG-7 `ram:BuyerTradeParty`.
  case buyer
  /// BG-10 `ram:PayeeTradeParty`.
  case payee
  /// BG-11 `ram:SellerTaxRepresentativeTradeParty`.
  case taxRepresentative
  /// BG-13 `ram:ShipToTradeParty`.
  case shipTo

  /// The term of the party identifier, when the party has one.
  var identifierTerm: String? {
    switch self {
    case .seller: return "BT-29"
    case .buyer: return "BT-46"
    case .payee: return "BT-60"
    case .taxRepresentative: return nil
    case .shipTo: return "BT-71"
    }
  }
}

/// Everything a `ram:*TradeParty` can carry for EN 16931, before it is sorted into the role's
/// model type.
struct CIIParty {
  var identifiers: [Identifier] = []
  var name: String?
  /// BT-33 `ram:Description` (seller only).
  var description: String?
  /// `ram:SpecifiedLegalOrganization/ram:ID` (BT-30, BT-47, BT-61).
  var legalRegistration: Identifier?
  /// `ram:SpecifiedLegalOrganization/ram:TradingBusinessName` (BT-28, BT-45).
  var tradingName: String?
  var contact: Contact?
  var address: PostalAddress?
  /// `ram:URIUniversalCommunication/ram:URIID` (BT-34, BT-49).
  var electronicAddress: Identifier?
  /// `ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']` (BT-31, BT-48, BT-63).
  var vatIdentifier: String?
  /// `ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']` (BT-32).
  var taxRegistration: String?
}

extension CIIReader {
  /// BG-4 SELLER.
  func readSeller(_ element: Element) -> Seller {
    let party = readParty(element, role: .seller)
    var seller = Seller(name: party.name ?? "", address: party.address ?? PostalAddress())
    seller.tradingName = party.tradingName
    seller.identifiers = party.identifiers
    seller.legalRegistrationIdentifier = party.legalRegistration
    seller.vatIdentifier = party.vatIdentifier
    seller.taxRegistrationIdentifier = party.taxRegistration
    seller.additionalLegalInformation = party.description
    seller.electronicAddress = party.electronicAddress
    seller.contact = party.contact
    return seller
  }

  /// BG-7 BUYER.
  func readBuyer(_ element: Element) -> Buyer {
    let party = readParty(element, role: .buyer)
    var buyer = Buyer(name: party.name ?? "", address: party.address ?? PostalAddress())
    buyer.tradingName = party.tradingName
    buyer.identifier = party.identifiers.first
    buyer.legalRegistrationIdentifier = party.legalRegistration
    buyer.vatIdentifier = party.vatIdentifier
    buyer.electronicAddress = party.electronicAddress
    buyer.contact = party.contact
    return buyer
  }

  /// BG-10 PAYEE.
  func readPayee(_ element: Element) -> Payee {
    let party = readParty(element, role: .payee)
    var payee = Payee(name: party.name ?? "")
    payee.identifier = party.identifiers.first
    payee.legalRegistrationIdentifier = party.legalRegistration
    return payee
  }

  /// BG-11 SELLER TAX REPRESENTATIVE PARTY.
  func readTaxRepresentative(_ element: Element) -> TaxRepresentative {
    let party = readParty(element, role: .taxRepresentative)
    return TaxRepresentative(
      name: party.name ?? "", vatIdentifier: party.vatIdentifier ?? "",
      address: party.address ?? PostalAddress())
  }

  /// Reads a `ram:*TradeParty`, reporting as not carried what the role has no term for.
  func readParty(_ element: Element, role: CIIPartyRole) -> CIIParty {
    var party = CIIParty()
    for child in context.children(element) {
      switch (context.name(child), role) {
      case ("ram:ID", .seller), ("ram:ID", .buyer), ("ram:ID", .payee), ("ram:ID", .shipTo),
        ("ram:GlobalID", .seller), ("ram:GlobalID", .buyer), ("ram:GlobalID", .payee),
        ("ram:GlobalID", .shipTo):
        guard let value = context.string(child) else { continue }
        if role != .seller, !party.identifiers.isEmpty {
          context.error(
            child,
            "\(context.displayName(child)) appears more than once; \(role.identifierTerm ?? "") takes one value"
          )
          continue
        }
        party.identifiers.append(
          Identifier(value, scheme: context.attribute("schemeID", of: child)))
      case ("ram:Name", _): context.single(&party.name, context.string(child), child, term: "name")
      case ("ram:Description", .seller):
        context.single(&party.description, context.string(child), child, term: "BT-33")
      case ("ram:SpecifiedLegalOrganization", .seller), ("ram:SpecifiedLegalOrganization", .buyer),
        ("ram:SpecifiedLegalOrganization", .payee):
        readLegalOrganization(child, role: role, into: &party)
      case ("ram:DefinedTradeContact", .seller), ("ram:DefinedTradeContact", .buyer):
        context.single(&party.contact, readContact(child), child, term: "contact")
      case ("ram:PostalTradeAddress", .seller), ("ram:PostalTradeAddress", .buyer),
        ("ram:PostalTradeAddress", .taxRepresentative), ("ram:PostalTradeAddress", .shipTo):
        context.single(&party.address, readAddress(child), child, term: "postal address")
      case ("ram:URIUniversalCommunication", .seller), ("ram:URIUniversalCommunication", .buyer):
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:URIID":
            if let value = context.string(part) {
              context.single(
                &party.electronicAddress,
                Identifier(value, scheme: context.attribute("schemeID", of: part)), part,
                term: "electronic address")
            }
          default: context.notCarried(part)
          }
        }
      case ("ram:SpecifiedTaxRegistration", .seller), ("ram:SpecifiedTaxRegistration", .buyer),
        ("ram:SpecifiedTaxRegistration", .taxRepresentative):
        for part in context.children(child) {
          switch (context.name(part), context.attribute("schemeID", of: part)) {
          case ("ram:ID", "VA"):
            context.single(&party.vatIdentifier, context.string(part), part, term: "VAT identifier")
          case ("ram:ID", "FC") where role == .seller:
            context.single(&party.taxRegistration, context.string(part), part, term: "BT-32")
          default: context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    return party
  }

  /// `ram:SpecifiedLegalOrganization`: `ram:ID` with `@schemeID` (BT-30, BT-47, BT-61) and
  /// `ram:TradingBusinessName` (BT-28, BT-45).
  func readLegalOrganization(_ element: Element, role: CIIPartyRole, into party: inout CIIParty) {
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:ID":
        if let value = context.string(child) {
          context.single(
            &party.legalRegistration,
            Identifier(value, scheme: context.attribute("schemeID", of: child)), child,
            term: "legal registration identifier")
        }
      case "ram:TradingBusinessName" where role != .payee:
        context.single(&party.tradingName, context.string(child), child, term: "trading name")
      default: context.notCarried(child)
      }
    }
  }

  /// BG-6 / BG-9 `ram:DefinedTradeContact`: BT-41 / BT-56 `ram:PersonName` or
  /// `ram:DepartmentName`, BT-42 / BT-57 telephone, BT-43 / BT-58 e-mail.
  func readContact(_ element: Element) -> Contact? {
    var contact = Contact()
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:PersonName", "ram:DepartmentName":
        if contact.name != nil {
          context.notCarried(child)
        } else {
          contact.name = context.string(child)
        }
      case "ram:TelephoneUniversalCommunication":
        context.single(
          &contact.telephone, communication(child, "ram:CompleteNumber"), child, term: "telephone")
      case "ram:EmailURIUniversalCommunication":
        context.single(&contact.email, communication(child, "ram:URIID"), child, term: "e-mail")
      default: context.notCarried(child)
      }
    }
    return contact == Contact() ? nil : contact
  }

  /// The one child `kept` of a universal communication.
  func communication(_ element: Element, _ kept: StaticString) -> String? {
    var value: String?
    for child in context.children(element) {
      if context.name(child) == kept {
        context.single(&value, context.string(child), child, term: kept.description)
      } else {
        context.notCarried(child)
      }
    }
    return value
  }

  /// BG-5, BG-8, BG-12, BG-15 `ram:PostalTradeAddress`.
  func readAddress(_ element: Element) -> PostalAddress {
    var address = PostalAddress()
    var country: String?
    for child in context.children(element) {
      let value = context.string(child)
      switch context.name(child) {
      case "ram:PostcodeCode": context.single(&address.postCode, value, child, term: "post code")
      case "ram:LineOne": context.single(&address.line1, value, child, term: "address line 1")
      case "ram:LineTwo": context.single(&address.line2, value, child, term: "address line 2")
      case "ram:LineThree": context.single(&address.line3, value, child, term: "address line 3")
      case "ram:CityName": context.single(&address.city, value, child, term: "city")
      case "ram:CountryID": context.single(&country, value, child, term: "country code")
      case "ram:CountrySubDivisionName":
        context.single(&address.countrySubdivision, value, child, term: "country subdivision")
      default: context.notCarried(child)
      }
    }
    address.countryCode = country ?? ""
    return address
  }
}
