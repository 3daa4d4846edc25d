import CaravanHub
import CaravanModel
import CaravanRender
import CaravanRules
import CaravanStore
import CaravanSyntax
import CaravanTrust
import Foundation
import HTTPTypes
import Hummingbird

extension WebRoutes {
  // MARK: Dashboard

  func dashboard(_ visit: Visit) async throws -> Response {
    let participant = try visit.signedIn()
    let query = visit.request.uri.queryParameters
    let inCursor = query["in"].flatMap { UInt64($0) }
    let outCursor = query["out"].flatMap { UInt64($0) }
    let inbox = try await hub.documents(
      DocumentQuery(
        participant: participant.id, box: .inbox, limit: Self.pageSize, before: inCursor))
    let outbox = try await hub.documents(
      DocumentQuery(
        participant: participant.id, box: .outbox, limit: Self.pageSize, before: outCursor))
    var names: [String: String] = [:]
    for summary in inbox.documents + outbox.documents {
      for id in [summary.sender, summary.receiver].compactMap({ $0 }) where names[id] == nil {
        names[id] = (try? await hub.participant(id: id))?.name ?? ""
      }
    }
    func link(in newIn: UInt64?, out newOut: UInt64?) -> String {
      var parts: [String] = []
      if let newIn { parts.append("in=\(newIn)") }
      if let newOut { parts.append("out=\(newOut)") }
      return "/" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
    }
    func table(_ page: DocumentPage, box: DocumentQuery.Box, cursor: UInt64?) -> String {
      let title = visit.t(box == .inbox ? .inbox : .outbox)
      var html = "<section class=\"card\" aria-labelledby=\"\(box.rawValue)-title\">"
      html += "<h2 id=\"\(box.rawValue)-title\">\(esc(title))</h2>"
      if page.documents.isEmpty {
        html += "<p class=\"empty\">\(esc(visit.t(box == .inbox ? .emptyInbox : .emptyOutbox)))</p>"
      } else {
        // Explicit roles keep the table's meaning when narrow screens lay its rows out as cards.
        html += "<div class=\"tablewrap\"><table class=\"docs\" role=\"table\">"
        html += "<thead role=\"rowgroup\"><tr role=\"row\">"
        html += "<th scope=\"col\" role=\"columnheader\">\(esc(visit.t(.columnNumber)))</th>"
        html += "<th scope=\"col\" role=\"columnheader\">\(esc(visit.t(.columnCounterparty)))</th>"
        html += "<th scope=\"col\" role=\"columnheader\">\(esc(visit.t(.columnDate)))</th>"
        html += "<th scope=\"col\" role=\"columnheader\" class=\"num\">"
        html += "\(esc(visit.t(.columnAmount)))</th>"
        html += "<th scope=\"col\" role=\"columnheader\">\(esc(visit.t(.columnStatus)))</th>"
        html += "</tr></thead><tbody role=\"rowgroup\">"
        for summary in page.documents {
          let other = box == .inbox ? summary.sender : (summary.receiver ?? "")
          let name = names[other] ?? ""
          html += "<tr role=\"row\"><td role=\"cell\" class=\"c-number\">"
          html += "<a href=\"/documents/\(esc(summary.id))\">\(esc(summary.invoiceNumber))</a></td>"
          html += "<td role=\"cell\" class=\"c-party\">"
          if !name.isEmpty { html += "<span class=\"cp\">\(esc(name))</span>" }
          html += "<span class=\"cp-id\"><bdi dir=\"ltr\">\(esc(other))</bdi></span></td>"
          html +=
            "<td role=\"cell\" class=\"c-date\"><span dir=\"ltr\">\(esc(summary.issueDate))</span></td>"
          html += "<td role=\"cell\" class=\"c-amount num\"><span dir=\"ltr\">"
          html +=
            "\(esc(summary.totalAmount)) <span class=\"muted\">\(esc(summary.currency))</span>"
          html += "</span></td>"
          html +=
            "<td role=\"cell\" class=\"c-status\">\(statusBadge(summary.status, visit))</td></tr>"
        }
        html += "</tbody></table></div>"
      }
      var pager: [String] = []
      if cursor != nil {
        let href = box == .inbox ? link(in: nil, out: outCursor) : link(in: inCursor, out: nil)
        pager.append("<a href=\"\(esc(href))\">\(esc(visit.t(.newestPage)))</a>")
      }
      if let next = page.next {
        let href = box == .inbox ? link(in: next, out: outCursor) : link(in: inCursor, out: next)
        pager.append("<a href=\"\(esc(href))\" rel=\"next\">\(esc(visit.t(.olderPage))) →</a>")
      }
      if !pager.isEmpty {
        html += "<nav class=\"pager\" aria-label=\"\(esc(title))\">\(pager.joined())</nav>"
      }
      return html + "</section>"
    }
    var main = "<div class=\"page-head\"><div><h1>\(esc(visit.t(.dashboardTitle)))</h1>"
    main += "<p class=\"lead\">\(esc(participant.name)) · <span dir=\"ltr\">"
    main += "\(esc(participant.id))</span></p></div>"
    main += "<a class=\"btn\" href=\"/invoices/new\">\(esc(visit.t(.issueFirst)))</a></div>"
    main += table(outbox, box: .outbox, cursor: outCursor)
    main += table(inbox, box: .inbox, cursor: inCursor)
    return html(
      visit.layout(current: "dashboard").render(title: visit.t(.dashboardTitle), main: main))
  }

