import CaravanModel
import CaravanXML

/// Reads an `rsm:CrossIndustryInvoice` into the EN 16931 model (EN 16931-3-3).
///
/// Each element's children are visited once and dispatched on their prefixed name. Terms
/// outside the model are reported with ``ReadContext/notCarried(_:)``; malformed values and
/// duplicated single-valued terms with an error diagnostic.
struct CIIReader {
  typealias Element = XMLTree.Element
  let context: ReadContext

  /// Reads the whole document.
  func read() -> Invoice {
    var invoice = Invoice(typeCode: "")
    for child in context.children(context.tree.root) {
      switch context.name(child) {
      case "rsm:ExchangedDocumentContext": readDocumentContext(child, into: &invoice)
      case "rsm:ExchangedDocument": readExchangedDocument(child, into: &invoice)
      case "rsm:SupplyChainTradeTransaction": readTransaction(child, into: &invoice)
      default: context.notCarried(child)
      }
    }
    return invoice
  }

  /// BG-2 PROCESS CONTROL: BT-23 in `ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID`,
  /// BT-24 in `ram:GuidelineSpecifiedDocumentContextParameter/ram:ID`.
  func readDocumentContext(_ element: Element, into invoice: inout Invoice) {
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:BusinessProcessSpecifiedDocumentContextParameter":
        context.single(
          &invoice.processControl.businessProcessType, parameterID(child), child, term: "BT-23")
      case "ram:GuidelineSpecifiedDocumentContextParameter":
        if let id = parameterID(child) {
          setText(&invoice.processControl.specificationIdentifier, id, child, term: "BT-24")
        }
      default: context.notCarried(child)
      }
    }
  }

  /// The `ram:ID` of a document context parameter.
  func parameterID(_ element: Element) -> String? {
    var id: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:ID": context.single(&id, context.string(child), child, term: "ID")
      default: context.notCarried(child)
      }
    }
    return id
  }

  /// `rsm:ExchangedDocument`: BT-1, BT-3, BT-2 and BG-1 notes (BT-21 `ram:SubjectCode`, BT-22
  /// `ram:Content`).
  func readExchangedDocument(_ element: Element, into invoice: inout Invoice) {
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:ID": setText(&invoice.number, context.string(child), child, term: "BT-1")
      case "ram:TypeCode": setText(&invoice.typeCode, context.string(child), child, term: "BT-3")
      case "ram:IssueDateTime":
        context.single(&invoice.issueDate, date(child), child, term: "BT-2")
      case "ram:IncludedNote":
        var text: String?
        var subject: String?
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:Content": context.single(&text, context.string(part), part, term: "BT-22")
          case "ram:SubjectCode":
            context.single(&subject, context.string(part), part, term: "BT-21")
          default: context.notCarried(part)
          }
        }
        if text != nil || subject != nil {
          invoice.notes.append(Note(text ?? "", subjectCode: subject))
        }
      default: context.notCarried(child)
      }
    }
  }

  /// `rsm:SupplyChainTradeTransaction`: the lines (BG-25) and the header agreement, delivery and
  /// settlement.
  func readTransaction(_ element: Element, into invoice: inout Invoice) {
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:IncludedSupplyChainTradeLineItem": invoice.lines.append(readLine(child))
      case "ram:ApplicableHeaderTradeAgreement": readAgreement(child, into: &invoice)
      case "ram:ApplicableHeaderTradeDelivery": readDelivery(child, into: &invoice)
      case "ram:ApplicableHeaderTradeSettlement": readSettlement(child, into: &invoice)
      default: context.notCarried(child)
      }
    }
  }

  /// `ram:ApplicableHeaderTradeAgreement`: BT-10, BG-4, BG-7, BG-11, BT-14 (seller order),
  /// BT-13 (buyer order), BT-12 (contract), BG-24 with BT-17 and BT-18 (additional referenced
  /// documents of type 916, 50 and 130), BT-11 (procuring project).
  func readAgreement(_ element: Element, into invoice: inout Invoice) {
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:BuyerReference":
        context.single(&invoice.buyerReference, context.string(child), child, term: "BT-10")
      case "ram:SellerTradeParty": invoice.seller = readSeller(child)
      case "ram:BuyerTradeParty": invoice.buyer = readBuyer(child)
      case "ram:SellerTaxRepresentativeTradeParty":
        invoice.sellerTaxRepresentative = readTaxRepresentative(child)
      case "ram:SellerOrderReferencedDocument":
        context.single(
          &invoice.salesOrderReference, issuerAssignedID(child), child, term: "BT-14")
      case "ram:BuyerOrderReferencedDocument":
        context.single(
          &invoice.purchaseOrderReference, issuerAssignedID(child), child, term: "BT-13")
      case "ram:ContractReferencedDocument":
        context.single(
          &invoice.contractReference, issuerAssignedID(child), child, term: "BT-12")
      case "ram:AdditionalReferencedDocument": readAdditionalDocument(child, into: &invoice)
      case "ram:SpecifiedProcuringProject":
        var id: String?
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:ID": context.single(&id, context.string(part), part, term: "BT-11")
          case "ram:Name": break  // required by the syntax; EN 16931 has no term for it
          default: context.notCarried(part)
          }
        }
        context.single(&invoice.projectReference, id, child, term: "BT-11")
      default: context.notCarried(child)
      }
    }
  }

  /// A referenced document that carries one term in `ram:IssuerAssignedID`.
  func issuerAssignedID(_ element: Element) -> String? {
    var id: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:IssuerAssignedID":
        context.single(&id, context.string(child), child, term: "IssuerAssignedID")
      default: context.notCarried(child)
      }
    }
    return id
  }

  /// `ram:AdditionalReferencedDocument` of the header agreement, by `ram:TypeCode`: 50 is BT-17
  /// tender or lot reference, 130 is BT-18 invoiced object identifier (BT-18-1 in
  /// `ram:ReferenceTypeCode`), anything else BG-24 (BT-122 `ram:IssuerAssignedID`, BT-123
  /// `ram:Name`, BT-124 `ram:URIID`, BT-125 `ram:AttachmentBinaryObject`).
  func readAdditionalDocument(_ element: Element, into invoice: inout Invoice) {
    var id: String?
    var typeCode: String?
    var typeCodeElement: Element?
    var name: String?
    var uri: String?
    var referenceType: String?
    var attachment: Attachment?
    var outside: [Element] = []
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:IssuerAssignedID": context.single(&id, context.string(child), child, term: "BT-122")
      case "ram:TypeCode":
        context.single(&typeCode, context.string(child), child, term: "TypeCode")
        typeCodeElement = child
      case "ram:Name":
        context.single(&name, context.string(child), child, term: "BT-123")
        outside.append(child)
      case "ram:URIID":
        context.single(&uri, context.string(child), child, term: "BT-124")
        outside.append(child)
      case "ram:ReferenceTypeCode":
        context.single(&referenceType, context.string(child), child, term: "BT-18-1")
      case "ram:AttachmentBinaryObject":
        context.single(&attachment, readAttachment(child), child, term: "BT-125")
        outside.append(child)
      default: context.notCarried(child)
      }
    }
    switch typeCode {
    case "50":
      context.single(&invoice.tenderOrLotReference, id, element, term: "BT-17")
      outside.forEach(context.notCarried)
    case "130":
      if let id {
        context.single(
          &invoice.invoicedObjectIdentifier, Identifier(id, scheme: referenceType), element,
          term: "BT-18")
      }
      outside.forEach(context.notCarried)
    default:
      if let typeCode, typeCode != "916", let typeCodeElement {
        context.notCarried(typeCodeElement)
      }
      var document = SupportingDocument(reference: id ?? "")
      document.description = name
      document.externalLocation = uri
      document.attachment = attachment
      invoice.supportingDocuments.append(document)
    }
  }

  /// BT-125 with BT-125-1 `@mimeCode` and BT-125-2 `@filename`; the base64 text decoded.
  func readAttachment(_ element: Element) -> Attachment? {
    guard let text = context.string(element) else { return nil }
    guard let content = AttachmentBase64.decode(text) else {
      context.error(element, "the attached document is not valid base64")
      return nil
    }
    return Attachment(
      content: content, mimeCode: context.attribute("mimeCode", of: element) ?? "",
      filename: context.attribute("filename", of: element) ?? "")
  }

  /// `ram:ApplicableHeaderTradeDelivery`: BG-13 (ship-to party, actual delivery event) and
  /// BT-16 despatch advice, BT-15 receiving advice.
  func readDelivery(_ element: Element, into invoice: inout Invoice) {
    var delivery = invoice.delivery ?? DeliveryInformation()
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:ShipToTradeParty":
        let party = readParty(child, role: .shipTo)
        delivery.partyName = party.name
        delivery.locationIdentifier = party.identifiers.first
        delivery.address = party.address
      case "ram:ActualDeliverySupplyChainEvent":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:OccurrenceDateTime":
            context.single(&delivery.actualDeliveryDate, date(part), part, term: "BT-72")
          default: context.notCarried(part)
          }
        }
      case "ram:DespatchAdviceReferencedDocument":
        context.single(
          &invoice.despatchAdviceReference, issuerAssignedID(child), child, term: "BT-16")
      case "ram:ReceivingAdviceReferencedDocument":
        context.single(
          &invoice.receivingAdviceReference, issuerAssignedID(child), child, term: "BT-15")
      default: context.notCarried(child)
      }
    }
    if delivery != DeliveryInformation() { invoice.delivery = delivery }
  }

  /// A date container (`ram:IssueDateTime`, `ram:StartDateTime`, `ram:TaxPointDate` …) holding a
  /// format 102 `udt:DateTimeString`, `udt:DateString` or `qdt:DateTimeString`.
  func date(_ element: Element) -> CalendarDate? {
    var value: CalendarDate?
    for child in context.children(element) {
      switch context.name(child) {
      case "udt:DateTimeString", "udt:DateString", "qdt:DateTimeString":
        context.single(&value, context.format102Date(child), child, term: "date")
      default: context.notCarried(child)
      }
    }
    return value
  }

  /// BG-14 / BG-26 `ram:BillingSpecifiedPeriod`: `ram:StartDateTime`, `ram:EndDateTime`.
  func period(_ element: Element) -> Period {
    var period = Period()
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:StartDateTime":
        context.single(&period.start, date(child), child, term: "start date")
      case "ram:EndDateTime": context.single(&period.end, date(child), child, term: "end date")
      default: context.notCarried(child)
      }
    }
    return period
  }

  /// A decimal child stored in a single-valued term.
  func setDecimal(
    _ slot: inout DecimalNumber?, _ element: Element, term: String
  ) {
    context.single(&slot, context.decimal(element), element, term: term)
  }

  /// Stores `value` in a mandatory text term (empty until set), reporting a duplicate.
  func setText(_ slot: inout String, _ value: String?, _ element: Element, term: String) {
    guard let value else { return }
    if !slot.isEmpty {
      context.error(
        element, "\(context.displayName(element)) appears more than once; \(term) takes one value")
      return
    }
    slot = value
  }

  /// The `udt:Indicator` of a `ram:ChargeIndicator` (`true`/`false`, or `1`/`0`).
  func indicator(_ element: Element) -> Bool? {
    var value: Bool?
    for child in context.children(element) {
      switch context.name(child) {
      case "udt:Indicator":
        switch context.string(child) {
        case "true", "1": context.single(&value, true, child, term: "ChargeIndicator")
        case "false", "0": context.single(&value, false, child, term: "ChargeIndicator")
        case let other:
          context.error(child, "'\(other ?? "")' is not an indicator (true or false)")
        }
      default: context.notCarried(child)
      }
    }
    return value
  }
}
