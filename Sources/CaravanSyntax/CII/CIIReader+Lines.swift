import CaravanModel
import CaravanXML

extension CIIReader {
  /// BG-25 `ram:IncludedSupplyChainTradeLineItem`.
  func readLine(_ element: Element) -> InvoiceLine {
    var line = InvoiceLine()
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:AssociatedDocumentLineDocument":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:LineID": setText(&line.identifier, context.string(part), part, term: "BT-126")
          case "ram:IncludedNote":
            context.single(&line.note, communication(part, "ram:Content"), part, term: "BT-127")
          default: context.notCarried(part)
          }
        }
      case "ram:SpecifiedTradeProduct": line.item = readItem(child)
      case "ram:SpecifiedLineTradeAgreement": readLineAgreement(child, into: &line)
      case "ram:SpecifiedLineTradeDelivery":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:BilledQuantity":
            setDecimal(&line.quantity, part, term: "BT-129")
            line.unitCode = context.attribute("unitCode", of: part)
          default: context.notCarried(part)
          }
        }
      case "ram:SpecifiedLineTradeSettlement": readLineSettlement(child, into: &line)
      default: context.notCarried(child)
      }
    }
    return takeOut(&line, leaving: InvoiceLine())
  }

  /// BG-31 `ram:SpecifiedTradeProduct`: BT-157 `ram:GlobalID`, BT-155 `ram:SellerAssignedID`,
  /// BT-156 `ram:BuyerAssignedID`, BT-153 `ram:Name`, BT-154 `ram:Description`, BG-32
  /// `ram:ApplicableProductCharacteristic`, BT-158 `ram:DesignatedProductClassification`,
  /// BT-159 `ram:OriginTradeCountry`.
  func readItem(_ element: Element) -> ItemInformation {
    var item = ItemInformation()
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:GlobalID":
        if let value = context.string(child) {
          context.single(
            &item.standardIdentifier,
            Identifier(value, scheme: context.attribute("schemeID", of: child)), child,
            term: "BT-157")
        }
      case "ram:SellerAssignedID":
        context.single(&item.sellerIdentifier, context.string(child), child, term: "BT-155")
      case "ram:BuyerAssignedID":
        context.single(&item.buyerIdentifier, context.string(child), child, term: "BT-156")
      case "ram:Name": setText(&item.name, context.string(child), child, term: "BT-153")
      case "ram:Description":
        context.single(&item.description, context.string(child), child, term: "BT-154")
      case "ram:ApplicableProductCharacteristic":
        var name: String?
        var value: String?
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:Description": context.single(&name, context.string(part), part, term: "BT-160")
          case "ram:Value": context.single(&value, context.string(part), part, term: "BT-161")
          default: context.notCarried(part)
          }
        }
        if name != nil || value != nil {
          item.attributes.append(ItemAttribute(name: name ?? "", value: value ?? ""))
        }
      case "ram:DesignatedProductClassification":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:ClassCode":
            if let code = context.string(part) {
              item.classifications.append(
                Classification(
                  code, scheme: context.attribute("listID", of: part),
                  schemeVersion: context.attribute("listVersionID", of: part)))
            }
          default: context.notCarried(part)
          }
        }
      case "ram:OriginTradeCountry":
        context.single(
          &item.countryOfOrigin, communication(child, "ram:ID"), child, term: "BT-159")
      default: context.notCarried(child)
      }
    }
    return item
  }

  /// `ram:SpecifiedLineTradeAgreement`: BT-132 `ram:BuyerOrderReferencedDocument/ram:LineID`
  /// and BG-29 prices. BT-148 and BT-147 are in `ram:GrossPriceProductTradePrice`, BT-146 in
  /// `ram:NetPriceProductTradePrice`; BT-149/BT-150 are read from the net price's
  /// `ram:BasisQuantity`, or from the gross price's when the net price has none.
  func readLineAgreement(_ element: Element, into line: inout InvoiceLine) {
    var grossBasis: (quantity: DecimalNumber?, unit: String?, element: Element)?
    var netBasis: (quantity: DecimalNumber?, unit: String?)?
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:BuyerOrderReferencedDocument":
        context.single(
          &line.purchaseOrderLineReference, communication(child, "ram:LineID"), child,
          term: "BT-132")
      case "ram:GrossPriceProductTradePrice":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:ChargeAmount": setDecimal(&line.price.grossPrice, part, term: "BT-148")
          case "ram:BasisQuantity":
            grossBasis = (context.decimal(part), context.attribute("unitCode", of: part), part)
          case "ram:AppliedTradeAllowanceCharge":
            for piece in context.children(part) {
              switch context.name(piece) {
              case "ram:ChargeIndicator":
                if indicator(piece) == true {
                  context.error(piece, "an item price discount (BT-147) cannot be a charge")
                }
              case "ram:ActualAmount": setDecimal(&line.price.discount, piece, term: "BT-147")
              default: context.notCarried(piece)
              }
            }
          default: context.notCarried(part)
          }
        }
      case "ram:NetPriceProductTradePrice":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:ChargeAmount": setDecimal(&line.price.netPrice, part, term: "BT-146")
          case "ram:BasisQuantity":
            if netBasis != nil {
              context.error(
                part, "ram:BasisQuantity appears more than once; BT-149 takes one value")
            } else {
              netBasis = (context.decimal(part), context.attribute("unitCode", of: part))
            }
          default: context.notCarried(part)
          }
        }
      default: context.notCarried(child)
      }
    }
    if let netBasis {
      line.price.baseQuantity = netBasis.quantity
      line.price.baseQuantityUnitCode = netBasis.unit
      if let grossBasis,
        grossBasis.quantity != netBasis.quantity || grossBasis.unit != netBasis.unit
      {
        context.notCarried(grossBasis.element)
      }
    } else if let grossBasis {
      line.price.baseQuantity = grossBasis.quantity
      line.price.baseQuantityUnitCode = grossBasis.unit
    }
  }

  /// `ram:SpecifiedLineTradeSettlement`: BG-30 `ram:ApplicableTradeTax`, BG-26, BG-27/BG-28,
  /// BT-131, BT-128 (`ram:AdditionalReferencedDocument` of type 130) and BT-133.
  func readLineSettlement(_ element: Element, into line: inout InvoiceLine) {
    for child in context.children(element) {
      switch context.name(child) {
      case "ram:ApplicableTradeTax":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:TypeCode": break  // always VAT in EN 16931
          case "ram:CategoryCode":
            setText(&line.vat.categoryCode, context.string(part), part, term: "BT-151")
          case "ram:RateApplicablePercent": setDecimal(&line.vat.rate, part, term: "BT-152")
          default: context.notCarried(part)
          }
        }
      case "ram:BillingSpecifiedPeriod":
        context.single(&line.period, period(child), child, term: "BG-26")
      case "ram:SpecifiedTradeAllowanceCharge":
        let (isCharge, value) = readAllowanceCharge(child, documentLevel: false)
        var lineValue = LineAllowanceCharge(amount: value.amount)
        lineValue.baseAmount = value.baseAmount
        lineValue.percentage = value.percentage
        lineValue.reason = value.reason
        lineValue.reasonCode = value.reasonCode
        if isCharge { line.charges.append(lineValue) } else { line.allowances.append(lineValue) }
      case "ram:SpecifiedTradeSettlementLineMonetarySummation":
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:LineTotalAmount": setDecimal(&line.netAmount, part, term: "BT-131")
          default: context.notCarried(part)
          }
        }
      case "ram:AdditionalReferencedDocument":
        var id: String?
        var typeCode: String?
        var scheme: String?
        for part in context.children(child) {
          switch context.name(part) {
          case "ram:IssuerAssignedID":
            context.single(&id, context.string(part), part, term: "BT-128")
          case "ram:TypeCode":
            context.single(&typeCode, context.string(part), part, term: "TypeCode")
          case "ram:ReferenceTypeCode":
            context.single(&scheme, context.string(part), part, term: "BT-128-1")
          default: context.notCarried(part)
          }
        }
        if typeCode == nil || typeCode == "130", let id {
          context.single(
            &line.objectIdentifier, Identifier(id, scheme: scheme), child, term: "BT-128")
        } else {
          context.notCarried(child)
        }
      case "ram:ReceivableSpecifiedTradeAccountingAccount":
        context.single(
          &line.buyerAccountingReference, accountingAccountID(child), child, term: "BT-133")
      default: context.notCarried(child)
      }
    }
  }
}
