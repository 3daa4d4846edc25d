/// Every visible label of an invoice page, in one language.
///
/// A plain value, so that another layer can supply a translated catalogue: ``english`` and
/// ``chinese`` are built in. Code names (document types, VAT categories, units, payment means)
/// are dictionaries keyed by code; a code missing from a dictionary is shown as the code itself.
public struct RenderLabels: Sendable, Hashable {
  /// The writing direction of a language, for `<html dir>`.
  public enum Direction: String, Sendable, Hashable {
    /// Left to right.
    case ltr
    /// Right to left (Arabic, Hebrew, Persian …).
    case rtl
  }

  /// The BCP 47 language tag of the labels, for `<html lang>` (`en`, `zh`, `ar` …).
  public var languageTag: String
  /// The writing direction of the language.
  public var direction: Direction

  // MARK: Document

  /// The document name for an invoice whose BT-3 code has no entry in ``documentTypeNames``.
  public var invoice: String
  /// The document name for a credit note whose BT-3 code has no entry in ``documentTypeNames``.
  public var creditNote: String
  /// BT-3 Invoice type code.
  public var documentType: String
  /// BT-1 Invoice number.
  public var number: String
  /// BT-2 Invoice issue date.
  public var issueDate: String
  /// BT-9 Payment due date.
  public var dueDate: String
  /// BT-5 Invoice currency code.
  public var currency: String
  /// BT-6 VAT accounting currency code.
  public var vatAccountingCurrency: String
  /// BT-7 and BT-8 Value added tax point date, or its code.
  public var vatPointDate: String
  /// BG-14 Invoicing period.
  public var invoicingPeriod: String
  /// BT-10 Buyer reference.
  public var buyerReference: String
  /// BT-11 Project reference.
  public var projectReference: String
  /// BT-12 Contract reference.
  public var contractReference: String
  /// BT-13 Purchase order reference.
  public var purchaseOrderReference: String
  /// BT-14 Sales order reference.
  public var salesOrderReference: String
  /// BT-15 Receiving advice reference.
  public var receivingAdviceReference: String
  /// BT-16 Despatch advice reference.
  public var despatchAdviceReference: String
  /// BT-17 Tender or lot reference.
  public var tenderReference: String
  /// BT-18 Invoiced object identifier.
  public var invoicedObject: String
  /// BT-19 and BT-133 Buyer accounting reference.
  public var buyerAccountingReference: String
  /// BG-3 Preceding invoice reference.
  public var precedingInvoice: String
  /// Joins a preceding invoice to its issue date (BT-26).
  public var issuedOn: String
  /// BT-115 Amount due for payment, as the header shows it.
  public var amountDue: String

  // MARK: Parties

  /// The heading of the parties section.
  public var parties: String
  /// BG-4 Seller.
  public var seller: String
  /// BG-7 Buyer.
  public var buyer: String
  /// BG-10 Payee.
  public var payee: String
  /// BG-11 Seller tax representative party.
  public var taxRepresentative: String
  /// BT-28 and BT-45 Trading name.
  public var tradingName: String
  /// BT-31, BT-48 and BT-63 VAT identifier.
  public var vatIdentifier: String
  /// BT-32 Seller tax registration identifier.
  public var taxRegistration: String
  /// BT-30, BT-47 and BT-61 Legal registration identifier.
  public var legalRegistration: String
  /// BT-29, BT-46 and BT-60 Party identifier.
  public var partyIdentifier: String
  /// BT-34 and BT-49 Electronic address.
  public var electronicAddress: String
  /// Names the scheme of an identifier (BT-29-1, BT-34-1 …).
  public var scheme: String
  /// BG-6 and BG-9 Contact point.
  public var contact: String
  /// BT-42 and BT-57 Telephone number.
  public var telephone: String
  /// BT-43 and BT-58 E-mail address.
  public var email: String
  /// BT-33 Seller additional legal information.
  public var additionalLegalInformation: String
  /// BG-13 Delivery information.
  public var delivery: String
  /// BT-70 Deliver to party name.
  public var deliverTo: String
  /// BT-71 Deliver to location identifier.
  public var deliveryLocation: String
  /// BT-72 Actual delivery date.
  public var deliveryDate: String

