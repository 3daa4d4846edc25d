import CaravanModel
import CaravanXML

extension UBLReader {
  /// BG-4 `cac:AccountingSupplierParty/cac:Party`.
  ///
  /// - `cbc:EndpointID` BT-34; `cac:PartyIdentification/cbc:ID` BT-29 (repeatable), or BT-90
  ///   when its `schemeID` is `SEPA`; `cac:PartyName/cbc:Name` BT-28; `cac:PostalAddress` BG-5;
  ///   `cac:PartyTaxScheme/cbc:CompanyID` BT-31 when the tax scheme is VAT, BT-32 otherwise;
  ///   `cac:PartyLegalEntity` BT-27, BT-30, BT-33; `cac:Contact` BG-6.
  func readSellerParty(_ element: XMLTree.Element) {
    var seller = takeOut(&invoice.seller, leaving: Seller())
    var name: String?
    for party in context.children(element) {
      guard context.name(party) == "cac:Party" else {
        context.notCarried(party)
        continue
      }
      for child in context.children(party) {
        switch context.name(child) {
        case "cbc:EndpointID":
          context.single(&seller.electronicAddress, identifier(child), child, term: "BT-34")
        case "cac:PartyIdentification":
          readPartyIdentification(child) { id, _ in seller.identifiers.append(id) }
        case "cac:PartyName":
          readPartyName(child, into: &seller.tradingName, term: "BT-28")
        case "cac:PostalAddress": seller.address = readAddress(child)
        case "cac:PartyTaxScheme":
          readPartyTaxScheme(child) { companyID, isVAT, at in
            if isVAT {
              context.single(&seller.vatIdentifier, companyID, at, term: "BT-31")
            } else {
              context.single(&seller.taxRegistrationIdentifier, companyID, at, term: "BT-32")
            }
          }
        case "cac:PartyLegalEntity":
          for part in context.children(child) {
            switch context.name(part) {
            case "cbc:RegistrationName":
              context.single(&name, context.string(part), part, term: "BT-27")
            case "cbc:CompanyID":
              context.single(
                &seller.legalRegistrationIdentifier, identifier(part), part, term: "BT-30")
            case "cbc:CompanyLegalForm":
              context.single(
                &seller.additionalLegalInformation, context.string(part), part, term: "BT-33")
            default: context.notCarried(part)
            }
          }
        case "cac:Contact": seller.contact = readContact(child, existing: seller.contact)
        default: context.notCarried(child)
        }
      }
    }
    if let name { seller.name = name }
    invoice.seller = seller
  }

  /// BG-7 `cac:AccountingCustomerParty/cac:Party`: BT-44 … BT-49, BG-8, BG-9.
  func readBuyerParty(_ element: XMLTree.Element) {
    var buyer = takeOut(&invoice.buyer, leaving: Buyer())
    var name: String?
    for party in context.children(element) {
      guard context.name(party) == "cac:Party" else {
        context.notCarried(party)
        continue
      }
      for child in context.children(party) {
        switch context.name(child) {
        case "cbc:EndpointID":
          context.single(&buyer.electronicAddress, identifier(child), child, term: "BT-49")
        case "cac:PartyIdentification":
          readPartyIdentification(child, allowsCreditor: false) { id, at in
            context.single(&buyer.identifier, id, at, term: "BT-46")
          }
        case "cac:PartyName": readPartyName(child, into: &buyer.tradingName, term: "BT-45")
        case "cac:PostalAddress": buyer.address = readAddress(child)
        case "cac:PartyTaxScheme":
          readPartyTaxScheme(child) { companyID, isVAT, at in
            if isVAT {
              context.single(&buyer.vatIdentifier, companyID, at, term: "BT-48")
            } else {
              context.notCarried(child)
            }
          }
        case "cac:PartyLegalEntity":
          for part in context.children(child) {
            switch context.name(part) {
            case "cbc:RegistrationName":
              context.single(&name, context.string(part), part, term: "BT-44")
            case "cbc:CompanyID":
              context.single(
                &buyer.legalRegistrationIdentifier, identifier(part), part, term: "BT-47")
            default: context.notCarried(part)
            }
          }
        case "cac:Contact": buyer.contact = readContact(child, existing: buyer.contact)
        default: context.notCarried(child)
        }
      }
    }
    if let name { buyer.name = name }
    invoice.buyer = buyer
  }

  /// BG-10 `cac:PayeeParty`: `cac:PartyName/cbc:Name` BT-59, `cac:PartyIdentification/cbc:ID`
  /// BT-60 (BT-90 when its `schemeID` is `SEPA`), `cac:PartyLegalEntity/cbc:CompanyID` BT-61.
  func readPayee(_ element: XMLTree.Element) {
    var payee = invoice.payee ?? Payee()
    var name: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cac:PartyIdentification":
        readPartyIdentification(child) { id, at in
          context.single(&payee.identifier, id, at, term: "BT-60")
        }
      case "cac:PartyName": readPartyName(child, into: &name, term: "BT-59")
      case "cac:PartyLegalEntity":
        for part in context.children(child) {
          if context.name(part) == "cbc:CompanyID" {
            context.single(
              &payee.legalRegistrationIdentifier, identifier(part), part, term: "BT-61")
          } else {
            context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    if let name { payee.name = name }
    invoice.payee = payee
  }

  /// BG-11 `cac:TaxRepresentativeParty`: `cac:PartyName/cbc:Name` BT-62, `cac:PostalAddress`
  /// BG-12, `cac:PartyTaxScheme/cbc:CompanyID` BT-63.
  func readTaxRepresentative(_ element: XMLTree.Element) {
    var representative = invoice.sellerTaxRepresentative ?? TaxRepresentative()
    var name: String?
    var vatIdentifier: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cac:PartyName": readPartyName(child, into: &name, term: "BT-62")
      case "cac:PostalAddress": representative.address = readAddress(child)
      case "cac:PartyTaxScheme":
        readPartyTaxScheme(child) { companyID, isVAT, at in
          if isVAT {
            context.single(&vatIdentifier, companyID, at, term: "BT-63")
          } else {
            context.notCarried(child)
          }
        }
      default: context.notCarried(child)
      }
    }
    if let name { representative.name = name }
    if let vatIdentifier { representative.vatIdentifier = vatIdentifier }
    invoice.sellerTaxRepresentative = representative
  }