  func statusBadge(_ status: DocumentStatus, _ visit: Visit) -> String {
    let message: WebMessage
    switch status {
    case .accepted: message = .statusAccepted
    case .delivered: message = .statusDelivered
    case .refused: message = .statusRefused
    }
    return "<span class=\"badge b-\(status.rawValue)\">\(esc(visit.t(message)))</span>"
  }

  func deliveryBadge(_ status: DeliveryStatus, _ visit: Visit) -> String {
    let message: WebMessage
    let style: String
    switch status {
    case .queued: (message, style) = (.deliveryQueued, "accepted")
    case .sent: (message, style) = (.deliverySent, "accepted")
    case .delivered: (message, style) = (.statusDelivered, "delivered")
    case .refused: (message, style) = (.statusRefused, "refused")
    case .cancelled: (message, style) = (.deliveryCancelled, "refused")
    }
    return "<span class=\"badge b-\(style)\">\(esc(visit.t(message)))</span>"
  }

  // MARK: Invoice form

  func newInvoice(_ visit: Visit) async throws -> Response {
    let participant = try visit.signedIn()
    return formPage(InvoiceForm.blank(for: participant), visit, participant)
  }

  func formPage(
    _ form: InvoiceForm, _ visit: Visit, _ participant: Participant,
    status: HTTPResponse.Status = .ok
  ) -> Response {
    let page = FormPage(
      form: form, language: visit.language, participant: participant.id,
      participantName: participant.name, csrfField: visit.layout(current: nil).csrfField)
    return html(
      visit.layout(current: "new").render(title: visit.t(.newInvoiceTitle), main: page.render()),
      status: status)
  }

  func issueInvoice(_ visit: Visit) async throws -> Response {
    let participant = try visit.signedIn()
    let posted = try await postedForm(visit)
    var form = InvoiceForm(posted: posted)
    guard let (invoice, rowOfLine) = form.invoice(seller: participant, language: visit.language)
    else { return formPage(form, visit, participant, status: .unprocessableContent) }
    let bytes = InvoiceDocument.write(invoice, as: .ubl)
    do {
      let submission = try await hub.submit(bytes, from: participant, idempotencyKey: nil)
      return redirect("/documents/\(submission.record.id)?issued=1")
    } catch .invalid(let report) {
      form.place(report.fatalFindings, rowOfLine: rowOfLine, language: visit.language)
    } catch .conflict {
      form.add(InvoiceForm.Problem(message: visit.t(.errorNumberUsed)), to: "number")
    } catch .unreadable(let message, _, _, _) {
      form.add(InvoiceForm.Problem(message: visit.t(.errorUnreadable), detail: message), to: "")
    } catch .forbidden(let message) {
      form.add(InvoiceForm.Problem(message: visit.t(.errorText), detail: message), to: "")
    }
    return formPage(form, visit, participant, status: .unprocessableContent)
  }

  // MARK: Upload

  func uploadPage(_ visit: Visit) async throws -> Response {
    _ = try visit.signedIn()
    return uploadResult(visit, report: nil, problem: nil, filename: nil)
  }

  var sizeText: String {
    maximumDocumentBytes >= 1 << 20
      ? "\(maximumDocumentBytes >> 20) MiB" : "\(maximumDocumentBytes >> 10) KiB"
  }

