import CaravanModel
import CaravanRender
import Testing

/// The page of invoices built here: hostile text, exact decimals, labels and layout.
@Suite("invoice page")
struct InvoicePageTests {
  static let script = "<script>alert(1)</script>"
  static let breakout = "\"'><img src=x onerror=alert(1)>"

  /// A small invoice with every group the page shows.
  static func sample(lines: Int = 2) -> Invoice {
    var invoice = Invoice(
      number: "INV-2024-001", issueDate: CalendarDate(year: 2024, month: 3, day: 1),
      currencyCode: "EUR",
      seller: Seller(
        name: "Atelier Nord GmbH",
        address: PostalAddress(
          line1: "Hafenstraße 12", city: "Hamburg", postCode: "20457", countryCode: "DE")),
      buyer: Buyer(
        name: "Shenzhen Harbour Trading Co., Ltd.",
        address: PostalAddress(line1: "88 Binhai Road", city: "Shenzhen", countryCode: "CN")))
    invoice.paymentDueDate = CalendarDate(year: 2024, month: 3, day: 31)
    invoice.buyerReference = "PO-4711"
    invoice.purchaseOrderReference = "4500012345"
    invoice.seller.vatIdentifier = "DE123456789"
    invoice.seller.electronicAddress = Identifier("seller@example.com", scheme: "EM")
    invoice.seller.contact = Contact(name: "Accounts", email: "accounts@example.com")
    invoice.invoicingPeriod = Period(
      start: CalendarDate(year: 2024, month: 2, day: 1),
      end: CalendarDate(year: 2024, month: 2, day: 29))
    invoice.notes = [Note("Thank you for your order.", subjectCode: "AAI")]
    for index in 1...lines {
      var line = InvoiceLine(identifier: "\(index)")
      line.item.name = "Consulting, phase \(index)"
      line.item.description = "Architecture review and written report"
      line.quantity = DecimalNumber("12.500")
      line.unitCode = "HUR"
      line.price.netPrice = DecimalNumber("80.00")
      line.netAmount = DecimalNumber("1000.00")
      line.vat = LineVATInformation(categoryCode: "S", rate: DecimalNumber("19.00"))
      invoice.lines.append(line)
    }
    var vat = VATBreakdown(categoryCode: "S")
    vat.rate = DecimalNumber("19.00")
    vat.taxableAmount = DecimalNumber("\(lines * 1000).00")
    vat.taxAmount = DecimalNumber("\(lines * 190).00")
    invoice.vatBreakdown = [vat]
    invoice.totals.lineNetAmount = DecimalNumber("\(lines * 1000).00")
    invoice.totals.taxExclusiveAmount = DecimalNumber("\(lines * 1000).00")
    invoice.totals.vatAmount = DecimalNumber("\(lines * 190).00")
    invoice.totals.taxInclusiveAmount = DecimalNumber("\(lines * 1190).00")
    invoice.totals.amountDue = DecimalNumber("\(lines * 1190).00")
    var payment = PaymentInstructions(meansCode: "58")
    payment.creditTransfers = [
      CreditTransfer(accountIdentifier: "DE89370400440532013000", serviceProvider: "COBADEFFXXX")
    ]
    payment.remittanceInformation = "INV-2024-001"
    invoice.paymentInstructions = payment
    invoice.paymentTerms = "30 days net"
    var document = SupportingDocument(reference: "TS-1")
    document.attachment = Attachment(
      content: .init(repeating: 0x41, count: 50_000), mimeCode: "application/pdf",
      filename: "timesheet.pdf")
    invoice.supportingDocuments = [document]
    return invoice
  }

