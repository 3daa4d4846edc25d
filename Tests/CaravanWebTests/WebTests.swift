import CaravanHub
import CaravanModel
import CaravanServer
import CaravanStore
import CaravanSyntax
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import CaravanWeb

/// The web pages driven over real HTTP on a loopback port, on SQLite.
@Suite("Web pages")
struct WebTests {
  static let seller = "0088:6164000000011"
  static let buyer = "0088:8850000000018"
  static let other = "0088:4000000000003"

  @Test("sign-in: a bad token is refused; a good one opens a session with safe cookie flags")
  func signIn() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var browser = Browser(client: client)
      let form = try await browser.get("/sign-in")
      #expect(form.status == .ok)
      #expect(form.text.contains("name=\"token\""))
      let bad = try await browser.post("/sign-in", ["token": "cvn_not-a-token"])
      #expect(bad.status == .unauthorized)
      #expect(bad.text.contains("id=\"f-token-error\""))
      #expect(browser.cookies["caravan_session"] == nil)

      let good = try await browser.post("/sign-in", ["token": site.sellerToken])
      #expect(good.status == .seeOther)
      #expect(good.headers[.location] == "/")
      let setCookie = good.headers[values: .setCookie].first { $0.hasPrefix("caravan_session=") }
      let flags = try #require(setCookie).split(separator: ";").map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      #expect(flags.contains("HttpOnly"))
      #expect(flags.contains("SameSite=Strict"))
      #expect(flags.contains("Path=/"))
      #expect(!flags.contains("Secure"))  // plain HTTP here; Secure behind https
      let dashboard = try await browser.get("/")
      #expect(dashboard.status == .ok)
      #expect(dashboard.text.contains("Kiondo Weavers"))

      // Signing out (a POST with its CSRF token) ends the session.
      let out = try await browser.post("/sign-out", [:])
      #expect(out.status == .seeOther)
      let after = try await browser.get("/")
      #expect(after.status == .seeOther)
      #expect(after.headers[.location] == "/sign-in")

