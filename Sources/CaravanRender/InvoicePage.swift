public import CaravanModel

/// A readable, self-contained HTML page of an ``Invoice``.
///
/// The page shows every business term a reader of the invoice needs, with the labels of one
/// language (``RenderLabels``). It has no script and loads nothing: one inline style sheet,
/// semantic markup (`article`, `header`, labelled `section`s, tables with scoped headers), and
/// every piece of invoice text escaped (``HTMLText``). Amounts are written from their decimal
/// exactly as the invoice states them, scale included, beside their currency code; dates are
/// ISO 8601 `YYYY-MM-DD`.
public struct InvoicePage: Sendable {
  /// The labels the page is written with.
  public var labels: RenderLabels

  /// A page renderer with the labels of one language.
  public init(labels: RenderLabels = .english) {
    self.labels = labels
  }

  /// A whole HTML5 document: `<!DOCTYPE html>`, `<html lang dir>` from the labels, the style
  /// sheet, and the invoice's ``renderFragment(_:)`` as the body.
  ///
  /// - Parameters:
  ///   - invoice: The invoice to show.
  ///   - title: The document title; by default the document name and the invoice number.
  public func render(_ invoice: Invoice, title: String? = nil) -> String {
    var writer = HTMLWriter(capacity: Self.capacity(for: invoice) + Self.styleSheet.utf8.count)
    writer.raw("<!DOCTYPE html>\n<html lang=\"")
    writer.text(labels.languageTag)
    writer.raw("\" dir=\"")
    writer.text(labels.direction.rawValue)
    writer.raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
    writer.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    writer.raw("<meta name=\"color-scheme\" content=\"light\">\n")
    writer.element("title", text: title ?? defaultTitle(invoice))
    writer.raw("\n<style>\n")
    writer.raw(Self.pageStyle)
    writer.raw(Self.styleSheet)
    writer.raw("</style>\n</head>\n<body>\n")
    writeArticle(invoice, to: &writer)
    writer.raw("</body>\n</html>\n")
    return writer.html
  }

  /// The `<article>` alone, to embed in another page. It carries the `dir` and `lang` of the
  /// labels, and needs ``styleSheet`` in the embedding page to look as the whole page does.
  public func renderFragment(_ invoice: Invoice) -> String {
    var writer = HTMLWriter(capacity: Self.capacity(for: invoice))
    writeArticle(invoice, to: &writer)
    return writer.html
  }

  /// The document name for BT-3: the labels' name for the code, else invoice or credit note.
  public func documentName(_ invoice: Invoice) -> String {
    if let name = labels.documentTypeNames[invoice.typeCode] { return name }
    return invoice.isCreditNote ? labels.creditNote : labels.invoice
  }

  private func defaultTitle(_ invoice: Invoice) -> String {
    invoice.number.isEmpty ? documentName(invoice) : documentName(invoice) + " " + invoice.number
  }

  /// A generous guess at the page size, so that the string grows once or not at all.
  private static func capacity(for invoice: Invoice) -> Int {
    8_192 + invoice.lines.count * 1_024 + invoice.notes.reduce(0) { $0 + $1.text.utf8.count }
  }

  // MARK: The article

  private func writeArticle(_ invoice: Invoice, to w: inout HTMLWriter) {
    w.raw("<article class=\"cvi\" lang=\"")
    w.text(labels.languageTag)
    w.raw("\" dir=\"")
    w.text(labels.direction.rawValue)
    w.raw("\" aria-labelledby=\"cvi-title\">\n")
    writeHeader(invoice, to: &w)
    writeParties(invoice, to: &w)
    writeLines(invoice, to: &w)
    writeAllowancesAndCharges(invoice, to: &w)
    writeVATBreakdown(invoice, to: &w)
    writeTotals(invoice, to: &w)
    writePayment(invoice, to: &w)
    writeNotes(invoice, to: &w)
    writeSupportingDocuments(invoice, to: &w)
    writeFooter(invoice, to: &w)
    w.raw("</article>\n")
  }