  func uploadResult(
    _ visit: Visit, report: ValidationReport?, problem: String?, filename: String?,
    status: HTTPResponse.Status = .ok
  ) -> Response {
    var main =
      "<h1>\(esc(visit.t(.uploadTitle)))</h1><p class=\"lead\">\(esc(visit.t(.uploadIntro)))</p>"
    main +=
      "<form class=\"card\" method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\">"
    main += visit.layout(current: nil).csrfField
    main += "<div class=\"field\(problem == nil ? "" : " has-error")\">"
    main += "<label for=\"f-file\">\(esc(visit.t(.fileLabel)))</label>"
    main += "<p class=\"hint\" id=\"f-file-hint\">"
    main += "\(esc(visit.t(.fileHint).replacingOccurrences(of: "{x}", with: sizeText)))</p>"
    if let problem { main += "<div class=\"error\" id=\"f-file-error\">\(esc(problem))</div>" }
    main +=
      "<input type=\"file\" id=\"f-file\" name=\"file\" accept=\".xml,application/xml,text/xml\" "
    main +=
      "required aria-describedby=\"f-file-hint\(problem == nil ? "" : " f-file-error")\"></div>"
    main +=
      "<div class=\"actions\"><button class=\"btn btn2\" type=\"submit\" name=\"action\" value=\"check\">"
    main +=
      "\(esc(visit.t(.checkButton)))</button><button class=\"btn\" type=\"submit\" name=\"action\" "
    main += "value=\"submit\">\(esc(visit.t(.checkAndSubmitButton)))</button></div></form>"
    if let report {
      main += "<section class=\"card\" aria-labelledby=\"findings-title\" role=\"status\">"
      main += "<h2 id=\"findings-title\">\(esc(visit.t(.findingsTitle)))"
      if let filename { main += " · <span class=\"mono\">\(esc(filename))</span>" }
      main += "</h2>"
      main += findingsList(report.findings, visit, valid: report.isValid)
      main += "</section>"
    }
    return html(
      visit.layout(current: "upload").render(title: visit.t(.uploadTitle), main: main),
      status: status)
  }

  func findingsList(_ findings: [Finding], _ visit: Visit, valid: Bool) -> String {
    let fatal = findings.filter { $0.flag == .fatal }.count
    var html =
      valid
      ? "<p class=\"verdict v-ok\">\(esc(visit.t(.noFindings)))</p>"
      : "<p class=\"verdict v-ko\">"
        + esc(visit.t(.resultInvalid).replacingOccurrences(of: "{n}", with: String(fatal)))
        + "</p>"
    guard !findings.isEmpty else { return html }
    html += "<ul class=\"findings\">"
    for finding in findings.sorted(by: { ($0.flag == .fatal ? 0 : 1) < ($1.flag == .fatal ? 0 : 1) }
    ) {
      let plain = InvoiceForm.plainWords[finding.rule].map { visit.t($0) }
      let official = InvoiceForm.officialText(finding.message)
      let severity = finding.flag == .fatal ? visit.t(.severityFatal) : visit.t(.severityWarning)
      html += "<li><span class=\"sev sev-\(finding.flag.rawValue)\">\(esc(severity))</span>"
      html += "<span class=\"mono\">\(esc(finding.rule))</span><p style=\"margin:.25rem 0\">"
      html += esc(plain ?? official) + "</p>"
      html += "<details><summary class=\"small\">\(esc(visit.t(.ruleLabel))) \(esc(finding.rule))"
      if !finding.businessTerms.isEmpty {
        html += " · \(esc(finding.businessTerms.joined(separator: ", ")))"
      }
      html += "</summary><p class=\"small\" lang=\"en\">\(esc(official))</p>"
      html += "<p class=\"small muted\">\(esc(visit.t(.whereLabel))): "
      html +=
        "<span class=\"mono\">\(esc(Self.shortPath(finding.location)))</span></p></details></li>"
    }
    return html + "</ul>"
  }

  /// An XPath of a finding without its namespace predicates: `/Invoice[1]/InvoiceLine[2]`.
  static func shortPath(_ location: String) -> String {
    var out = ""
    var rest = Substring(location)
    while let start = rest.range(of: "[namespace-uri()='") {
      out += rest[..<start.lowerBound]
      guard let end = rest[start.upperBound...].range(of: "']") else { break }
      rest = rest[end.upperBound...]
    }
    out += rest
    return out.replacingOccurrences(of: "*:", with: "")
  }

