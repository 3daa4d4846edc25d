/// The HTML of the "new invoice" form, with the user's input and the problems found.
struct FormPage {
  var form: InvoiceForm
  var language: WebLanguage
  var participant: String
  var participantName: String
  var csrfField: String

  func t(_ message: WebMessage) -> String { language.text(message) }

  static let units = [
    ("H87", WebMessage.unitH87), ("C62", .unitC62), ("KGM", .unitKGM), ("HUR", .unitHUR),
    ("DAY", .unitDAY), ("MTR", .unitMTR), ("LTR", .unitLTR),
  ]
  static let categories = [
    ("S", WebMessage.vatS), ("Z", .vatZ), ("E", .vatE), ("AE", .vatAE), ("K", .vatK),
    ("G", .vatG), ("O", .vatO),
  ]

  static func id(_ name: String) -> String {
    "f-" + name.replacingOccurrences(of: ".", with: "-")
  }

  func problems(_ name: String) -> String {
    guard let list = form.problems[name], !list.isEmpty else { return "" }
    var html = ""
    for (index, problem) in list.enumerated() {
      html += "<div class=\"error\" id=\"\(Self.id(name))-error\(index == 0 ? "" : "-\(index)")\">"
      html += esc(problem.message)
      if let rule = problem.rule {
        html += "<details><summary>\(esc(t(.ruleLabel))) \(esc(rule))</summary>"
        html += "<span lang=\"en\">\(esc(problem.detail ?? ""))</span></details>"
      }
      html += "</div>"
    }
    return html
  }

  func describedBy(_ name: String, hint: Bool) -> String {
    var ids: [String] = []
    if hint { ids.append(Self.id(name) + "-hint") }
    if let list = form.problems[name] {
      for index in list.indices {
        ids.append(Self.id(name) + "-error" + (index == 0 ? "" : "-\(index)"))
      }
    }
    guard !ids.isEmpty else { return "" }
    return " aria-describedby=\"\(ids.joined(separator: " "))\""
  }

  /// A labelled text input with its hint and problems.
  func field(
    _ name: String, _ label: WebMessage, type: String = "text", hint: String? = nil,
    optional: Bool = false, extra: String = "", classes: String = "",
    labelText: String? = nil
  ) -> String {
    let fid = Self.id(name)
    let invalid = form.problems[name] != nil
    var html =
      "<div class=\"field\(invalid ? " has-error" : "")\(classes.isEmpty ? "" : " " + classes)\">"
    html += "<label for=\"\(fid)\">\(esc(labelText ?? t(label)))"
    if optional { html += " <span class=\"opt\">(\(esc(t(.optional))))</span>" }
    html += "</label>"
    if let hint { html += "<p class=\"hint\" id=\"\(fid)-hint\">\(esc(hint))</p>" }
    html += problems(name)
    html +=
      "<input type=\"\(type)\" id=\"\(fid)\" name=\"\(esc(name))\" value=\"\(esc(form[name]))\""
    html += describedBy(name, hint: hint != nil)
    if invalid { html += " aria-invalid=\"true\"" }
    html += extra + "></div>"
    return html
  }

  func select(
    _ name: String, _ label: WebMessage, options: [(String, WebMessage)], showCode: Bool = false
  ) -> String {
    let fid = Self.id(name)
    let invalid = form.problems[name] != nil
    var html = "<div class=\"field\(invalid ? " has-error" : "")\">"
    html += "<label for=\"\(fid)\">\(esc(t(label)))</label>" + problems(name)
    html += "<select id=\"\(fid)\" name=\"\(esc(name))\"\(describedBy(name, hint: false))"
    html += invalid ? " aria-invalid=\"true\">" : ">"
    let current = form[name]
    for (code, message) in options {
      html += "<option value=\"\(code)\"\(code == current ? " selected" : "")>"
      html += esc(t(message)) + (showCode ? " (\(code))" : "") + "</option>"
    }
    return html + "</select></div>"
  }