  private func writeHeader(_ invoice: Invoice, to w: inout HTMLWriter) {
    w.raw("<header class=\"cvi-head\">\n<div class=\"cvi-ident\">\n")
    if !invoice.seller.name.isEmpty {
      w.element("p", " class=\"cvi-from\"", text: invoice.seller.name)
    }
    w.element("h1", " id=\"cvi-title\"", text: documentName(invoice))
    w.raw("\n<dl class=\"cvi-facts\">")
    w.pair(labels.number) { $0.text(invoice.number.isEmpty ? labels.notStated : invoice.number) }
    w.pair(labels.issueDate) { $0.text(invoice.issueDate?.description ?? labels.notStated) }
    w.pair(labels.dueDate, invoice.paymentDueDate?.description)
    w.pair(labels.documentType) { w in
      w.text(documentName(invoice))
      code(invoice.typeCode, to: &w)
    }
    w.pair(labels.currency, invoice.currencyCode)
    w.pair(labels.vatAccountingCurrency, invoice.vatAccountingCurrencyCode)
    if let date = invoice.vatPointDate {
      w.pair(labels.vatPointDate, date.description)
    } else if let pointCode = invoice.vatPointDateCode {
      w.pair(labels.vatPointDate) { code(pointCode, to: &$0) }
    }
    if let period = invoice.invoicingPeriod {
      w.pair(labels.invoicingPeriod, Self.text(period))
    }
    w.pair(labels.buyerReference, invoice.buyerReference)
    w.pair(labels.purchaseOrderReference, invoice.purchaseOrderReference)
    w.pair(labels.salesOrderReference, invoice.salesOrderReference)
    w.pair(labels.contractReference, invoice.contractReference)
    w.pair(labels.projectReference, invoice.projectReference)
    w.pair(labels.receivingAdviceReference, invoice.receivingAdviceReference)
    w.pair(labels.despatchAdviceReference, invoice.despatchAdviceReference)
    w.pair(labels.tenderReference, invoice.tenderOrLotReference)
    if let object = invoice.invoicedObjectIdentifier {
      w.pair(labels.invoicedObject) { identifier(object, to: &$0) }
    }
    w.pair(labels.buyerAccountingReference, invoice.buyerAccountingReference)
    for preceding in invoice.precedingInvoices {
      w.pair(labels.precedingInvoice) { w in
        w.text(preceding.reference)
        if let date = preceding.issueDate {
          w.raw(" <span class=\"cvi-muted\">")
          w.text(labels.issuedOn + " " + date.description)
          w.raw("</span>")
        }
      }
    }
    w.raw("</dl>\n</div>\n")
    if let due = invoice.totals.amountDue {
      w.raw("<div class=\"cvi-due\">")
      w.element("p", " class=\"cvi-due-label\"", text: labels.amountDue)
      w.raw("<p class=\"cvi-due-amount\">")
      money(due, invoice.currencyCode, to: &w)
      w.raw("</p>")
      if let date = invoice.paymentDueDate {
        w.element("p", " class=\"cvi-due-date\"", text: labels.dueDate + " " + date.description)
      }
      w.raw("</div>\n")
    }
    w.raw("</header>\n")
  }

  // MARK: Parties

