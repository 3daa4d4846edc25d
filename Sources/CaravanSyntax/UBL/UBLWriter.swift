import CaravanModel
import CaravanXML

/// Writes the model as a UBL 2.1 `Invoice` or `CreditNote` (EN 16931-3-2).
///
/// Elements come in the order of the UBL 2.1 schema sequences, with the `cbc:` and `cac:`
/// prefixes of the official examples. Groups are opened unconditionally: ``XMLWriter`` writes
/// a container only when something goes into it, so no empty element is ever written. Only
/// elements of the EN 16931 binding are written (none of the `UBL-CR-…` list), plus the few
/// the UBL schema requires where the model has no term:
/// - `cac:TaxScheme/cbc:ID` `VAT` in every tax category and VAT party tax scheme, and `TAX`
///   in the party tax scheme of BT-32 (the seller's other tax registration);
/// - `cac:OrderReference/cbc:ID` `NA` when only BT-14 exists;
/// - `cac:CardAccount/cbc:NetworkID` `NA`, as the model has no card network term;
/// - `cbc:ChargeIndicator` in every allowance or charge.
struct UBLWriter {
  let invoice: Invoice
  /// True when BT-3 is a credit note type code: a `CreditNote` document.
  let isCreditNote: Bool
  var w = XMLWriter()

  init(_ invoice: Invoice) {
    self.invoice = invoice
    self.isCreditNote = invoice.isCreditNote
  }

  /// `currencyID` attribute for document-currency amounts.
  var currency: (key: StaticString, value: String?) { ("currencyID", invoice.currencyCode) }

  /// Writes `<name currencyID="BT-5">amount</name>`.
  mutating func amount(_ name: StaticString, _ value: DecimalNumber?) {
    w.element(name, value, attribute: currency)
  }

  /// Writes the whole document.
  mutating func write() -> [UInt8] {
    let root: StaticString = isCreditNote ? "CreditNote" : "Invoice"
    w.open(
      root,
      attributes: [
        ("xmlns", isCreditNote ? Namespace.ublCreditNote : Namespace.ublInvoice),
        ("xmlns:cac", Namespace.cac),
        ("xmlns:cbc", Namespace.cbc),
      ])
    writeHeader()
    writeReferences()
    writeSeller()
    writeBuyer()
    writePayee()
    writeTaxRepresentative()
    writeDelivery()
    writePaymentMeans()
    w.open("cac:PaymentTerms")
    w.element("cbc:Note", invoice.paymentTerms)
    w.close()
    for allowance in invoice.allowances { writeAllowanceCharge(allowance, isCharge: false) }
    for charge in invoice.charges { writeAllowanceCharge(charge, isCharge: true) }
    writeTaxTotals()
    writeMonetaryTotal()
    for line in invoice.lines { writeLine(line) }
    return w.finish()
  }

  /// From `cbc:CustomizationID` to `cbc:BuyerReference`, and `cac:InvoicePeriod` (BG-14).
  private mutating func writeHeader() {
    w.element("cbc:CustomizationID", invoice.processControl.specificationIdentifier)
    w.element("cbc:ProfileID", invoice.processControl.businessProcessType)
    w.element("cbc:ID", invoice.number)
    w.element("cbc:IssueDate", invoice.issueDate)
    if isCreditNote {
      w.element("cbc:TaxPointDate", invoice.vatPointDate)
      w.element("cbc:CreditNoteTypeCode", invoice.typeCode)
    } else {
      w.element("cbc:DueDate", invoice.paymentDueDate)
      w.element("cbc:InvoiceTypeCode", invoice.typeCode)
    }
    for note in invoice.notes {
      // BT-21 travels as a `#CODE#` prefix of the note text.
      let text = note.subjectCode.map { "#\($0)#" + note.text } ?? note.text
      w.element("cbc:Note", text)
    }
    if !isCreditNote { w.element("cbc:TaxPointDate", invoice.vatPointDate) }
    w.element("cbc:DocumentCurrencyCode", invoice.currencyCode)
    w.element("cbc:TaxCurrencyCode", invoice.vatAccountingCurrencyCode)
    w.element("cbc:AccountingCost", invoice.buyerAccountingReference)
    w.element("cbc:BuyerReference", invoice.buyerReference)
    w.open("cac:InvoicePeriod")
    w.element("cbc:StartDate", invoice.invoicingPeriod?.start)
    w.element("cbc:EndDate", invoice.invoicingPeriod?.end)
    w.element("cbc:DescriptionCode", invoice.vatPointDateCode)
    w.close()
  }

