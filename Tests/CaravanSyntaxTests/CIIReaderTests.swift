import CaravanModel
import CaravanSyntax
import Foundation
import Testing

/// Focused tests of the CII reader and writer.
@Suite("CII reader")
struct CIIReaderTests {
  /// A small CII invoice with `settlement` inserted in the header settlement and `line` in the
  /// one line's settlement.
  static func document(
    header: String = "", settlement: String = "", agreement: String = "", document: String = ""
  ) -> [UInt8] {
    Array(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
        <rsm:ExchangedDocumentContext>
          <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
        </rsm:ExchangedDocumentContext>
        <rsm:ExchangedDocument>
          <ram:ID>1</ram:ID><ram:TypeCode>380</ram:TypeCode>
          <ram:IssueDateTime><udt:DateTimeString format="102">20240301</udt:DateTimeString></ram:IssueDateTime>
          \(document)
        </rsm:ExchangedDocument>
        <rsm:SupplyChainTradeTransaction>
          <ram:ApplicableHeaderTradeAgreement>\(agreement)</ram:ApplicableHeaderTradeAgreement>
          <ram:ApplicableHeaderTradeDelivery/>
          <ram:ApplicableHeaderTradeSettlement>
            \(header)
            <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
            \(settlement)
          </ram:ApplicableHeaderTradeSettlement>
        </rsm:SupplyChainTradeTransaction>
      </rsm:CrossIndustryInvoice>
      """.utf8)
  }

  static func read(_ bytes: [UInt8]) throws -> ReadResult {
    try InvoiceDocument.read(bytes, strict: false)
  }

  @Test func malformedAmountIsAnErrorNamingThePath() throws {
    let result = try Self.read(
      Self.document(
        settlement: """
          <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
            <ram:LineTotalAmount>12,50</ram:LineTotalAmount>
          </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
          """))
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(
      error.path.hasSuffix(
        "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount"))
    #expect(error.message.contains("12,50"))
    #expect(result.invoice.totals.lineNetAmount == nil)
    #expect(throws: DocumentReadError.self) {
      try InvoiceDocument.read(
        Self.document(
          settlement: """
            <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>x</ram:LineTotalAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
            """))
    }
  }

  @Test func unknownElementIsAWarningNamingIt() throws {
    let result = try Self.read(
      Self.document(
        document: "<ram:CopyIndicator><udt:Indicator>true</udt:Indicator></ram:CopyIndicator>"))
    #expect(result.diagnostics.count == 1)
    let warning = try #require(result.diagnostics.first)
    #expect(warning.severity == .warning)
    #expect(warning.message.contains("ram:CopyIndicator"))
    #expect(warning.path.hasSuffix("rsm:ExchangedDocument/ram:CopyIndicator"))
  }

  @Test func duplicatedSingleValuedElementIsAnError() throws {
    let result = try Self.read(
      Self.document(
        agreement:
          "<ram:BuyerReference>A</ram:BuyerReference><ram:BuyerReference>B</ram:BuyerReference>"))
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.message.contains("BT-10"))
    #expect(result.invoice.buyerReference == "A")
  }

  @Test func dueDateTypeCodeMapsBetweenUNTDID2475And2005() throws {
    let tax = { (code: String) in
      """
      <ram:ApplicableTradeTax><ram:CalculatedAmount>0</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
      <ram:BasisAmount>0</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
      <ram:DueDateTypeCode>\(code)</ram:DueDateTypeCode><ram:RateApplicablePercent>25</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      """
    }
    for (cii, model) in [("5", "3"), ("29", "35"), ("72", "432"), ("99", "99")] {
      let invoice = try Self.read(Self.document(settlement: tax(cii))).invoice
      #expect(invoice.vatPointDateCode == model)
      let written = String(decoding: InvoiceDocument.write(invoice, as: .cii), as: UTF8.self)
      #expect(written.contains("<ram:DueDateTypeCode>\(cii)</ram:DueDateTypeCode>"))
    }
  }

  @Test func taxTotalsAreToldApartByCurrency() throws {
    let result = try Self.read(
      Self.document(
        header: "<ram:TaxCurrencyCode>SEK</ram:TaxCurrencyCode>",
        settlement: """
          <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
            <ram:TaxTotalAmount currencyID="SEK">110.00</ram:TaxTotalAmount>
            <ram:TaxTotalAmount currencyID="EUR">10.00</ram:TaxTotalAmount>
          </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
          """))
    #expect(result.diagnostics.isEmpty)
    #expect(result.invoice.totals.vatAmount == DecimalNumber("10.00"))
    #expect(result.invoice.totals.vatAmountInAccountingCurrency == DecimalNumber("110.00"))
  }

  @Test func accountIsWrittenAsIBANOnlyWhenItIsOne() throws {
    var invoice = Invoice(number: "1", currencyCode: "EUR")
    var payment = PaymentInstructions(meansCode: "58")
    payment.creditTransfers = [
      CreditTransfer(accountIdentifier: "GB82WEST12345698765432"),
      CreditTransfer(accountIdentifier: "GB82WEST12345698765433"),
      CreditTransfer(accountIdentifier: "NL57 RABO 0107307510"),
    ]
    invoice.paymentInstructions = payment
    let written = String(decoding: InvoiceDocument.write(invoice, as: .cii), as: UTF8.self)
    #expect(written.contains("<ram:IBANID>GB82WEST12345698765432</ram:IBANID>"))
    #expect(written.contains("<ram:ProprietaryID>GB82WEST12345698765433</ram:ProprietaryID>"))
    #expect(written.contains("<ram:IBANID>NL57 RABO 0107307510</ram:IBANID>"))
    let read = try Self.read(InvoiceDocument.write(invoice, as: .cii))
    #expect(read.invoice.paymentInstructions == payment)
  }

  @Test func attachmentIsDecodedIgnoringWhiteSpaceAndBadBase64IsAnError() throws {
    let good = try Self.read(
      Self.document(
        agreement: """
          <ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode>
          <ram:AttachmentBinaryObject mimeCode="text/plain" filename="a.txt">aGVs
            bG8=</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>
          """))
    #expect(good.diagnostics.isEmpty)
    let attachment = try #require(good.invoice.supportingDocuments.first?.attachment)
    #expect(attachment.content == Data("hello".utf8))
    #expect(attachment.mimeCode == "text/plain" && attachment.filename == "a.txt")
    let bad = try Self.read(
      Self.document(
        agreement: """
          <ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode>
          <ram:AttachmentBinaryObject mimeCode="text/plain" filename="a.txt">not*base64</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>
          """))
    #expect(
      bad.diagnostics.contains {
        $0.severity == .error && $0.path.hasSuffix("ram:AttachmentBinaryObject")
      })
  }

  @Test func emptyDeliveryIsStillWritten() {
    let written = String(
      decoding: InvoiceDocument.write(Invoice(number: "1"), as: .cii), as: UTF8.self)
    #expect(written.contains("<ram:ApplicableHeaderTradeDelivery/>"))
  }

  @Test func contactPointIsReadFromDepartmentName() throws {
    let result = try Self.read(
      Self.document(
        agreement: """
          <ram:SellerTradeParty><ram:Name>S</ram:Name><ram:DefinedTradeContact><ram:DepartmentName>Sales</ram:DepartmentName></ram:DefinedTradeContact></ram:SellerTradeParty>
          """))
    #expect(result.diagnostics.isEmpty)
    #expect(result.invoice.seller.contact?.name == "Sales")
  }
}
