import CaravanModel
import CaravanRules
import CaravanStore
import Foundation

/// The "new invoice" form: its fields as the user typed them, the invoice they make, and the
/// problems found, each placed beside the field it concerns.
struct InvoiceForm: Sendable {
  /// Line rows the form offers; empty rows are ignored.
  static let lineRows = 5

  /// A problem shown beside a field (or above the form when no field fits).
  struct Problem: Sendable {
    /// Plain words, in the reader's language.
    var message: String
    /// The rule id and its official text, when a rule found it.
    var rule: String?
    var detail: String?
  }

  var values: [String: String] = [:]
  /// Problems by field name; "" holds the ones no field fits.
  var problems: [String: [Problem]] = [:]

  subscript(_ name: String) -> String { values[name] ?? "" }

  var hasProblems: Bool { !problems.isEmpty }

  mutating func add(_ problem: Problem, to field: String) {
    problems[field, default: []].append(problem)
  }

  /// The names of every field of the form.
  static let fieldNames: [String] = {
    var names = [
      "number", "issueDate", "dueDate", "currency", "buyerReference", "note",
      "sellerVAT", "sellerStreet", "sellerCity", "sellerPostCode", "sellerCountry",
      "buyerName", "buyerAddress", "buyerVAT", "buyerStreet", "buyerCity", "buyerPostCode",
      "buyerCountry", "allowanceAmount", "allowanceReason", "allowanceCategory", "allowanceRate",
      "exemptionReason", "paymentTerms", "account",
    ]
    for row in 1...lineRows {
      for part in lineParts { names.append("line\(row).\(part)") }
    }
    return names
  }()

  static let lineParts = ["name", "quantity", "unit", "price", "category", "rate"]

  /// The business terms each field carries, for placing findings (BT-48 → buyerVAT).
  static let terms: [String: [String]] = {
    var map: [String: [String]] = [
      "number": ["BT-1"], "issueDate": ["BT-2"], "dueDate": ["BT-9"], "currency": ["BT-5"],
      "buyerReference": ["BT-10"], "note": ["BT-22", "BG-1"],
      "sellerVAT": ["BT-31", "BT-32", "BT-63"], "sellerStreet": ["BT-35"],
      "sellerCity": ["BT-37"], "sellerPostCode": ["BT-38"], "sellerCountry": ["BT-40", "BG-5"],
      "buyerName": ["BT-44"], "buyerAddress": ["BT-49"], "buyerVAT": ["BT-48"],
      "buyerStreet": ["BT-50"], "buyerCity": ["BT-52"], "buyerPostCode": ["BT-53"],
      "buyerCountry": ["BT-55", "BG-8"],
      "allowanceAmount": ["BT-92", "BG-20", "BT-107"], "allowanceReason": ["BT-97", "BT-98"],
      "allowanceCategory": ["BT-95"], "allowanceRate": ["BT-96"],
      "exemptionReason": ["BT-120", "BT-121"], "paymentTerms": ["BT-20"],
      "account": ["BT-84", "BG-16", "BG-17"],
    ]
    for row in 1...lineRows {
      map["line\(row).name"] = ["BT-153", "BG-31"]
      map["line\(row).quantity"] = ["BT-129"]
      map["line\(row).unit"] = ["BT-130"]
      map["line\(row).price"] = ["BT-146", "BG-29"]
      map["line\(row).category"] = ["BT-151"]
      map["line\(row).rate"] = ["BT-152"]
    }
    return map
  }()

  /// Rules whose finding belongs beside one field whatever its terms say.
  static let ruleFields: [String: String] = [
    "BR-S-02": "sellerVAT", "BR-Z-02": "sellerVAT", "BR-E-02": "sellerVAT",
    "BR-G-02": "sellerVAT", "BR-IC-02": "sellerVAT", "BR-AE-02": "sellerVAT",
    "BR-E-10": "exemptionReason", "BR-G-10": "exemptionReason", "BR-AE-10": "exemptionReason",
    "BR-IC-10": "exemptionReason", "BR-O-10": "exemptionReason", "BR-CO-25": "dueDate",
    "BR-33": "allowanceReason", "BR-CO-21": "allowanceReason", "BR-06": "",
    "BR-62": "", "BR-08": "sellerCountry", "BR-09": "sellerCountry",
  ]