  private func writeParties(_ invoice: Invoice, to w: inout HTMLWriter) {
    openSection("cvi-parties", labels.parties, to: &w)
    w.raw("<div class=\"cvi-grid\">\n")

    let seller = invoice.seller
    openParty(labels.seller, name: seller.name, tradingName: seller.tradingName, to: &w)
    address(seller.address, to: &w)
    w.raw("<dl class=\"cvi-kv\">")
    w.pair(labels.vatIdentifier, seller.vatIdentifier)
    w.pair(labels.taxRegistration, seller.taxRegistrationIdentifier)
    if let legal = seller.legalRegistrationIdentifier {
      w.pair(labels.legalRegistration) { identifier(legal, to: &$0) }
    }
    for id in seller.identifiers {
      w.pair(labels.partyIdentifier) { identifier(id, to: &$0) }
    }
    if let electronic = seller.electronicAddress {
      w.pair(labels.electronicAddress) { identifier(electronic, to: &$0) }
    }
    contact(seller.contact, to: &w)
    w.pair(labels.additionalLegalInformation, seller.additionalLegalInformation)
    w.raw("</dl>\n</div>\n")

    let buyer = invoice.buyer
    openParty(labels.buyer, name: buyer.name, tradingName: buyer.tradingName, to: &w)
    address(buyer.address, to: &w)
    w.raw("<dl class=\"cvi-kv\">")
    w.pair(labels.vatIdentifier, buyer.vatIdentifier)
    if let legal = buyer.legalRegistrationIdentifier {
      w.pair(labels.legalRegistration) { identifier(legal, to: &$0) }
    }
    if let id = buyer.identifier {
      w.pair(labels.partyIdentifier) { identifier(id, to: &$0) }
    }
    if let electronic = buyer.electronicAddress {
      w.pair(labels.electronicAddress) { identifier(electronic, to: &$0) }
    }
    contact(buyer.contact, to: &w)
    w.raw("</dl>\n</div>\n")

    if let payee = invoice.payee {
      openParty(labels.payee, name: payee.name, tradingName: nil, to: &w)
      w.raw("<dl class=\"cvi-kv\">")
      if let id = payee.identifier {
        w.pair(labels.partyIdentifier) { identifier(id, to: &$0) }
      }
      if let legal = payee.legalRegistrationIdentifier {
        w.pair(labels.legalRegistration) { identifier(legal, to: &$0) }
      }
      w.raw("</dl>\n</div>\n")
    }

    if let representative = invoice.sellerTaxRepresentative {
      openParty(labels.taxRepresentative, name: representative.name, tradingName: nil, to: &w)
      address(representative.address, to: &w)
      w.raw("<dl class=\"cvi-kv\">")
      w.pair(labels.vatIdentifier, representative.vatIdentifier)
      w.raw("</dl>\n</div>\n")
    }

    if let delivery = invoice.delivery {
      openParty(labels.delivery, name: "", tradingName: nil, to: &w)
      w.raw("<dl class=\"cvi-kv\">")
      if delivery.partyName != nil || delivery.address != nil {
        w.pair(labels.deliverTo) { w in
          if let name = delivery.partyName { w.element("p", " class=\"cvi-name\"", text: name) }
          if let place = delivery.address { address(place, to: &w) }
        }
      }
      w.pair(labels.deliveryDate, delivery.actualDeliveryDate?.description)
      if let location = delivery.locationIdentifier {
        w.pair(labels.deliveryLocation) { identifier(location, to: &$0) }
      }
      w.raw("</dl>\n</div>\n")
    }

    w.raw("</div>\n</section>\n")
  }

  private func openParty(
    _ role: String, name: String, tradingName: String?, to w: inout HTMLWriter
  ) {
    w.raw("<div class=\"cvi-party\">")
    w.element("h3", text: role)
    if !name.isEmpty { w.element("p", " class=\"cvi-name\"", text: name) }
    if let tradingName, !tradingName.isEmpty, tradingName != name {
      w.raw("<p class=\"cvi-muted\">")
      w.text(labels.tradingName + ": " + tradingName)
      w.raw("</p>")
    }
  }

  private func address(_ address: PostalAddress, to w: inout HTMLWriter) {
    var rows: [String] = []
    for line in [address.line1, address.line2, address.line3] {
      if let line, !line.isEmpty { rows.append(line) }
    }
    let town = [address.postCode, address.city].compactMap { $0 }.filter { !$0.isEmpty }
    if !town.isEmpty { rows.append(town.joined(separator: " ")) }
    if let subdivision = address.countrySubdivision, !subdivision.isEmpty {
      rows.append(subdivision)
    }
    if !address.countryCode.isEmpty { rows.append(address.countryCode) }
    guard !rows.isEmpty else { return }
    w.raw("<p class=\"cvi-addr\">")
    for (index, row) in rows.enumerated() {
      if index > 0 { w.raw("<br>") }
      w.text(row)
    }
    w.raw("</p>")
  }

