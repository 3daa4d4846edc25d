/// BG-5, BG-8, BG-12 and BG-15: a postal address.
public struct PostalAddress: Sendable, Hashable, Codable {
  /// BT-35 / BT-50 / BT-64 / BT-75 Address line 1.
  public var line1: String?
  /// BT-36 / BT-51 / BT-65 / BT-76 Address line 2.
  public var line2: String?
  /// BT-162 / BT-163 / BT-164 / BT-165 Address line 3.
  public var line3: String?
  /// BT-37 / BT-52 / BT-66 / BT-77 City.
  public var city: String?
  /// BT-38 / BT-53 / BT-67 / BT-78 Post code.
  public var postCode: String?
  /// BT-39 / BT-54 / BT-68 / BT-79 Country subdivision.
  public var countrySubdivision: String?
  /// BT-40 / BT-55 / BT-69 / BT-80 Country code (ISO 3166-1 alpha-2).
  public var countryCode: String

  public init(
    line1: String? = nil, line2: String? = nil, line3: String? = nil, city: String? = nil,
    postCode: String? = nil, countrySubdivision: String? = nil, countryCode: String = ""
  ) {
    self.line1 = line1
    self.line2 = line2
    self.line3 = line3
    self.city = city
    self.postCode = postCode
    self.countrySubdivision = countrySubdivision
    self.countryCode = countryCode
  }
}

/// BG-6 SELLER CONTACT and BG-9 BUYER CONTACT.
public struct Contact: Sendable, Hashable, Codable {
  /// BT-41 / BT-56 contact point (a person or department).
  public var name: String?
  /// BT-42 / BT-57 telephone number.
  public var telephone: String?
  /// BT-43 / BT-58 e-mail address.
  public var email: String?

  public init(name: String? = nil, telephone: String? = nil, email: String? = nil) {
    self.name = name
    self.telephone = telephone
    self.email = email
  }
}

/// BG-4 SELLER.
public struct Seller: Sendable, Hashable, Codable {
  /// BT-27 Seller name.
  public var name: String
  /// BT-28 Seller trading name.
  public var tradingName: String?
  /// BT-29 Seller identifier, with BT-29-1 its scheme (0..n).
  public var identifiers: [Identifier]
  /// BT-30 Seller legal registration identifier, with BT-30-1 its scheme.
  public var legalRegistrationIdentifier: Identifier?
  /// BT-31 Seller VAT identifier.
  public var vatIdentifier: String?
  /// BT-32 Seller tax registration identifier.
  public var taxRegistrationIdentifier: String?
  /// BT-33 Seller additional legal information.
  public var additionalLegalInformation: String?
  /// BT-34 Seller electronic address, with BT-34-1 its scheme (EAS).
  public var electronicAddress: Identifier?
  /// BG-5 SELLER POSTAL ADDRESS.
  public var address: PostalAddress
  /// BG-6 SELLER CONTACT.
  public var contact: Contact?

  public init(name: String = "", address: PostalAddress = PostalAddress()) {
    self.name = name
    self.identifiers = []
    self.address = address
  }
}

/// BG-7 BUYER.
public struct Buyer: Sendable, Hashable, Codable {
  /// BT-44 Buyer name.
  public var name: String
  /// BT-45 Buyer trading name.
  public var tradingName: String?
  /// BT-46 Buyer identifier, with BT-46-1 its scheme.
  public var identifier: Identifier?
  /// BT-47 Buyer legal registration identifier, with BT-47-1 its scheme.
  public var legalRegistrationIdentifier: Identifier?
  /// BT-48 Buyer VAT identifier.
  public var vatIdentifier: String?
  /// BT-49 Buyer electronic address, with BT-49-1 its scheme (EAS).
  public var electronicAddress: Identifier?
  /// BG-8 BUYER POSTAL ADDRESS.
  public var address: PostalAddress
  /// BG-9 BUYER CONTACT.
  public var contact: Contact?

  public init(name: String = "", address: PostalAddress = PostalAddress()) {
    self.name = name
    self.address = address
  }
}

/// BG-10 PAYEE: the party that receives the payment, when it is not the seller.
public struct Payee: Sendable, Hashable, Codable {
  /// BT-59 Payee name.
  public var name: String
  /// BT-60 Payee identifier, with BT-60-1 its scheme.
  public var identifier: Identifier?
  /// BT-61 Payee legal registration identifier, with BT-61-1 its scheme.
  public var legalRegistrationIdentifier: Identifier?

  public init(name: String = "") {
    self.name = name
  }
}

/// BG-11 SELLER TAX REPRESENTATIVE PARTY.
public struct TaxRepresentative: Sendable, Hashable, Codable {
  /// BT-62 Seller tax representative name.
  public var name: String
  /// BT-63 Seller tax representative VAT identifier.
  public var vatIdentifier: String
  /// BG-12 SELLER TAX REPRESENTATIVE POSTAL ADDRESS.
  public var address: PostalAddress

  public init(name: String = "", vatIdentifier: String = "", address: PostalAddress = .init()) {
    self.name = name
    self.vatIdentifier = vatIdentifier
    self.address = address
  }
}

/// BG-13 DELIVERY INFORMATION.
public struct DeliveryInformation: Sendable, Hashable, Codable {
  /// BT-70 Deliver to party name.
  public var partyName: String?
  /// BT-71 Deliver to location identifier, with BT-71-1 its scheme.
  public var locationIdentifier: Identifier?
  /// BT-72 Actual delivery date.
  public var actualDeliveryDate: CalendarDate?
  /// BG-15 DELIVER TO ADDRESS.
  public var address: PostalAddress?

  public init() {}
}
