/// BG-25 INVOICE LINE.
public struct InvoiceLine: Sendable, Hashable, Codable {
  /// BT-126 Invoice line identifier.
  public var identifier: String
  /// BT-127 Invoice line note.
  public var note: String?
  /// BT-128 Invoice line object identifier, with BT-128-1 its scheme.
  public var objectIdentifier: Identifier?
  /// BT-129 Invoiced quantity.
  public var quantity: DecimalNumber?
  /// BT-130 Invoiced quantity unit of measure code (UN/ECE Rec 20 and 21).
  public var unitCode: String?
  /// BT-131 Invoice line net amount.
  public var netAmount: DecimalNumber?
  /// BT-132 Referenced purchase order line reference.
  public var purchaseOrderLineReference: String?
  /// BT-133 Invoice line Buyer accounting reference.
  public var buyerAccountingReference: String?
  /// BG-26 INVOICE LINE PERIOD.
  public var period: Period?
  /// BG-27 INVOICE LINE ALLOWANCES.
  public var allowances: [LineAllowanceCharge]
  /// BG-28 INVOICE LINE CHARGES.
  public var charges: [LineAllowanceCharge]
  /// BG-29 PRICE DETAILS.
  public var price: PriceDetails
  /// BG-30 LINE VAT INFORMATION.
  public var vat: LineVATInformation
  /// BG-31 ITEM INFORMATION.
  public var item: ItemInformation

  public init(identifier: String = "") {
    self.identifier = identifier
    self.allowances = []
    self.charges = []
    self.price = PriceDetails()
    self.vat = LineVATInformation()
    self.item = ItemInformation()
  }
}

/// BG-29 PRICE DETAILS.
public struct PriceDetails: Sendable, Hashable, Codable {
  /// BT-146 Item net price.
  public var netPrice: DecimalNumber?
  /// BT-147 Item price discount. A discount of zero is no discount: readers leave it out, so
  /// that UBL (which must write an amount beside a gross price) and CII read alike.
  public var discount: DecimalNumber?
  /// BT-148 Item gross price.
  public var grossPrice: DecimalNumber?
  /// BT-149 Item price base quantity.
  public var baseQuantity: DecimalNumber?
  /// BT-150 Item price base quantity unit of measure code.
  public var baseQuantityUnitCode: String?

  public init() {}
}

/// BG-30 LINE VAT INFORMATION.
public struct LineVATInformation: Sendable, Hashable, Codable {
  /// BT-151 Invoiced item VAT category code (UNTDID 5305).
  public var categoryCode: String
  /// BT-152 Invoiced item VAT rate.
  public var rate: DecimalNumber?

  public init(categoryCode: String = "", rate: DecimalNumber? = nil) {
    self.categoryCode = categoryCode
    self.rate = rate
  }
}

/// BG-31 ITEM INFORMATION.
public struct ItemInformation: Sendable, Hashable, Codable {
  /// BT-153 Item name.
  public var name: String
  /// BT-154 Item description.
  public var description: String?
  /// BT-155 Item Seller's identifier.
  public var sellerIdentifier: String?
  /// BT-156 Item Buyer's identifier.
  public var buyerIdentifier: String?
  /// BT-157 Item standard identifier, with BT-157-1 its scheme.
  public var standardIdentifier: Identifier?
  /// BT-158 Item classification identifier, with BT-158-1 and BT-158-2 (0..n).
  public var classifications: [Classification]
  /// BT-159 Item country of origin (ISO 3166-1 alpha-2).
  public var countryOfOrigin: String?
  /// BG-32 ITEM ATTRIBUTES.
  public var attributes: [ItemAttribute]

  public init(name: String = "") {
    self.name = name
    self.classifications = []
    self.attributes = []
  }
}

/// BG-32 ITEM ATTRIBUTES.
public struct ItemAttribute: Sendable, Hashable, Codable {
  /// BT-160 Item attribute name.
  public var name: String
  /// BT-161 Item attribute value.
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}