  private func contact(_ contact: Contact?, to w: inout HTMLWriter) {
    guard let contact else { return }
    w.pair(labels.contact, contact.name)
    w.pair(labels.telephone, contact.telephone)
    w.pair(labels.email, contact.email)
  }

  // MARK: Lines

  private func writeLines(_ invoice: Invoice, to w: inout HTMLWriter) {
    guard !invoice.lines.isEmpty else { return }
    openSection("cvi-lines", labels.lines, to: &w)
    openTable("cvi-lines", to: &w)
    w.raw("<thead><tr>")
    header(labels.lineIdentifier, to: &w)
    header(labels.item, to: &w)
    header(labels.quantity, numeric: true, to: &w)
    header(labels.unit, to: &w)
    header(labels.netPrice, currency: invoice.currencyCode, numeric: true, to: &w)
    header(labels.allowancesAndCharges, currency: invoice.currencyCode, to: &w)
    header(labels.vat, to: &w)
    header(labels.lineNetAmount, currency: invoice.currencyCode, numeric: true, to: &w)
    w.raw("</tr></thead>\n<tbody>\n")
    for line in invoice.lines {
      writeLine(line, to: &w)
    }
    w.raw("</tbody>\n</table></div>\n</section>\n")
  }

  private func writeLine(_ line: InvoiceLine, to w: inout HTMLWriter) {
    w.raw("<tr><th scope=\"row\" class=\"cvi-id\">")
    w.text(line.identifier)
    w.raw("</th><td class=\"cvi-item\">")
    w.element("span", " class=\"cvi-item-name\"", text: line.item.name)
    if let description = line.item.description, !description.isEmpty {
      w.element("span", " class=\"cvi-desc\"", text: Self.trimmed(description))
    }
    var details: [(String, String)] = []
    let item = line.item
    if let id = item.sellerIdentifier { details.append((labels.sellerItemIdentifier, id)) }
    if let id = item.buyerIdentifier { details.append((labels.buyerItemIdentifier, id)) }
    if let id = item.standardIdentifier {
      details.append((labels.standardItemIdentifier, Self.text(id)))
    }
    for classification in item.classifications {
      var text = classification.code
      if let scheme = classification.scheme {
        text += " (" + scheme + (classification.schemeVersion.map { " " + $0 } ?? "") + ")"
      }
      details.append((labels.classification, text))
    }
    if let origin = item.countryOfOrigin { details.append((labels.countryOfOrigin, origin)) }
    for attribute in item.attributes { details.append((attribute.name, attribute.value)) }
    if let object = line.objectIdentifier { details.append((labels.lineObject, Self.text(object))) }
    if let period = line.period { details.append((labels.linePeriod, Self.text(period))) }
    if let reference = line.purchaseOrderLineReference {
      details.append((labels.orderLineReference, reference))
    }
    if let reference = line.buyerAccountingReference {
      details.append((labels.buyerAccountingReference, reference))
    }
    if let note = line.note { details.append((labels.lineNote, note)) }
    if !details.isEmpty {
      w.raw("<dl class=\"cvi-details\">")
      for (label, value) in details { w.pair(label, value) }
      w.raw("</dl>")
    }
    w.raw("</td><td class=\"cvi-num\">")
    w.text(line.quantity?.description ?? "")
    w.raw("</td><td>")
    if let unit = line.unitCode { self.unit(unit, to: &w) }
    w.raw("</td><td class=\"cvi-num\">")
    writePrice(line.price, to: &w)
    w.raw("</td><td>")
    writeLineAdjustments(line, to: &w)
    w.raw("</td><td class=\"cvi-nowrap\">")
    vatCategory(line.vat.categoryCode, rate: line.vat.rate, to: &w)
    w.raw("</td><td class=\"cvi-num\">")
    w.text(line.netAmount?.description ?? "")
    w.raw("</td></tr>\n")
  }

