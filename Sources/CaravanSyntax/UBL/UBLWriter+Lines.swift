import CaravanModel
import CaravanXML

extension UBLWriter {
  /// BG-25 as `cac:InvoiceLine`, or `cac:CreditNoteLine` with `cbc:CreditedQuantity` in a
  /// CreditNote.
  mutating func writeLine(_ line: InvoiceLine) {
    w.open(isCreditNote ? "cac:CreditNoteLine" : "cac:InvoiceLine")
    w.element("cbc:ID", line.identifier)
    w.element("cbc:Note", line.note)
    w.element(
      isCreditNote ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", line.quantity,
      attribute: ("unitCode", line.unitCode))
    amount("cbc:LineExtensionAmount", line.netAmount)
    w.element("cbc:AccountingCost", line.buyerAccountingReference)
    w.open("cac:InvoicePeriod")
    w.element("cbc:StartDate", line.period?.start)
    w.element("cbc:EndDate", line.period?.end)
    w.close()
    w.open("cac:OrderLineReference")
    w.element("cbc:LineID", line.purchaseOrderLineReference)
    w.close()
    if let object = line.objectIdentifier {
      w.open("cac:DocumentReference")
      w.element("cbc:ID", object.value, attribute: ("schemeID", object.scheme))
      w.element("cbc:DocumentTypeCode", "130")
      w.close()
    }
    for allowance in line.allowances { writeLineAllowanceCharge(allowance, isCharge: false) }
    for charge in line.charges { writeLineAllowanceCharge(charge, isCharge: true) }
    writeItem(line)
    writePrice(line.price)
    w.close()
  }

  /// BG-27 / BG-28 `cac:AllowanceCharge` on a line (no tax category: UBL-CR-…).
  private mutating func writeLineAllowanceCharge(_ value: LineAllowanceCharge, isCharge: Bool) {
    w.open("cac:AllowanceCharge")
    w.element("cbc:ChargeIndicator", isCharge ? "true" : "false")
    w.element("cbc:AllowanceChargeReasonCode", value.reasonCode)
    w.element("cbc:AllowanceChargeReason", value.reason)
    w.element("cbc:MultiplierFactorNumeric", value.percentage)
    amount("cbc:Amount", value.amount)
    amount("cbc:BaseAmount", value.baseAmount)
    w.close()
  }

  /// BG-31 `cac:Item`, with BG-30 as `cac:ClassifiedTaxCategory` and BG-32.
  private mutating func writeItem(_ line: InvoiceLine) {
    let item = line.item
    w.open("cac:Item")
    w.element("cbc:Description", item.description)
    w.element("cbc:Name", item.name)
    w.open("cac:BuyersItemIdentification")
    w.element("cbc:ID", item.buyerIdentifier)
    w.close()
    w.open("cac:SellersItemIdentification")
    w.element("cbc:ID", item.sellerIdentifier)
    w.close()
    if let standard = item.standardIdentifier {
      w.open("cac:StandardItemIdentification")
      w.element("cbc:ID", standard.value, attribute: ("schemeID", standard.scheme))
      w.close()
    }
    w.open("cac:OriginCountry")
    w.element("cbc:IdentificationCode", item.countryOfOrigin)
    w.close()
    for classification in item.classifications {
      w.open("cac:CommodityClassification")
      w.element(
        "cbc:ItemClassificationCode", classification.code,
        attributes: [
          ("listID", classification.scheme), ("listVersionID", classification.schemeVersion),
        ])
      w.close()
    }
    writeTaxCategory("cac:ClassifiedTaxCategory", line.vat.categoryCode, line.vat.rate)
    for attribute in item.attributes {
      w.open("cac:AdditionalItemProperty")
      w.element("cbc:Name", attribute.name)
      w.element("cbc:Value", attribute.value)
      w.close()
    }
    w.close()
  }

  /// BG-29 `cac:Price`; BT-147 and BT-148 as its allowance.
  private mutating func writePrice(_ price: PriceDetails) {
    w.open("cac:Price")
    amount("cbc:PriceAmount", price.netPrice)
    w.element(
      "cbc:BaseQuantity", price.baseQuantity, attribute: ("unitCode", price.baseQuantityUnitCode))
    if price.discount != nil || price.grossPrice != nil {
      w.open("cac:AllowanceCharge")
      w.element("cbc:ChargeIndicator", "false")
      // UBL requires cbc:Amount: a gross price without discount has a discount of zero.
      amount("cbc:Amount", price.discount ?? .zero)
      amount("cbc:BaseAmount", price.grossPrice)
      w.close()
    }
    w.close()
  }
}