  /// Plain words for the rules a form most often breaks.
  static let plainWords: [String: WebMessage] = [
    "BR-CO-09": .ruleVATPrefix, "BR-S-02": .ruleSellerVAT, "BR-Z-02": .ruleSellerVAT,
    "BR-E-02": .ruleSellerVAT, "BR-G-02": .ruleSellerVAT, "BR-IC-02": .ruleSellerVAT,
    "BR-AE-02": .ruleSellerVAT, "BR-E-10": .ruleExemption, "BR-G-10": .ruleExemption,
    "BR-AE-10": .ruleExemption, "BR-IC-10": .ruleExemption, "BR-O-10": .ruleExemption,
    "BR-CL-14": .ruleCountry, "BR-CL-04": .ruleCurrency, "BR-CL-23": .ruleUnit,
    "BR-CL-25": .ruleScheme, "BR-S-05": .rulePositiveRate, "BR-Z-05": .ruleZeroRate,
    "BR-E-05": .ruleZeroRate, "BR-G-05": .ruleZeroRate, "BR-AE-05": .ruleZeroRate,
    "BR-IC-05": .ruleZeroRate, "BR-O-05": .ruleNoRate, "BR-33": .ruleAllowanceReason,
    "BR-CO-21": .ruleAllowanceReason, "BR-CO-25": .ruleDueDate, "BR-02": .ruleRequired,
    "BR-03": .ruleRequired, "BR-05": .ruleRequired, "BR-07": .ruleRequired,
    "BR-09": .ruleRequired, "BR-11": .ruleRequired, "BR-25": .ruleRequired,
    "BR-63": .ruleScheme, "BR-62": .ruleScheme,
  ]