  private func writePrice(_ price: PriceDetails, to w: inout HTMLWriter) {
    w.text(price.netPrice?.description ?? "")
    if let base = price.baseQuantity, base != DecimalNumber(1) || price.baseQuantityUnitCode != nil
    {
      w.raw("<span class=\"cvi-sub\">")
      w.text(labels.per + " " + base.description)
      if let unit = price.baseQuantityUnitCode {
        w.raw(" ")
        self.unit(unit, to: &w)
      }
      w.raw("</span>")
    }
    if let gross = price.grossPrice {
      w.raw("<span class=\"cvi-sub\">")
      w.text(labels.grossPrice + " " + gross.description)
      w.raw("</span>")
    }
    if let discount = price.discount {
      w.raw("<span class=\"cvi-sub\">")
      w.text(labels.priceDiscount + " " + discount.description)
      w.raw("</span>")
    }
  }

  private func writeLineAdjustments(_ line: InvoiceLine, to w: inout HTMLWriter) {
    let all =
      line.allowances.map { (labels.allowance, $0) } + line.charges.map { (labels.charge, $0) }
    guard !all.isEmpty else { return }
    w.raw("<ul class=\"cvi-adj\">")
    for (kind, adjustment) in all {
      w.raw("<li>")
      w.text(kind)
      w.raw(" <span class=\"cvi-amt\">")
      w.text(adjustment.amount?.description ?? labels.notStated)
      w.raw("</span>")
      if let percentage = adjustment.percentage {
        w.text(" (" + percentage.description + "%")
        if let base = adjustment.baseAmount { w.text(" × " + base.description) }
        w.text(")")
      }
      reason(adjustment.reason, code: adjustment.reasonCode, to: &w)
      w.raw("</li>")
    }
    w.raw("</ul>")
  }

  // MARK: Document level allowances and charges

  private func writeAllowancesAndCharges(_ invoice: Invoice, to w: inout HTMLWriter) {
    let all =
      invoice.allowances.map { (labels.allowance, $0) }
      + invoice.charges.map { (labels.charge, $0) }
    guard !all.isEmpty else { return }
    openSection("cvi-adjustments", labels.allowancesAndCharges, to: &w)
    openTable("cvi-adjustments", to: &w)
    w.raw("<thead><tr>")
    header(labels.kind, to: &w)
    header(labels.reason, to: &w)
    header(labels.baseAmount, currency: invoice.currencyCode, numeric: true, to: &w)
    header(labels.percentage, numeric: true, to: &w)
    header(labels.vatCategory, to: &w)
    header(labels.amount, currency: invoice.currencyCode, numeric: true, to: &w)
    w.raw("</tr></thead>\n<tbody>\n")
    for (kind, adjustment) in all {
      w.raw("<tr><th scope=\"row\">")
      w.text(kind)
      w.raw("</th><td>")
      if let reason = adjustment.reason { w.text(reason) }
      if let reasonCode = adjustment.reasonCode { code(reasonCode, to: &w) }
      w.raw("</td><td class=\"cvi-num\">")
      w.text(adjustment.baseAmount?.description ?? "")
      w.raw("</td><td class=\"cvi-num\">")
      w.text(adjustment.percentage.map { $0.description + "%" } ?? "")
      w.raw("</td><td class=\"cvi-nowrap\">")
      if let category = adjustment.vatCategoryCode {
        vatCategory(category, rate: adjustment.vatRate, to: &w)
      }
      w.raw("</td><td class=\"cvi-num\">")
      w.text(adjustment.amount?.description ?? "")
      w.raw("</td></tr>\n")
    }
    w.raw("</tbody>\n</table></div>\n</section>\n")
  }

