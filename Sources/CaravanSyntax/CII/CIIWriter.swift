import CaravanModel
import CaravanXML

/// Writes the model as an `rsm:CrossIndustryInvoice` (EN 16931-3-3), in the element order of
/// the CII D16B schema and with none of the elements the CII-SR rules exclude.
struct CIIWriter {
  let invoice: Invoice
  var w = XMLWriter()

  init(invoice: Invoice) {
    self.invoice = invoice
  }

  /// The whole document.
  mutating func write() -> [UInt8] {
    w.open(
      "rsm:CrossIndustryInvoice",
      attributes: [
        ("xmlns:rsm", Namespace.ciiRoot), ("xmlns:qdt", Namespace.qdt),
        ("xmlns:ram", Namespace.ram), ("xmlns:udt", Namespace.udt),
      ])
    writeDocumentContext()
    writeExchangedDocument()
    w.open("rsm:SupplyChainTradeTransaction")
    for line in invoice.lines { writeLine(line) }
    writeAgreement()
    writeDelivery()
    writeSettlement()
    w.close()
    return w.finish()
  }

  /// BG-2: BT-23 and BT-24 as document context parameters.
  mutating func writeDocumentContext() {
    w.open("rsm:ExchangedDocumentContext")
    w.open("ram:BusinessProcessSpecifiedDocumentContextParameter")
    w.element("ram:ID", invoice.processControl.businessProcessType)
    w.close()
    w.open("ram:GuidelineSpecifiedDocumentContextParameter")
    w.element("ram:ID", invoice.processControl.specificationIdentifier)
    w.close()
    w.close()
  }

  /// BT-1, BT-3, BT-2 and BG-1 notes.
  mutating func writeExchangedDocument() {
    w.open("rsm:ExchangedDocument")
    w.element("ram:ID", invoice.number)
    w.element("ram:TypeCode", invoice.typeCode)
    writeDate("ram:IssueDateTime", invoice.issueDate)
    for note in invoice.notes {
      w.open("ram:IncludedNote")
      w.element("ram:Content", note.text)
      w.element("ram:SubjectCode", note.subjectCode)
      w.close()
    }
    w.close()
  }

  /// `ram:ApplicableHeaderTradeAgreement`.
  mutating func writeAgreement() {
    w.open("ram:ApplicableHeaderTradeAgreement")
    w.element("ram:BuyerReference", invoice.buyerReference)
    writeSeller(invoice.seller)
    writeBuyer(invoice.buyer)
    if let representative = invoice.sellerTaxRepresentative {
      w.open("ram:SellerTaxRepresentativeTradeParty")
      w.element("ram:Name", representative.name)
      writeAddress(representative.address)
      writeTaxRegistration(representative.vatIdentifier, scheme: "VA")
      w.close()
    }
    writeReferencedDocument("ram:SellerOrderReferencedDocument", invoice.salesOrderReference)
    writeReferencedDocument("ram:BuyerOrderReferencedDocument", invoice.purchaseOrderReference)
    writeReferencedDocument("ram:ContractReferencedDocument", invoice.contractReference)
    for document in invoice.supportingDocuments {
      w.open("ram:AdditionalReferencedDocument")
      w.element("ram:IssuerAssignedID", document.reference)
      w.element("ram:URIID", document.externalLocation)
      w.element("ram:TypeCode", "916")
      w.element("ram:Name", document.description)
      if let attachment = document.attachment {
        w.element(
          "ram:AttachmentBinaryObject", AttachmentBase64.encode(attachment.content),
          attributes: [
            ("mimeCode", attachment.mimeCode.isEmpty ? nil : attachment.mimeCode),
            ("filename", attachment.filename.isEmpty ? nil : attachment.filename),
          ])
      }
      w.close()
    }
    if let tender = invoice.tenderOrLotReference {
      w.open("ram:AdditionalReferencedDocument")
      w.element("ram:IssuerAssignedID", tender)
      w.element("ram:TypeCode", "50")
      w.close()
    }
    if let object = invoice.invoicedObjectIdentifier {
      writeObjectIdentifier(object)
    }
    if let project = invoice.projectReference {
      w.open("ram:SpecifiedProcuringProject")
      w.element("ram:ID", project)
      // The schema requires a name; EN 16931 has none.
      w.element("ram:Name", "Project reference")
      w.close()
    }
    w.close()
  }

  /// BT-18 / BT-128: an `ram:AdditionalReferencedDocument` of type 130, the scheme in
  /// `ram:ReferenceTypeCode`.
  mutating func writeObjectIdentifier(_ identifier: Identifier) {
    w.open("ram:AdditionalReferencedDocument")
    w.element("ram:IssuerAssignedID", identifier.value)
    w.element("ram:TypeCode", "130")
    w.element("ram:ReferenceTypeCode", identifier.scheme)
    w.close()
  }

  /// A referenced document with only `ram:IssuerAssignedID`.
  mutating func writeReferencedDocument(_ name: StaticString, _ id: String?) {
    w.open(name)
    w.element("ram:IssuerAssignedID", id)
    w.close()
  }

  /// `ram:ApplicableHeaderTradeDelivery` (mandatory in the schema, so written empty when the
  /// invoice has nothing for it): BG-13, BT-16, BT-15.
  mutating func writeDelivery() {
    let before = w.byteCount
    w.open("ram:ApplicableHeaderTradeDelivery")
    if let delivery = invoice.delivery {
      w.open("ram:ShipToTradeParty")
      if let location = delivery.locationIdentifier { writePartyIdentifier(location) }
      w.element("ram:Name", delivery.partyName)
      if let address = delivery.address { writeAddress(address) }
      w.close()
      w.open("ram:ActualDeliverySupplyChainEvent")
      writeDate("ram:OccurrenceDateTime", delivery.actualDeliveryDate)
      w.close()
    }
    writeReferencedDocument("ram:DespatchAdviceReferencedDocument", invoice.despatchAdviceReference)
    writeReferencedDocument(
      "ram:ReceivingAdviceReferencedDocument", invoice.receivingAdviceReference)
    w.close()
    if w.byteCount == before { w.emptyElement("ram:ApplicableHeaderTradeDelivery") }
  }

  /// A date container with a format 102 date string (`udt:DateTimeString` unless told).
  mutating func writeDate(
    _ container: StaticString, _ date: CalendarDate?,
    as element: StaticString = "udt:DateTimeString"
  ) {
    guard let date else { return }
    w.open(container)
    w.element(element, date.format102, attribute: ("format", "102"))
    w.close()
  }

  /// BG-14 / BG-26 `ram:BillingSpecifiedPeriod`.
  mutating func writePeriod(_ period: Period?) {
    guard let period else { return }
    w.open("ram:BillingSpecifiedPeriod")
    writeDate("ram:StartDateTime", period.start)
    writeDate("ram:EndDateTime", period.end)
    w.close()
  }

  /// `ram:ChargeIndicator/udt:Indicator`.
  mutating func writeChargeIndicator(_ isCharge: Bool) {
    w.open("ram:ChargeIndicator")
    w.element("udt:Indicator", isCharge ? "true" : "false")
    w.close()
  }
}
