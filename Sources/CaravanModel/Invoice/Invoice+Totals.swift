extension Invoice {
  /// The VAT categories (UNTDID 5305) whose tax is zero whatever the rate says, and which
  /// carry an exemption reason (BT-120, BT-121) in their VAT breakdown.
  public static let exemptVATCategories: Set<String> = ["E", "AE", "K", "G", "O"]

  /// This invoice with its line net amounts (BT-131), VAT breakdown (BG-23) and document
  /// totals (BT-106 … BT-115) computed from its lines, allowances and charges, the way the
  /// EN 16931 calculation rules (BR-CO-10 … BR-CO-17) state them.
  ///
  /// - A line's net amount is quantity × net price ÷ base quantity, rounded half away from
  ///   zero to 2 decimals, less its allowances and plus its charges (BR-LIN-04 equivalent).
  ///   A line without quantity or price keeps the net amount it has.
  /// - One VAT breakdown per VAT category and rate of the lines, allowances and charges: the
  ///   taxable amount is the sum of what falls in it; the tax is taxable × rate ÷ 100 rounded
  ///   to 2 decimals, and zero for the exempt categories (``exemptVATCategories``) and
  ///   category `O`, which has no rate. Exemption reasons of an existing breakdown of the same
  ///   category and rate are kept.
  /// - BT-106 is the sum of line net amounts, BT-107 and BT-108 the sums of document
  ///   allowances and charges (stated only when there are some), BT-109 = BT-106 − BT-107 +
  ///   BT-108, BT-110 the sum of the breakdown's tax, BT-112 = BT-109 + BT-110, and BT-115 =
  ///   BT-112 − BT-113 + BT-114.
  ///
  /// Every computed amount has scale 2.
  public func computingTotals() -> Invoice {
    var invoice = self
    for index in invoice.lines.indices {
      if let amount = Self.lineNetAmount(invoice.lines[index]) {
        invoice.lines[index].netAmount = amount
      }
    }

    struct Key: Hashable {
      var category: String
      var rate: DecimalNumber?
    }
    var order: [Key] = []
    var taxable: [Key: DecimalNumber] = [:]
    func add(_ amount: DecimalNumber, category: String, rate: DecimalNumber?) {
      let key = Key(category: category, rate: category == "O" ? nil : rate ?? .zero)
      if taxable[key] == nil { order.append(key) }
      taxable[key, default: DecimalNumber(significand: 0, scale: 2)] =
        taxable[key, default: DecimalNumber(significand: 0, scale: 2)] + amount
    }
    for line in invoice.lines {
      add(
        line.netAmount ?? .zero, category: line.vat.categoryCode, rate: line.vat.rate)
    }
    for allowance in invoice.allowances {
      add(
        -(allowance.amount ?? .zero), category: allowance.vatCategoryCode ?? "",
        rate: allowance.vatRate)
    }
    for charge in invoice.charges {
      add(charge.amount ?? .zero, category: charge.vatCategoryCode ?? "", rate: charge.vatRate)
    }

    let existing = invoice.vatBreakdown
    invoice.vatBreakdown = order.map { key in
      var breakdown = VATBreakdown(categoryCode: key.category)
      let base = (taxable[key] ?? .zero).rounded(toScale: 2)
      breakdown.taxableAmount = base
      breakdown.rate = key.rate
      if Self.exemptVATCategories.contains(key.category) || key.rate == nil {
        breakdown.taxAmount = DecimalNumber(significand: 0, scale: 2)
      } else if let rate = key.rate {
        breakdown.taxAmount = (base * rate).divided(by: 100, scale: 2)
      }
      if let earlier = existing.first(where: {
        $0.categoryCode == key.category && $0.rate == key.rate
      }) {
        breakdown.exemptionReason = earlier.exemptionReason
        breakdown.exemptionReasonCode = earlier.exemptionReasonCode
      }
      return breakdown
    }

    let zero = DecimalNumber(significand: 0, scale: 2)
    func sum(_ amounts: [DecimalNumber?]) -> DecimalNumber {
      amounts.reduce(zero) { $0 + ($1 ?? .zero) }.rounded(toScale: 2)
    }
    var totals = invoice.totals
    totals.lineNetAmount = sum(invoice.lines.map(\.netAmount))
    totals.allowanceTotal = invoice.allowances.isEmpty ? nil : sum(invoice.allowances.map(\.amount))
    totals.chargeTotal = invoice.charges.isEmpty ? nil : sum(invoice.charges.map(\.amount))
    let exclusive =
      (totals.lineNetAmount ?? zero) - (totals.allowanceTotal ?? zero)
      + (totals.chargeTotal ?? zero)
    totals.taxExclusiveAmount = exclusive.rounded(toScale: 2)
    let vat = sum(invoice.vatBreakdown.map(\.taxAmount))
    totals.vatAmount = vat
    totals.taxInclusiveAmount = (exclusive + vat).rounded(toScale: 2)
    totals.amountDue =
      ((exclusive + vat) - (totals.paidAmount ?? zero) + (totals.roundingAmount ?? zero))
      .rounded(toScale: 2)
    invoice.totals = totals
    return invoice
  }

  /// Quantity × net price ÷ base quantity, rounded to 2 decimals, less the line's allowances
  /// and plus its charges; nil without a quantity or a price.
  static func lineNetAmount(_ line: InvoiceLine) -> DecimalNumber? {
    guard let quantity = line.quantity, let price = line.price.netPrice else { return nil }
    var gross = quantity * price
    if let base = line.price.baseQuantity, !base.isZero,
      let divided = gross.divided(by: base, scale: 2)
    {
      gross = divided
    }
    var net = gross.rounded(toScale: 2)
    for allowance in line.allowances { net = net - (allowance.amount ?? .zero) }
    for charge in line.charges { net = net + (charge.amount ?? .zero) }
    return net.rounded(toScale: 2)
  }
}