  // MARK: VAT breakdown

  private func writeVATBreakdown(_ invoice: Invoice, to w: inout HTMLWriter) {
    guard !invoice.vatBreakdown.isEmpty else { return }
    openSection("cvi-vat", labels.vatBreakdown, to: &w)
    openTable("cvi-vat", to: &w)
    w.raw("<thead><tr>")
    header(labels.vatCategory, to: &w)
    header(labels.vatRate, numeric: true, to: &w)
    header(labels.taxableAmount, currency: invoice.currencyCode, numeric: true, to: &w)
    header(labels.taxAmount, currency: invoice.currencyCode, numeric: true, to: &w)
    header(labels.exemptionReason, to: &w)
    w.raw("</tr></thead>\n<tbody>\n")
    for row in invoice.vatBreakdown {
      w.raw("<tr><th scope=\"row\">")
      if let name = labels.vatCategoryNames[row.categoryCode] {
        w.text(name)
        code(row.categoryCode, to: &w)
      } else {
        w.text(row.categoryCode)
      }
      w.raw("</th><td class=\"cvi-num\">")
      w.text(row.rate.map { $0.description + "%" } ?? "")
      w.raw("</td><td class=\"cvi-num\">")
      w.text(row.taxableAmount?.description ?? "")
      w.raw("</td><td class=\"cvi-num\">")
      w.text(row.taxAmount?.description ?? "")
      w.raw("</td><td>")
      if let reason = row.exemptionReason { w.text(reason) }
      if let reasonCode = row.exemptionReasonCode { code(reasonCode, to: &w) }
      w.raw("</td></tr>\n")
    }
    w.raw("</tbody>\n</table></div>\n</section>\n")
  }

  // MARK: Totals

  private func writeTotals(_ invoice: Invoice, to w: inout HTMLWriter) {
    let totals = invoice.totals
    let currency = invoice.currencyCode
    let rows: [(String, DecimalNumber?, String, Bool)] = [
      (labels.sumOfLineNetAmounts, totals.lineNetAmount, currency, false),
      (labels.sumOfAllowances, totals.allowanceTotal, currency, false),
      (labels.sumOfCharges, totals.chargeTotal, currency, false),
      (labels.totalWithoutVAT, totals.taxExclusiveAmount, currency, false),
      (labels.totalVAT, totals.vatAmount, currency, false),
      (
        labels.totalVATInAccountingCurrency, totals.vatAmountInAccountingCurrency,
        invoice.vatAccountingCurrencyCode ?? "", false
      ),
      (labels.totalWithVAT, totals.taxInclusiveAmount, currency, false),
      (labels.paidAmount, totals.paidAmount, currency, false),
      (labels.roundingAmount, totals.roundingAmount, currency, false),
      (labels.amountDue, totals.amountDue, currency, true),
    ]
    guard rows.contains(where: { $0.1 != nil }) else { return }
    openSection("cvi-totals", labels.totals, to: &w)
    w.raw("<div class=\"cvi-table cvi-totals\">")
    w.raw("<table aria-labelledby=\"cvi-totals\">\n<tbody>\n")
    for (label, value, rowCurrency, grand) in rows {
      guard let value else { continue }
      w.raw(grand ? "<tr class=\"cvi-grand\"><th scope=\"row\">" : "<tr><th scope=\"row\">")
      w.text(label)
      w.raw("</th><td class=\"cvi-num\">")
      money(value, rowCurrency, to: &w)
      w.raw("</td></tr>\n")
    }
    w.raw("</tbody>\n</table></div>\n</section>\n")
  }

  // MARK: Payment

