import CaravanModel
import CaravanSyntax
import Foundation
import Testing

/// Read → write → read over the official CII examples, and write → read over hand-built
/// models that use every term of the model.
@Suite("CII round trip")
struct CIIRoundTripTests {
  @Test(
    "official example reads without errors and survives write → read", arguments: Corpus.ciiFiles)
  func officialExample(_ file: String) throws {
    try #require(Corpus.isPresent || Corpus.required, "conformance corpus not present")
    let first = try InvoiceDocument.read(try Corpus.bytes(file), strict: false)
    #expect(first.syntax == .cii)
    let errors = first.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors)")
    let written = InvoiceDocument.write(first.invoice, as: .cii)
    let second = try InvoiceDocument.read(written, strict: false)
    #expect(second.diagnostics.isEmpty, "\(second.diagnostics)")
    #expect(
      String(decoding: second.invoice.canonicalJSON(), as: UTF8.self)
        == String(decoding: first.invoice.canonicalJSON(), as: UTF8.self))
  }

  @Test("hand-built model survives write → read", arguments: CIIModels.names)
  func handBuilt(_ name: String) throws {
    let invoice = CIIModels.model(name)
    let written = InvoiceDocument.write(invoice, as: .cii)
    let read = try InvoiceDocument.read(written, strict: false)
    #expect(read.syntax == .cii)
    #expect(read.diagnostics.isEmpty, "\(read.diagnostics)")
    let expected = String(decoding: invoice.canonicalJSON(), as: UTF8.self)
    let actual = String(decoding: read.invoice.canonicalJSON(), as: UTF8.self)
    #expect(actual == expected)
  }
}

/// Models built by hand for the writer: one that sets every property of ``Invoice`` and a
/// credit note.
enum CIIModels {
  static let names = ["full", "credit note 381"]

  static func model(_ name: String) -> Invoice {
    name == "full" ? full() : creditNote()
  }

  static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate {
    CalendarDate(year: y, month: m, day: d)!
  }

  static func amount(_ text: String) -> DecimalNumber { DecimalNumber(text)! }