  func upload(_ visit: Visit) async throws -> Response {
    let participant = try visit.signedIn()
    let form = try await postedForm(visit, limit: maximumDocumentBytes + 64 * 1024)
    guard let file = form.files["file"], !file.bytes.isEmpty else {
      return uploadResult(
        visit, report: nil, problem: visit.t(.errorFileMissing), filename: nil, status: .badRequest)
    }
    guard file.bytes.count <= maximumDocumentBytes else {
      return uploadResult(
        visit, report: nil, problem: visit.t(.errorFileTooLarge), filename: file.filename,
        status: .contentTooLarge)
    }
    let report = Validator(limits: hub.configuration.limits).validate(
      bytes: file.bytes, file: file.filename)
    if let error = report.error {
      return uploadResult(
        visit, report: nil, problem: visit.t(.errorUnreadable) + " " + error,
        filename: file.filename, status: .unprocessableContent)
    }
    if form["action"] == "submit", report.isValid {
      do {
        let submission = try await hub.submit(file.bytes, from: participant, idempotencyKey: nil)
        return redirect("/documents/\(submission.record.id)?issued=1")
      } catch .invalid(let refused) {
        return uploadResult(visit, report: refused, problem: nil, filename: file.filename)
      } catch {
        return uploadResult(
          visit, report: report, problem: error.description, filename: file.filename,
          status: .unprocessableContent)
      }
    }
    return uploadResult(
      visit, report: report, problem: nil, filename: file.filename,
      status: report.isValid ? .ok : .unprocessableContent)
  }

  // MARK: Documents

  func record(_ visit: Visit, id: String?) async throws -> (DocumentRecord, Participant) {
    let participant = try visit.signedIn()
    guard let id, id.utf8.count <= 64 else { throw WebFailure.notFound }
    return (try await hub.document(id: id, for: participant), participant)
  }

  func documentPage(_ visit: Visit, id: String?) async throws -> Response {
    let (record, participant) = try await record(visit, id: id)
    let invoice: Invoice
    do {
      invoice = try InvoiceDocument.read(record.bytes, limits: hub.configuration.limits).invoice
    } catch {
      throw WebFailure.unavailable(error.message)
    }
    let renderer = InvoicePage(labels: visit.language.renderLabels)
    var main = ""
    if visit.request.uri.queryParameters["issued"] != nil {
      main += "<p class=\"notice\" role=\"status\">\(esc(visit.t(.issuedBanner)))</p>"
    }
    let outgoing = record.sender == participant.id
    let other = outgoing ? record.receiver ?? "" : record.sender
    let otherName = (try? await hub.participant(id: other))?.name
    main += "<section class=\"card doc-head\" aria-labelledby=\"doc-title\"><div>"
    main +=
      "<h1 id=\"doc-title\">\(esc(renderer.documentName(invoice))) \(esc(record.invoiceNumber))</h1>"
    main += "<dl class=\"kv\"><dt>\(esc(visit.t(outgoing ? .sentTo : .receivedFrom)))</dt><dd>"
    if let otherName { main += "\(esc(otherName)) " }
    main += "<span class=\"mono\" dir=\"ltr\">\(esc(other))</span></dd>"
    main += "<dt>\(esc(visit.t(.columnStatus)))</dt><dd>\(statusBadge(record.status, visit))</dd>"
    main += "<dt>\(esc(visit.t(.syntaxLabel)))</dt><dd>\(esc(record.syntax.uppercased()))</dd>"
    main += "<dt>\(esc(visit.t(.receivedAt)))</dt><dd class=\"mono\" dir=\"ltr\">"
    main += "\(esc(RFC3339.format(record.receivedAt)))</dd>"
    if outgoing, let delivery = try? await hub.outboundDelivery(ofDocument: record.id) {
      main += "<dt>\(esc(visit.t(.deliveryLabel)))</dt><dd>\(deliveryBadge(delivery.status, visit))"
      main += " <span class=\"mono\" dir=\"ltr\">\(esc(delivery.peer))</span></dd>"
      if let reason = delivery.reason, delivery.status != .delivered {
        main += "<dt>\(esc(visit.t(.deliveryReason)))</dt><dd dir=\"ltr\">\(esc(reason))</dd>"
      }
    }
    main += "</dl></div>"
    main += "<div><h2>\(esc(visit.t(.downloadTitle)))</h2><div class=\"downloads\">"
    for (form, label) in [
      ("ubl", WebMessage.formatUBL), ("cii", .formatCII), ("json", .formatJSON),
    ] {
      main += "<a href=\"/documents/\(esc(record.id))/download/\(form)\" download>"
      main += "\(esc(visit.t(label)))</a>"
    }
    main += "</div><p style=\"margin-top:1rem\"><a href=\"/documents/\(esc(record.id))/receipt\">"
    main += "\(esc(visit.t(.receiptLink)))</a></p></div></section>"
    main += renderer.renderFragment(invoice)
    let title = renderer.documentName(invoice) + " " + record.invoiceNumber
    return html(
      visit.layout(current: nil).render(
        title: title, main: main, extraStyle: InvoicePage.styleSheet + ".cvi{margin:0 auto}"))
  }

