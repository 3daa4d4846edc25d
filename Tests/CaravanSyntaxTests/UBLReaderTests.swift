import CaravanModel
import CaravanSyntax
import Foundation
import Testing

/// Focused tests of the UBL binding: diagnostics, and the terms whose binding is not a plain
/// element (BT-21, BT-11 and BT-9 in a CreditNote, BT-90, BT-125, the syntax-only elements).
@Suite("UBL reader and writer")
struct UBLReaderTests {
  /// A small invoice with `body` inserted after the issue date.
  static func document(_ body: String, root: String = "Invoice") -> [UInt8] {
    let namespace = "urn:oasis:names:specification:ubl:schema:xsd:\(root)-2"
    let text = """
      <?xml version="1.0" encoding="UTF-8"?>
      <\(root) xmlns="\(namespace)"
        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
        <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
        <cbc:ID>INV-1</cbc:ID>
        <cbc:IssueDate>2024-05-01</cbc:IssueDate>
        \(body)
      </\(root)>
      """
    return Array(text.utf8)
  }

  static func read(_ body: String, root: String = "Invoice") throws -> ReadResult {
    try InvoiceDocument.read(document(body, root: root), strict: false)
  }

  /// Writes and reads again.
  static func again(_ invoice: Invoice) throws -> (ReadResult, String) {
    let bytes = InvoiceDocument.write(invoice, as: .ubl)
    return (try InvoiceDocument.read(bytes, strict: false), String(decoding: bytes, as: UTF8.self))
  }

