import CaravanModel
import CaravanXML

extension CIIWriter {
  /// BG-25 `ram:IncludedSupplyChainTradeLineItem`.
  mutating func writeLine(_ line: InvoiceLine) {
    w.open("ram:IncludedSupplyChainTradeLineItem")
    w.open("ram:AssociatedDocumentLineDocument")
    w.element("ram:LineID", line.identifier)
    w.open("ram:IncludedNote")
    w.element("ram:Content", line.note)
    w.close()
    w.close()
    writeItem(line.item)
    writeLineAgreement(line)
    w.open("ram:SpecifiedLineTradeDelivery")
    w.element("ram:BilledQuantity", line.quantity, attribute: ("unitCode", line.unitCode))
    w.close()
    writeLineSettlement(line)
    w.close()
  }

  /// BG-31 `ram:SpecifiedTradeProduct`, with BG-32 and BT-158.
  mutating func writeItem(_ item: ItemInformation) {
    w.open("ram:SpecifiedTradeProduct")
    if let id = item.standardIdentifier {
      w.element("ram:GlobalID", id.value, attribute: ("schemeID", id.scheme))
    }
    w.element("ram:SellerAssignedID", item.sellerIdentifier)
    w.element("ram:BuyerAssignedID", item.buyerIdentifier)
    w.element("ram:Name", item.name)
    w.element("ram:Description", item.description)
    for attribute in item.attributes {
      w.open("ram:ApplicableProductCharacteristic")
      w.element("ram:Description", attribute.name)
      w.element("ram:Value", attribute.value)
      w.close()
    }
    for classification in item.classifications {
      w.open("ram:DesignatedProductClassification")
      w.element(
        "ram:ClassCode", classification.code,
        attributes: [
          ("listID", classification.scheme), ("listVersionID", classification.schemeVersion),
        ])
      w.close()
    }
    w.open("ram:OriginTradeCountry")
    w.element("ram:ID", item.countryOfOrigin)
    w.close()
    w.close()
  }

  /// `ram:SpecifiedLineTradeAgreement`: BT-132 and BG-29. BT-149/BT-150 go with the net price,
  /// and with the gross price too when one is written (the two base quantities are one term).
  mutating func writeLineAgreement(_ line: InvoiceLine) {
    let price = line.price
    w.open("ram:SpecifiedLineTradeAgreement")
    w.open("ram:BuyerOrderReferencedDocument")
    w.element("ram:LineID", line.purchaseOrderLineReference)
    w.close()
    if price.grossPrice != nil || price.discount != nil {
      w.open("ram:GrossPriceProductTradePrice")
      w.element("ram:ChargeAmount", price.grossPrice)
      w.element(
        "ram:BasisQuantity", price.baseQuantity,
        attribute: ("unitCode", price.baseQuantityUnitCode))
      if let discount = price.discount {
        w.open("ram:AppliedTradeAllowanceCharge")
        writeChargeIndicator(false)
        w.element("ram:ActualAmount", discount)
        w.close()
      }
      w.close()
    }
    w.open("ram:NetPriceProductTradePrice")
    w.element("ram:ChargeAmount", price.netPrice)
    w.element(
      "ram:BasisQuantity", price.baseQuantity,
      attribute: ("unitCode", price.baseQuantityUnitCode))
    w.close()
    w.close()
  }

  /// `ram:SpecifiedLineTradeSettlement`: BG-30, BG-26, BG-27/BG-28, BT-131, BT-128, BT-133.
  mutating func writeLineSettlement(_ line: InvoiceLine) {
    w.open("ram:SpecifiedLineTradeSettlement")
    w.open("ram:ApplicableTradeTax")
    w.element("ram:TypeCode", "VAT")
    w.element("ram:CategoryCode", line.vat.categoryCode)
    w.element("ram:RateApplicablePercent", line.vat.rate)
    w.close()
    writePeriod(line.period)
    for allowance in line.allowances { writeLineAllowanceCharge(allowance, isCharge: false) }
    for charge in line.charges { writeLineAllowanceCharge(charge, isCharge: true) }
    w.open("ram:SpecifiedTradeSettlementLineMonetarySummation")
    w.element("ram:LineTotalAmount", line.netAmount)
    w.close()
    if let object = line.objectIdentifier { writeObjectIdentifier(object) }
    w.open("ram:ReceivableSpecifiedTradeAccountingAccount")
    w.element("ram:ID", line.buyerAccountingReference)
    w.close()
    w.close()
  }

  /// BG-27 / BG-28 `ram:SpecifiedTradeAllowanceCharge` of a line.
  mutating func writeLineAllowanceCharge(_ value: LineAllowanceCharge, isCharge: Bool) {
    w.open("ram:SpecifiedTradeAllowanceCharge")
    writeChargeIndicator(isCharge)
    w.element("ram:CalculationPercent", value.percentage)
    w.element("ram:BasisAmount", value.baseAmount)
    w.element("ram:ActualAmount", value.amount)
    w.element("ram:ReasonCode", value.reasonCode)
    w.element("ram:Reason", value.reason)
    w.close()
  }
}
