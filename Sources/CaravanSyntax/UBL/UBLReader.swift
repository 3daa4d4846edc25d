import CaravanModel
import CaravanXML

/// Reads a UBL 2.1 `Invoice` or `CreditNote` tree into the EN 16931 model, following the
/// syntax binding of EN 16931-3-2 (the paths the official `EN16931-UBL-model.sch` names).
///
/// Each element's children are read in one pass, switching on their prefixed names. Elements
/// that EN 16931 does not use (the `UBL-CR-…` list of the official artefacts) are reported
/// with ``ReadContext/notCarried(_:)``; values that cannot be read are reported as errors.
final class UBLReader {
  let context: ReadContext
  var invoice = Invoice()
  /// True for a `CreditNote` document element.
  let isCreditNote: Bool

  // Single-valued terms held as optionals until the end, so that duplicates are detected.
  private var number: String?
  private var typeCode: String?
  private var currencyCode: String?
  private var specification: String?
  var meansCode: String?
  /// BT-90, from `cac:PartyIdentification/cbc:ID[@schemeID='SEPA']` of the seller or payee.
  var creditorIdentifier: String?

  init(_ context: ReadContext) {
    self.context = context
    self.isCreditNote = context.name(context.tree.root) == "CreditNote"
  }

  /// Reads the whole document.
  func read() -> Invoice {
    let root = context.tree.root
    for child in context.children(root) {
      readHeaderElement(child)
    }
    invoice.number = number ?? ""
    invoice.typeCode = typeCode ?? ""
    invoice.currencyCode = currencyCode ?? ""
    invoice.processControl.specificationIdentifier = specification ?? ""
    if let meansCode { invoice.paymentInstructions?.meansCode = meansCode }
    if let creditorIdentifier {
      var instructions = invoice.paymentInstructions ?? PaymentInstructions()
      var debit = instructions.directDebit ?? DirectDebit()
      debit.creditorIdentifier = creditorIdentifier
      instructions.directDebit = debit
      invoice.paymentInstructions = instructions
    }
    // The reader is done with it: move it out rather than copy it.
    return takeOut(&invoice, leaving: Invoice())
  }

  /// One child of the document element.
  private func readHeaderElement(_ child: XMLTree.Element) {
    switch context.name(child) {
    case "cbc:UBLVersionID":
      // Fixed by the syntax (UBL-CR-002 allows only 2.1).
      if context.string(child) != "2.1" { context.notCarried(child) }
    case "cbc:CustomizationID":
      context.single(&specification, context.string(child), child, term: "BT-24")
    case "cbc:ProfileID":
      context.single(
        &invoice.processControl.businessProcessType, context.string(child), child, term: "BT-23")
    case "cbc:ID": context.single(&number, context.string(child), child, term: "BT-1")
    case "cbc:IssueDate":
      context.single(&invoice.issueDate, context.isoDate(child), child, term: "BT-2")
    case "cbc:DueDate":
      context.single(&invoice.paymentDueDate, context.isoDate(child), child, term: "BT-9")
    case "cbc:InvoiceTypeCode", "cbc:CreditNoteTypeCode":
      context.single(&typeCode, context.string(child), child, term: "BT-3")
    case "cbc:Note":
      if let text = context.string(child) { invoice.notes.append(Self.note(text)) }
    case "cbc:TaxPointDate":
      context.single(&invoice.vatPointDate, context.isoDate(child), child, term: "BT-7")
    case "cbc:DocumentCurrencyCode":
      context.single(&currencyCode, context.string(child), child, term: "BT-5")
    case "cbc:TaxCurrencyCode":
      context.single(
        &invoice.vatAccountingCurrencyCode, context.string(child), child, term: "BT-6")
    case "cbc:AccountingCost":
      context.single(
        &invoice.buyerAccountingReference, context.string(child), child, term: "BT-19")
    case "cbc:BuyerReference":
      context.single(&invoice.buyerReference, context.string(child), child, term: "BT-10")
    case "cac:InvoicePeriod": readInvoicePeriod(child)
    case "cac:OrderReference": readOrderReference(child)
    case "cac:BillingReference": readBillingReference(child)
    case "cac:DespatchDocumentReference":
      readReference(child, into: &invoice.despatchAdviceReference, term: "BT-16")
    case "cac:ReceiptDocumentReference":
      readReference(child, into: &invoice.receivingAdviceReference, term: "BT-15")
    case "cac:OriginatorDocumentReference":
      readReference(child, into: &invoice.tenderOrLotReference, term: "BT-17")
    case "cac:ContractDocumentReference":
      readReference(child, into: &invoice.contractReference, term: "BT-12")
    case "cac:ProjectReference":
      readReference(child, into: &invoice.projectReference, term: "BT-11")
    case "cac:AdditionalDocumentReference": readAdditionalDocument(child)
    case "cac:AccountingSupplierParty": readSellerParty(child)
    case "cac:AccountingCustomerParty": readBuyerParty(child)
    case "cac:PayeeParty": readPayee(child)
    case "cac:TaxRepresentativeParty": readTaxRepresentative(child)
    case "cac:Delivery": readDelivery(child)
    case "cac:PaymentMeans": readPaymentMeans(child)
    case "cac:PaymentTerms": readPaymentTerms(child)
    case "cac:AllowanceCharge": readDocumentAllowanceCharge(child)
    case "cac:TaxTotal": readTaxTotal(child)
    case "cac:LegalMonetaryTotal": readMonetaryTotal(child)
    case "cac:InvoiceLine", "cac:CreditNoteLine":
      var line = InvoiceLine()
      readLine(child, into: &line)
      invoice.lines.append(consume line)
    default: context.notCarried(child)
    }
  }