  func render() -> String {
    var html =
      "<h1>\(esc(t(.newInvoiceTitle)))</h1>\n<p class=\"lead\">\(esc(t(.newInvoiceIntro)))</p>\n"
    if form.hasProblems {
      html += "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"problems\">"
      html += "<h2>\(esc(t(.errorSummaryTitle)))</h2><ul>"
      for name in [""] + InvoiceForm.fieldNames {
        for problem in form.problems[name] ?? [] {
          let text =
            esc(problem.message)
            + (problem.rule.map { " <span class=\"muted small\">(\(esc($0)))</span>" } ?? "")
          html += name.isEmpty ? "<li>\(text)" : "<li><a href=\"#\(Self.id(name))\">\(text)</a>"
          if name.isEmpty, let detail = problem.detail {
            html += " <span class=\"small\" lang=\"en\">\(esc(detail))</span>"
          }
          html += "</li>"
        }
      }
      html += "</ul></div>\n"
    }
    html += "<form method=\"post\" action=\"/invoices/new\" novalidate>\(csrfField)\n"

    html += "<fieldset><legend>\(esc(t(.sectionInvoice)))</legend><div class=\"fields\">"
    html += field("number", .fieldNumber, extra: " autocomplete=\"off\" required")
    html += field("issueDate", .fieldIssueDate, type: "date", extra: " required")
    html += field("dueDate", .fieldDueDate, type: "date", optional: true)
    html += field(
      "currency", .fieldCurrency, hint: "ISO 4217: EUR, USD, KES…",
      extra: " maxlength=\"3\" autocomplete=\"off\" required")
    html += field("buyerReference", .fieldBuyerReference, optional: true)
    html += field("note", .fieldNote, optional: true, classes: "wide")
    html += "</div></fieldset>\n"

    html += "<fieldset><legend>\(esc(t(.sectionSeller)))</legend><div class=\"fields\">"
    html += "<div class=\"field\"><label for=\"f-sellerName\">\(esc(t(.fieldName)))</label>"
    html += "<p class=\"hint\" id=\"f-sellerName-hint\">\(esc(t(.sellerFromProfile)))</p>"
    html += "<input type=\"text\" id=\"f-sellerName\" value=\"\(esc(participantName))\" readonly "
    html += "aria-describedby=\"f-sellerName-hint\"></div>"
    html +=
      "<div class=\"field\"><label for=\"f-sellerId\">\(esc(t(.fieldElectronicAddress)))</label>"
    html += "<p class=\"hint\" id=\"f-sellerId-hint\">\(esc(t(.sellerFromProfile)))</p>"
    html +=
      "<input type=\"text\" id=\"f-sellerId\" value=\"\(esc(participant))\" readonly dir=\"ltr\" "
    html += "aria-describedby=\"f-sellerId-hint\"></div>"
    html += field("sellerVAT", .fieldVATIdentifier, hint: t(.hintVATIdentifier), optional: true)
    html += field("sellerStreet", .fieldStreet, optional: true)
    html += field("sellerCity", .fieldCity, optional: true)
    html += field("sellerPostCode", .fieldPostCode, optional: true)
    html += field(
      "sellerCountry", .fieldCountry, hint: t(.hintCountry), extra: " maxlength=\"2\" required")
    html += "</div></fieldset>\n"

    html += "<fieldset><legend>\(esc(t(.sectionBuyer)))</legend><div class=\"fields\">"
    html += field("buyerName", .fieldName, extra: " required")
    html += field(
      "buyerAddress", .fieldElectronicAddress, hint: t(.hintElectronicAddress),
      extra: " dir=\"ltr\" autocomplete=\"off\" required")
    html += field("buyerVAT", .fieldVATIdentifier, hint: t(.hintVATIdentifier), optional: true)
    html += field("buyerStreet", .fieldStreet, optional: true)
    html += field("buyerCity", .fieldCity, optional: true)
    html += field("buyerPostCode", .fieldPostCode, optional: true)
    html += field(
      "buyerCountry", .fieldCountry, hint: t(.hintCountry), extra: " maxlength=\"2\" required")
    html += "</div></fieldset>\n"

    html += "<fieldset><legend>\(esc(t(.sectionLines)))</legend>"
    html += "<p class=\"hint\">\(esc(t(.hintLines)))</p>"
    for row in 1...InvoiceForm.lineRows {
      let title = t(.lineNumber).replacingOccurrences(of: "{n}", with: String(row))
      html += "<div class=\"line\" role=\"group\" aria-labelledby=\"line\(row)-title\">"
      html += "<h3 id=\"line\(row)-title\">\(esc(title))</h3><div class=\"fields\">"
      html += field("line\(row).name", .fieldItemName, classes: "item")
      html += field("line\(row).quantity", .fieldQuantity, extra: " inputmode=\"decimal\"")
      html += select("line\(row).unit", .fieldUnit, options: Self.units)
      html += field("line\(row).price", .fieldPrice, extra: " inputmode=\"decimal\"")
      html += select("line\(row).category", .fieldVATCategory, options: Self.categories)
      html += field("line\(row).rate", .fieldVATRate, extra: " inputmode=\"decimal\"")
      html += "</div></div>"
    }
    html += "<div class=\"fields\" style=\"margin-top:1rem\">"
    html += field(
      "exemptionReason", .fieldExemptionReason, hint: t(.hintExemptionReason), optional: true,
      classes: "wide")
    html += "</div></fieldset>\n"

    html += "<fieldset><legend>\(esc(t(.sectionAllowance))) "
    html += "<span class=\"opt\">(\(esc(t(.optional))))</span></legend><div class=\"fields\">"
    html += field("allowanceAmount", .fieldAllowanceAmount, extra: " inputmode=\"decimal\"")
    html += field("allowanceReason", .fieldAllowanceReason)
    html += select("allowanceCategory", .fieldVATCategory, options: Self.categories)
    html += field("allowanceRate", .fieldVATRate, extra: " inputmode=\"decimal\"")
    html += "</div></fieldset>\n"

    html += "<fieldset><legend>\(esc(t(.sectionPayment)))</legend><div class=\"fields\">"
    html += field("paymentTerms", .fieldPaymentTerms, optional: true)
    html += field("account", .fieldAccount, optional: true, extra: " dir=\"ltr\"")
    html += "</div></fieldset>\n"
    html +=
      "<div class=\"actions\"><button class=\"btn\" type=\"submit\">\(esc(t(.issueButton)))</button></div>"
    html += "</form>"
    return html
  }
}
