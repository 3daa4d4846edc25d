import CaravanModel
import CaravanXML

extension CIIReader {
  /// `ram:ApplicableHeaderTradeSettlement`: BT-90, BT-83, BT-6, BT-5, BG-10, BG-16 … BG-19,
  /// BG-23 (with BT-7 and BT-8), BG-14, BG-20/BG-21, BT-20/BT-9/BT-89 payment terms, BG-22,
  /// BG-3, BT-19.
  func readSettlement(_ element: Element, into invoice: inout Invoice) {
    var payment = invoice.paymentInstructions ?? PaymentInstructions()
    var debit = payment.directDebit ?? DirectDebit()
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:CreditorReferenceID":
        context.single(&debit.creditorIdentifier, context.string(child), child, term: "BT-90")
      case "ram:PaymentReference":
        context.single(
          &payment.remittanceInformation, context.string(child), child, term: "BT-83")
      case "ram:TaxCurrencyCode":
        context.single(
          &invoice.vatAccountingCurrencyCode, context.string(child), child, term: "BT-6")
      case "ram:InvoiceCurrencyCode":
        setText(&invoice.currencyCode, context.string(child), child, term: "BT-5")
      case "ram:PayeeTradeParty":
        context.single(&invoice.payee, readPayee(child), child, term: "BG-10")
      case "ram:SpecifiedTradeSettlementPaymentMeans":
        readPaymentMeans(child, into: &payment, debit: &debit)
      case "ram:ApplicableTradeTax":
        let breakdown = readVATBreakdown(child, &invoice)
        invoice.vatBreakdown.append(breakdown)
      case "ram:BillingSpecifiedPeriod":
        context.single(&invoice.invoicingPeriod, period(child), child, term: "BG-14")
      case "ram:SpecifiedTradeAllowanceCharge":
        let (isCharge, value) = readAllowanceCharge(child, documentLevel: true)
        if isCharge { invoice.charges.append(value) } else { invoice.allowances.append(value) }
      case "ram:SpecifiedTradePaymentTerms":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:Description":
            context.single(&invoice.paymentTerms, context.string(part), part, term: "BT-20")
          case "ram:DueDateDateTime":
            context.single(&invoice.paymentDueDate, date(part), part, term: "BT-9")
          case "ram:DirectDebitMandateID":
            context.single(&debit.mandateReference, context.string(part), part, term: "BT-89")
          default: context.notCarried(part)
          }
        }
      case "ram:SpecifiedTradeSettlementHeaderMonetarySummation":
        readTotals(child, into: &invoice)
      case "ram:InvoiceReferencedDocument":
        var reference: String?
        var issueDate: CalendarDate?
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:IssuerAssignedID":
            context.single(&reference, context.string(part), part, term: "BT-25")
          case "ram:FormattedIssueDateTime":
            context.single(&issueDate, date(part), part, term: "BT-26")
          default: context.notCarried(part)
          }
        }
        if reference != nil || issueDate != nil {
          invoice.precedingInvoices.append(
            PrecedingInvoiceReference(reference ?? "", issueDate: issueDate))
        }
      case "ram:ReceivableSpecifiedTradeAccountingAccount":
        context.single(
          &invoice.buyerAccountingReference, accountingAccountID(child), child, term: "BT-19")
      default: context.notCarried(child)
      }
    }
    if debit != DirectDebit() { payment.directDebit = debit }
    if payment != PaymentInstructions() { invoice.paymentInstructions = payment }
  }

  /// The `ram:ID` of a `ram:ReceivableSpecifiedTradeAccountingAccount` (BT-19, BT-133).
  func accountingAccountID(_ element: Element) -> String? {
    var id: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:ID": context.single(&id, context.string(child), child, term: "accounting reference")
      default: context.notCarried(child)
      }
    }
    return id
  }

  /// One `ram:SpecifiedTradeSettlementPaymentMeans`: BT-81 and BT-82 (the same in every means,
  /// CII-SR-467/468), BG-18 card, BT-91 debited account, and one BG-17 credit transfer.
  func readPaymentMeans(
    _ element: Element, into payment: inout PaymentInstructions, debit: inout DirectDebit
  ) {
    var account: String?
    var accountName: String?
    var provider: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:TypeCode":
        guard let code = context.string(child) else { continue }
        if payment.meansCode.isEmpty {
          payment.meansCode = code
        } else if payment.meansCode != code {
          context.error(
            child,
            "payment means code '\(code)' differs from '\(payment.meansCode)'; BT-81 takes one value"
          )
        }
      case "ram:Information":
        guard let text = context.string(child) else { continue }
        if payment.meansText == nil {
          payment.meansText = text
        } else if payment.meansText != text {
          context.error(child, "payment means text differs from the first; BT-82 takes one value")
        }
      case "ram:ApplicableTradeSettlementFinancialCard":
        var number: String?
        var holder: String?
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:ID": context.single(&number, context.string(part), part, term: "BT-87")
          case "ram:CardholderName":
            context.single(&holder, context.string(part), part, term: "BT-88")
          default: context.notCarried(part)
          }
        }
        if number != nil || holder != nil {
          context.single(
            &payment.card, PaymentCard(primaryAccountNumber: number ?? "", holderName: holder),
            child, term: "BG-18")
        }
      case "ram:PayerPartyDebtorFinancialAccount":
        context.single(
          &debit.debitedAccount, communication(child, "ram:IBANID"), child, term: "BT-91")
      case "ram:PayeePartyCreditorFinancialAccount":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:IBANID", "ram:ProprietaryID":
            context.single(&account, context.string(part), part, term: "BT-84")
          case "ram:AccountName":
            context.single(&accountName, context.string(part), part, term: "BT-85")
          default: context.notCarried(part)
          }
        }
      case "ram:PayeeSpecifiedCreditorFinancialInstitution":
        context.single(&provider, communication(child, "ram:BICID"), child, term: "BT-86")
      default: context.notCarried(child)
      }
    }
    if account != nil || accountName != nil || provider != nil {
      payment.creditTransfers.append(
        CreditTransfer(
          accountIdentifier: account ?? "", accountName: accountName, serviceProvider: provider))
    }
  }

  /// BG-23 `ram:ApplicableTradeTax` of the header; BT-7 `ram:TaxPointDate` and BT-8
  /// `ram:DueDateTypeCode` are taken from the first breakdown that has them.
  func readVATBreakdown(_ element: Element, _ invoice: inout Invoice) -> VATBreakdown {
    var breakdown = VATBreakdown()
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:CalculatedAmount": setDecimal(&breakdown.taxAmount, child, term: "BT-117")
      case "ram:TypeCode": break  // always VAT in EN 16931
      case "ram:ExemptionReason":
        context.single(&breakdown.exemptionReason, context.string(child), child, term: "BT-120")
      case "ram:BasisAmount": setDecimal(&breakdown.taxableAmount, child, term: "BT-116")
      case "ram:CategoryCode":
        setText(&breakdown.categoryCode, context.string(child), child, term: "BT-118")
      case "ram:ExemptionReasonCode":
        context.single(
          &breakdown.exemptionReasonCode, context.string(child), child, term: "BT-121")
      case "ram:TaxPointDate":
        guard let value = date(child) else { continue }
        if invoice.vatPointDate == nil {
          invoice.vatPointDate = value
        } else if invoice.vatPointDate != value {
          context.notCarried(child)  // the model has one BT-7; a different second one is lost
        }
      case "ram:DueDateTypeCode":
        guard let code = context.string(child) else { continue }
        let value = CIICodes.vatPointDateCode(fromCII: code)
        if invoice.vatPointDateCode == nil {
          invoice.vatPointDateCode = value
        } else if invoice.vatPointDateCode != value {
          context.notCarried(child)  // CII-SR-462: all must be equal; the model has one BT-8
        }
      case "ram:RateApplicablePercent": setDecimal(&breakdown.rate, child, term: "BT-119")
      default: context.notCarried(child)
      }
    }
    return breakdown
  }

  /// BG-20 / BG-21 (document level, with `ram:CategoryTradeTax`) or BG-27 / BG-28 (line
  /// level) `ram:SpecifiedTradeAllowanceCharge`; the first result says whether it is a charge.
  func readAllowanceCharge(_ element: Element, documentLevel: Bool) -> (
    Bool, DocumentAllowanceCharge
  ) {
    var value = DocumentAllowanceCharge()
    var isCharge: Bool?
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:ChargeIndicator":
        context.single(&isCharge, indicator(child), child, term: "ChargeIndicator")
      case "ram:CalculationPercent": setDecimal(&value.percentage, child, term: "percentage")
      case "ram:BasisAmount": setDecimal(&value.baseAmount, child, term: "base amount")
      case "ram:ActualAmount": setDecimal(&value.amount, child, term: "amount")
      case "ram:ReasonCode":
        context.single(&value.reasonCode, context.string(child), child, term: "reason code")
      case "ram:Reason": context.single(&value.reason, context.string(child), child, term: "reason")
      case "ram:CategoryTradeTax" where documentLevel:
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:TypeCode": break  // always VAT in EN 16931
          case "ram:CategoryCode":
            context.single(
              &value.vatCategoryCode, context.string(part), part, term: "VAT category code")
          case "ram:RateApplicablePercent": setDecimal(&value.vatRate, part, term: "VAT rate")
          default: context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    if isCharge == nil {
      context.error(element, "ram:ChargeIndicator/udt:Indicator is missing; read as an allowance")
    }
    return (isCharge ?? false, value)
  }

  /// BG-22 `ram:SpecifiedTradeSettlementHeaderMonetarySummation`. BT-110 and BT-111 are both
  /// `ram:TaxTotalAmount`, told apart by `@currencyID` (BT-5 or BT-6).
  func readTotals(_ element: Element, into invoice: inout Invoice) {
    var totals = takeOut(&invoice.totals, leaving: DocumentTotals())
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:LineTotalAmount": setDecimal(&totals.lineNetAmount, child, term: "BT-106")
      case "ram:ChargeTotalAmount": setDecimal(&totals.chargeTotal, child, term: "BT-108")
      case "ram:AllowanceTotalAmount": setDecimal(&totals.allowanceTotal, child, term: "BT-107")
      case "ram:TaxBasisTotalAmount":
        setDecimal(&totals.taxExclusiveAmount, child, term: "BT-109")
      case "ram:TaxTotalAmount":
        let currency = context.attribute("currencyID", of: child)
        let inAccountingCurrency =
          currency != nil && currency == invoice.vatAccountingCurrencyCode
          && (currency != invoice.currencyCode || totals.vatAmount != nil)
        if inAccountingCurrency {
          setDecimal(&totals.vatAmountInAccountingCurrency, child, term: "BT-111")
        } else if currency == nil || currency == invoice.currencyCode {
          setDecimal(&totals.vatAmount, child, term: "BT-110")
        } else {
          context.error(
            child,
            "ram:TaxTotalAmount in \(currency ?? "") is neither in the invoice currency (BT-5) nor in the VAT accounting currency (BT-6)"
          )
        }
      case "ram:RoundingAmount": setDecimal(&totals.roundingAmount, child, term: "BT-114")
      case "ram:GrandTotalAmount": setDecimal(&totals.taxInclusiveAmount, child, term: "BT-112")
      case "ram:TotalPrepaidAmount": setDecimal(&totals.paidAmount, child, term: "BT-113")
      case "ram:DuePayableAmount": setDecimal(&totals.amountDue, child, term: "BT-115")
      default: context.notCarried(child)
      }
    }
    invoice.totals = totals
  }
}