  // MARK: Lines

  /// BG-25 Invoice lines: the heading of the lines table.
  public var lines: String
  /// BT-126 Invoice line identifier (a column heading).
  public var lineIdentifier: String
  /// BT-153 and BT-154 Item name and description (a column heading).
  public var item: String
  /// BT-129 Invoiced quantity.
  public var quantity: String
  /// BT-130 Unit of measure.
  public var unit: String
  /// BT-146 Item net price.
  public var netPrice: String
  /// BG-20, BG-21, BG-27 and BG-28 Allowances and charges.
  public var allowancesAndCharges: String
  /// BG-30 Line VAT information (a column heading).
  public var vat: String
  /// BT-131 Invoice line net amount.
  public var lineNetAmount: String
  /// BT-127 Invoice line note.
  public var lineNote: String
  /// BT-128 Invoice line object identifier.
  public var lineObject: String
  /// BT-132 Referenced purchase order line reference.
  public var orderLineReference: String
  /// BG-26 Invoice line period.
  public var linePeriod: String
  /// BT-155 Item seller's identifier.
  public var sellerItemIdentifier: String
  /// BT-156 Item buyer's identifier.
  public var buyerItemIdentifier: String
  /// BT-157 Item standard identifier.
  public var standardItemIdentifier: String
  /// BT-158 Item classification identifier.
  public var classification: String
  /// BT-159 Item country of origin.
  public var countryOfOrigin: String
  /// BT-148 Item gross price.
  public var grossPrice: String
  /// BT-147 Item price discount.
  public var priceDiscount: String
  /// Joins a price to its base quantity (BT-149).
  public var per: String

  // MARK: Allowances and charges

  /// BG-20 and BG-27 An allowance.
  public var allowance: String
  /// BG-21 and BG-28 A charge.
  public var charge: String
  /// Whether a row is an allowance or a charge (a column heading).
  public var kind: String
  /// BT-97, BT-104, BT-139 and BT-144 Reason.
  public var reason: String
  /// BT-93, BT-100, BT-137 and BT-142 Base amount.
  public var baseAmount: String
  /// BT-94, BT-101, BT-138 and BT-143 Percentage.
  public var percentage: String
  /// BT-92, BT-99, BT-136 and BT-141 Amount.
  public var amount: String

  // MARK: VAT

  /// BG-23 VAT breakdown.
  public var vatBreakdown: String
  /// BT-118 VAT category code.
  public var vatCategory: String
  /// BT-119 VAT category rate.
  public var vatRate: String
  /// BT-116 VAT category taxable amount.
  public var taxableAmount: String
  /// BT-117 VAT category tax amount.
  public var taxAmount: String
  /// BT-120 and BT-121 VAT exemption reason.
  public var exemptionReason: String

  // MARK: Totals

  /// BG-22 Document totals.
  public var totals: String
  /// BT-106 Sum of invoice line net amounts.
  public var sumOfLineNetAmounts: String
  /// BT-107 Sum of allowances on document level.
  public var sumOfAllowances: String
  /// BT-108 Sum of charges on document level.
  public var sumOfCharges: String
  /// BT-109 Invoice total amount without VAT.
  public var totalWithoutVAT: String
  /// BT-110 Invoice total VAT amount.
  public var totalVAT: String
  /// BT-111 Invoice total VAT amount in accounting currency.
  public var totalVATInAccountingCurrency: String
  /// BT-112 Invoice total amount with VAT.
  public var totalWithVAT: String
  /// BT-113 Paid amount.
  public var paidAmount: String
  /// BT-114 Rounding amount.
  public var roundingAmount: String

  // MARK: Payment