  @Test func escapesTheFiveCharacters() {
    #expect(HTMLText.escape(Self.script) == "&lt;script&gt;alert(1)&lt;/script&gt;")
    #expect(
      HTMLText.escape(Self.breakout) == "&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;")
    #expect(HTMLText.escape("Smith & Sons") == "Smith &amp; Sons")
    #expect(HTMLText.escape("&amp;") == "&amp;amp;")
    #expect(HTMLText.escape("发票 № 7 — ok") == "发票 № 7 — ok")
    #expect(HTMLText.escape("a\tb\nc\r") == "a\tb\nc\r")
  }

  @Test func replacesControlCharacters() {
    #expect(
      HTMLText.escape("a\u{0}b\u{1B}c\u{7F}d\u{85}e") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e")
    #expect(HTMLText.escape("é ¡ ©") == "é ¡ ©")
  }

  @Test func hostileTextStaysText() {
    var invoice = Self.sample()
    invoice.number = Self.breakout
    invoice.seller.name = Self.script
    invoice.seller.tradingName = Self.breakout
    invoice.buyer.name = Self.breakout
    invoice.buyer.contact = Contact(email: "\"><script src=//evil.example></script>")
    invoice.notes = [Note(Self.script), Note(Self.breakout, subjectCode: Self.breakout)]
    invoice.lines[0].identifier = Self.breakout
    invoice.lines[0].item.name = Self.script
    invoice.lines[0].unitCode = Self.breakout
    invoice.lines[0].vat.categoryCode = Self.breakout
    invoice.currencyCode = Self.breakout
    invoice.supportingDocuments[0].externalLocation = "javascript:alert(1)"
    invoice.supportingDocuments[0].attachment?.filename = Self.script
    invoice.supportingDocuments[0].attachment?.mimeCode = Self.breakout
    invoice.paymentInstructions?.meansCode = Self.breakout

    var labels = RenderLabels.english
    labels.languageTag = "en\" onmouseover=\"alert(1)"
    labels.seller = Self.script

    for html in [
      InvoicePage(labels: labels).render(invoice, title: Self.script),
      InvoicePage(labels: labels).renderFragment(invoice),
    ] {
      #expect(!html.lowercased().contains("<script"))
      #expect(!html.lowercased().contains("<img"))
      #expect(!html.contains("onmouseover=\""))
      #expect(!html.contains("href="))
      #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(html.contains("&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;"))
      #expect(Markup.problems(html) == [])
    }
  }

  @Test func amountsAreTheDecimalsAsWritten() {
    var invoice = Self.sample(lines: 1)
    invoice.lines[0].netAmount = DecimalNumber("1000.10")
    invoice.lines[0].price.netPrice = DecimalNumber("80.0080")
    invoice.totals.amountDue = DecimalNumber("-0.50")
    invoice.totals.roundingAmount = DecimalNumber("0.004")
    let html = InvoicePage().render(invoice)
    #expect(html.contains(">12.500<"))
    #expect(html.contains(">1000.10<"))
    #expect(html.contains(">80.0080"))
    #expect(html.contains("19.00%"))
    #expect(html.contains("<span class=\"cvi-amt\">-0.50\u{A0}<span class=\"cvi-cur\">EUR</span>"))
    #expect(html.contains(">0.004\u{A0}"))
    #expect(html.contains("2024-03-01") && html.contains("2024-03-31"))
    #expect(html.contains("2024-02-01 – 2024-02-29"))
  }

  @Test func showsEveryGroupAReaderNeeds() {
    var invoice = Self.sample()
    invoice.payee = Payee(name: "Factoring Bank AG")
    var delivery = DeliveryInformation()
    delivery.partyName = "Warehouse 3"
    delivery.actualDeliveryDate = CalendarDate(year: 2024, month: 2, day: 27)
    delivery.address = PostalAddress(city: "Dongguan", countryCode: "CN")
    invoice.delivery = delivery
    var allowance = DocumentAllowanceCharge(amount: DecimalNumber("50.00"))
    allowance.reason = "Loyalty discount"
    allowance.vatCategoryCode = "S"
    allowance.vatRate = DecimalNumber("19.00")
    invoice.allowances = [allowance]
    invoice.lines[1].unitCode = "XQQ"
    let html = InvoicePage().render(invoice)
    for text in [
      "<h1 id=\"cvi-title\">Commercial invoice</h1>", "INV-2024-001", "PO-4711", "4500012345",
      "Atelier Nord GmbH", "Hafenstraße 12", "20457 Hamburg", "DE123456789",
      "seller@example.com", "Factoring Bank AG", "Warehouse 3", "2024-02-27", "Dongguan",
      "Consulting, phase 1", "Architecture review", "<abbr title=\"HUR\">hour</abbr>", ">XQQ<",
      "Loyalty discount", "50.00", "Standard rate", "DE89370400440532013000", "COBADEFFXXX",
      "SEPA credit transfer", "30 days net", "Thank you for your order.", "timesheet.pdf",
      "Total with VAT", "2380.00", "Amount due",
    ] {
      #expect(html.contains(text), "\(text)")
    }
    // Attachments are listed, never embedded.
    #expect(!html.contains("QUFBQUFB"))
    #expect(Markup.problems(html) == [])
  }

  @Test func creditNotesAreNamedSo() {
    var invoice = Self.sample()
    invoice.typeCode = "381"
    #expect(InvoicePage().render(invoice).contains("<h1 id=\"cvi-title\">Credit note</h1>"))
    #expect(InvoicePage(labels: .chinese).render(invoice).contains(">贷记单</h1>"))
    invoice.typeCode = "458"
    #expect(InvoicePage().documentName(invoice) == "Credit note")
  }

  @Test func chineseLabels() {
    let html = InvoicePage(labels: .chinese).render(Self.sample())
    #expect(html.contains("<html lang=\"zh\" dir=\"ltr\">"))
    for text in ["商业发票", "卖方", "买方", "增值税", "合计", "应付金额", "<abbr title=\"HUR\">小时</abbr>"] {
      #expect(html.contains(text), "\(text)")
    }
    #expect(!html.contains(">Seller<"))
    #expect(Markup.problems(html) == [])
  }

  @Test func rightToLeftLabels() {
    var labels = RenderLabels.english
    labels.languageTag = "ar"
    labels.direction = .rtl
    let page = InvoicePage(labels: labels)
    #expect(page.render(Self.sample()).contains("<html lang=\"ar\" dir=\"rtl\">"))
    #expect(
      page.renderFragment(Self.sample()).hasPrefix("<article class=\"cvi\" lang=\"ar\" dir=\"rtl\"")
    )
  }

  @Test func selfContainedAndSmall() {
    let html = InvoicePage().render(Self.sample(lines: 40), title: "Invoice INV-2024-001")
    #expect(html.contains("<title>Invoice INV-2024-001</title>"))
    #expect(html.utf8.count < 100_000, "\(html.utf8.count) bytes")
    for external in ["<script", "<link", "<img", "src=", "href=", "url(", "@import", "@font-face"] {
      #expect(!html.contains(external), "\(external)")
    }
    #expect(html.components(separatedBy: "<style>").count == 2)
    #expect(html.contains("overflow-x:auto"))
    #expect(html.contains("font-variant-numeric:tabular-nums"))
    #expect(html.contains("<section aria-labelledby=\"cvi-lines\">"))
    #expect(html.contains("<th scope=\"col\""))
  }
}