  /// BG-1: a `cbc:Note`, whose text may start with the BT-21 subject code as `#CODE#`.
  static func note(_ text: String) -> Note {
    let utf8 = text.utf8
    guard utf8.first == UInt8(ascii: "#") else { return Note(text) }
    let afterFirst = utf8.index(after: utf8.startIndex)
    guard let second = utf8[afterFirst...].firstIndex(of: UInt8(ascii: "#")),
      second > afterFirst
    else { return Note(text) }
    let code = String(text[afterFirst..<second])
    let rest = String(text[text.index(after: second)...])
    return Note(rest, subjectCode: code)
  }

  /// BG-14 `cac:InvoicePeriod`: BT-73, BT-74 and BT-8.
  private func readInvoicePeriod(_ element: XMLTree.Element) {
    var period = invoice.invoicingPeriod ?? Period()
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:StartDate":
        context.single(&period.start, context.isoDate(child), child, term: "BT-73")
      case "cbc:EndDate": context.single(&period.end, context.isoDate(child), child, term: "BT-74")
      case "cbc:DescriptionCode":
        context.single(&invoice.vatPointDateCode, context.string(child), child, term: "BT-8")
      default: context.notCarried(child)
      }
    }
    if period.start != nil || period.end != nil { invoice.invoicingPeriod = period }
  }

  /// `cac:OrderReference`: BT-13 (`cbc:ID`) and BT-14 (`cbc:SalesOrderID`).
  ///
  /// UBL requires `cbc:ID`; a document with only a sales order reference carries `NA` there,
  /// which is read as "no purchase order reference".
  private func readOrderReference(_ element: XMLTree.Element) {
    var orderID: String?
    var orderElement: XMLTree.Element?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ID":
        orderElement = child
        context.single(&orderID, context.string(child), child, term: "BT-13")
      case "cbc:SalesOrderID":
        context.single(&invoice.salesOrderReference, context.string(child), child, term: "BT-14")
      default: context.notCarried(child)
      }
    }
    if orderID == "NA" && invoice.salesOrderReference != nil { return }
    if let orderElement {
      context.single(&invoice.purchaseOrderReference, orderID, orderElement, term: "BT-13")
    }
  }

  /// BG-3 `cac:BillingReference/cac:InvoiceDocumentReference`: BT-25 and BT-26.
  private func readBillingReference(_ element: XMLTree.Element) {
    for child in context.children(element) {
      guard context.name(child) == "cac:InvoiceDocumentReference" else {
        context.notCarried(child)
        continue
      }
      var reference: String?
      var issueDate: CalendarDate?
      for part in context.children(child) {
        switch context.name(part) {
        case "cbc:ID": context.single(&reference, context.string(part), part, term: "BT-25")
        case "cbc:IssueDate":
          context.single(&issueDate, context.isoDate(part), part, term: "BT-26")
        default: context.notCarried(part)
        }
      }
      invoice.precedingInvoices.append(
        PrecedingInvoiceReference(reference ?? "", issueDate: issueDate))
    }
  }

  /// A document reference whose only term is its `cbc:ID` (BT-11, BT-12, BT-15, BT-16, BT-17).
  private func readReference(
    _ element: XMLTree.Element, into slot: inout String?, term: String
  ) {
    for child in context.children(element) {
      if context.name(child) == "cbc:ID" {
        context.single(&slot, context.string(child), child, term: term)
      } else {
        context.notCarried(child)
      }
    }
  }

  /// `cac:AdditionalDocumentReference`: BT-18 when `cbc:DocumentTypeCode` is 130, BT-11 when it
  /// is 50 (a CreditNote has no `cac:ProjectReference`), otherwise BG-24 (BT-122 … BT-125).
  private func readAdditionalDocument(_ element: XMLTree.Element) {
    var idElement: XMLTree.Element?
    var typeCode: String?
    var typeElement: XMLTree.Element?
    var details: [XMLTree.Element] = []
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ID":
        if idElement != nil {
          context.error(child, "cbc:ID appears more than once; the reference takes one value")
        } else {
          idElement = child
        }
      case "cbc:DocumentTypeCode":
        typeElement = child
        context.single(&typeCode, context.string(child), child, term: "the document type")
      case "cbc:DocumentDescription", "cac:Attachment": details.append(child)
      default: context.notCarried(child)
      }
    }
    let id = idElement.flatMap { context.string($0) }
    switch typeCode {
    case "130":
      if let idElement {
        let identifier = id.map {
          Identifier($0, scheme: context.attribute("schemeID", of: idElement))
        }
        context.single(&invoice.invoicedObjectIdentifier, identifier, idElement, term: "BT-18")
      }
      for detail in details { context.notCarried(detail) }
    case "50":
      if let idElement {
        context.single(&invoice.projectReference, id, idElement, term: "BT-11")
      }
      for detail in details { context.notCarried(detail) }
    default:
      if let typeElement, typeCode != nil { context.notCarried(typeElement) }
      var document = SupportingDocument(reference: id ?? "")
      for detail in details {
        if context.name(detail) == "cac:Attachment" {
          readAttachment(detail, into: &document)
        } else {
          context.single(&document.description, context.string(detail), detail, term: "BT-123")
        }
      }
      invoice.supportingDocuments.append(document)
    }
  }

  /// `cac:Attachment`: BT-125 (embedded, with BT-125-1 and BT-125-2) and BT-124 (external).
  private func readAttachment(_ element: XMLTree.Element, into document: inout SupportingDocument) {
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:EmbeddedDocumentBinaryObject":
        guard let content = context.tree.withText(child, { AttachmentBase64.decode($0) }) else {
          context.error(child, "the attached document is not valid base64")
          continue
        }
        let attachment = Attachment(
          content: content, mimeCode: context.attribute("mimeCode", of: child) ?? "",
          filename: context.attribute("filename", of: child) ?? "")
        context.single(&document.attachment, attachment, child, term: "BT-125")
      case "cac:ExternalReference":
        for part in context.children(child) {
          if context.name(part) == "cbc:URI" {
            context.single(&document.externalLocation, context.string(part), part, term: "BT-124")
          } else {
            context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
  }

  /// `cac:PaymentTerms/cbc:Note`: BT-20.
  private func readPaymentTerms(_ element: XMLTree.Element) {
    for child in context.children(element) {
      if context.name(child) == "cbc:Note" {
        context.single(&invoice.paymentTerms, context.string(child), child, term: "BT-20")
      } else {
        context.notCarried(child)
      }
    }
  }

  // MARK: Shared value readers

  /// An identifier with its `schemeID` attribute as the scheme.
  func identifier(_ element: XMLTree.Element) -> Identifier? {
    guard let value = context.string(element) else { return nil }
    return Identifier(value, scheme: context.attribute("schemeID", of: element))
  }

  /// An `xs:boolean` (`cbc:ChargeIndicator`); an error diagnostic when it is not one.
  func boolean(_ element: XMLTree.Element) -> Bool? {
    switch context.string(element) {
    case "true", "1": return true
    case "false", "0": return false
    case nil: return nil
    case let text?:
      context.error(element, "'\(text)' is not a boolean (true or false)")
      return nil
    }
  }

  /// Stores `value` in a term that repeated groups must state alike (BT-81, BT-82 and BT-83
  /// in each `cac:PaymentMeans`); a different value is an error.
  func agree(_ slot: inout String?, _ value: String?, _ element: XMLTree.Element, term: String) {
    guard let value else { return }
    if let existing = slot, existing != value {
      context.error(
        element, "'\(value)' differs from '\(existing)' given before; \(term) takes one value")
      return
    }
    slot = value
  }
}