  @Test("a malformed amount is an error naming its path")
  func malformedAmount() throws {
    let result = try Self.read(
      """
      <cac:LegalMonetaryTotal>
        <cbc:PayableAmount currencyID="EUR">12,50</cbc:PayableAmount>
      </cac:LegalMonetaryTotal>
      """)
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.path == "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount")
    #expect(error.message.contains("12,50"))
    #expect(result.invoice.totals.amountDue == nil)
    #expect(throws: DocumentReadError.self) {
      _ = try InvoiceDocument.read(Self.document("<cbc:DueDate>2024-02-30</cbc:DueDate>"))
    }
  }

  @Test("an amount with an element inside is read as XPath reads it: text, white space and all")
  func mixedContentAmount() throws {
    let broken = try Self.read(
      """
      <cac:LegalMonetaryTotal>
        <cbc:PayableAmount currencyID="EUR">12.50<cbc:Note>
            <cbc:ID>7</cbc:ID>
        </cbc:Note></cbc:PayableAmount>
      </cac:LegalMonetaryTotal>
      """)
    let error = try #require(broken.diagnostics.first { $0.severity == .error })
    #expect(error.path == "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount")
    #expect(error.message.contains("is not a decimal number"))
    #expect(broken.invoice.totals.amountDue == nil)
    // An empty element inside, and no white space: the string value is still a number.
    let harmless = try Self.read(
      """
      <cac:LegalMonetaryTotal>
        <cbc:PayableAmount currencyID="EUR">12.50<cbc:Note/></cbc:PayableAmount>
      </cac:LegalMonetaryTotal>
      """)
    #expect(harmless.invoice.totals.amountDue == DecimalNumber("12.50"))
  }

  @Test("an element outside the model is a warning naming it")
  func unknownElement() throws {
    let result = try Self.read("<cbc:UUID>1234</cbc:UUID>")
    #expect(result.diagnostics.count == 1)
    let warning = try #require(result.diagnostics.first)
    #expect(warning.severity == .warning)
    #expect(warning.message.contains("cbc:UUID"))
    #expect(warning.path == "/Invoice/cbc:UUID")
  }

  /// Names of every length, in a known namespace and in another, are named in full; a name
  /// that only begins like a known one matches nothing.
  @Test(
    "an element outside the model is named in full, whatever its length and namespace",
    arguments: [
      ("<cbc:IDX>1</cbc:IDX>", "cbc:IDX"),
      ("<cbc:I>1</cbc:I>", "cbc:I"),
      (
        "<cbc:\(String(repeating: "Long", count: 20))>1</cbc:\(String(repeating: "Long", count: 20))>",
        "cbc:" + String(repeating: "Long", count: 20)
      ),
      ("<x:ID xmlns:x=\"urn:other\">1</x:ID>", "{urn:other}ID"),
    ])
  func unknownElementNamedInFull(_ body: String, _ name: String) throws {
    let result = try Self.read(body)
    let warnings = result.diagnostics.filter { $0.severity == .warning }
    #expect(warnings.count == 1)
    #expect(
      warnings.first?.message == "\(name) is not part of the EN 16931 model and was not carried")
    #expect(result.invoice.number == "INV-1")
  }

  @Test("a duplicated single-valued element is an error, and the first value is kept")
  func duplicate() throws {
    let result = try Self.read(
      "<cbc:DueDate>2024-06-01</cbc:DueDate><cbc:DueDate>2024-07-01</cbc:DueDate>")
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1)
    #expect(errors.first?.message.contains("BT-9") == true)
    #expect(result.invoice.paymentDueDate == CalendarDate(year: 2024, month: 6, day: 1))
  }

  @Test("BT-21 is a #CODE# prefix of the note")
  func noteSubject() throws {
    let result = try Self.read(
      "<cbc:Note>#AAI#Delivered in parts</cbc:Note><cbc:Note>Plain</cbc:Note>")
    #expect(
      result.invoice.notes == [Note("Delivered in parts", subjectCode: "AAI"), Note("Plain")])
    let (back, text) = try Self.again(result.invoice)
    #expect(text.contains("<cbc:Note>#AAI#Delivered in parts</cbc:Note>"))
    #expect(back.invoice.notes == result.invoice.notes)
  }

  @Test("a CreditNote carries BT-11 as document type 50 and BT-9 as PaymentDueDate")
  func creditNote() throws {
    let result = try Self.read(
      """
      <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
      <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
      <cac:AdditionalDocumentReference>
        <cbc:ID>PRJ-7</cbc:ID>
        <cbc:DocumentTypeCode>50</cbc:DocumentTypeCode>
      </cac:AdditionalDocumentReference>
      <cac:PaymentMeans>
        <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
        <cbc:PaymentDueDate>2024-06-30</cbc:PaymentDueDate>
      </cac:PaymentMeans>
      """, root: "CreditNote")
    #expect(result.diagnostics.isEmpty)
    #expect(result.invoice.projectReference == "PRJ-7")
    #expect(result.invoice.paymentDueDate == CalendarDate(year: 2024, month: 6, day: 30))
    #expect(result.invoice.supportingDocuments.isEmpty)

    let (back, text) = try Self.again(result.invoice)
    #expect(text.contains("<CreditNote "))
    #expect(!text.contains("cac:ProjectReference"))
    #expect(!text.contains("cbc:DueDate"))
    #expect(back.invoice == result.invoice)

    var invoice = result.invoice
    invoice.typeCode = "380"
    let (asInvoice, invoiceText) = try Self.again(invoice)
    #expect(invoiceText.contains("<cac:ProjectReference>"))
    #expect(invoiceText.contains("<cbc:DueDate>2024-06-30</cbc:DueDate>"))
    #expect(asInvoice.invoice == invoice)
  }

  @Test("a SEPA party identifier is BT-90, not BT-29")
  func creditorIdentifier() throws {
    let result = try Self.read(
      """
      <cac:AccountingSupplierParty><cac:Party>
        <cac:PartyIdentification><cbc:ID schemeID="SEPA">DE98ZZZ09999999999</cbc:ID></cac:PartyIdentification>
        <cac:PartyIdentification><cbc:ID schemeID="0088">5790000435951</cbc:ID></cac:PartyIdentification>
      </cac:Party></cac:AccountingSupplierParty>
      """)
    #expect(result.invoice.seller.identifiers == [Identifier("5790000435951", scheme: "0088")])
    #expect(
      result.invoice.paymentInstructions?.directDebit?.creditorIdentifier == "DE98ZZZ09999999999")

    var invoice = result.invoice
    invoice.payee = Payee(name: "Factor")
    let (back, text) = try Self.again(invoice)
    #expect(back.invoice == invoice)
    let payee = try #require(text.range(of: "<cac:PayeeParty>"))
    #expect(text[payee.upperBound...].contains("schemeID=\"SEPA\""))
  }

  @Test("syntax-only elements: OrderReference NA, card NetworkID NA, TaxScheme TAX for BT-32")
  func syntaxOnlyElements() throws {
    var invoice = Invoice(number: "1", currencyCode: "EUR")
    invoice.salesOrderReference = "SO-1"
    invoice.seller.taxRegistrationIdentifier = "Godkänd för F-skatt"
    invoice.seller.vatIdentifier = "SE123456789001"
    var instructions = PaymentInstructions(meansCode: "54")
    instructions.card = PaymentCard(primaryAccountNumber: "1234", holderName: "A Holder")
    invoice.paymentInstructions = instructions
    let (back, text) = try Self.again(invoice)
    #expect(text.contains("<cbc:ID>NA</cbc:ID>"))
    #expect(text.contains("<cbc:NetworkID>NA</cbc:NetworkID>"))
    #expect(text.contains("<cbc:ID>TAX</cbc:ID>"))
    #expect(back.diagnostics.isEmpty)
    #expect(back.invoice == invoice)
  }

  @Test("attachments: base64 with line breaks is decoded, broken base64 is an error")
  func attachments() throws {
    let result = try Self.read(
      """
      <cac:AdditionalDocumentReference>
        <cbc:ID>Doc</cbc:ID>
        <cac:Attachment>
          <cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain" filename="a.txt">SGVs
          bG8=</cbc:EmbeddedDocumentBinaryObject>
        </cac:Attachment>
      </cac:AdditionalDocumentReference>
      <cac:AdditionalDocumentReference>
        <cbc:ID>Broken</cbc:ID>
        <cac:Attachment>
          <cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain" filename="b.txt">@@@</cbc:EmbeddedDocumentBinaryObject>
        </cac:Attachment>
      </cac:AdditionalDocumentReference>
      """)
    let attachment = try #require(result.invoice.supportingDocuments.first?.attachment)
    #expect(attachment.content == Data("Hello".utf8))
    #expect(attachment.filename == "a.txt")
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1)
    #expect(errors.first?.path.contains("cac:AdditionalDocumentReference[2]") == true)
  }

  @Test("BT-111 is the TaxTotal in the VAT accounting currency")
  func accountingCurrencyTotal() throws {
    let result = try Self.read(
      """
      <cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode>
      <cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>
      <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">24.90</cbc:TaxAmount></cac:TaxTotal>
      <cac:TaxTotal><cbc:TaxAmount currencyID="SEK">250.00</cbc:TaxAmount></cac:TaxTotal>
      """)
    #expect(result.invoice.totals.vatAmount == DecimalNumber("250.00"))
    #expect(result.invoice.totals.vatAmountInAccountingCurrency == DecimalNumber("24.90"))
    let (back, text) = try Self.again(result.invoice)
    #expect(text.contains("<cbc:TaxAmount currencyID=\"EUR\">24.90</cbc:TaxAmount>"))
    #expect(back.invoice == result.invoice)
  }
}

