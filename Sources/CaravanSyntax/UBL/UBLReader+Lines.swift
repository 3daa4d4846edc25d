import CaravanModel
import CaravanXML

extension UBLReader {
  /// BG-25 `cac:InvoiceLine` or `cac:CreditNoteLine`.
  ///
  /// `cbc:ID` BT-126, `cbc:Note` BT-127, `cbc:InvoicedQuantity`/`cbc:CreditedQuantity` BT-129
  /// with `unitCode` BT-130, `cbc:LineExtensionAmount` BT-131, `cbc:AccountingCost` BT-133,
  /// `cac:InvoicePeriod` BG-26, `cac:OrderLineReference/cbc:LineID` BT-132,
  /// `cac:DocumentReference` (type 130) BT-128, `cac:AllowanceCharge` BG-27/BG-28,
  /// `cac:Item` BG-30/BG-31/BG-32, `cac:Price` BG-29.
  func readLine(_ element: XMLTree.Element, into line: inout InvoiceLine) {
    var identifier: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ID": context.single(&identifier, context.string(child), child, term: "BT-126")
      case "cbc:Note": context.single(&line.note, context.string(child), child, term: "BT-127")
      case "cbc:InvoicedQuantity", "cbc:CreditedQuantity":
        context.single(&line.quantity, context.decimal(child), child, term: "BT-129")
        context.single(
          &line.unitCode, context.attribute("unitCode", of: child), child, term: "BT-130")
      case "cbc:LineExtensionAmount":
        context.single(&line.netAmount, context.decimal(child), child, term: "BT-131")
      case "cbc:AccountingCost":
        context.single(
          &line.buyerAccountingReference, context.string(child), child, term: "BT-133")
      case "cac:InvoicePeriod":
        var period = line.period ?? Period()
        for part in context.children(child) {
          switch context.name(part) {
          case "cbc:StartDate":
            context.single(&period.start, context.isoDate(part), part, term: "BT-134")
          case "cbc:EndDate":
            context.single(&period.end, context.isoDate(part), part, term: "BT-135")
          default: context.notCarried(part)
          }
        }
        if period.start != nil || period.end != nil { line.period = period }
      case "cac:OrderLineReference":
        for part in context.children(child) {
          if context.name(part) == "cbc:LineID" {
            context.single(
              &line.purchaseOrderLineReference, context.string(part), part, term: "BT-132")
          } else {
            context.notCarried(part)
          }
        }
      case "cac:DocumentReference": readLineObject(child, into: &line)
      case "cac:AllowanceCharge": readLineAllowanceCharge(child, into: &line)
      case "cac:Item": readItem(child, into: &line)
      case "cac:Price":
        line.price = readPrice(child, existing: takeOut(&line.price, leaving: PriceDetails()))
      default: context.notCarried(child)
      }
    }
    line.identifier = identifier ?? ""
  }

  /// `cac:DocumentReference` with `cbc:DocumentTypeCode` 130 (or none): BT-128 with its scheme
  /// BT-128-1.
  private func readLineObject(_ element: XMLTree.Element, into line: inout InvoiceLine) {
    var idElement: XMLTree.Element?
    var typeCode: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ID": idElement = child
      case "cbc:DocumentTypeCode":
        context.single(&typeCode, context.string(child), child, term: "the document type")
      default: context.notCarried(child)
      }
    }
    // UBL-SR-52 allows one line document reference, which can only be BT-128; some files
    // leave out its type code.
    guard typeCode == nil || typeCode == "130" else {
      context.notCarried(element)
      return
    }
    if let idElement {
      context.single(&line.objectIdentifier, identifier(idElement), idElement, term: "BT-128")
    }
  }

  /// BG-27 / BG-28 `cac:AllowanceCharge` on a line: BT-136/141 `cbc:Amount`, BT-137/142
  /// `cbc:BaseAmount`, BT-138/143 `cbc:MultiplierFactorNumeric`, BT-139/144
  /// `cbc:AllowanceChargeReason`, BT-140/145 `cbc:AllowanceChargeReasonCode`.
  private func readLineAllowanceCharge(_ element: XMLTree.Element, into line: inout InvoiceLine) {
    var value = LineAllowanceCharge()
    var isCharge: Bool?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:ChargeIndicator":
        context.single(&isCharge, boolean(child), child, term: "the charge indicator")
      case "cbc:AllowanceChargeReasonCode":
        context.single(&value.reasonCode, context.string(child), child, term: "the reason code")
      case "cbc:AllowanceChargeReason":
        context.single(&value.reason, context.string(child), child, term: "the reason")
      case "cbc:MultiplierFactorNumeric":
        context.single(&value.percentage, context.decimal(child), child, term: "the percentage")
      case "cbc:Amount":
        context.single(&value.amount, context.decimal(child), child, term: "the amount")
      case "cbc:BaseAmount":
        context.single(&value.baseAmount, context.decimal(child), child, term: "the base amount")
      default: context.notCarried(child)
      }
    }
    switch isCharge {
    case true?: line.charges.append(value)
    case false?: line.allowances.append(value)
    case nil:
      context.error(element, "cac:AllowanceCharge has no cbc:ChargeIndicator true or false")
    }
  }

  /// BG-31 `cac:Item`: `cbc:Description` BT-154, `cbc:Name` BT-153,
  /// `cac:BuyersItemIdentification/cbc:ID` BT-156, `cac:SellersItemIdentification/cbc:ID` BT-155,
  /// `cac:StandardItemIdentification/cbc:ID` BT-157, `cac:OriginCountry` BT-159,
  /// `cac:CommodityClassification/cbc:ItemClassificationCode` BT-158 (`listID` BT-158-1,
  /// `listVersionID` BT-158-2), `cac:ClassifiedTaxCategory` BG-30 (BT-151, BT-152),
  /// `cac:AdditionalItemProperty` BG-32 (BT-160, BT-161).
  private func readItem(_ element: XMLTree.Element, into line: inout InvoiceLine) {
    var item = takeOut(&line.item, leaving: ItemInformation())
    var name: String?
    var category: String?
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:Description":
        context.single(&item.description, context.string(child), child, term: "BT-154")
      case "cbc:Name": context.single(&name, context.string(child), child, term: "BT-153")
      case "cac:BuyersItemIdentification":
        readItemIdentification(child) { id, at in
          context.single(&item.buyerIdentifier, id.value, at, term: "BT-156")
        }
      case "cac:SellersItemIdentification":
        readItemIdentification(child) { id, at in
          context.single(&item.sellerIdentifier, id.value, at, term: "BT-155")
        }
      case "cac:StandardItemIdentification":
        readItemIdentification(child) { id, at in
          context.single(&item.standardIdentifier, id, at, term: "BT-157")
        }
      case "cac:OriginCountry":
        for part in context.children(child) {
          if context.name(part) == "cbc:IdentificationCode" {
            context.single(&item.countryOfOrigin, context.string(part), part, term: "BT-159")
          } else {
            context.notCarried(part)
          }
        }
      case "cac:CommodityClassification":
        for part in context.children(child) {
          guard context.name(part) == "cbc:ItemClassificationCode" else {
            context.notCarried(part)
            continue
          }
          guard let code = context.string(part) else { continue }
          item.classifications.append(
            Classification(
              code, scheme: context.attribute("listID", of: part),
              schemeVersion: context.attribute("listVersionID", of: part)))
        }
      case "cac:ClassifiedTaxCategory":
        readTaxCategory(child) { code, rate, _, _, at in
          context.single(&category, code, at, term: "BT-151")
          context.single(&line.vat.rate, rate, at, term: "BT-152")
        }
      case "cac:AdditionalItemProperty":
        var propertyName: String?
        var propertyValue: String?
        for part in context.children(child) {
          switch context.name(part) {
          case "cbc:Name":
            context.single(&propertyName, context.string(part), part, term: "BT-160")
          case "cbc:Value":
            context.single(&propertyValue, context.string(part), part, term: "BT-161")
          default: context.notCarried(part)
          }
        }
        item.attributes.append(ItemAttribute(name: propertyName ?? "", value: propertyValue ?? ""))
      default: context.notCarried(child)
      }
    }
    if let name { item.name = name }
    if let category { line.vat.categoryCode = category }
    // Put it back by swapping (a move), as the closures above keep `item` from being consumed.
    swap(&line.item, &item)
  }

  /// `cac:…ItemIdentification/cbc:ID` with its `schemeID`.
  private func readItemIdentification(
    _ element: XMLTree.Element, _ store: (Identifier, XMLTree.Element) -> Void
  ) {
    for child in context.children(element) {
      if context.name(child) == "cbc:ID" {
        if let id = identifier(child) { store(id, child) }
      } else {
        context.notCarried(child)
      }
    }
  }

  /// BG-29 `cac:Price`: `cbc:PriceAmount` BT-146, `cbc:BaseQuantity` BT-149 with `unitCode`
  /// BT-150, and in `cac:AllowanceCharge` (an allowance) `cbc:Amount` BT-147 and
  /// `cbc:BaseAmount` BT-148.
  private func readPrice(_ element: XMLTree.Element, existing: consuming PriceDetails)
    -> PriceDetails
  {
    var price = existing
    for child in context.children(element) {
      switch context.name(child) {
      case "cbc:PriceAmount":
        context.single(&price.netPrice, context.decimal(child), child, term: "BT-146")
      case "cbc:BaseQuantity":
        context.single(&price.baseQuantity, context.decimal(child), child, term: "BT-149")
        context.single(
          &price.baseQuantityUnitCode, context.attribute("unitCode", of: child), child,
          term: "BT-150")
      case "cac:AllowanceCharge":
        for part in context.children(child) {
          switch context.name(part) {
          case "cbc:ChargeIndicator":
            // EN 16931 binds only a price discount here.
            if boolean(part) == true { context.notCarried(part) }
          case "cbc:Amount":
            // UBL requires an amount here even when there is no discount; a zero discount is
            // no discount (see `PriceDetails.discount`), so both syntaxes read it alike.
            let discount = context.decimal(part)
            context.single(
              &price.discount, discount?.isZero == true ? nil : discount, part, term: "BT-147")
          case "cbc:BaseAmount":
            context.single(&price.grossPrice, context.decimal(part), part, term: "BT-148")
          default: context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    return price
  }
}
