/// Every piece of text the web pages show, by key. `{n}` and `{x}` in a message are filled in
/// where it is used.
public enum WebMessage: String, Sendable, Hashable, CaseIterable {
  // Layout
  case skipToContent, navDashboard, navNewInvoice, navUpload, navVerify, signOut, signedInAs
  case languageSwitch, footer, mainNavigation
  // Sign-in
  case signInTitle, signInIntro, tokenLabel, tokenHint, signInButton, errorBadToken
  case errorTokenMissing, signedOut, verifyPublicLink
  // Dashboard
  case dashboardTitle, inbox, outbox, columnStatus, columnCounterparty, columnNumber, columnDate
  case columnAmount, emptyInbox, emptyOutbox, olderPage, newestPage, statusAccepted
  case statusDelivered, statusRefused, issueFirst
  // Invoice form
  case newInvoiceTitle, newInvoiceIntro, sectionInvoice, sectionSeller, sectionBuyer
  case sectionLines, sectionAllowance, sectionPayment, fieldNumber, fieldIssueDate, fieldDueDate
  case fieldCurrency, fieldBuyerReference, fieldNote, sellerFromProfile, fieldName
  case fieldVATIdentifier, fieldStreet, fieldCity, fieldPostCode, fieldCountry
  case fieldElectronicAddress, hintElectronicAddress, hintVATIdentifier, hintCountry
  case lineNumber, fieldItemName, fieldQuantity, fieldUnit, fieldPrice, fieldVATCategory
  case fieldVATRate, hintLines, fieldAllowanceAmount, fieldAllowanceReason
  case fieldExemptionReason, hintExemptionReason, fieldPaymentTerms, fieldAccount, optional
  case vatS, vatZ, vatE, vatAE, vatK, vatG, vatO
  case unitH87, unitC62, unitKGM, unitHUR, unitDAY, unitMTR, unitLTR
  case issueButton, errorSummaryTitle, ruleLabel, errorNumber, errorRequired, errorDate
  case errorAddress, errorNoLines, errorNumberUsed, issuedBanner, errorSellerAddress
  // Plain words for the rules a form most often breaks
  case ruleVATPrefix, ruleSellerVAT, ruleBuyerVAT, ruleExemption, ruleCountry, ruleCurrency
  case ruleUnit, ruleScheme, rulePositiveRate, ruleZeroRate, ruleNoRate, ruleAllowanceReason
  case ruleRequired, ruleDueDate
  // Upload
  case uploadTitle, uploadIntro, fileLabel, fileHint, checkButton, checkAndSubmitButton
  case findingsTitle, noFindings, severityFatal, severityWarning, whereLabel, errorFileMissing
  case errorFileTooLarge, errorUnreadable, resultValid, resultInvalid, termsLabel
  // Document
  case downloadTitle, formatUBL, formatCII, formatJSON, receiptLink, sentTo, receivedFrom
  case backToDashboard, documentDetails, syntaxLabel
  case deliveryLabel, deliveryQueued, deliverySent, deliveryCancelled, deliveryReason
  // Receipt
  case receiptTitle, receiptIntro, logIndex, treeSize, digest, receivedAt, checkpoint, proof
  case signature, downloadReceipt, checkItLink
  // Verify
  case verifyTitle, verifyIntro, documentFileLabel, proofLabel, proofHint, signatureLabel
  case signatureHint, verifyButton, verdictValid, verdictInvalid, checkReceipt, checkInclusion
  case checkConsistency, checkSignature, passed, failed
  // Errors
  case notFoundTitle, notFoundText, expiredTitle, expiredText, errorTitle, errorText
  case tooLargeText
}