  /// The form as first shown: today's date, the participant's country, one standard line.
  static func blank(for participant: Participant, today: Date = Date()) -> InvoiceForm {
    var form = InvoiceForm()
    let day = ISO8601DateFormatter.string(
      from: today, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    form.values["issueDate"] = day
    form.values["currency"] = "EUR"
    form.values["sellerCountry"] = participant.jurisdiction
    for row in 1...lineRows {
      form.values["line\(row).unit"] = "H87"
      form.values["line\(row).category"] = "S"
    }
    form.values["allowanceCategory"] = "S"
    return form
  }

  /// The form as posted: every known field, trimmed.
  init(posted: FormData) {
    for name in Self.fieldNames { values[name] = posted[name] }
  }

  init() {}

  /// True when a line row has anything typed in its name, quantity or price.
  func rowIsUsed(_ row: Int) -> Bool {
    !self["line\(row).name"].isEmpty || !self["line\(row).quantity"].isEmpty
      || !self["line\(row).price"].isEmpty
  }

  /// The invoice the form describes, with totals computed; nil (with problems added) when a
  /// value cannot be read at all. `rowOfLine[k]` is the form row of invoice line k + 1.
  mutating func invoice(seller participant: Participant, language: WebLanguage) -> (
    Invoice, rowOfLine: [Int]
  )? {
    func t(_ message: WebMessage) -> String { language.text(message) }
    func decimal(_ name: String, required: Bool = false) -> DecimalNumber? {
      let text = self[name].replacingOccurrences(of: ",", with: ".")
      if text.isEmpty {
        if required { add(Problem(message: t(.errorRequired)), to: name) }
        return nil
      }
      guard let value = DecimalNumber(text) else {
        add(Problem(message: t(.errorNumber)), to: name)
        return nil
      }
      return value
    }
    func date(_ name: String) -> CalendarDate? {
      let text = self[name]
      if text.isEmpty { return nil }
      guard let value = CalendarDate(iso: text) else {
        add(Problem(message: t(.errorDate)), to: name)
        return nil
      }
      return value
    }
    func optional(_ name: String) -> String? { self[name].isEmpty ? nil : self[name] }

    var invoice = Invoice(
      number: self["number"], issueDate: date("issueDate"), typeCode: "380",
      currencyCode: self["currency"].uppercased())
    invoice.processControl.specificationIdentifier = "urn:cen.eu:en16931:2017"
    invoice.paymentDueDate = date("dueDate")
    invoice.buyerReference = optional("buyerReference")
    if let note = optional("note") { invoice.notes = [Note(note)] }
    invoice.paymentTerms = optional("paymentTerms")

    var seller = Seller(
      name: participant.name,
      address: PostalAddress(
        line1: optional("sellerStreet"), city: optional("sellerCity"),
        postCode: optional("sellerPostCode"), countryCode: self["sellerCountry"].uppercased()))
    if let colon = participant.id.firstIndex(of: ":") {
      seller.electronicAddress = Identifier(
        String(participant.id[participant.id.index(after: colon)...]),
        scheme: String(participant.id[..<colon]))
    } else {
      add(Problem(message: t(.errorSellerAddress)), to: "")
    }
    seller.vatIdentifier = optional("sellerVAT")?.uppercased()
    invoice.seller = seller

    var buyer = Buyer(
      name: self["buyerName"],
      address: PostalAddress(
        line1: optional("buyerStreet"), city: optional("buyerCity"),
        postCode: optional("buyerPostCode"), countryCode: self["buyerCountry"].uppercased()))
    buyer.vatIdentifier = optional("buyerVAT")?.uppercased()
    let address = self["buyerAddress"]
    if !address.isEmpty {
      let parts = address.split(separator: ":", maxSplits: 1)
      if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
        !address.contains(where: \.isWhitespace)
      {
        buyer.electronicAddress = Identifier(String(parts[1]), scheme: String(parts[0]))
      } else {
        add(Problem(message: t(.errorAddress)), to: "buyerAddress")
      }
    }
    invoice.buyer = buyer

    var rowOfLine: [Int] = []
    for row in 1...Self.lineRows where rowIsUsed(row) {
      let prefix = "line\(row)."
      var line = InvoiceLine(identifier: String(rowOfLine.count + 1))
      line.item.name = self[prefix + "name"]
      line.quantity = decimal(prefix + "quantity", required: true)
      line.unitCode = optional(prefix + "unit") ?? "H87"
      line.price.netPrice = decimal(prefix + "price", required: true)
      let category = optional(prefix + "category") ?? "S"
      line.vat = LineVATInformation(
        categoryCode: category,
        rate: category == "O" ? nil : decimal(prefix + "rate") ?? (category == "S" ? nil : .zero))
      if category == "S" && self[prefix + "rate"].isEmpty {
        add(Problem(message: t(.errorRequired)), to: prefix + "rate")
      }
      invoice.lines.append(line)
      rowOfLine.append(row)
    }
    if rowOfLine.isEmpty { add(Problem(message: t(.errorNoLines)), to: "line1.name") }

    if let amount = decimal("allowanceAmount"), !amount.isZero {
      var allowance = DocumentAllowanceCharge(amount: amount.rounded(toScale: 2))
      allowance.reason = optional("allowanceReason")
      let category = optional("allowanceCategory") ?? "S"
      allowance.vatCategoryCode = category
      allowance.vatRate = category == "O" ? nil : decimal("allowanceRate") ?? .zero
      invoice.allowances = [allowance]
    }

    if let account = optional("account") {
      var instructions = PaymentInstructions(meansCode: "30")
      instructions.creditTransfers = [CreditTransfer(accountIdentifier: account)]
      invoice.paymentInstructions = instructions
    }

    invoice = invoice.computingTotals()
    if let reason = optional("exemptionReason") {
      for index in invoice.vatBreakdown.indices
      where Invoice.exemptVATCategories.contains(invoice.vatBreakdown[index].categoryCode) {
        invoice.vatBreakdown[index].exemptionReason = reason
      }
    }
    return hasProblems ? nil : (invoice, rowOfLine)
  }

  /// Places each fatal finding beside the field it concerns: by the rule when it names one
  /// field, else by the finding's business terms narrowed to the part of the document its
  /// location points at (seller, buyer, the n-th line).
  mutating func place(_ findings: [Finding], rowOfLine: [Int], language: WebLanguage) {
    for finding in findings {
      let plain = Self.plainWords[finding.rule].map { language.text($0) }
      let official = Self.officialText(finding.message)
      let problem = Problem(message: plain ?? official, rule: finding.rule, detail: official)
      add(problem, to: field(for: finding, rowOfLine: rowOfLine))
    }
  }

  func field(for finding: Finding, rowOfLine: [Int]) -> String {
    if let field = Self.ruleFields[finding.rule] { return field }
    let location = finding.location
    let scope: (String) -> Bool
    if let line = Self.lineIndex(in: location) {
      let row = line >= 1 && line <= rowOfLine.count ? rowOfLine[line - 1] : 0
      scope = { $0.hasPrefix("line\(row).") }
    } else if location.contains("AccountingSupplierParty") || location.contains("SellerTradeParty")
    {
      scope = { $0.hasPrefix("seller") }
    } else if location.contains("AccountingCustomerParty") || location.contains("BuyerTradeParty") {
      scope = { $0.hasPrefix("buyer") }
    } else if location.contains("AllowanceCharge") {
      scope = { $0.hasPrefix("allowance") }
    } else {
      scope = { _ in true }
    }
    let ordered = Self.fieldNames
    for term in finding.businessTerms {
      let matches = ordered.filter { Self.terms[$0]?.contains(term) == true }
      if let scoped = matches.first(where: scope) { return scoped }
    }
    for term in finding.businessTerms {
      if let any = ordered.first(where: { Self.terms[$0]?.contains(term) == true }) {
        return any
      }
    }
    return ""
  }

  /// The 1-based index of the invoice line a finding's XPath points into.
  static func lineIndex(in location: String) -> Int? {
    for marker in [":InvoiceLine[", ":CreditNoteLine[", ":IncludedSupplyChainTradeLineItem["] {
      guard let start = location.range(of: marker) else { continue }
      let rest = location[start.upperBound...]
      // Skip the namespace predicate, then read the position predicate.
      guard let close = rest.range(of: "][") else { continue }
      let digits = rest[close.upperBound...].prefix(while: \.isNumber)
      return Int(digits)
    }
    return nil
  }

  /// The official message without its `[BR-xx]-` prefix.
  static func officialText(_ message: String) -> String {
    if message.hasPrefix("["), let end = message.range(of: "]-") {
      return String(message[end.upperBound...])
    }
    return message
  }
}