  /// Every term of the model, with totals that add up (BR-CO-10 … BR-CO-16).
  static func full() -> Invoice {
    var invoice = Invoice(
      number: "INV-2024-001", issueDate: date(2024, 3, 1), typeCode: "380", currencyCode: "EUR")
    invoice.vatAccountingCurrencyCode = "SEK"
    invoice.vatPointDateCode = "35"
    invoice.paymentDueDate = date(2024, 3, 31)
    invoice.buyerReference = "BUYER-REF-7"
    invoice.projectReference = "PROJ-42"
    invoice.contractReference = "CON-2023-9"
    invoice.purchaseOrderReference = "PO-5531"
    invoice.salesOrderReference = "SO-889"
    invoice.receivingAdviceReference = "RA-12"
    invoice.despatchAdviceReference = "DA-34"
    invoice.tenderOrLotReference = "LOT-3"
    invoice.invoicedObjectIdentifier = Identifier("METER-778", scheme: "AAO")
    invoice.buyerAccountingReference = "ACC-4000"
    invoice.paymentTerms = "Net 30 days"
    invoice.notes = [Note("General note"), Note("Tax note & <details>", subjectCode: "AAI")]
    invoice.processControl = ProcessControl(
      businessProcessType: "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0",
      specificationIdentifier: "urn:cen.eu:en16931:2017")
    invoice.precedingInvoices = [
      PrecedingInvoiceReference("INV-2023-100", issueDate: date(2023, 12, 1))
    ]

    var seller = Seller(
      name: "Seller AB",
      address: PostalAddress(
        line1: "Main street 1", line2: "Building B", line3: "Floor 3", city: "Stockholm",
        postCode: "11122", countrySubdivision: "Stockholm County", countryCode: "SE"))
    seller.tradingName = "Seller Trading"
    seller.identifiers = [Identifier("SELLER-1"), Identifier("7300010000001", scheme: "0088")]
    seller.legalRegistrationIdentifier = Identifier("5560000001", scheme: "0007")
    seller.vatIdentifier = "SE556000000101"
    seller.taxRegistrationIdentifier = "FSKATT-123"
    seller.additionalLegalInformation = "Registered office Stockholm"
    seller.electronicAddress = Identifier("7300010000001", scheme: "0088")
    seller.contact = Contact(
      name: "Anna Svensson", telephone: "+46 8 123 45", email: "anna@seller.example")
    invoice.seller = seller

    var buyer = Buyer(
      name: "Buyer GmbH",
      address: PostalAddress(
        line1: "Hauptstrasse 5", line2: "Hinterhaus", line3: "3. OG", city: "Berlin",
        postCode: "10115", countrySubdivision: "Berlin", countryCode: "DE"))
    buyer.tradingName = "Buyer Trade"
    buyer.identifier = Identifier("4000001000005", scheme: "0088")
    buyer.legalRegistrationIdentifier = Identifier("HRB 12345", scheme: "0204")
    buyer.vatIdentifier = "DE123456789"
    buyer.electronicAddress = Identifier("buyer@example.de", scheme: "EM")
    buyer.contact = Contact(
      name: "Purchasing", telephone: "+49 30 1234", email: "buy@buyer.example")
    invoice.buyer = buyer

    var payee = Payee(name: "Factoring Ltd")
    payee.identifier = Identifier("PAYEE-9", scheme: "0088")
    payee.legalRegistrationIdentifier = Identifier("12345678", scheme: "0002")
    invoice.payee = payee

    invoice.sellerTaxRepresentative = TaxRepresentative(
      name: "Tax Rep BV", vatIdentifier: "NL123456789B01",
      address: PostalAddress(
        line1: "Kade 1", line2: "Unit 2", line3: "Box 3", city: "Amsterdam", postCode: "1011AA",
        countrySubdivision: "Noord-Holland", countryCode: "NL"))

    var delivery = DeliveryInformation()
    delivery.partyName = "Warehouse Berlin"
    delivery.locationIdentifier = Identifier("4000001000012", scheme: "0088")
    delivery.actualDeliveryDate = date(2024, 2, 28)
    delivery.address = PostalAddress(
      line1: "Lagerweg 1", line2: "Tor 4", line3: "Rampe 2", city: "Berlin", postCode: "10117",
      countrySubdivision: "Berlin", countryCode: "DE")
    invoice.delivery = delivery
    invoice.invoicingPeriod = Period(start: date(2024, 2, 1), end: date(2024, 2, 29))

    var payment = PaymentInstructions(meansCode: "58")
    payment.meansText = "SEPA credit transfer"
    payment.remittanceInformation = "INV-2024-001"
    payment.creditTransfers = [
      CreditTransfer(
        accountIdentifier: "DE89370400440532013000", accountName: "Seller AB",
        serviceProvider: "COBADEFFXXX"),
      CreditTransfer(accountIdentifier: "1234-5678", accountName: "Seller AB local"),
    ]
    payment.card = PaymentCard(primaryAccountNumber: "123456", holderName: "A Svensson")
    payment.directDebit = DirectDebit(
      mandateReference: "MANDATE-1", creditorIdentifier: "DE98ZZZ09999999999",
      debitedAccount: "DE75512108001245126199")
    invoice.paymentInstructions = payment

    var allowance = DocumentAllowanceCharge(amount: amount("10.00"))
    allowance.baseAmount = amount("100.00")
    allowance.percentage = amount("10")
    allowance.vatCategoryCode = "S"
    allowance.vatRate = amount("25")
    allowance.reason = "Loyalty discount"
    allowance.reasonCode = "95"
    invoice.allowances = [allowance]
    var charge = DocumentAllowanceCharge(amount: amount("5.00"))
    charge.baseAmount = amount("50.00")
    charge.percentage = amount("10")
    charge.vatCategoryCode = "S"
    charge.vatRate = amount("25")
    charge.reason = "Freight"
    charge.reasonCode = "FC"
    invoice.charges = [charge]

    var line = InvoiceLine(identifier: "1")
    line.note = "Line note"
    line.objectIdentifier = Identifier("OBJ-1", scheme: "AAO")
    line.quantity = amount("10")
    line.unitCode = "C62"
    line.netAmount = amount("100.00")
    line.purchaseOrderLineReference = "PO-LINE-1"
    line.buyerAccountingReference = "LINE-ACC-1"
    line.period = Period(start: date(2024, 2, 1), end: date(2024, 2, 15))
    var lineAllowance = LineAllowanceCharge(amount: amount("2.00"))
    lineAllowance.baseAmount = amount("20.00")
    lineAllowance.percentage = amount("10")
    lineAllowance.reason = "Volume discount"
    lineAllowance.reasonCode = "95"
    line.allowances = [lineAllowance]
    var lineCharge = LineAllowanceCharge(amount: amount("2.00"))
    lineCharge.baseAmount = amount("20.00")
    lineCharge.percentage = amount("10")
    lineCharge.reason = "Packing"
    lineCharge.reasonCode = "ABL"
    line.charges = [lineCharge]
    line.price.netPrice = amount("10.00")
    line.price.discount = amount("1.00")
    line.price.grossPrice = amount("11.00")
    line.price.baseQuantity = amount("1")
    line.price.baseQuantityUnitCode = "C62"
    line.vat = LineVATInformation(categoryCode: "S", rate: amount("25"))
    var item = ItemInformation(name: "Widget")
    item.description = "A very useful widget"
    item.sellerIdentifier = "W-1"
    item.buyerIdentifier = "B-W-1"
    item.standardIdentifier = Identifier("7300010000018", scheme: "0160")
    item.classifications = [
      Classification("12345678", scheme: "STI", schemeVersion: "2019"),
      Classification("9873242", scheme: "MP"),
    ]
    item.countryOfOrigin = "CN"
    item.attributes = [
      ItemAttribute(name: "Colour", value: "Blue"), ItemAttribute(name: "Size", value: "L"),
    ]
    line.item = item

    var second = InvoiceLine(identifier: "2")
    second.quantity = amount("5")
    second.unitCode = "H87"
    second.netAmount = amount("50.00")
    second.price.netPrice = amount("10.00")
    second.vat = LineVATInformation(categoryCode: "S", rate: amount("25"))
    second.item = ItemInformation(name: "Gadget")
    var third = InvoiceLine(identifier: "3")
    third.quantity = amount("1")
    third.unitCode = "C62"
    third.netAmount = amount("0.00")
    third.price.netPrice = amount("0.00")
    third.vat = LineVATInformation(categoryCode: "E", rate: amount("0"))
    third.item = ItemInformation(name: "Free training")
    invoice.lines = [line, second, third]

    var totals = DocumentTotals()
    totals.lineNetAmount = amount("150.00")
    totals.allowanceTotal = amount("10.00")
    totals.chargeTotal = amount("5.00")
    totals.taxExclusiveAmount = amount("145.00")
    totals.vatAmount = amount("36.25")
    totals.vatAmountInAccountingCurrency = amount("410.00")
    totals.taxInclusiveAmount = amount("181.25")
    totals.paidAmount = amount("20.00")
    totals.roundingAmount = amount("-0.25")
    totals.amountDue = amount("161.00")
    invoice.totals = totals

    var breakdown = VATBreakdown(categoryCode: "S")
    breakdown.taxableAmount = amount("145.00")
    breakdown.taxAmount = amount("36.25")
    breakdown.rate = amount("25")
    var exempt = VATBreakdown(categoryCode: "E")
    exempt.taxableAmount = amount("0.00")
    exempt.taxAmount = amount("0.00")
    exempt.rate = amount("0")
    exempt.exemptionReason = "Exempt by law"
    exempt.exemptionReasonCode = "VATEX-EU-132"
    invoice.vatBreakdown = [breakdown, exempt]

    var document = SupportingDocument(reference: "TS-1")
    document.description = "Timesheet"
    document.externalLocation = "https://example.com/ts-1.pdf"
    document.attachment = Attachment(
      content: Data("%PDF-1.4 timesheet".utf8), mimeCode: "application/pdf", filename: "ts-1.pdf")
    var link = SupportingDocument(reference: "DRAWING-2")
    link.externalLocation = "https://example.com/drawing"
    invoice.supportingDocuments = [document, link]
    return invoice
  }