  /// The document references, in the order of the Invoice or CreditNote sequence: BT-13, BT-14,
  /// BG-3, BT-16, BT-15, BT-17, BT-12, BT-18, BG-24, BT-11.
  private mutating func writeReferences() {
    w.open("cac:OrderReference")
    if let sales = invoice.salesOrderReference {
      // UBL requires cbc:ID: NA stands for "no purchase order reference".
      w.element("cbc:ID", invoice.purchaseOrderReference ?? "NA")
      w.element("cbc:SalesOrderID", sales)
    } else {
      w.element("cbc:ID", invoice.purchaseOrderReference)
    }
    w.close()
    for preceding in invoice.precedingInvoices {
      w.open("cac:BillingReference")
      w.open("cac:InvoiceDocumentReference")
      w.element("cbc:ID", preceding.reference)
      w.element("cbc:IssueDate", preceding.issueDate)
      w.close()
      w.close()
    }
    writeReference("cac:DespatchDocumentReference", invoice.despatchAdviceReference)
    writeReference("cac:ReceiptDocumentReference", invoice.receivingAdviceReference)
    if isCreditNote {
      writeReference("cac:ContractDocumentReference", invoice.contractReference)
      writeAdditionalDocuments()
      writeReference("cac:OriginatorDocumentReference", invoice.tenderOrLotReference)
    } else {
      writeReference("cac:OriginatorDocumentReference", invoice.tenderOrLotReference)
      writeReference("cac:ContractDocumentReference", invoice.contractReference)
      writeAdditionalDocuments()
      writeReference("cac:ProjectReference", invoice.projectReference)
    }
  }

  /// `<name><cbc:ID>value</cbc:ID></name>`.
  private mutating func writeReference(_ name: StaticString, _ value: String?) {
    w.open(name)
    w.element("cbc:ID", value)
    w.close()
  }

  /// `cac:AdditionalDocumentReference`: BT-18 (type 130), in a CreditNote BT-11 (type 50), and
  /// BG-24.
  private mutating func writeAdditionalDocuments() {
    if let object = invoice.invoicedObjectIdentifier {
      w.open("cac:AdditionalDocumentReference")
      w.element("cbc:ID", object.value, attribute: ("schemeID", object.scheme))
      w.element("cbc:DocumentTypeCode", "130")
      w.close()
    }
    if isCreditNote, let project = invoice.projectReference {
      w.open("cac:AdditionalDocumentReference")
      w.element("cbc:ID", project)
      w.element("cbc:DocumentTypeCode", "50")
      w.close()
    }
    for document in invoice.supportingDocuments {
      w.open("cac:AdditionalDocumentReference")
      w.element("cbc:ID", document.reference)
      w.element("cbc:DocumentDescription", document.description)
      w.open("cac:Attachment")
      if let attachment = document.attachment {
        w.element(
          "cbc:EmbeddedDocumentBinaryObject", AttachmentBase64.encode(attachment.content),
          attributes: [("mimeCode", attachment.mimeCode), ("filename", attachment.filename)])
      }
      w.open("cac:ExternalReference")
      w.element("cbc:URI", document.externalLocation)
      w.close()
      w.close()
      w.close()
    }
  }

  /// BG-16 as `cac:PaymentMeans`: one per BG-17 credit transfer (at least one), each repeating
  /// BT-81 and BT-83; BT-82 (`name`), BG-18 and BG-19 go into the first, and so does BT-9 in a
  /// CreditNote (`cbc:PaymentDueDate`), as UBL-SR-45, -46, -54 and -55 allow them once.
  private mutating func writePaymentMeans() {
    let instructions = invoice.paymentInstructions
    let transfers = instructions?.creditTransfers ?? []
    let count = max(1, transfers.count)
    for index in 0..<count {
      let first = index == 0
      w.open("cac:PaymentMeans")
      w.element(
        "cbc:PaymentMeansCode", instructions?.meansCode,
        attribute: ("name", first ? instructions?.meansText : nil))
      if first && isCreditNote { w.element("cbc:PaymentDueDate", invoice.paymentDueDate) }
      w.element("cbc:PaymentID", instructions?.remittanceInformation)
      if first, let card = instructions?.card {
        w.open("cac:CardAccount")
        w.element("cbc:PrimaryAccountNumberID", card.primaryAccountNumber)
        w.element("cbc:NetworkID", "NA")
        w.element("cbc:HolderName", card.holderName)
        w.close()
      }
      if index < transfers.count {
        let transfer = transfers[index]
        w.open("cac:PayeeFinancialAccount")
        w.element("cbc:ID", transfer.accountIdentifier)
        w.element("cbc:Name", transfer.accountName)
        w.open("cac:FinancialInstitutionBranch")
        w.element("cbc:ID", transfer.serviceProviderIdentifier)
        w.close()
        w.close()
      }
      if first, let debit = instructions?.directDebit {
        w.open("cac:PaymentMandate")
        w.element("cbc:ID", debit.mandateReference)
        w.open("cac:PayerFinancialAccount")
        w.element("cbc:ID", debit.debitedAccount)
        w.close()
        w.close()
      }
      w.close()
    }
  }

