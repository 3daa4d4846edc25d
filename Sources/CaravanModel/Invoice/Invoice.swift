/// An electronic invoice or credit note in the EN 16931-1 semantic model (BG-0).
///
/// Every business term (BT-n) and group (BG-n) of EN 16931-1 has a property here, named for
/// what it means and documented with its identifier. Optional terms are optionals, repeatable
/// groups are arrays. Codes are kept as written (strings), because a document may carry a
/// code that is not on its list and the rules must be able to say so; the lists are in
/// ``CodeList``.
public struct Invoice: Sendable, Hashable, Codable {
  /// BT-1 Invoice number.
  public var number: String
  /// BT-2 Invoice issue date.
  public var issueDate: CalendarDate?
  /// BT-3 Invoice type code (UNTDID 1001): 380 commercial invoice, 381 credit note, …
  public var typeCode: String
  /// BT-5 Invoice currency code (ISO 4217).
  public var currencyCode: String
  /// BT-6 VAT accounting currency code (ISO 4217).
  public var vatAccountingCurrencyCode: String?
  /// BT-7 Value added tax point date.
  public var vatPointDate: CalendarDate?
  /// BT-8 Value added tax point date code (UNTDID 2005 subset).
  public var vatPointDateCode: String?
  /// BT-9 Payment due date.
  public var paymentDueDate: CalendarDate?
  /// BT-10 Buyer reference.
  public var buyerReference: String?
  /// BT-11 Project reference.
  public var projectReference: String?
  /// BT-12 Contract reference.
  public var contractReference: String?
  /// BT-13 Purchase order reference.
  public var purchaseOrderReference: String?
  /// BT-14 Sales order reference.
  public var salesOrderReference: String?
  /// BT-15 Receiving advice reference.
  public var receivingAdviceReference: String?
  /// BT-16 Despatch advice reference.
  public var despatchAdviceReference: String?
  /// BT-17 Tender or lot reference.
  public var tenderOrLotReference: String?
  /// BT-18 Invoiced object identifier, with BT-18-1 its scheme (UNTDID 1153).
  public var invoicedObjectIdentifier: Identifier?
  /// BT-19 Buyer accounting reference.
  public var buyerAccountingReference: String?
  /// BT-20 Payment terms.
  public var paymentTerms: String?
  /// BG-1 INVOICE NOTE.
  public var notes: [Note]
  /// BG-2 PROCESS CONTROL.
  public var processControl: ProcessControl
  /// BG-3 PRECEDING INVOICE REFERENCE.
  public var precedingInvoices: [PrecedingInvoiceReference]
  /// BG-4 SELLER.
  public var seller: Seller
  /// BG-7 BUYER.
  public var buyer: Buyer
  /// BG-10 PAYEE.
  public var payee: Payee?
  /// BG-11 SELLER TAX REPRESENTATIVE PARTY.
  public var sellerTaxRepresentative: TaxRepresentative?
  /// BG-13 DELIVERY INFORMATION.
  public var delivery: DeliveryInformation?
  /// BG-14 INVOICING PERIOD.
  public var invoicingPeriod: Period?
  /// BG-16 PAYMENT INSTRUCTIONS.
  public var paymentInstructions: PaymentInstructions?
  /// BG-20 DOCUMENT LEVEL ALLOWANCES.
  public var allowances: [DocumentAllowanceCharge]
  /// BG-21 DOCUMENT LEVEL CHARGES.
  public var charges: [DocumentAllowanceCharge]
  /// BG-22 DOCUMENT TOTALS.
  public var totals: DocumentTotals
  /// BG-23 VAT BREAKDOWN.
  public var vatBreakdown: [VATBreakdown]
  /// BG-24 ADDITIONAL SUPPORTING DOCUMENTS.
  public var supportingDocuments: [SupportingDocument]
  /// BG-25 INVOICE LINE.
  public var lines: [InvoiceLine]

  public init(
    number: String = "", issueDate: CalendarDate? = nil, typeCode: String = "380",
    currencyCode: String = "", seller: Seller = Seller(), buyer: Buyer = Buyer()
  ) {
    self.number = number
    self.issueDate = issueDate
    self.typeCode = typeCode
    self.currencyCode = currencyCode
    self.notes = []
    self.processControl = ProcessControl()
    self.precedingInvoices = []
    self.seller = seller
    self.buyer = buyer
    self.allowances = []
    self.charges = []
    self.totals = DocumentTotals()
    self.vatBreakdown = []
    self.supportingDocuments = []
    self.lines = []
  }

  /// True when BT-3 is a credit note type of UNTDID 1001 (the codes a UBL `CreditNote` takes).
  public var isCreditNote: Bool { CodeList.creditNoteTypeCodes.contains(typeCode) }
}

/// BG-1 INVOICE NOTE: a textual note with an optional subject.
public struct Note: Sendable, Hashable, Codable {
  /// BT-21 Invoice note subject code (UNTDID 4451).
  public var subjectCode: String?
  /// BT-22 Invoice note.
  public var text: String

  public init(_ text: String, subjectCode: String? = nil) {
    self.text = text
    self.subjectCode = subjectCode
  }
}

/// BG-2 PROCESS CONTROL.
public struct ProcessControl: Sendable, Hashable, Codable {
  /// BT-23 Business process type.
  public var businessProcessType: String?
  /// BT-24 Specification identifier (the CIUS or profile the invoice claims to follow).
  public var specificationIdentifier: String

  public init(businessProcessType: String? = nil, specificationIdentifier: String = "") {
    self.businessProcessType = businessProcessType
    self.specificationIdentifier = specificationIdentifier
  }
}

/// BG-3 PRECEDING INVOICE REFERENCE.
public struct PrecedingInvoiceReference: Sendable, Hashable, Codable {
  /// BT-25 Preceding Invoice reference.
  public var reference: String
  /// BT-26 Preceding Invoice issue date.
  public var issueDate: CalendarDate?

  public init(_ reference: String, issueDate: CalendarDate? = nil) {
    self.reference = reference
    self.issueDate = issueDate
  }
}

/// BG-14 INVOICING PERIOD and BG-26 INVOICE LINE PERIOD.
public struct Period: Sendable, Hashable, Codable {
  /// BT-73 / BT-134 start date.
  public var start: CalendarDate?
  /// BT-74 / BT-135 end date.
  public var end: CalendarDate?

  public init(start: CalendarDate? = nil, end: CalendarDate? = nil) {
    self.start = start
    self.end = end
  }
}