  /// BG-16 Payment instructions.
  public var payment: String
  /// BT-81 and BT-82 Payment means.
  public var paymentMeans: String
  /// BT-84 Payment account identifier.
  public var account: String
  /// BT-85 Payment account name.
  public var accountName: String
  /// BT-86 Payment service provider identifier.
  public var serviceProvider: String
  /// BT-83 Remittance information.
  public var remittanceInformation: String
  /// BT-20 Payment terms.
  public var paymentTerms: String
  /// BT-87 Payment card primary account number.
  public var card: String
  /// BT-88 Payment card holder name.
  public var cardHolder: String
  /// BT-89 Mandate reference identifier.
  public var mandateReference: String
  /// BT-90 Bank assigned creditor identifier.
  public var creditorIdentifier: String
  /// BT-91 Debited account identifier.
  public var debitedAccount: String

  // MARK: Notes and documents

  /// BG-1 Invoice notes.
  public var notes: String
  /// BG-24 Additional supporting documents.
  public var supportingDocuments: String
  /// BT-122 Supporting document reference.
  public var documentReference: String
  /// BT-123 Supporting document description.
  public var documentDescription: String
  /// BT-124 External document location (shown as text, never as a link).
  public var externalLocation: String
  /// BT-125 Attached document, listed by its file name.
  public var attachedFile: String
  /// BT-24 Specification identifier.
  public var specification: String
  /// BT-23 Business process type.
  public var businessProcess: String
  /// Shown where a required value is missing.
  public var notStated: String

  // MARK: Code names

  /// BT-3 document names by UNTDID 1001 code.
  public var documentTypeNames: [String: String]
  /// BT-95, BT-102, BT-118 and BT-151 VAT category names by UNTDID 5305 code.
  public var vatCategoryNames: [String: String]
  /// BT-130 and BT-150 unit names by UN/ECE Recommendation 20 code; a code without a
  /// name is shown as the code.
  public var unitNames: [String: String]
  /// BT-81 payment means names by UNTDID 4461 code.
  public var paymentMeansNames: [String: String]