  /// BG-13 `cac:Delivery`: `cbc:ActualDeliveryDate` BT-72, `cac:DeliveryLocation/cbc:ID` BT-71,
  /// `cac:DeliveryLocation/cac:Address` BG-15, `cac:DeliveryParty/cac:PartyName/cbc:Name` BT-70.
  func readDelivery(_ element: XMLTree.Element) {
    var delivery = invoice.delivery ?? DeliveryInformation()
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ActualDeliveryDate":
        context.single(&delivery.actualDeliveryDate, context.isoDate(child), child, term: "BT-72")
      case "cac:DeliveryLocation":
        for part in context.children(child) {
          switch context.name(part) {
          case "cbc:ID":
            context.single(&delivery.locationIdentifier, identifier(part), part, term: "BT-71")
          case "cac:Address":
            if delivery.address != nil {
              context.error(part, "cac:Address appears more than once; BG-15 takes one value")
            } else {
              delivery.address = readAddress(part)
            }
          default: context.notCarried(part)
          }
        }
      case "cac:DeliveryParty":
        for part in context.children(child) {
          if context.name(part) == "cac:PartyName" {
            readPartyName(part, into: &delivery.partyName, term: "BT-70")
          } else {
            context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    invoice.delivery = delivery
  }

  // MARK: Party components

  /// `cac:PartyIdentification/cbc:ID`: hands each identifier to `store`, except one whose
  /// `schemeID` is `SEPA`, which is the BT-90 bank assigned creditor identifier.
  private func readPartyIdentification(
    _ element: XMLTree.Element, allowsCreditor: Bool = true,
    _ store: (Identifier, XMLTree.Element) -> Void
  ) {
    for child in context.children(element) {
      guard context.name(child) == "cbc:ID" else {
        context.notCarried(child)
        continue
      }
      guard let id = identifier(child) else { continue }
      if allowsCreditor, id.scheme?.uppercased() == "SEPA" {
        context.single(&creditorIdentifier, id.value, child, term: "BT-90")
      } else {
        store(id, child)
      }
    }
  }

  /// `cac:PartyName/cbc:Name`.
  private func readPartyName(_ element: XMLTree.Element, into slot: inout String?, term: String) {
    for child in context.children(element) {
      if context.name(child) == "cbc:Name" {
        context.single(&slot, context.string(child), child, term: term)
      } else {
        context.notCarried(child)
      }
    }
  }

  /// `cac:PartyTaxScheme`: hands `cbc:CompanyID` to `store`, saying whether
  /// `cac:TaxScheme/cbc:ID` is `VAT`.
  private func readPartyTaxScheme(
    _ element: XMLTree.Element, _ store: (String?, Bool, XMLTree.Element) -> Void
  ) {
    var companyID: String?
    var companyElement: XMLTree.Element?
    var scheme: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:CompanyID":
        companyElement = child
        context.single(&companyID, context.string(child), child, term: "the tax identifier")
      case "cac:TaxScheme":
        for part in context.children(child) {
          if context.name(part) == "cbc:ID" {
            scheme = context.string(part)
          } else {
            context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    store(companyID, scheme?.uppercased() == "VAT", companyElement ?? element)
  }

  /// BG-5, BG-8, BG-12, BG-15 postal address (`cac:PostalAddress`, `cac:Address`).
  func readAddress(_ element: XMLTree.Element) -> PostalAddress {
    var address = PostalAddress()
    var country: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:StreetName":
        context.single(&address.line1, context.string(child), child, term: "address line 1")
      case "cbc:AdditionalStreetName":
        context.single(&address.line2, context.string(child), child, term: "address line 2")
      case "cbc:CityName":
        context.single(&address.city, context.string(child), child, term: "the city")
      case "cbc:PostalZone":
        context.single(&address.postCode, context.string(child), child, term: "the post code")
      case "cbc:CountrySubentity":
        context.single(
          &address.countrySubdivision, context.string(child), child,
          term: "the country subdivision")
      case "cac:AddressLine":
        for part in context.children(child) {
          if context.name(part) == "cbc:Line" {
            context.single(&address.line3, context.string(part), part, term: "address line 3")
          } else {
            context.notCarried(part)
          }
        }
      case "cac:Country":
        for part in context.children(child) {
          if context.name(part) == "cbc:IdentificationCode" {
            context.single(&country, context.string(part), part, term: "the country code")
          } else {
            context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    address.countryCode = country ?? ""
    return address
  }

  /// BG-6 and BG-9 `cac:Contact`: `cbc:Name`, `cbc:Telephone`, `cbc:ElectronicMail`.
  private func readContact(_ element: XMLTree.Element, existing: Contact?) -> Contact {
    var contact = existing ?? Contact()
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:Name":
        context.single(&contact.name, context.string(child), child, term: "the contact point")
      case "cbc:Telephone":
        context.single(&contact.telephone, context.string(child), child, term: "the telephone")
      case "cbc:ElectronicMail":
        context.single(&contact.email, context.string(child), child, term: "the e-mail address")
      default: context.notCarried(child)
      }
    }
    return contact
  }
}
