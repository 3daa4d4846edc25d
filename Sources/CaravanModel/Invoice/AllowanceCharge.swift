/// BG-20 DOCUMENT LEVEL ALLOWANCES and BG-21 DOCUMENT LEVEL CHARGES.
///
/// The two groups have the same terms: BT-92 … BT-98 for an allowance, BT-99 … BT-105 for a
/// charge. Which one a value is follows from the array of ``Invoice`` that holds it.
public struct DocumentAllowanceCharge: Sendable, Hashable, Codable {
  /// BT-92 / BT-99 amount, without VAT.
  public var amount: DecimalNumber?
  /// BT-93 / BT-100 base amount.
  public var baseAmount: DecimalNumber?
  /// BT-94 / BT-101 percentage.
  public var percentage: DecimalNumber?
  /// BT-95 / BT-102 VAT category code (UNTDID 5305).
  public var vatCategoryCode: String?
  /// BT-96 / BT-103 VAT rate.
  public var vatRate: DecimalNumber?
  /// BT-97 / BT-104 reason.
  public var reason: String?
  /// BT-98 / BT-105 reason code (UNTDID 5189 for allowances, 7161 for charges).
  public var reasonCode: String?

  public init(amount: DecimalNumber? = nil) {
    self.amount = amount
  }
}

/// BG-27 INVOICE LINE ALLOWANCES and BG-28 INVOICE LINE CHARGES (BT-136 … BT-145).
public struct LineAllowanceCharge: Sendable, Hashable, Codable {
  /// BT-136 / BT-141 amount, without VAT.
  public var amount: DecimalNumber?
  /// BT-137 / BT-142 base amount.
  public var baseAmount: DecimalNumber?
  /// BT-138 / BT-143 percentage.
  public var percentage: DecimalNumber?
  /// BT-139 / BT-144 reason.
  public var reason: String?
  /// BT-140 / BT-145 reason code.
  public var reasonCode: String?

  public init(amount: DecimalNumber? = nil) {
    self.amount = amount
  }
}

/// BG-22 DOCUMENT TOTALS.
public struct DocumentTotals: Sendable, Hashable, Codable {
  /// BT-106 Sum of Invoice line net amount.
  public var lineNetAmount: DecimalNumber?
  /// BT-107 Sum of allowances on document level.
  public var allowanceTotal: DecimalNumber?
  /// BT-108 Sum of charges on document level.
  public var chargeTotal: DecimalNumber?
  /// BT-109 Invoice total amount without VAT.
  public var taxExclusiveAmount: DecimalNumber?
  /// BT-110 Invoice total VAT amount.
  public var vatAmount: DecimalNumber?
  /// BT-111 Invoice total VAT amount in accounting currency (in BT-6).
  public var vatAmountInAccountingCurrency: DecimalNumber?
  /// BT-112 Invoice total amount with VAT.
  public var taxInclusiveAmount: DecimalNumber?
  /// BT-113 Paid amount.
  public var paidAmount: DecimalNumber?
  /// BT-114 Rounding amount.
  public var roundingAmount: DecimalNumber?
  /// BT-115 Amount due for payment.
  public var amountDue: DecimalNumber?

  public init() {}
}

/// BG-23 VAT BREAKDOWN: one per VAT category and rate.
public struct VATBreakdown: Sendable, Hashable, Codable {
  /// BT-116 VAT category taxable amount.
  public var taxableAmount: DecimalNumber?
  /// BT-117 VAT category tax amount.
  public var taxAmount: DecimalNumber?
  /// BT-118 VAT category code (UNTDID 5305).
  public var categoryCode: String
  /// BT-119 VAT category rate.
  public var rate: DecimalNumber?
  /// BT-120 VAT exemption reason text.
  public var exemptionReason: String?
  /// BT-121 VAT exemption reason code (VATEX).
  public var exemptionReasonCode: String?

  public init(categoryCode: String = "") {
    self.categoryCode = categoryCode
  }
}