  /// Creates a catalogue from every label.
  public init(
    languageTag: String, direction: Direction, invoice: String, creditNote: String,
    documentType: String, number: String, issueDate: String, dueDate: String, currency: String,
    vatAccountingCurrency: String, vatPointDate: String, invoicingPeriod: String,
    buyerReference: String, projectReference: String, contractReference: String,
    purchaseOrderReference: String, salesOrderReference: String, receivingAdviceReference: String,
    despatchAdviceReference: String, tenderReference: String, invoicedObject: String,
    buyerAccountingReference: String, precedingInvoice: String, issuedOn: String, amountDue: String,
    parties: String, seller: String, buyer: String, payee: String, taxRepresentative: String,
    tradingName: String, vatIdentifier: String, taxRegistration: String, legalRegistration: String,
    partyIdentifier: String, electronicAddress: String, scheme: String, contact: String,
    telephone: String, email: String, additionalLegalInformation: String, delivery: String,
    deliverTo: String, deliveryLocation: String, deliveryDate: String, lines: String,
    lineIdentifier: String, item: String, quantity: String, unit: String, netPrice: String,
    allowancesAndCharges: String, vat: String, lineNetAmount: String, lineNote: String,
    lineObject: String, orderLineReference: String, linePeriod: String,
    sellerItemIdentifier: String, buyerItemIdentifier: String, standardItemIdentifier: String,
    classification: String, countryOfOrigin: String, grossPrice: String, priceDiscount: String,
    per: String, allowance: String, charge: String, kind: String, reason: String,
    baseAmount: String, percentage: String, amount: String, vatBreakdown: String,
    vatCategory: String, vatRate: String, taxableAmount: String, taxAmount: String,
    exemptionReason: String, totals: String, sumOfLineNetAmounts: String, sumOfAllowances: String,
    sumOfCharges: String, totalWithoutVAT: String, totalVAT: String,
    totalVATInAccountingCurrency: String, totalWithVAT: String, paidAmount: String,
    roundingAmount: String, payment: String, paymentMeans: String, account: String,
    accountName: String, serviceProvider: String, remittanceInformation: String,
    paymentTerms: String, card: String, cardHolder: String, mandateReference: String,
    creditorIdentifier: String, debitedAccount: String, notes: String, supportingDocuments: String,
    documentReference: String, documentDescription: String, externalLocation: String,
    attachedFile: String, specification: String, businessProcess: String, notStated: String,
    documentTypeNames: [String: String], vatCategoryNames: [String: String],
    unitNames: [String: String], paymentMeansNames: [String: String]
  ) {
    self.languageTag = languageTag
    self.direction = direction
    self.invoice = invoice
    self.creditNote = creditNote
    self.documentType = documentType
    self.number = number
    self.issueDate = issueDate
    self.dueDate = dueDate
    self.currency = currency
    self.vatAccountingCurrency = vatAccountingCurrency
    self.vatPointDate = vatPointDate
    self.invoicingPeriod = invoicingPeriod
    self.buyerReference = buyerReference
    self.projectReference = projectReference
    self.contractReference = contractReference
    self.purchaseOrderReference = purchaseOrderReference
    self.salesOrderReference = salesOrderReference
    self.receivingAdviceReference = receivingAdviceReference
    self.despatchAdviceReference = despatchAdviceReference
    self.tenderReference = tenderReference
    self.invoicedObject = invoicedObject
    self.buyerAccountingReference = buyerAccountingReference
    self.precedingInvoice = precedingInvoice
    self.issuedOn = issuedOn
    self.amountDue = amountDue
    self.parties = parties
    self.seller = seller
    self.buyer = buyer
    self.payee = payee
    self.taxRepresentative = taxRepresentative
    self.tradingName = tradingName
    self.vatIdentifier = vatIdentifier
    self.taxRegistration = taxRegistration
    self.legalRegistration = legalRegistration
    self.partyIdentifier = partyIdentifier
    self.electronicAddress = electronicAddress
    self.scheme = scheme
    self.contact = contact
    self.telephone = telephone
    self.email = email
    self.additionalLegalInformation = additionalLegalInformation
    self.delivery = delivery
    self.deliverTo = deliverTo
    self.deliveryLocation = deliveryLocation
    self.deliveryDate = deliveryDate
    self.lines = lines
    self.lineIdentifier = lineIdentifier
    self.item = item
    self.quantity = quantity
    self.unit = unit
    self.netPrice = netPrice
    self.allowancesAndCharges = allowancesAndCharges
    self.vat = vat
    self.lineNetAmount = lineNetAmount
    self.lineNote = lineNote
    self.lineObject = lineObject
    self.orderLineReference = orderLineReference
    self.linePeriod = linePeriod
    self.sellerItemIdentifier = sellerItemIdentifier
    self.buyerItemIdentifier = buyerItemIdentifier
    self.standardItemIdentifier = standardItemIdentifier
    self.classification = classification
    self.countryOfOrigin = countryOfOrigin
    self.grossPrice = grossPrice
    self.priceDiscount = priceDiscount
    self.per = per
    self.allowance = allowance
    self.charge = charge
    self.kind = kind
    self.reason = reason
    self.baseAmount = baseAmount
    self.percentage = percentage
    self.amount = amount
    self.vatBreakdown = vatBreakdown
    self.vatCategory = vatCategory
    self.vatRate = vatRate
    self.taxableAmount = taxableAmount
    self.taxAmount = taxAmount
    self.exemptionReason = exemptionReason
    self.totals = totals
    self.sumOfLineNetAmounts = sumOfLineNetAmounts
    self.sumOfAllowances = sumOfAllowances
    self.sumOfCharges = sumOfCharges
    self.totalWithoutVAT = totalWithoutVAT
    self.totalVAT = totalVAT
    self.totalVATInAccountingCurrency = totalVATInAccountingCurrency
    self.totalWithVAT = totalWithVAT
    self.paidAmount = paidAmount
    self.roundingAmount = roundingAmount
    self.payment = payment
    self.paymentMeans = paymentMeans
    self.account = account
    self.accountName = accountName
    self.serviceProvider = serviceProvider
    self.remittanceInformation = remittanceInformation
    self.paymentTerms = paymentTerms
    self.card = card
    self.cardHolder = cardHolder
    self.mandateReference = mandateReference
    self.creditorIdentifier = creditorIdentifier
    self.debitedAccount = debitedAccount
    self.notes = notes
    self.supportingDocuments = supportingDocuments
    self.documentReference = documentReference
    self.documentDescription = documentDescription
    self.externalLocation = externalLocation
    self.attachedFile = attachedFile
    self.specification = specification
    self.businessProcess = businessProcess
    self.notStated = notStated
    self.documentTypeNames = documentTypeNames
    self.vatCategoryNames = vatCategoryNames
    self.unitNames = unitNames
    self.paymentMeansNames = paymentMeansNames
  }
}