  /// A credit note (type 381) with a VAT point date instead of a code and a proprietary
  /// account.
  static func creditNote() -> Invoice {
    var invoice = Invoice(
      number: "CN-7", issueDate: date(2024, 4, 2), typeCode: "381", currencyCode: "EUR",
      seller: Seller(name: "Seller AB", address: PostalAddress(city: "Malmö", countryCode: "SE")),
      buyer: Buyer(name: "Buyer SA", address: PostalAddress(city: "Lyon", countryCode: "FR")))
    invoice.processControl.specificationIdentifier = "urn:cen.eu:en16931:2017"
    invoice.vatPointDate = date(2024, 4, 1)
    invoice.buyerReference = "REF"
    invoice.seller.vatIdentifier = "SE556000000101"
    invoice.buyer.vatIdentifier = "FR12345678901"
    invoice.precedingInvoices = [PrecedingInvoiceReference("INV-2024-001")]
    var payment = PaymentInstructions(meansCode: "30")
    payment.creditTransfers = [CreditTransfer(accountIdentifier: "ACCOUNT 77")]
    invoice.paymentInstructions = payment
    var line = InvoiceLine(identifier: "1")
    line.quantity = amount("1")
    line.unitCode = "C62"
    line.netAmount = amount("100.00")
    line.price.netPrice = amount("100.00")
    line.vat = LineVATInformation(categoryCode: "S", rate: amount("25"))
    line.item = ItemInformation(name: "Returned widget")
    invoice.lines = [line]
    invoice.totals.lineNetAmount = amount("100.00")
    invoice.totals.taxExclusiveAmount = amount("100.00")
    invoice.totals.vatAmount = amount("25.00")
    invoice.totals.taxInclusiveAmount = amount("125.00")
    invoice.totals.amountDue = amount("125.00")
    var breakdown = VATBreakdown(categoryCode: "S")
    breakdown.taxableAmount = amount("100.00")
    breakdown.taxAmount = amount("25.00")
    breakdown.rate = amount("25")
    invoice.vatBreakdown = [breakdown]
    return invoice
  }
}