  func download(_ visit: Visit, id: String?, form name: String?) async throws -> Response {
    let (record, _) = try await record(visit, id: id)
    guard let name, let form = DocumentForm(rawValue: name), form != .html else {
      throw WebFailure.notFound
    }
    let bytes = try hub.render(record, as: form)
    let safeNumber = String(
      record.invoiceNumber.unicodeScalars.map {
        CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-"
      }
      .prefix(60))
    let suffix: String
    switch form {
    case .json: suffix = "json"
    case .original: suffix = record.syntax + ".xml"
    default: suffix = form.rawValue + ".xml"
    }
    return Response(
      status: .ok,
      headers: [
        .contentType: form.mediaType,
        .contentDisposition:
          "attachment; filename=\"\(safeNumber.isEmpty ? "invoice" : safeNumber).\(suffix)\"",
      ],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  func receiptPage(_ visit: Visit, id: String?) async throws -> Response {
    let (record, _) = try await record(visit, id: id)
    let receipt = try ReceiptDocument(record)
    var main = "<h1>\(esc(visit.t(.receiptTitle))) · \(esc(record.invoiceNumber))</h1>"
    main +=
      "<p class=\"lead\">\(esc(visit.t(.receiptIntro)))</p><section class=\"card\"><dl class=\"kv\">"
    func row(_ label: WebMessage, _ value: String, mono: Bool = true) {
      main += "<dt>\(esc(visit.t(label)))</dt><dd\(mono ? " class=\"mono\" dir=\"ltr\"" : "")>"
      main += "\(esc(value))</dd>"
    }
    row(.documentDetails, receipt.documentId)
    row(.logIndex, String(receipt.logIndex))
    row(.treeSize, String(receipt.treeSize))
    row(.digest, receipt.digest)
    row(.receivedAt, receipt.receivedAt)
    main += "</dl></section><section class=\"card\"><h2>\(esc(visit.t(.checkpoint)))</h2>"
    main += "<pre>\(esc(receipt.checkpoint))</pre></section>"
    main +=
      "<section class=\"card\"><h2>\(esc(visit.t(.proof)))</h2><pre>\(esc(receipt.proof))</pre></section>"
    main += "<section class=\"card\"><h2>\(esc(visit.t(.signature)))</h2>"
    main += "<pre>\(esc(receipt.signature))</pre></section>"
    main +=
      "<div class=\"actions\"><a class=\"btn\" href=\"/documents/\(esc(record.id))/receipt.json\" download>"
    main += "\(esc(visit.t(.downloadReceipt)))</a><a class=\"btn btn2\" href=\"/verify\">"
    main += "\(esc(visit.t(.checkItLink)))</a><a href=\"/documents/\(esc(record.id))\">"
    main += "\(esc(record.invoiceNumber))</a></div>"
    return html(visit.layout(current: nil).render(title: visit.t(.receiptTitle), main: main))
  }

  func receiptJSON(_ visit: Visit, id: String?) async throws -> Response {
    let (record, _) = try await record(visit, id: id)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(try ReceiptDocument(record))
    return Response(
      status: .ok,
      headers: [
        .contentType: "application/json",
        .contentDisposition: "attachment; filename=\"receipt-\(record.id).json\"",
      ],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }

  // MARK: Verify

  func verifyPage(_ visit: Visit) async throws -> Response {
    verifyResult(visit, verdict: nil, problem: nil, proof: "", signature: "")
  }

  func verifyResult(
    _ visit: Visit, verdict: Verdict?, problem: String?, proof: String, signature: String,
    status: HTTPResponse.Status = .ok
  ) -> Response {
    var main =
      "<h1>\(esc(visit.t(.verifyTitle)))</h1><p class=\"lead\">\(esc(visit.t(.verifyIntro)))</p>"
    if let verdict {
      main += "<section class=\"card\" aria-labelledby=\"verdict\" role=\"status\">"
      main += "<p id=\"verdict\" class=\"verdict \(verdict.valid ? "v-ok" : "v-ko")\">"
      main +=
        "\(esc(visit.t(verdict.valid ? .verdictValid : .verdictInvalid)))</p><ul class=\"checks\">"
      for check in verdict.checks {
        let name: WebMessage
        switch check.name {
        case "receipt": name = .checkReceipt
        case "inclusion": name = .checkInclusion
        case "consistency": name = .checkConsistency
        default: name = .checkSignature
        }
        main += "<li><span class=\"\(check.passed ? "ok" : "ko")\">"
        main +=
          "\(check.passed ? "✓" : "✗") \(esc(visit.t(check.passed ? .passed : .failed)))</span>"
        main += "<div><strong>\(esc(visit.t(name)))</strong>"
        main +=
          "<p class=\"small muted\" style=\"margin:.125rem 0 0\" lang=\"en\">\(esc(check.detail))</p></div></li>"
      }
      main += "</ul><p class=\"small muted\">\(esc(visit.t(.digest))): "
      main += "<span class=\"mono\">\(esc(verdict.digest))</span></p></section>"
    }
    main +=
      "<form class=\"card\" method=\"post\" action=\"/verify\" enctype=\"multipart/form-data\">"
    main += visit.layout(current: nil).csrfField
    main += "<div class=\"field\(problem == nil ? "" : " has-error")\"><label for=\"f-document\">"
    main += "\(esc(visit.t(.documentFileLabel)))</label>"
    if let problem { main += "<div class=\"error\" id=\"f-document-error\">\(esc(problem))</div>" }
    main += "<input type=\"file\" id=\"f-document\" name=\"document\" required"
    main += problem == nil ? ">" : " aria-describedby=\"f-document-error\" aria-invalid=\"true\">"
    main += "</div><div class=\"field\" style=\"margin-top:1rem\"><label for=\"f-proof\">"
    main += "\(esc(visit.t(.proofLabel)))</label><p class=\"hint\" id=\"f-proof-hint\">"
    main += "\(esc(visit.t(.proofHint)))</p><textarea id=\"f-proof\" name=\"proof\" rows=\"8\" "
    main += "dir=\"ltr\" spellcheck=\"false\" required aria-describedby=\"f-proof-hint\">"
    main += "\(esc(proof))</textarea></div>"
    main += "<div class=\"field\" style=\"margin-top:1rem\"><label for=\"f-signature\">"
    main +=
      "\(esc(visit.t(.signatureLabel))) <span class=\"opt\">(\(esc(visit.t(.optional))))</span>"
    main += "</label><p class=\"hint\" id=\"f-signature-hint\">\(esc(visit.t(.signatureHint)))</p>"
    main +=
      "<textarea id=\"f-signature\" name=\"signature\" rows=\"3\" dir=\"ltr\" spellcheck=\"false\" "
    main += "aria-describedby=\"f-signature-hint\">\(esc(signature))</textarea></div>"
    main +=
      "<div class=\"actions\"><button class=\"btn\" type=\"submit\">\(esc(visit.t(.verifyButton)))"
    main += "</button></div></form>"
    return html(
      visit.layout(current: "verify").render(title: visit.t(.verifyTitle), main: main),
      status: status)
  }

  func verify(_ visit: Visit) async throws -> Response {
    let form = try await postedForm(visit, limit: maximumDocumentBytes + 512 * 1024)
    let proof = form.raw("proof")?.replacingOccurrences(of: "\r\n", with: "\n") ?? ""
    let signature = form["signature"]
    guard let file = form.files["document"], !file.bytes.isEmpty else {
      return verifyResult(
        visit, verdict: nil, problem: visit.t(.errorFileMissing), proof: proof,
        signature: signature, status: .badRequest)
    }
    guard proof.utf8.count <= 256 * 1024, file.bytes.count <= maximumDocumentBytes else {
      throw WebFailure.tooLarge
    }
    var trimmedProof = proof.trimmingCharacters(in: .whitespacesAndNewlines)
    if !trimmedProof.isEmpty { trimmedProof += "\n" }
    let verdict = await hub.verify(
      document: file.bytes, proof: trimmedProof, signature: signature.isEmpty ? nil : signature)
    return verifyResult(visit, verdict: verdict, problem: nil, proof: proof, signature: signature)
  }
}
