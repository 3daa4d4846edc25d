/// BG-16 PAYMENT INSTRUCTIONS.
public struct PaymentInstructions: Sendable, Hashable, Codable {
  /// BT-81 Payment means type code (UNTDID 4461).
  public var meansCode: String
  /// BT-82 Payment means text.
  public var meansText: String?
  /// BT-83 Remittance information.
  public var remittanceInformation: String?
  /// BG-17 CREDIT TRANSFER (0..n).
  public var creditTransfers: [CreditTransfer]
  /// BG-18 PAYMENT CARD INFORMATION.
  public var card: PaymentCard?
  /// BG-19 DIRECT DEBIT.
  public var directDebit: DirectDebit?

  public init(meansCode: String = "") {
    self.meansCode = meansCode
    self.creditTransfers = []
  }
}

/// BG-17 CREDIT TRANSFER.
public struct CreditTransfer: Sendable, Hashable, Codable {
  /// BT-84 Payment account identifier (an IBAN, or a proprietary account number).
  public var accountIdentifier: String
  /// BT-85 Payment account name.
  public var accountName: String?
  /// BT-86 Payment service provider identifier (a BIC, for instance).
  public var serviceProviderIdentifier: String?

  public init(accountIdentifier: String, accountName: String? = nil, serviceProvider: String? = nil)
  {
    self.accountIdentifier = accountIdentifier
    self.accountName = accountName
    self.serviceProviderIdentifier = serviceProvider
  }
}

/// BG-18 PAYMENT CARD INFORMATION.
public struct PaymentCard: Sendable, Hashable, Codable {
  /// BT-87 Payment card primary account number (at most the last 4 to 6 digits, per PCI).
  public var primaryAccountNumber: String
  /// BT-88 Payment card holder name.
  public var holderName: String?

  public init(primaryAccountNumber: String, holderName: String? = nil) {
    self.primaryAccountNumber = primaryAccountNumber
    self.holderName = holderName
  }
}

/// BG-19 DIRECT DEBIT.
public struct DirectDebit: Sendable, Hashable, Codable {
  /// BT-89 Mandate reference identifier.
  public var mandateReference: String?
  /// BT-90 Bank assigned creditor identifier.
  public var creditorIdentifier: String?
  /// BT-91 Debited account identifier.
  public var debitedAccount: String?

  public init(
    mandateReference: String? = nil, creditorIdentifier: String? = nil,
    debitedAccount: String? = nil
  ) {
    self.mandateReference = mandateReference
    self.creditorIdentifier = creditorIdentifier
    self.debitedAccount = debitedAccount
  }
}