  private func writePayment(_ invoice: Invoice, to w: inout HTMLWriter) {
    let instructions = invoice.paymentInstructions
    guard instructions != nil || invoice.paymentTerms != nil else { return }
    openSection("cvi-payment", labels.payment, to: &w)
    w.raw("<dl class=\"cvi-kv cvi-payment\">")
    if let instructions {
      w.pair(labels.paymentMeans) { w in
        if let name = labels.paymentMeansNames[instructions.meansCode] {
          w.text(name)
          code(instructions.meansCode, to: &w)
        } else {
          w.text(instructions.meansCode)
        }
        if let text = instructions.meansText, !text.isEmpty {
          w.raw(" <span class=\"cvi-muted\">")
          w.text(text)
          w.raw("</span>")
        }
      }
      for transfer in instructions.creditTransfers {
        w.pair(labels.account) { w in
          w.raw("<span class=\"cvi-acct\">")
          w.text(transfer.accountIdentifier)
          w.raw("</span>")
        }
        w.pair(labels.accountName, transfer.accountName)
        w.pair(labels.serviceProvider, transfer.serviceProviderIdentifier)
      }
      w.pair(labels.remittanceInformation, instructions.remittanceInformation)
      if let card = instructions.card {
        w.pair(labels.card, card.primaryAccountNumber)
        w.pair(labels.cardHolder, card.holderName)
      }
      if let debit = instructions.directDebit {
        w.pair(labels.mandateReference, debit.mandateReference)
        w.pair(labels.creditorIdentifier, debit.creditorIdentifier)
        w.pair(labels.debitedAccount, debit.debitedAccount)
      }
    }
    w.pair(labels.paymentTerms, invoice.paymentTerms)
    w.raw("</dl>\n</section>\n")
  }

  // MARK: Notes and supporting documents

  private func writeNotes(_ invoice: Invoice, to w: inout HTMLWriter) {
    guard !invoice.notes.isEmpty else { return }
    openSection("cvi-notes", labels.notes, to: &w)
    w.raw("<ul class=\"cvi-notes\">\n")
    for note in invoice.notes {
      w.raw("<li>")
      if let subject = note.subjectCode, !subject.isEmpty {
        w.raw("<span class=\"cvi-code\">")
        w.text(subject)
        w.raw("</span> ")
      }
      w.text(Self.trimmed(note.text))
      w.raw("</li>\n")
    }
    w.raw("</ul>\n</section>\n")
  }

  private func writeSupportingDocuments(_ invoice: Invoice, to w: inout HTMLWriter) {
    guard !invoice.supportingDocuments.isEmpty else { return }
    openSection("cvi-documents", labels.supportingDocuments, to: &w)
    openTable("cvi-documents", to: &w)
    w.raw("<thead><tr>")
    header(labels.documentReference, to: &w)
    header(labels.documentDescription, to: &w)
    header(labels.attachedFile, to: &w)
    header(labels.externalLocation, to: &w)
    w.raw("</tr></thead>\n<tbody>\n")
    for document in invoice.supportingDocuments {
      w.raw("<tr><th scope=\"row\">")
      w.text(document.reference)
      w.raw("</th><td>")
      w.text(document.description ?? "")
      w.raw("</td><td>")
      if let attachment = document.attachment {
        w.text(attachment.filename)
        code(attachment.mimeCode, to: &w)
      }
      w.raw("</td><td class=\"cvi-break\">")
      w.text(document.externalLocation ?? "")
      w.raw("</td></tr>\n")
    }
    w.raw("</tbody>\n</table></div>\n</section>\n")
  }

  private func writeFooter(_ invoice: Invoice, to w: inout HTMLWriter) {
    let process = invoice.processControl
    guard !process.specificationIdentifier.isEmpty || process.businessProcessType != nil else {
      return
    }
    w.raw("<footer class=\"cvi-foot\"><dl class=\"cvi-kv\">")
    w.pair(labels.specification, process.specificationIdentifier)
    w.pair(labels.businessProcess, process.businessProcessType)
    w.raw("</dl></footer>\n")
  }

  // MARK: Pieces