      // Revoking the token ends sessions opened with it.
      _ = try await browser.get("/sign-in")
      _ = try await browser.post("/sign-in", ["token": site.sellerToken])
      #expect(try await browser.get("/").status == .ok)
      _ = try await site.hub.revokeTokens(participantID: Self.seller)
      #expect(try await browser.get("/").status == .seeOther)
    }
  }

  @Test("issuing a valid invoice with the form: it is stored and appears in the outbox")
  func issueValid() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var browser = try await Browser.signedIn(client, token: site.sellerToken)
      let form = try await browser.get("/invoices/new")
      #expect(form.status == .ok)
      #expect(form.text.contains("name=\"line5.price\""))
      #expect(form.text.utf8.count < 100_000)
      #expect(form.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
      #expect(!form.text.contains("<script"))
      let posted = try await browser.post("/invoices/new", Self.validInvoice)
      #expect(posted.status == .seeOther)
      let location = try #require(posted.headers[.location])
      #expect(location.hasPrefix("/documents/"))
      #expect(try await site.store.documentCount() == 1)

      let page = try await browser.get(location)
      #expect(page.status == .ok)
      #expect(page.text.contains("WEB-0001"))
      #expect(page.text.contains("class=\"cvi\""))
      // 2 × 18.00 + 3 × 12.50 = 73.50, less 3.50 = 70.00, VAT 16% = 11.20, total 81.20.
      #expect(page.text.contains("81.20"))
      #expect(page.text.utf8.count < 100_000)

      let dashboard = try await browser.get("/")
      let outbox = try #require(dashboard.text.range(of: "id=\"outbox-title\""))
      #expect(dashboard.text[outbox.upperBound...].contains("WEB-0001"))
      #expect(dashboard.text.contains("81.20"))

      // The buyer sees it in its inbox; the stored UBL reads back with the computed totals.
      let id = String(location.dropFirst("/documents/".count).prefix { $0 != "?" })
      let record = try await site.hub.document(id: id, for: site.hub.participant(id: Self.buyer))
      let invoice = try InvoiceDocument.read(record.bytes).invoice
      #expect(invoice.totals.taxInclusiveAmount == DecimalNumber("81.20"))
      #expect(invoice.vatBreakdown.map(\.taxAmount) == [DecimalNumber("11.20")])

      let ubl = try await browser.get("\(location.prefix { $0 != "?" })/download/ubl")
      #expect(ubl.status == .ok)
      #expect(ubl.text.contains("<cbc:ID>WEB-0001</cbc:ID>"))
      let receipt = try await browser.get("\(location.prefix { $0 != "?" })/receipt")
      #expect(receipt.text.contains("c2sp.org/tlog-proof@v1"))
    }
  }

  @Test("an invalid invoice: the finding is shown beside its field and the input is kept")
  func issueInvalid() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var browser = try await Browser.signedIn(client, token: site.sellerToken)
      var fields = Self.validInvoice
      fields["buyerVAT"] = "12345678"  // no country prefix: BR-CO-09 (BT-48)
      fields["line2.quantity"] = "3"
      let posted = try await browser.post("/invoices/new", fields)
      #expect(posted.status == .unprocessableContent)
      let html = posted.text
      let error = try #require(html.range(of: "id=\"f-buyerVAT-error\""))
      let beside = html[error.upperBound...].prefix(600)
      #expect(beside.contains("BR-CO-09"))
      #expect(beside.contains("two-letter"))
      #expect(html.contains("aria-describedby=\"f-buyerVAT-hint f-buyerVAT-error\""))
      // The user's input is kept.
      #expect(html.contains("value=\"12345678\""))
      #expect(html.contains("value=\"Handwoven basket &amp; lid\""))
      #expect(html.contains("value=\"WEB-0001\""))
      #expect(html.utf8.count < 100_000)
      #expect(try await site.store.documentCount() == 0)

      // A number that is not a number is caught by the form itself, beside its field.
      fields["buyerVAT"] = "TH0105551234567"
      fields["line1.price"] = "eighteen"
      let unreadable = try await browser.post("/invoices/new", fields)
      #expect(unreadable.status == .unprocessableContent)
      #expect(unreadable.text.contains("id=\"f-line1-price-error\""))
      #expect(unreadable.text.contains("value=\"eighteen\""))
      #expect(try await site.store.documentCount() == 0)
    }
  }

  @Test("a form POST without (or with a wrong) CSRF token is refused and stores nothing")
  func csrf() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var browser = try await Browser.signedIn(client, token: site.sellerToken)
      let missing = try await browser.post("/invoices/new", Self.validInvoice, csrf: .omitted)
      #expect(missing.status == .forbidden)
      let wrong = try await browser.post("/invoices/new", Self.validInvoice, csrf: .value("AAAA"))
      #expect(wrong.status == .forbidden)
      #expect(try await site.store.documentCount() == 0)
      // Another visitor's token does not fit this session either.
      var stranger = Browser(client: client)
      let strangerToken = try #require(Browser.csrf(in: try await stranger.get("/sign-in").text))
      let foreign = try await browser.post(
        "/invoices/new", Self.validInvoice, csrf: .value(strangerToken))
      #expect(foreign.status == .forbidden)
      let signOut = try await browser.post("/sign-out", [:], csrf: .omitted)
      #expect(signOut.status == .forbidden)
      #expect(try await browser.get("/").status == .ok)
      #expect(try await site.store.documentCount() == 0)
    }
  }

  @Test("a participant cannot open another's document page")
  func otherParticipant() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var seller = try await Browser.signedIn(client, token: site.sellerToken)
      let posted = try await seller.post("/invoices/new", Self.validInvoice)
      let location = String(try #require(posted.headers[.location]).prefix { $0 != "?" })
      var buyer = try await Browser.signedIn(client, token: site.buyerToken)
      #expect(try await buyer.get(location).status == .ok)
      var stranger = try await Browser.signedIn(client, token: site.otherToken)
      for path in [location, location + "/receipt", location + "/download/ubl"] {
        let page = try await stranger.get(path)
        #expect(page.status == .notFound)
        #expect(!page.text.contains("WEB-0001"))
      }
      // Nor without signing in.
      var visitor = Browser(client: client)
      #expect(try await visitor.get(location).status == .seeOther)
    }
  }

  @Test("a sent document's page shows its delivery to the buyer's hub, and why it was refused")
  func deliveryOnThePage() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var seller = try await Browser.signedIn(client, token: site.sellerToken)
      let posted = try await seller.post("/invoices/new", Self.validInvoice)
      let location = String(try #require(posted.headers[.location]).prefix { $0 != "?" })
      let documentID = String(location.split(separator: "/").last ?? "")
      let before = try await seller.get(location)
      #expect(!before.text.contains("Delivery to the buyer"), "no delivery, no line")

      let now = Date()
      let refused = DeliveryRecord(
        id: UUID().uuidString.lowercased(), direction: .outbound, documentID: documentID,
        sender: Self.seller, receiver: Self.buyer, peer: "TH", status: .refused, attempts: 1,
        nextAttemptAt: now, createdAt: now, updatedAt: now,
        reason: "TH refused it (403): rule th-no-personal forbids personal data from KE to TH",
        decision: Array("{}".utf8), envelope: Array("{}".utf8))
      try await site.store.saveDelivery(refused)
      let page = try await seller.get(location)
      #expect(page.text.contains("Delivery to the buyer&#39;s hub"))
      #expect(page.text.contains("b-refused"))
      #expect(page.text.contains("th-no-personal"), "the reason names the rule")
      let french = try await seller.get(location + "?lang=fr")
      #expect(french.text.contains("Livraison au hub de l’acheteur"))
      #expect(french.text.contains("Motif"))
      // The buyer's view of the same document shows no delivery of the seller's.
      var buyer = try await Browser.signedIn(client, token: site.buyerToken)
      #expect(!(try await buyer.get(location)).text.contains("th-no-personal"))
    }
  }

  @Test("language: Accept-Language with q-values, the switch, and right to left for Arabic")
  func languages() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var browser = Browser(client: client)
      let chinese = try await browser.get(
        "/sign-in", headers: [.acceptLanguage: "fr;q=0.5, zh-CN;q=0.9, en;q=0.1"])
      #expect(chinese.text.contains("<html lang=\"zh\" dir=\"ltr\">"))
      #expect(chinese.text.contains("访问令牌"))
      let arabic = try await browser.get("/sign-in", headers: [.acceptLanguage: "ar"])
      #expect(arabic.text.contains("<html lang=\"ar\" dir=\"rtl\">"))
      // The switch wins over the header and is remembered.
      let switched = try await browser.get(
        "/sign-in?lang=es", headers: [.acceptLanguage: "zh"])
      #expect(switched.text.contains("<html lang=\"es\""))
      let remembered = try await browser.get("/verify", headers: [.acceptLanguage: "zh"])
      #expect(remembered.text.contains("<html lang=\"es\""))
      #expect(WebLanguage.negotiate(acceptLanguage: "de, ru;q=0.8, fr;q=0.9") == .french)
      #expect(WebLanguage.negotiate(acceptLanguage: "zh;q=0, en") == .english)
      #expect(WebLanguage.negotiate(acceptLanguage: "de") == nil)
      // The Arabic dashboard is right to left.
      var arabicBrowser = try await Browser.signedIn(client, token: site.sellerToken)
      let dashboard = try await arabicBrowser.get("/?lang=ar")
      #expect(dashboard.text.contains("dir=\"rtl\""))
      #expect(dashboard.text.contains(WebLanguage.arabic.text(.outbox)))
    }
  }

  @Test("the public verify page checks a document against its receipt, check by check")
  func verify() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var seller = try await Browser.signedIn(client, token: site.sellerToken)
      let posted = try await seller.post("/invoices/new", Self.validInvoice)
      let location = String(try #require(posted.headers[.location]).prefix { $0 != "?" })
      let id = String(location.dropFirst("/documents/".count))
      let record = try await site.store.document(id: id)
      let receipt = try ReceiptDocument(try #require(record))

      var visitor = Browser(client: client)
      let page = try await visitor.get("/verify")
      #expect(page.status == .ok)
      let good = try await visitor.postMultipart(
        "/verify", fields: ["proof": receipt.proof, "signature": receipt.signature],
        file: ("document", "invoice.xml", record!.bytes))
      #expect(good.status == .ok)
      #expect(good.text.contains("v-ok"))
      #expect(good.text.components(separatedBy: "class=\"ok\"").count - 1 == 3)

      var tampered = record!.bytes
      tampered[tampered.count - 5] ^= 0x01
      let bad = try await visitor.postMultipart(
        "/verify", fields: ["proof": receipt.proof, "signature": receipt.signature],
        file: ("document", "invoice.xml", tampered))
      #expect(bad.text.contains("v-ko"))
      #expect(bad.text.contains("class=\"ko\""))

      let noToken = try await visitor.postMultipart(
        "/verify", fields: ["proof": receipt.proof], file: ("document", "x.xml", record!.bytes),
        csrf: .omitted)
      #expect(noToken.status == .forbidden)
    }
  }

  @Test("uploading a file shows its findings; a valid one can be submitted")
  func upload() async throws {
    let site = try await WebSite.make()
    defer { Task { await site.close() } }
    try await site.live { client in
      var browser = try await Browser.signedIn(client, token: site.sellerToken)
      let example = try Data(contentsOf: WebSite.exampleURL)
      let broken = String(decoding: example, as: UTF8.self).replacingOccurrences(
        of: "<cbc:DocumentCurrencyCode>USD</cbc:DocumentCurrencyCode>",
        with: "<cbc:DocumentCurrencyCode>XXY</cbc:DocumentCurrencyCode>")
      let checked = try await browser.postMultipart(
        "/upload", fields: ["action": "check"], file: ("file", "broken.xml", Array(broken.utf8)))
      #expect(checked.status == .unprocessableContent)
      #expect(checked.text.contains("BR-CL-04"))
      let submitted = try await browser.postMultipart(
        "/upload", fields: ["action": "submit"], file: ("file", "kiondo.xml", Array(example)))
      #expect(submitted.status == .seeOther)
      #expect(try await site.store.documentCount() == 1)
    }
  }

  @Test("multipart bodies: fields and files read exactly; malformed bodies refused")
  func multipart() throws {
    let body = Array(
      ("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xml\"\r\n"
        + "Content-Type: application/xml\r\n\r\n<x>--XyZ not a delimiter\r\n</x>\r\n--XyZ--\r\n")
        .utf8)
    let form = try FormData.parse(contentType: "multipart/form-data; boundary=XyZ", body: body)
    #expect(form["csrf"] == "abc")
    #expect(form.files["file"]?.filename == "a.xml")
    #expect(
      form.files["file"].map { String(decoding: $0.bytes, as: UTF8.self) }
        == "<x>--XyZ not a delimiter\r\n</x>")
    #expect(throws: FormData.ParseError.self) {
      try FormData.parse(
        contentType: "multipart/form-data; boundary=XyZ", body: Array("--XyZ\r\nno end".utf8))
    }
    #expect(throws: FormData.ParseError.self) {
      try FormData.parse(contentType: "multipart/form-data", body: body)
    }
    let encoded = try FormData.parse(
      contentType: "application/x-www-form-urlencoded", body: Array("a=%E4%B8%AD+1&b=x%26y".utf8))
    #expect(encoded["a"] == "中 1")
    #expect(encoded["b"] == "x&y")
  }

  @Test("the message catalogues: English and Chinese complete, every language with all keys")
  func catalogues() {
    #expect(WebCatalogue.missing(in: .english).isEmpty)
    #expect(WebCatalogue.missing(in: .chinese).isEmpty)
    for language in WebLanguage.allCases {
      #expect(WebCatalogue.missing(in: language).isEmpty, "\(language) lacks messages")
    }
  }

  @Test("totals are computed by the model: line nets, VAT per category and rate, BT-106…115")
  func totals() throws {
    var invoice = Invoice(number: "T", currencyCode: "EUR")
    for (quantity, price, category, rate) in [
      ("3", "9.99", "S", "19"), ("1.5", "10.333", "S", "19"), ("2", "5", "S", "7"),
      ("1", "100", "E", "0"),
    ] {
      var line = InvoiceLine(identifier: "\(invoice.lines.count + 1)")
      line.quantity = DecimalNumber(quantity)
      line.price.netPrice = DecimalNumber(price)
      line.vat = LineVATInformation(categoryCode: category, rate: DecimalNumber(rate))
      invoice.lines.append(line)
    }
    var allowance = DocumentAllowanceCharge(amount: DecimalNumber("5.00"))
    allowance.vatCategoryCode = "S"
    allowance.vatRate = DecimalNumber("19")
    invoice.allowances = [allowance]
    let computed = invoice.computingTotals()
    // 29.97 + 15.50 (15.4995 rounded) + 10.00 + 100.00
    #expect(
      computed.lines.map(\.netAmount)
        == ["29.97", "15.50", "10.00", "100.00"].map { DecimalNumber($0) })
    #expect(computed.totals.lineNetAmount == DecimalNumber("155.47"))
    #expect(computed.totals.allowanceTotal == DecimalNumber("5.00"))
    #expect(computed.totals.taxExclusiveAmount == DecimalNumber("150.47"))
    // S 19%: 40.47 → 7.69; S 7%: 10.00 → 0.70; E: 0.
    #expect(
      computed.vatBreakdown.map(\.taxableAmount)
        == ["40.47", "10.00", "100.00"].map { DecimalNumber($0) })
    #expect(
      computed.vatBreakdown.map(\.taxAmount) == ["7.69", "0.70", "0.00"].map { DecimalNumber($0) })
    #expect(computed.totals.vatAmount == DecimalNumber("8.39"))
    #expect(computed.totals.taxInclusiveAmount == DecimalNumber("158.86"))
    #expect(computed.totals.amountDue == DecimalNumber("158.86"))
  }

  /// A valid invoice from the seller to the buyer: two lines at 16 %, a discount.
  static let validInvoice: [String: String] = [
    "number": "WEB-0001", "issueDate": "2026-11-20", "dueDate": "2026-12-20", "currency": "USD",
    "sellerVAT": "KEP051234567X", "sellerStreet": "Moi Avenue 14", "sellerCity": "Machakos",
    "sellerPostCode": "90100", "sellerCountry": "KE",
    "buyerName": "Lanna Home Crafts Co., Ltd.", "buyerAddress": buyer,
    "buyerVAT": "TH0105551234567", "buyerCity": "Chiang Mai", "buyerCountry": "TH",
    "line1.name": "Handwoven basket & lid", "line1.quantity": "2", "line1.unit": "H87",
    "line1.price": "18.00", "line1.category": "S", "line1.rate": "16",
    "line2.name": "Small basket", "line2.quantity": "3", "line2.unit": "H87",
    "line2.price": "12.50", "line2.category": "S", "line2.rate": "16",
    "line3.unit": "H87", "line3.category": "S",
    "allowanceAmount": "3.50", "allowanceReason": "Loyal customer", "allowanceCategory": "S",
    "allowanceRate": "16", "paymentTerms": "30 days net",
  ]
}
