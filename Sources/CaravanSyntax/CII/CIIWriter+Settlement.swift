import CaravanModel
import CaravanXML

extension CIIWriter {
  /// `ram:ApplicableHeaderTradeSettlement`, in schema order.
  mutating func writeSettlement() {
    let payment = invoice.paymentInstructions
    w.open("ram:ApplicableHeaderTradeSettlement")
    w.element("ram:CreditorReferenceID", payment?.directDebit?.creditorIdentifier)
    w.element("ram:PaymentReference", payment?.remittanceInformation)
    w.element("ram:TaxCurrencyCode", invoice.vatAccountingCurrencyCode)
    w.element("ram:InvoiceCurrencyCode", invoice.currencyCode)
    writePayee(invoice.payee)
    if let payment { writePaymentMeans(payment) }
    for (index, breakdown) in invoice.vatBreakdown.enumerated() {
      writeVATBreakdown(breakdown, first: index == 0)
    }
    writePeriod(invoice.invoicingPeriod)
    for allowance in invoice.allowances { writeDocumentAllowanceCharge(allowance, isCharge: false) }
    for charge in invoice.charges { writeDocumentAllowanceCharge(charge, isCharge: true) }
    w.open("ram:SpecifiedTradePaymentTerms")
    w.element("ram:Description", invoice.paymentTerms)
    writeDate("ram:DueDateDateTime", invoice.paymentDueDate)
    w.element("ram:DirectDebitMandateID", payment?.directDebit?.mandateReference)
    w.close()
    writeTotals()
    // BG-3 is 0..n in EN 16931 but the D16B schema allows one InvoiceReferencedDocument here;
    // every reference is written rather than any being lost (readers take them all).
    for preceding in invoice.precedingInvoices {
      w.open("ram:InvoiceReferencedDocument")
      w.element("ram:IssuerAssignedID", preceding.reference)
      writeDate("ram:FormattedIssueDateTime", preceding.issueDate, as: "qdt:DateTimeString")
      w.close()
    }
    w.open("ram:ReceivableSpecifiedTradeAccountingAccount")
    w.element("ram:ID", invoice.buyerAccountingReference)
    w.close()
    w.close()
  }

  /// BG-16: one `ram:SpecifiedTradeSettlementPaymentMeans` per BG-17 credit transfer (at least
  /// one), each repeating BT-81 and BT-82; BG-18 card and BT-91 debited account go in the first.
  mutating func writePaymentMeans(_ payment: PaymentInstructions) {
    let transfers = payment.creditTransfers
    for index in 0..<max(1, transfers.count) {
      w.open("ram:SpecifiedTradeSettlementPaymentMeans")
      w.element("ram:TypeCode", payment.meansCode)
      w.element("ram:Information", payment.meansText)
      if index == 0 {
        if let card = payment.card {
          w.open("ram:ApplicableTradeSettlementFinancialCard")
          w.element("ram:ID", card.primaryAccountNumber)
          w.element("ram:CardholderName", card.holderName)
          w.close()
        }
        w.open("ram:PayerPartyDebtorFinancialAccount")
        w.element("ram:IBANID", payment.directDebit?.debitedAccount)
        w.close()
      }
      if index < transfers.count {
        let transfer = transfers[index]
        w.open("ram:PayeePartyCreditorFinancialAccount")
        if CIICodes.isIBAN(transfer.accountIdentifier) {
          w.element("ram:IBANID", transfer.accountIdentifier)
          w.element("ram:AccountName", transfer.accountName)
        } else {
          w.element("ram:AccountName", transfer.accountName)
          w.element("ram:ProprietaryID", transfer.accountIdentifier)
        }
        w.close()
        w.open("ram:PayeeSpecifiedCreditorFinancialInstitution")
        w.element("ram:BICID", transfer.serviceProviderIdentifier)
        w.close()
      }
      w.close()
    }
  }

  /// BG-23 `ram:ApplicableTradeTax`. BT-8 is repeated in each breakdown (CII-SR-462 wants them
  /// all equal); BT-7 goes in the first only (CII-SR-461 allows one `ram:TaxPointDate`).
  mutating func writeVATBreakdown(_ breakdown: VATBreakdown, first: Bool) {
    w.open("ram:ApplicableTradeTax")
    w.element("ram:CalculatedAmount", breakdown.taxAmount)
    w.element("ram:TypeCode", "VAT")
    w.element("ram:ExemptionReason", breakdown.exemptionReason)
    w.element("ram:BasisAmount", breakdown.taxableAmount)
    w.element("ram:CategoryCode", breakdown.categoryCode)
    w.element("ram:ExemptionReasonCode", breakdown.exemptionReasonCode)
    if first { writeDate("ram:TaxPointDate", invoice.vatPointDate, as: "udt:DateString") }
    w.element(
      "ram:DueDateTypeCode", invoice.vatPointDateCode.map(CIICodes.dueDateTypeCode(fromModel:)))
    w.element("ram:RateApplicablePercent", breakdown.rate)
    w.close()
  }

  /// BG-20 / BG-21 `ram:SpecifiedTradeAllowanceCharge` with its `ram:CategoryTradeTax`.
  mutating func writeDocumentAllowanceCharge(_ value: DocumentAllowanceCharge, isCharge: Bool) {
    w.open("ram:SpecifiedTradeAllowanceCharge")
    writeChargeIndicator(isCharge)
    w.element("ram:CalculationPercent", value.percentage)
    w.element("ram:BasisAmount", value.baseAmount)
    w.element("ram:ActualAmount", value.amount)
    w.element("ram:ReasonCode", value.reasonCode)
    w.element("ram:Reason", value.reason)
    if value.vatCategoryCode != nil || value.vatRate != nil {
      w.open("ram:CategoryTradeTax")
      w.element("ram:TypeCode", "VAT")
      w.element("ram:CategoryCode", value.vatCategoryCode)
      w.element("ram:RateApplicablePercent", value.vatRate)
      w.close()
    }
    w.close()
  }

  /// BG-22 `ram:SpecifiedTradeSettlementHeaderMonetarySummation`; BT-110 and BT-111 as two
  /// `ram:TaxTotalAmount` in BT-5 and BT-6.
  mutating func writeTotals() {
    let totals = invoice.totals
    w.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    w.element("ram:LineTotalAmount", totals.lineNetAmount)
    w.element("ram:ChargeTotalAmount", totals.chargeTotal)
    w.element("ram:AllowanceTotalAmount", totals.allowanceTotal)
    w.element("ram:TaxBasisTotalAmount", totals.taxExclusiveAmount)
    w.element(
      "ram:TaxTotalAmount", totals.vatAmount,
      attribute: ("currencyID", invoice.currencyCode.isEmpty ? nil : invoice.currencyCode))
    w.element(
      "ram:TaxTotalAmount", totals.vatAmountInAccountingCurrency,
      attribute: ("currencyID", invoice.vatAccountingCurrencyCode))
    w.element("ram:RoundingAmount", totals.roundingAmount)
    w.element("ram:GrandTotalAmount", totals.taxInclusiveAmount)
    w.element("ram:TotalPrepaidAmount", totals.paidAmount)
    w.element("ram:DuePayableAmount", totals.amountDue)
    w.close()
  }
}