  /// BG-20 / BG-21 `cac:AllowanceCharge` on document level.
  private mutating func writeAllowanceCharge(_ value: DocumentAllowanceCharge, isCharge: Bool) {
    w.open("cac:AllowanceCharge")
    w.element("cbc:ChargeIndicator", isCharge ? "true" : "false")
    w.element("cbc:AllowanceChargeReasonCode", value.reasonCode)
    w.element("cbc:AllowanceChargeReason", value.reason)
    w.element("cbc:MultiplierFactorNumeric", value.percentage)
    amount("cbc:Amount", value.amount)
    amount("cbc:BaseAmount", value.baseAmount)
    writeTaxCategory("cac:TaxCategory", value.vatCategoryCode, value.vatRate)
    w.close()
  }

  /// A `cac:TaxCategory` / `cac:ClassifiedTaxCategory` with its VAT tax scheme.
  mutating func writeTaxCategory(
    _ name: StaticString, _ code: String?, _ rate: DecimalNumber?, exemptionCode: String? = nil,
    exemption: String? = nil
  ) {
    w.open(name)
    w.element("cbc:ID", code)
    w.element("cbc:Percent", rate)
    w.element("cbc:TaxExemptionReasonCode", exemptionCode)
    w.element("cbc:TaxExemptionReason", exemption)
    if code?.isEmpty == false || rate != nil || exemptionCode != nil || exemption != nil {
      writeTaxScheme("VAT")
    }
    w.close()
  }

  /// `cac:TaxScheme/cbc:ID`.
  mutating func writeTaxScheme(_ id: String) {
    w.open("cac:TaxScheme")
    w.element("cbc:ID", id)
    w.close()
  }

  /// `cac:TaxTotal` with BT-110 and BG-23, and a second one with BT-111 in the BT-6 currency.
  private mutating func writeTaxTotals() {
    w.open("cac:TaxTotal")
    amount("cbc:TaxAmount", invoice.totals.vatAmount)
    for breakdown in invoice.vatBreakdown {
      w.open("cac:TaxSubtotal")
      amount("cbc:TaxableAmount", breakdown.taxableAmount)
      amount("cbc:TaxAmount", breakdown.taxAmount)
      writeTaxCategory(
        "cac:TaxCategory", breakdown.categoryCode, breakdown.rate,
        exemptionCode: breakdown.exemptionReasonCode, exemption: breakdown.exemptionReason)
      w.close()
    }
    w.close()
    if let accounting = invoice.totals.vatAmountInAccountingCurrency {
      w.open("cac:TaxTotal")
      w.element(
        "cbc:TaxAmount", accounting,
        attribute: ("currencyID", invoice.vatAccountingCurrencyCode ?? invoice.currencyCode))
      w.close()
    }
  }

  /// BG-22 `cac:LegalMonetaryTotal`.
  private mutating func writeMonetaryTotal() {
    let totals = invoice.totals
    w.open("cac:LegalMonetaryTotal")
    amount("cbc:LineExtensionAmount", totals.lineNetAmount)
    amount("cbc:TaxExclusiveAmount", totals.taxExclusiveAmount)
    amount("cbc:TaxInclusiveAmount", totals.taxInclusiveAmount)
    amount("cbc:AllowanceTotalAmount", totals.allowanceTotal)
    amount("cbc:ChargeTotalAmount", totals.chargeTotal)
    amount("cbc:PrepaidAmount", totals.paidAmount)
    amount("cbc:PayableRoundingAmount", totals.roundingAmount)
    amount("cbc:PayableAmount", totals.amountDue)
    w.close()
  }
}