/// A model with every term the UBL binding carries, for checking that the writer expresses
/// all of them and the reader reads them all back.
enum UBLFullModel {
  static func address(_ tag: String) -> PostalAddress {
    PostalAddress(
      line1: "\(tag) street", line2: "\(tag) line 2", line3: "\(tag) line 3", city: "\(tag) city",
      postCode: "\(tag) 1234", countrySubdivision: "\(tag) region", countryCode: "SE")
  }

  static func invoice(typeCode: String) -> Invoice {
    var invoice = Invoice(
      number: "INV-9", issueDate: CalendarDate(year: 2024, month: 1, day: 31), typeCode: typeCode,
      currencyCode: "SEK")
    invoice.vatAccountingCurrencyCode = "EUR"
    invoice.vatPointDateCode = "35"
    invoice.paymentDueDate = CalendarDate(year: 2024, month: 2, day: 29)
    invoice.buyerReference = "BR"
    invoice.projectReference = "PRJ"
    invoice.contractReference = "CON"
    invoice.purchaseOrderReference = "PO"
    invoice.salesOrderReference = "SO"
    invoice.receivingAdviceReference = "REC"
    invoice.despatchAdviceReference = "DES"
    invoice.tenderOrLotReference = "LOT"
    invoice.invoicedObjectIdentifier = Identifier("OBJ", scheme: "AAA")
    invoice.buyerAccountingReference = "ACC"
    invoice.paymentTerms = "30 days"
    invoice.notes = [Note("First", subjectCode: "AAI"), Note("Second")]
    invoice.processControl = ProcessControl(
      businessProcessType: "urn:process", specificationIdentifier: "urn:cen.eu:en16931:2017")
    invoice.precedingInvoices = [
      PrecedingInvoiceReference("P1", issueDate: CalendarDate(year: 2023, month: 12, day: 1)),
      PrecedingInvoiceReference("P2"),
    ]
    var seller = Seller(name: "Seller AB", address: address("S"))
    seller.tradingName = "Seller Trading"
    // In canonical order: identifiers without a scheme first (see InvoiceDocument.canonicalise).
    seller.identifiers = [Identifier("Bilateral"), Identifier("7300010000001", scheme: "0088")]
    seller.legalRegistrationIdentifier = Identifier("5560000000", scheme: "0007")
    seller.vatIdentifier = "SE556000000001"
    seller.taxRegistrationIdentifier = "F-skatt"
    seller.additionalLegalInformation = "Share capital 100 000"
    seller.electronicAddress = Identifier("seller@example.com", scheme: "EM")
    seller.contact = Contact(name: "S person", telephone: "+46 1", email: "s@example.com")
    invoice.seller = seller
    var buyer = Buyer(name: "Buyer Ltd", address: address("B"))
    buyer.tradingName = "Buyer Trading"
    buyer.identifier = Identifier("B-1", scheme: "0088")
    buyer.legalRegistrationIdentifier = Identifier("B-L", scheme: "0007")
    buyer.vatIdentifier = "DE123456789"
    buyer.electronicAddress = Identifier("4000001000001", scheme: "0088")
    buyer.contact = Contact(name: "B person", telephone: "+49 2", email: "b@example.com")
    invoice.buyer = buyer
    var payee = Payee(name: "Payee Factor")
    payee.identifier = Identifier("PY-1", scheme: "0088")
    payee.legalRegistrationIdentifier = Identifier("PY-L", scheme: "0007")
    invoice.payee = payee
    invoice.sellerTaxRepresentative = TaxRepresentative(
      name: "Tax Rep", vatIdentifier: "SE999999999901", address: address("T"))
    var delivery = DeliveryInformation()
    delivery.partyName = "Deliver To"
    delivery.locationIdentifier = Identifier("LOC-1", scheme: "0088")
    delivery.actualDeliveryDate = CalendarDate(year: 2024, month: 1, day: 15)
    delivery.address = address("D")
    invoice.delivery = delivery
    invoice.invoicingPeriod = Period(
      start: CalendarDate(year: 2024, month: 1, day: 1),
      end: CalendarDate(year: 2024, month: 1, day: 31))
    var instructions = PaymentInstructions(meansCode: "30")
    instructions.meansText = "Credit transfer"
    instructions.remittanceInformation = "REF 1"
    instructions.creditTransfers = [
      CreditTransfer(
        accountIdentifier: "SE4550000000058398257466", accountName: "Main",
        serviceProvider: "ESSESESS"),
      CreditTransfer(accountIdentifier: "1112222"),
    ]
    instructions.card = PaymentCard(primaryAccountNumber: "1234", holderName: "Card Holder")
    instructions.directDebit = DirectDebit(
      mandateReference: "MANDATE", creditorIdentifier: "DE98ZZZ09999999999",
      debitedAccount: "DE02120300000000202051")
    invoice.paymentInstructions = instructions
    var allowance = DocumentAllowanceCharge(amount: DecimalNumber("10.00"))
    allowance.baseAmount = DecimalNumber("100.00")
    allowance.percentage = DecimalNumber("10")
    allowance.vatCategoryCode = "S"
    allowance.vatRate = DecimalNumber("25")
    allowance.reason = "Discount"
    allowance.reasonCode = "95"
    invoice.allowances = [allowance]
    var charge = allowance
    charge.reason = "Freight"
    charge.reasonCode = "FC"
    invoice.charges = [charge]
    var totals = DocumentTotals()
    totals.lineNetAmount = DecimalNumber("100.00")
    totals.allowanceTotal = DecimalNumber("10.00")
    totals.chargeTotal = DecimalNumber("10.00")
    totals.taxExclusiveAmount = DecimalNumber("100.00")
    totals.vatAmount = DecimalNumber("25.00")
    totals.vatAmountInAccountingCurrency = DecimalNumber("2.30")
    totals.taxInclusiveAmount = DecimalNumber("125.00")
    totals.paidAmount = DecimalNumber("5.00")
    totals.roundingAmount = DecimalNumber("0.00")
    totals.amountDue = DecimalNumber("120.00")
    invoice.totals = totals
    var standard = VATBreakdown(categoryCode: "S")
    standard.taxableAmount = DecimalNumber("100.00")
    standard.taxAmount = DecimalNumber("25.00")
    standard.rate = DecimalNumber("25")
    var exempt = VATBreakdown(categoryCode: "E")
    exempt.taxableAmount = DecimalNumber("0")
    exempt.taxAmount = DecimalNumber("0")
    exempt.rate = DecimalNumber("0")
    exempt.exemptionReason = "Exempt"
    exempt.exemptionReasonCode = "VATEX-EU-132"
    invoice.vatBreakdown = [standard, exempt]
    var document = SupportingDocument(reference: "DOC-1")
    document.description = "Time sheet"
    document.externalLocation = "https://example.com/doc"
    document.attachment = Attachment(
      content: Data([0, 1, 2, 250]), mimeCode: "application/pdf", filename: "t.pdf")
    invoice.supportingDocuments = [document, SupportingDocument(reference: "DOC-2")]
    var line = InvoiceLine(identifier: "1")
    line.note = "Line note"
    line.objectIdentifier = Identifier("LOBJ", scheme: "ABZ")
    line.quantity = DecimalNumber("4.000")
    line.unitCode = "H87"
    line.netAmount = DecimalNumber("100.00")
    line.purchaseOrderLineReference = "POL-1"
    line.buyerAccountingReference = "LACC"
    line.period = Period(start: CalendarDate(year: 2024, month: 1, day: 2), end: nil)
    var lineAllowance = LineAllowanceCharge(amount: DecimalNumber("1.00"))
    lineAllowance.baseAmount = DecimalNumber("10.00")
    lineAllowance.percentage = DecimalNumber("10")
    lineAllowance.reason = "Line discount"
    lineAllowance.reasonCode = "95"
    line.allowances = [lineAllowance]
    line.charges = [lineAllowance]
    line.price.netPrice = DecimalNumber("25.00")
    line.price.discount = DecimalNumber("1.00")
    line.price.grossPrice = DecimalNumber("26.00")
    line.price.baseQuantity = DecimalNumber("1")
    line.price.baseQuantityUnitCode = "H87"
    line.vat = LineVATInformation(categoryCode: "S", rate: DecimalNumber("25"))
    line.item.name = "Widget"
    line.item.description = "A widget"
    line.item.sellerIdentifier = "W-1"
    line.item.buyerIdentifier = "BW-1"
    line.item.standardIdentifier = Identifier("7300010000018", scheme: "0160")
    line.item.classifications = [
      Classification("12345", scheme: "STI", schemeVersion: "2.0"),
      Classification("99", scheme: "ZZZ"),
    ]
    line.item.countryOfOrigin = "CN"
    line.item.attributes = [ItemAttribute(name: "Colour", value: "Blue")]
    var second = InvoiceLine(identifier: "2")
    second.quantity = DecimalNumber("1")
    second.unitCode = "C62"
    second.netAmount = DecimalNumber("0")
    second.price.netPrice = DecimalNumber("0")
    second.vat = LineVATInformation(categoryCode: "E", rate: DecimalNumber("0"))
    second.item.name = "Free"
    invoice.lines = [line, second]
    return invoice
  }
}

@Suite("UBL writer covers the model")
struct UBLFullModelTests {
  @Test("every term survives writing and reading", arguments: ["380", "381"])
  func everyTerm(_ typeCode: String) throws {
    var invoice = UBLFullModel.invoice(typeCode: typeCode)
    if typeCode == "380" {
      // BT-7 and BT-8 exclude each other (BR-CO-3); exercise BT-7 on the invoice.
      invoice.vatPointDateCode = nil
      invoice.vatPointDate = CalendarDate(year: 2024, month: 1, day: 31)
    }
    let bytes = InvoiceDocument.write(invoice, as: .ubl)
    let back = try InvoiceDocument.read(bytes, strict: false)
    #expect(back.diagnostics.isEmpty, "\(back.diagnostics)")
    let expected = String(decoding: invoice.canonicalJSON(), as: UTF8.self)
    let actual = String(decoding: back.invoice.canonicalJSON(), as: UTF8.self)
    #expect(expected == actual)
  }
}