extension RenderLabels {
  /// English labels.
  public static let english = RenderLabels(
    languageTag: "en", direction: .ltr,
    invoice: "Invoice",
    creditNote: "Credit note",
    documentType: "Document type",
    number: "Number",
    issueDate: "Issue date",
    dueDate: "Due date",
    currency: "Currency",
    vatAccountingCurrency: "VAT accounting currency",
    vatPointDate: "VAT point date",
    invoicingPeriod: "Invoicing period",
    buyerReference: "Buyer reference",
    projectReference: "Project",
    contractReference: "Contract",
    purchaseOrderReference: "Purchase order",
    salesOrderReference: "Sales order",
    receivingAdviceReference: "Receiving advice",
    despatchAdviceReference: "Despatch advice",
    tenderReference: "Tender or lot",
    invoicedObject: "Invoiced object",
    buyerAccountingReference: "Buyer accounting reference",
    precedingInvoice: "Preceding invoice",
    issuedOn: "issued",
    amountDue: "Amount due",
    parties: "Parties",
    seller: "Seller",
    buyer: "Buyer",
    payee: "Payee",
    taxRepresentative: "Seller tax representative",
    tradingName: "Trading name",
    vatIdentifier: "VAT ID",
    taxRegistration: "Tax registration",
    legalRegistration: "Legal registration",
    partyIdentifier: "Identifier",
    electronicAddress: "Electronic address",
    scheme: "scheme",
    contact: "Contact",
    telephone: "Telephone",
    email: "E-mail",
    additionalLegalInformation: "Legal information",
    delivery: "Delivery",
    deliverTo: "Deliver to",
    deliveryLocation: "Location",
    deliveryDate: "Delivery date",
    lines: "Invoice lines",
    lineIdentifier: "No.",
    item: "Item",
    quantity: "Quantity",
    unit: "Unit",
    netPrice: "Net price",
    allowancesAndCharges: "Allowances and charges",
    vat: "VAT",
    lineNetAmount: "Net amount",
    lineNote: "Note",
    lineObject: "Object",
    orderLineReference: "Order line",
    linePeriod: "Period",
    sellerItemIdentifier: "Seller's item ID",
    buyerItemIdentifier: "Buyer's item ID",
    standardItemIdentifier: "Standard ID",
    classification: "Classification",
    countryOfOrigin: "Origin",
    grossPrice: "Gross price",
    priceDiscount: "price discount",
    per: "per",
    allowance: "Allowance",
    charge: "Charge",
    kind: "Type",
    reason: "Reason",
    baseAmount: "Base amount",
    percentage: "Percentage",
    amount: "Amount",
    vatBreakdown: "VAT breakdown",
    vatCategory: "VAT category",
    vatRate: "Rate",
    taxableAmount: "Taxable amount",
    taxAmount: "VAT amount",
    exemptionReason: "Exemption reason",
    totals: "Totals",
    sumOfLineNetAmounts: "Sum of line net amounts",
    sumOfAllowances: "Sum of allowances",
    sumOfCharges: "Sum of charges",
    totalWithoutVAT: "Total without VAT",
    totalVAT: "Total VAT",
    totalVATInAccountingCurrency: "Total VAT in accounting currency",
    totalWithVAT: "Total with VAT",
    paidAmount: "Paid amount",
    roundingAmount: "Rounding",
    payment: "Payment",
    paymentMeans: "Payment means",
    account: "Account (IBAN)",
    accountName: "Account name",
    serviceProvider: "BIC",
    remittanceInformation: "Payment reference",
    paymentTerms: "Payment terms",
    card: "Card",
    cardHolder: "Card holder",
    mandateReference: "Direct debit mandate",
    creditorIdentifier: "Creditor ID",
    debitedAccount: "Debited account",
    notes: "Notes",
    supportingDocuments: "Supporting documents",
    documentReference: "Reference",
    documentDescription: "Description",
    externalLocation: "Location",
    attachedFile: "Attached file",
    specification: "Specification",
    businessProcess: "Business process",
    notStated: "not stated",
    documentTypeNames: [
      "380": "Commercial invoice",
      "381": "Credit note",
      "383": "Debit note",
      "384": "Corrected invoice",
      "386": "Prepayment invoice",
      "389": "Self-billed invoice",
      "261": "Self-billed credit note",
      "326": "Partial invoice",
      "393": "Factored invoice",
      "396": "Factored credit note",
      "751": "Invoice information for accounting purposes",
    ],
    vatCategoryNames: [
      "S": "Standard rate",
      "Z": "Zero rated",
      "E": "Exempt from VAT",
      "AE": "Reverse charge",
      "K": "Intra-community supply",
      "G": "Export outside the EU",
      "O": "Not subject to VAT",
      "L": "Canary Islands IGIC",
      "M": "Ceuta and Melilla IPSI",
      "B": "Transferred VAT (Italy)",
    ],
    unitNames: [
      "C62": "unit",
      "H87": "piece",
      "EA": "each",
      "XPP": "piece",
      "NAR": "article",
      "SET": "set",
      "PR": "pair",
      "XBX": "box",
      "LS": "lump sum",
      "HUR": "hour",
      "MIN": "minute",
      "DAY": "day",
      "WEE": "week",
      "MON": "month",
      "ANN": "year",
      "GRM": "g",
      "KGM": "kg",
      "TNE": "tonne",
      "MTR": "m",
      "KMT": "km",
      "MTK": "m²",
      "MTQ": "m³",
      "LTR": "litre",
      "KWH": "kWh",
    ],
    paymentMeansNames: [
      "1": "Instrument not defined",
      "10": "Cash",
      "20": "Cheque",
      "30": "Credit transfer",
      "31": "Debit transfer",
      "42": "Payment to bank account",
      "48": "Bank card",
      "49": "Direct debit",
      "57": "Standing agreement",
      "58": "SEPA credit transfer",
      "59": "SEPA direct debit",
      "97": "Clearing between partners",
      "ZZZ": "Mutually defined",
    ]
  )
}

