import CaravanModel
import CaravanXML

extension UBLReader {
  /// BG-16 `cac:PaymentMeans`, one of possibly several.
  ///
  /// Each `cac:PaymentMeans` repeats BT-81 (`cbc:PaymentMeansCode`), BT-82 (its `name`) and
  /// BT-83 (`cbc:PaymentID`); differing values are errors. `cac:PayeeFinancialAccount` is one
  /// BG-17 credit transfer (BT-84 `cbc:ID`, BT-85 `cbc:Name`, BT-86
  /// `cac:FinancialInstitutionBranch/cbc:ID`), `cac:CardAccount` BG-18 (BT-87, BT-88),
  /// `cac:PaymentMandate` BG-19 (BT-89, BT-91). In a CreditNote, `cbc:PaymentDueDate` is BT-9.
  func readPaymentMeans(_ element: XMLTree.Element) {
    var instructions = invoice.paymentInstructions ?? PaymentInstructions()
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:PaymentMeansCode":
        agree(&meansCode, context.string(child), child, term: "BT-81")
        agree(
          &instructions.meansText, context.attribute("name", of: child), child, term: "BT-82")
      case "cbc:PaymentDueDate" where isCreditNote:
        context.single(&invoice.paymentDueDate, context.isoDate(child), child, term: "BT-9")
      case "cbc:PaymentID":
        agree(&instructions.remittanceInformation, context.string(child), child, term: "BT-83")
      case "cac:PayeeFinancialAccount":
        instructions.creditTransfers.append(readCreditTransfer(child))
      case "cac:CardAccount":
        if instructions.card != nil {
          context.error(child, "cac:CardAccount appears more than once; BG-18 takes one value")
        } else {
          instructions.card = readCard(child)
        }
      case "cac:PaymentMandate":
        var debit = instructions.directDebit ?? DirectDebit()
        for part in context.children(child) {
          switch context.name(part) {
          case "cbc:ID":
            context.single(&debit.mandateReference, context.string(part), part, term: "BT-89")
          case "cac:PayerFinancialAccount":
            for account in context.children(part) {
              if context.name(account) == "cbc:ID" {
                context.single(
                  &debit.debitedAccount, context.string(account), account, term: "BT-91")
              } else {
                context.notCarried(account)
              }
            }
          default: context.notCarried(part)
          }
        }
        instructions.directDebit = debit
      default: context.notCarried(child)
      }
    }
    invoice.paymentInstructions = instructions
  }

  /// BG-17 `cac:PayeeFinancialAccount`.
  private func readCreditTransfer(_ element: XMLTree.Element) -> CreditTransfer {
    var account: String?
    var name: String?
    var provider: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ID": context.single(&account, context.string(child), child, term: "BT-84")
      case "cbc:Name": context.single(&name, context.string(child), child, term: "BT-85")
      case "cac:FinancialInstitutionBranch":
        for part in context.children(child) {
          if context.name(part) == "cbc:ID" {
            context.single(&provider, context.string(part), part, term: "BT-86")
          } else {
            context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    return CreditTransfer(
      accountIdentifier: account ?? "", accountName: name, serviceProvider: provider)
  }

  /// BG-18 `cac:CardAccount`: `cbc:PrimaryAccountNumberID` BT-87, `cbc:HolderName` BT-88.
  ///
  /// UBL requires `cbc:NetworkID`, which the model has no term for: the placeholder `NA` that
  /// Caravan writes is consumed silently, any other network is reported as not carried.
  private func readCard(_ element: XMLTree.Element) -> PaymentCard {
    var number: String?
    var holder: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:PrimaryAccountNumberID":
        context.single(&number, context.string(child), child, term: "BT-87")
      case "cbc:HolderName": context.single(&holder, context.string(child), child, term: "BT-88")
      case "cbc:NetworkID":
        if context.string(child) != "NA" { context.notCarried(child) }
      default: context.notCarried(child)
      }
    }
    return PaymentCard(primaryAccountNumber: number ?? "", holderName: holder)
  }

  /// BG-20 / BG-21 `cac:AllowanceCharge` on document level: `cbc:ChargeIndicator` says which;
  /// BT-92/99 `cbc:Amount`, BT-93/100 `cbc:BaseAmount`, BT-94/101 `cbc:MultiplierFactorNumeric`,
  /// BT-95/102 and BT-96/103 `cac:TaxCategory`, BT-97/104 `cbc:AllowanceChargeReason`,
  /// BT-98/105 `cbc:AllowanceChargeReasonCode`.
  func readDocumentAllowanceCharge(_ element: XMLTree.Element) {
    var value = DocumentAllowanceCharge()
    var isCharge: Bool?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ChargeIndicator":
        context.single(&isCharge, boolean(child), child, term: "the charge indicator")
      case "cbc:AllowanceChargeReasonCode":
        context.single(&value.reasonCode, context.string(child), child, term: "the reason code")
      case "cbc:AllowanceChargeReason":
        context.single(&value.reason, context.string(child), child, term: "the reason")
      case "cbc:MultiplierFactorNumeric":
        context.single(&value.percentage, context.decimal(child), child, term: "the percentage")
      case "cbc:Amount":
        context.single(&value.amount, context.decimal(child), child, term: "the amount")
      case "cbc:BaseAmount":
        context.single(&value.baseAmount, context.decimal(child), child, term: "the base amount")
      case "cac:TaxCategory":
        readTaxCategory(child) { code, rate, _, _, at in
          context.single(&value.vatCategoryCode, code, at, term: "the VAT category code")
          context.single(&value.vatRate, rate, at, term: "the VAT rate")
        }
      default: context.notCarried(child)
      }
    }
    switch isCharge {
    case true?: invoice.charges.append(value)
    case false?: invoice.allowances.append(value)
    case nil:
      context.error(element, "cac:AllowanceCharge has no cbc:ChargeIndicator true or false")
    }
  }

  /// `cac:TaxTotal`: the one with `cac:TaxSubtotal`s (or the first) holds BT-110 and BG-23; one
  /// without subtotals in the BT-6 currency holds BT-111.
  func readTaxTotal(_ element: XMLTree.Element) {
    var amountElement: XMLTree.Element?
    var subtotals: [XMLTree.Element] = []
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:TaxAmount":
        if amountElement != nil {
          context.error(child, "cbc:TaxAmount appears more than once in one cac:TaxTotal")
        } else {
          amountElement = child
        }
      case "cac:TaxSubtotal": subtotals.append(child)
      default: context.notCarried(child)
      }
    }
    let currency = amountElement.flatMap { context.attribute("currencyID", of: $0) }
    let accounting = invoice.vatAccountingCurrencyCode
    let isAccountingTotal =
      subtotals.isEmpty && accounting != nil
      && (currency == accounting && currency != invoice.currencyCode
        || invoice.totals.vatAmount != nil)
    if let amountElement {
      if isAccountingTotal {
        context.single(
          &invoice.totals.vatAmountInAccountingCurrency, context.decimal(amountElement),
          amountElement, term: "BT-111")
      } else {
        context.single(
          &invoice.totals.vatAmount, context.decimal(amountElement), amountElement,
          term: "BT-110")
      }
    }
    for subtotal in subtotals { invoice.vatBreakdown.append(readTaxSubtotal(subtotal)) }
  }

  /// BG-23 `cac:TaxSubtotal`: BT-116 `cbc:TaxableAmount`, BT-117 `cbc:TaxAmount`, and in
  /// `cac:TaxCategory` BT-118 `cbc:ID`, BT-119 `cbc:Percent`, BT-121 `cbc:TaxExemptionReasonCode`,
  /// BT-120 `cbc:TaxExemptionReason`.
  private func readTaxSubtotal(_ element: XMLTree.Element) -> VATBreakdown {
    var breakdown = VATBreakdown()
    var category: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:TaxableAmount":
        context.single(&breakdown.taxableAmount, context.decimal(child), child, term: "BT-116")
      case "cbc:TaxAmount":
        context.single(&breakdown.taxAmount, context.decimal(child), child, term: "BT-117")
      case "cac:TaxCategory":
        readTaxCategory(child, allowsExemption: true) { code, rate, reasonCode, reason, at in
          context.single(&category, code, at, term: "BT-118")
          context.single(&breakdown.rate, rate, at, term: "BT-119")
          context.single(&breakdown.exemptionReasonCode, reasonCode, at, term: "BT-121")
          context.single(&breakdown.exemptionReason, reason, at, term: "BT-120")
        }
      default: context.notCarried(child)
      }
    }
    breakdown.categoryCode = category ?? ""
    return breakdown
  }

  /// `cac:TaxCategory` or `cac:ClassifiedTaxCategory`: hands the category code, the rate and
  /// (where the binding has them) the exemption reason code and text to `store`. The
  /// `cac:TaxScheme/cbc:ID` is fixed to `VAT` by the binding and consumed.
  func readTaxCategory(
    _ element: XMLTree.Element, allowsExemption: Bool = false,
    _ store: (String?, DecimalNumber?, String?, String?, XMLTree.Element) -> Void
  ) {
    var code: String?
    var rate: DecimalNumber?
    var reasonCode: String?
    var reason: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ID": context.single(&code, context.string(child), child, term: "the VAT category")
      case "cbc:Percent":
        context.single(&rate, context.decimal(child), child, term: "the VAT rate")
      case "cbc:TaxExemptionReasonCode" where allowsExemption:
        context.single(&reasonCode, context.string(child), child, term: "BT-121")
      case "cbc:TaxExemptionReason" where allowsExemption:
        context.single(&reason, context.string(child), child, term: "BT-120")
      case "cac:TaxScheme":
        for part in context.children(child) {
          if context.name(part) == "cbc:ID" {
            if context.string(part)?.uppercased() != "VAT" { context.notCarried(part) }
          } else {
            context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    store(code, rate, reasonCode, reason, element)
  }

  /// BG-22 `cac:LegalMonetaryTotal`: BT-106 … BT-115 (BT-110 and BT-111 are in `cac:TaxTotal`).
  func readMonetaryTotal(_ element: XMLTree.Element) {
    var totals = takeOut(&invoice.totals, leaving: DocumentTotals())
    for child in context.children(element) {
      let value = { self.context.decimal(child) }
      switch context.name(child) {
      case "cbc:LineExtensionAmount":
        context.single(&totals.lineNetAmount, value(), child, term: "BT-106")
      case "cbc:TaxExclusiveAmount":
        context.single(&totals.taxExclusiveAmount, value(), child, term: "BT-109")
      case "cbc:TaxInclusiveAmount":
        context.single(&totals.taxInclusiveAmount, value(), child, term: "BT-112")
      case "cbc:AllowanceTotalAmount":
        context.single(&totals.allowanceTotal, value(), child, term: "BT-107")
      case "cbc:ChargeTotalAmount":
        context.single(&totals.chargeTotal, value(), child, term: "BT-108")
      case "cbc:PrepaidAmount": context.single(&totals.paidAmount, value(), child, term: "BT-113")
      case "cbc:PayableRoundingAmount":
        context.single(&totals.roundingAmount, value(), child, term: "BT-114")
      case "cbc:PayableAmount": context.single(&totals.amountDue, value(), child, term: "BT-115")
      default: context.notCarried(child)
      }
    }
    invoice.totals = totals
  }
}