  private func openSection(_ id: String, _ heading: String, to w: inout HTMLWriter) {
    w.raw("<section aria-labelledby=\"" + id + "\">\n")
    w.element("h2", " id=\"" + id + "\"", text: heading)
    w.raw("\n")
  }

  /// A table in a wrapper that scrolls sideways on a narrow screen, and can take the keyboard
  /// focus to do so.
  private func openTable(_ headingID: String, to w: inout HTMLWriter) {
    w.raw("<div class=\"cvi-table\" role=\"region\" tabindex=\"0\" aria-labelledby=\"")
    w.raw(headingID + "\"><table aria-labelledby=\"" + headingID + "\">\n")
  }

  private func header(
    _ label: String, currency: String? = nil, numeric: Bool = false, to w: inout HTMLWriter
  ) {
    w.raw(numeric ? "<th scope=\"col\" class=\"cvi-num\">" : "<th scope=\"col\">")
    w.text(label)
    if let currency, !currency.isEmpty {
      w.raw(" <span class=\"cvi-cur\">")
      w.text(currency)
      w.raw("</span>")
    }
    w.raw("</th>")
  }

  /// An amount as written, then its currency code.
  private func money(_ amount: DecimalNumber, _ currency: String, to w: inout HTMLWriter) {
    w.raw("<span class=\"cvi-amt\">")
    w.text(amount.description)
    if !currency.isEmpty {
      w.raw("\u{A0}<span class=\"cvi-cur\">")
      w.text(currency)
      w.raw("</span>")
    }
    w.raw("</span>")
  }

  /// A code, after a name that already says what it means.
  private func code(_ code: String, to w: inout HTMLWriter) {
    guard !code.isEmpty else { return }
    w.raw(" <span class=\"cvi-code\">")
    w.text(code)
    w.raw("</span>")
  }

  private func identifier(_ identifier: Identifier, to w: inout HTMLWriter) {
    w.text(identifier.value)
    if let scheme = identifier.scheme, !scheme.isEmpty {
      w.raw(" <span class=\"cvi-muted\">(")
      w.text(labels.scheme + " " + scheme)
      w.raw(")</span>")
    }
  }

  /// A unit of measure: its name with the code as a tooltip, or the code when it has no name.
  private func unit(_ code: String, to w: inout HTMLWriter) {
    if let name = labels.unitNames[code] {
      w.raw("<abbr title=\"")
      w.text(code)
      w.raw("\">")
      w.text(name)
      w.raw("</abbr>")
    } else {
      w.text(code)
    }
  }

  /// A VAT category code with its name as a tooltip, then the rate.
  private func vatCategory(_ category: String, rate: DecimalNumber?, to w: inout HTMLWriter) {
    if let name = labels.vatCategoryNames[category] {
      w.raw("<abbr title=\"")
      w.text(name)
      w.raw("\">")
      w.text(category)
      w.raw("</abbr>")
    } else {
      w.text(category)
    }
    if let rate {
      w.raw(" <span class=\"cvi-amt\">")
      w.text(rate.description + "%")
      w.raw("</span>")
    }
  }

  private func reason(_ reason: String?, code reasonCode: String?, to w: inout HTMLWriter) {
    guard reason != nil || reasonCode != nil else { return }
    w.raw("<span class=\"cvi-sub\">")
    if let reason { w.text(reason) }
    if let reasonCode { code(reasonCode, to: &w) }
    w.raw("</span>")
  }

  /// Text without the white space around it, which `white-space: pre-line` would show.
  private static func trimmed(_ text: String) -> String {
    guard let first = text.firstIndex(where: { !$0.isWhitespace }),
      let last = text.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(text[first...last])
  }

  private static func text(_ period: Period) -> String {
    (period.start?.description ?? "…") + " – " + (period.end?.description ?? "…")
  }

  private static func text(_ identifier: Identifier) -> String {
    identifier.scheme.map { identifier.value + " (" + $0 + ")" } ?? identifier.value
  }
}