extension RenderLabels {
  /// Simplified Chinese labels, in the vocabulary of Chinese accounting practice.
  public static let chinese = RenderLabels(
    languageTag: "zh", direction: .ltr,
    invoice: "发票",
    creditNote: "贷记单",
    documentType: "单据类型",
    number: "号码",
    issueDate: "开具日期",
    dueDate: "付款到期日",
    currency: "币种",
    vatAccountingCurrency: "增值税记账币种",
    vatPointDate: "增值税纳税义务发生日",
    invoicingPeriod: "开票期间",
    buyerReference: "买方参考号",
    projectReference: "项目编号",
    contractReference: "合同编号",
    purchaseOrderReference: "采购订单号",
    salesOrderReference: "销售订单号",
    receivingAdviceReference: "收货通知单号",
    despatchAdviceReference: "发货通知单号",
    tenderReference: "招标或标段编号",
    invoicedObject: "开票标的标识",
    buyerAccountingReference: "买方会计科目参考",
    precedingInvoice: "原发票",
    issuedOn: "开具于",
    amountDue: "应付金额",
    parties: "交易各方",
    seller: "卖方",
    buyer: "买方",
    payee: "收款方",
    taxRepresentative: "卖方税务代表",
    tradingName: "商号",
    vatIdentifier: "增值税识别号",
    taxRegistration: "税务登记号",
    legalRegistration: "法定注册号",
    partyIdentifier: "标识符",
    electronicAddress: "电子地址",
    scheme: "方案",
    contact: "联系人",
    telephone: "电话",
    email: "电子邮箱",
    additionalLegalInformation: "其他法律信息",
    delivery: "交货信息",
    deliverTo: "收货方",
    deliveryLocation: "交货地点",
    deliveryDate: "实际交货日期",
    lines: "发票明细",
    lineIdentifier: "行号",
    item: "商品或服务",
    quantity: "数量",
    unit: "单位",
    netPrice: "净单价",
    allowancesAndCharges: "折让与附加费",
    vat: "增值税",
    lineNetAmount: "净额",
    lineNote: "备注",
    lineObject: "标的标识",
    orderLineReference: "订单行号",
    linePeriod: "期间",
    sellerItemIdentifier: "卖方商品编号",
    buyerItemIdentifier: "买方商品编号",
    standardItemIdentifier: "标准编号",
    classification: "分类编码",
    countryOfOrigin: "原产国",
    grossPrice: "毛单价",
    priceDiscount: "单价折扣",
    per: "每",
    allowance: "折让",
    charge: "附加费",
    kind: "类型",
    reason: "原因",
    baseAmount: "基数金额",
    percentage: "百分比",
    amount: "金额",
    vatBreakdown: "增值税明细",
    vatCategory: "增值税类别",
    vatRate: "税率",
    taxableAmount: "计税金额",
    taxAmount: "税额",
    exemptionReason: "免税原因",
    totals: "合计",
    sumOfLineNetAmounts: "明细净额合计",
    sumOfAllowances: "折让合计",
    sumOfCharges: "附加费合计",
    totalWithoutVAT: "不含增值税总额",
    totalVAT: "增值税总额",
    totalVATInAccountingCurrency: "增值税总额（记账币种）",
    totalWithVAT: "含增值税总额",
    paidAmount: "已付金额",
    roundingAmount: "舍入金额",
    payment: "付款信息",
    paymentMeans: "付款方式",
    account: "收款账号（IBAN）",
    accountName: "账户名称",
    serviceProvider: "银行识别代码（BIC）",
    remittanceInformation: "付款附言",
    paymentTerms: "付款条件",
    card: "银行卡",
    cardHolder: "持卡人",
    mandateReference: "直接借记授权编号",
    creditorIdentifier: "债权人识别号",
    debitedAccount: "借记账户",
    notes: "备注",
    supportingDocuments: "附随单据",
    documentReference: "单据编号",
    documentDescription: "说明",
    externalLocation: "外部位置",
    attachedFile: "附件文件",
    specification: "规范标识",
    businessProcess: "业务流程",
    notStated: "未注明",
    documentTypeNames: [
      "380": "商业发票",
      "381": "贷记单",
      "383": "借记单",
      "384": "更正发票",
      "386": "预付款发票",
      "389": "自开票发票",
      "261": "自开票贷记单",
      "326": "部分发票",
      "393": "保理发票",
      "396": "保理贷记单",
      "751": "会计用发票信息",
    ],
    vatCategoryNames: [
      "S": "标准税率",
      "Z": "零税率",
      "E": "免征增值税",
      "AE": "反向征收",
      "K": "欧盟内部供应",
      "G": "出口至欧盟以外",
      "O": "不属于增值税征税范围",
      "L": "加那利群岛间接税（IGIC）",
      "M": "休达和梅利利亚间接税（IPSI）",
      "B": "转移缴纳增值税（意大利）",
    ],
    unitNames: [
      "C62": "个",
      "H87": "件",
      "EA": "个",
      "XPP": "件",
      "NAR": "件",
      "SET": "套",
      "PR": "双",
      "XBX": "箱",
      "LS": "总价",
      "HUR": "小时",
      "MIN": "分钟",
      "DAY": "天",
      "WEE": "周",
      "MON": "月",
      "ANN": "年",
      "GRM": "克",
      "KGM": "千克",
      "TNE": "吨",
      "MTR": "米",
      "KMT": "千米",
      "MTK": "平方米",
      "MTQ": "立方米",
      "LTR": "升",
      "KWH": "千瓦时",
    ],
    paymentMeansNames: [
      "1": "未指定",
      "10": "现金",
      "20": "支票",
      "30": "贷记转账",
      "31": "借记转账",
      "42": "付款至银行账户",
      "48": "银行卡",
      "49": "直接借记",
      "57": "长期协议",
      "58": "SEPA 贷记转账",
      "59": "SEPA 直接借记",
      "97": "往来双方清算",
      "ZZZ": "双方约定",
    ]
  )
}
