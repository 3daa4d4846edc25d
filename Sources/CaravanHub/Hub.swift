public import CaravanExchange
public import CaravanLog
public import CaravanModel
public import CaravanRules
public import CaravanStore
public import CaravanSyntax
public import CaravanTrust
public import CaravanXML
import Crypto
public import Foundation
public import Logging
import Metrics

/// One jurisdiction's hub: it registers participants, accepts their documents (read,
/// validated, signed, logged and stored), and lets each side read back what is theirs.
///
/// The HTTP server and the command line are thin layers over this type.
public final class Hub: Sendable {
  /// What the hub is and how it behaves.
  public struct Configuration: Sendable {
    /// ISO 3166-1 alpha-2 code of the hub's jurisdiction.
    public var jurisdiction: String
    /// Limits on submitted documents (size, depth, element count).
    public var limits: XMLLimits
    /// The other jurisdictions' hubs this one delivers to and accepts deliveries from.
    public var peers: PeerTable
    /// How failed deliveries are retried.
    public var retry: RetrySchedule
    /// How long readers may keep this hub's published directory.
    public var directoryLifetime: TimeInterval

    public init(
      jurisdiction: String, limits: XMLLimits = .standard, peers: PeerTable = PeerTable(),
      retry: RetrySchedule = .standard, directoryLifetime: TimeInterval = 300
    ) {
      self.jurisdiction = jurisdiction
      self.limits = limits
      self.peers = peers
      self.retry = retry
      self.directoryLifetime = directoryLifetime
    }
  }

  public let configuration: Configuration
  public let keys: HubKeys
  public let store: any HubStore
  let storage: StagedTileStorage
  let sequencer: LogSequencer
  let logger: Logger
  let validator: Validator
  let exchange: ExchangeState

  private let accepted = Counter(
    label: "caravan_submissions_total", dimensions: [("outcome", "accepted")])
  private let replayed = Counter(
    label: "caravan_submissions_total", dimensions: [("outcome", "replayed")])
  private let refused = Counter(
    label: "caravan_submissions_total", dimensions: [("outcome", "refused")])

  private init(
    configuration: Configuration, keys: HubKeys, store: any HubStore,
    storage: StagedTileStorage, sequencer: LogSequencer, logger: Logger,
    transport: (any PeerTransport)?
  ) {
    self.exchange = ExchangeState(
      peers: configuration.peers, transport: transport, logger: logger)
    self.configuration = configuration
    self.keys = keys
    self.store = store
    self.storage = storage
    self.sequencer = sequencer
    self.logger = logger
    self.validator = Validator(limits: configuration.limits)
  }

  /// Opens the hub over a migrated store: reopens its log (checking the stored checkpoint
  /// against the log key and the tiles against the checkpoint), or starts an empty one.
  ///
  /// `transport` reaches the peers; without one, the hub delivers nothing and reads no
  /// directories (deliveries stay queued).
  public static func open(
    store: any HubStore, keys: HubKeys, configuration: Configuration,
    logger: Logger = Logger(label: "caravan.hub"), transport: (any PeerTransport)? = nil
  ) async throws(HubError) -> Hub {
    guard CodeList.countryCodes.contains(configuration.jurisdiction) else {
      throw .badRequest(
        field: "jurisdiction",
        message: "\"\(configuration.jurisdiction)\" is not an ISO 3166-1 alpha-2 code")
    }
    let storage = StagedTileStorage(store: store)
    let sequencer: LogSequencer
    do {
      sequencer = try await LogSequencer.open(storage: storage, signer: keys.log, logger: logger)
    } catch let error as StoreError {
      throw HubError(error)
    } catch {
      throw .unavailable("the log in the store cannot be opened: \(error)")
    }
    let hub = Hub(
      configuration: configuration, keys: keys, store: store, storage: storage,
      sequencer: sequencer, logger: logger, transport: transport)
    try await hub.loadPolicy()
    return hub
  }

  /// The log's origin line (and its key's name).
  public var logOrigin: String { keys.log.name }

  // MARK: Operator

  static let adminTokenSetting = "admin_token_sha256"

  /// Creates the operator's token when the hub has none. Answers the new token (to be shown
  /// once), or nil when one exists already.
  public func createAdminTokenIfMissing() async throws(HubError) -> String? {
    let token = Tokens.generate(prefix: "cvn_admin_")
    let created = try await storeCall {
      try await store.initializeSetting(Self.adminTokenSetting, to: Hex.encode(Tokens.hash(token)))
    }
    return created ? token : nil
  }

  /// Checks the operator's token.
  public func authenticateOperator(token: String?) async throws(HubError) {
    guard let token, !token.isEmpty else {
      throw .unauthorized("this needs the operator's bearer token")
    }
    let stored = try await storeCall { try await store.setting(Self.adminTokenSetting) }
    guard let stored,
      Tokens.constantTimeEqual(Array(stored.utf8), Array(Hex.encode(Tokens.hash(token)).utf8))
    else { throw .unauthorized("the bearer token is not the operator's token") }
  }

  /// The participant holding `token`.
  public func authenticate(token: String?) async throws(HubError) -> Participant {
    guard let token, !token.isEmpty else {
      throw .unauthorized("this needs a participant's bearer token")
    }
    guard token.utf8.count <= 256,
      let participant = try await storeCall({
        try await store.participant(tokenHash: Tokens.hash(token))
      })
    else { throw .unauthorized("the bearer token is unknown or revoked") }
    return participant
  }

  /// Registers a participant and issues its first token (shown once).
  public func register(_ registration: ParticipantRegistration) async throws(HubError) -> (
    participant: Participant, token: String
  ) {
    let participant = try registration.validated(now: Date())
    let token = Tokens.generate()
    let record = TokenRecord(
      id: UUID().uuidString.lowercased(), participantID: participant.id,
      hash: Tokens.hash(token), createdAt: participant.createdAt)
    do {
      try await store.insertParticipant(participant, token: record)
    } catch .conflict {
      throw .conflict(
        "participant \(participant.id) is already registered", existingID: participant.id)
    } catch {
      throw HubError(error)
    }
    exchange.published.withLock { $0 = nil }
    logger.info("participant registered", metadata: ["participant": "\(participant.id)"])
    return (participant, token)
  }

  public func participants() async throws(HubError) -> [Participant] {
    try await storeCall { try await store.participants() }
  }

  public func participant(id: String) async throws(HubError) -> Participant {
    // An identifier that no registration could have made is not looked up: some stores refuse
    // such text (PostgreSQL, a NUL byte) with an error that is not the caller's fault.
    guard ParticipantRegistration.isParticipantID(id) else {
      throw .notFound("no participant \(id.prefix(80).debugDescription) is registered")
    }
    guard let participant = try await storeCall({ try await store.participant(id: id) }) else {
      throw .notFound("no participant \(id) is registered")
    }
    return participant
  }

  /// Issues another token for a participant (its earlier tokens stay valid until revoked).
  public func issueToken(participantID: String) async throws(HubError) -> String {
    _ = try await participant(id: participantID)
    let token = Tokens.generate()
    let record = TokenRecord(
      id: UUID().uuidString.lowercased(), participantID: participantID,
      hash: Tokens.hash(token), createdAt: Date())
    try await storeCall { try await store.insertToken(record) }
    return token
  }

  /// Revokes all of a participant's tokens; answers how many.
  public func revokeTokens(participantID: String) async throws(HubError) -> Int {
    _ = try await participant(id: participantID)
    let count = try await storeCall {
      try await store.revokeTokens(participantID: participantID, at: Date())
    }
    logger.info(
      "tokens revoked", metadata: ["participant": "\(participantID)", "count": "\(count)"])
    return count
  }

  // MARK: Submission

  /// Accepts a document from `participant`: reads and validates it, refuses it when a rule
  /// fails fatally, signs its exact bytes, logs it and stores it. A repeat (the same
  /// idempotency key, or the same invoice number from the same sender) answers the first
  /// record and stores nothing.
  ///
  /// A document for a receiver that another hub serves (found in the peers' directories) is
  /// also queued for delivery there, when the outbound corridor policy permits it (`flow`
  /// states what the policy may ask); a refusal names the rule.
  public func submit(
    _ bytes: [UInt8], from participant: Participant, idempotencyKey: String?,
    flow: DataFlow = DataFlow()
  ) async throws(HubError) -> Submission {
    do {
      let submission = try await accept(
        bytes, from: participant, idempotencyKey: idempotencyKey, flow: flow)
      (submission.replayed ? replayed : accepted).increment()
      return submission
    } catch {
      refused.increment()
      throw error
    }
  }

  private func accept(
    _ bytes: [UInt8], from participant: Participant, idempotencyKey: String?, flow: DataFlow
  ) async throws(HubError) -> Submission {
    let digest = Array(SHA256.hash(data: bytes))
    if let idempotencyKey {
      guard (1...255).contains(idempotencyKey.utf8.count),
        idempotencyKey.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
      else {
        throw .badRequest(
          field: "Idempotency-Key", message: "must be 1 to 255 printable ASCII characters")
      }
      if let earlier = try await storeCall({
        try await store.document(sender: participant.id, idempotencyKey: idempotencyKey)
      }) {
        return try repeated(earlier, digest: digest, because: "Idempotency-Key \(idempotencyKey)")
      }
    }
    let (read, report) = try examine(bytes)
    let invoice = read.invoice
    let sender = try Self.address(invoice.seller.electronicAddress, term: "BT-34")
    guard sender == participant.id else {
      throw .forbidden(
        "the seller's electronic address (BT-34) is \(sender ?? "missing"); "
          + "a participant submits only its own invoices, as \(participant.id)")
    }
    let receiver = try Self.address(invoice.buyer.electronicAddress, term: "BT-49")
    if let earlier = try await storeCall({
      try await store.document(sender: participant.id, invoiceNumber: invoice.number)
    }) {
      return try repeated(earlier, digest: digest, because: "invoice number \(invoice.number)")
    }

    let now = Date()
    let signature: String
    do {
      signature = try DetachedJWS.sign(
        document: bytes, key: keys.document, documentType: "en16931:" + invoice.typeCode,
        signingTime: now
      ).compact
    } catch {
      throw .unavailable("the document could not be signed: \(error)")
    }
    let documentID = UUID().uuidString.lowercased()
    var delivery: DeliveryRecord?
    if let receiver, let (peer, _) = try await remoteRoute(receiver) {
      delivery = try outboundDelivery(
        bytes, read: read, documentID: documentID, sender: participant.id, receiver: receiver,
        to: peer, flow: flow, now: now)
    }
    let total = invoice.totals.taxInclusiveAmount ?? invoice.totals.taxExclusiveAmount
    let record = DocumentRecord(
      id: documentID, sender: participant.id, receiver: receiver,
      invoiceNumber: invoice.number, typeCode: invoice.typeCode,
      syntax: read.syntax.rawValue.lowercased(),
      issueDate: invoice.issueDate?.description ?? "", currency: invoice.currencyCode,
      totalAmount: total?.description ?? "", status: .accepted, digest: digest, bytes: bytes,
      signature: signature, logIndex: 0, logEntry: [], receipt: "",
      idempotencyKey: idempotencyKey, receivedAt: now)
    let outcome: Sequenced
    do {
      outcome = try await sequencer.sequence(
        .document(record, jurisdiction: configuration.jurisdiction, delivery: delivery))
    } catch let error as HubError {
      throw error
    } catch StoreError.conflict {
      // Committed by a concurrent request after the checks above.
      if let key = idempotencyKey,
        let earlier = try await storeCall({
          try await store.document(sender: participant.id, idempotencyKey: key)
        })
      {
        return try repeated(earlier, digest: digest, because: "Idempotency-Key \(key)")
      }
      if let earlier = try await storeCall({
        try await store.document(sender: participant.id, invoiceNumber: invoice.number)
      }) {
        return try repeated(earlier, digest: digest, because: "invoice number \(invoice.number)")
      }
      throw .unavailable("the document could not be stored")
    } catch {
      throw .unavailable("the document could not be stored: \(error)")
    }
    switch outcome {
    case .accepted(let stored, let receipt):
      logger.debug(
        "document accepted",
        metadata: [
          "id": "\(stored.id)", "sender": "\(stored.sender)", "index": "\(stored.logIndex)",
        ])
      if delivery != nil { exchange.wakeup.fire() }
      return Submission(
        record: stored, replayed: false, warnings: report.warnings, delivery: delivery,
        logged: receipt)
    case .repeated(let earlier):
      return try repeated(earlier, digest: digest, because: "invoice number \(invoice.number)")
    case .logged:
      throw .unavailable("the document was logged as an event")
    }
  }

  /// Reads `bytes` safely and checks every EN 16931 rule: the model and the report, or the
  /// refusal (unreadable, or a fatal finding).
  func examine(_ bytes: [UInt8]) throws(HubError) -> (ReadResult, ValidationReport) {
    let tree: XMLTree
    do {
      tree = try XMLDocumentReader.parse(bytes, limits: configuration.limits)
    } catch {
      throw .unreadable(
        message: "not a well-formed, safe XML document: \(error.message)", line: error.line,
        column: error.column, path: nil)
    }
    let (report, document) = validator.validateAndRead(tree: tree, file: "submission")
    if let error = report.error {
      throw .unreadable(message: error, line: nil, column: nil, path: nil)
    }
    guard report.isValid else { throw .invalid(report) }
    // Every error of the reader is a fatal finding: a valid document was read without one.
    if let document, !document.diagnostics.contains(where: { $0.severity == .error }) {
      return (document, report)
    }
    do { return (try InvoiceDocument.read(tree), report) } catch {
      throw .unreadable(
        message: error.message, line: error.line, column: error.column, path: error.path)
    }
  }

  /// The answer to a repeated submission: the first record when the bytes are the same, a
  /// conflict naming the first document when they are not.
  private func repeated(_ earlier: DocumentRecord, digest: [UInt8], because reason: String)
    throws(HubError) -> Submission
  {
    guard earlier.digest == digest else {
      throw .conflict(
        "\(reason) was already used for document \(earlier.id), whose bytes differ "
          + "(sha256:\(Hex.encode(earlier.digest)))", existingID: earlier.id)
    }
    return Submission(record: earlier, replayed: true, warnings: [])
  }

  /// `scheme:value` of an electronic address, which must be usable as a participant id.
  static func address(_ identifier: Identifier?, term: String) throws(HubError) -> String? {
    guard let identifier else { return nil }
    let id = "\(identifier.scheme ?? ""):\(identifier.value)"
    guard ParticipantRegistration.isParticipantID(id) else {
      throw .unreadable(
        message: "the electronic address \(term) \"\(id.prefix(80))\" is not a scheme:value "
          + "identifier without spaces", line: nil, column: nil, path: nil)
    }
    return id
  }

  // MARK: Reading

  /// A document that `participant` sent or received.
  public func document(id: String, for participant: Participant) async throws(HubError)
    -> DocumentRecord
  {
    // Document identifiers are UUIDs; anything else is not looked up (see `participant(id:)`).
    guard Self.isDocumentID(id) else {
      throw .notFound(
        "no document \(id.prefix(80).debugDescription) is visible to \(participant.id)")
    }
    let record = try await storeCall { try await store.document(id: id.lowercased()) }
    // The same answer whether the document does not exist or belongs to others: an
    // identifier tells nothing to someone who may not see it.
    guard let record, record.sender == participant.id || record.receiver == participant.id
    else { throw .notFound("no document \(id) is visible to \(participant.id)") }
    return record
  }

  /// Whether `id` has the form of a document identifier: 1 to 64 ASCII letters, digits and
  /// hyphens (the hub makes lowercase UUIDs).
  static func isDocumentID(_ id: String) -> Bool {
    (1...64).contains(id.utf8.count)
      && id.utf8.allSatisfy {
        switch $0 {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
          UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "-"):
          return true
        default: return false
        }
      }
  }

  /// A page of `participant`'s inbox or outbox.
  public func documents(_ query: DocumentQuery) async throws(HubError) -> DocumentPage {
    try await storeCall { try await store.documents(query) }
  }

  /// A stored document in the form asked for.
  public func render(_ record: DocumentRecord, as form: DocumentForm) throws(HubError) -> [UInt8] {
    try DocumentForms.render(record, as: form, limits: configuration.limits)
  }

  // MARK: Public log

  /// The latest durable checkpoint, as a signed note.
  public func checkpoint() async -> String {
    await sequencer.checkpoint?.encoded ?? ""
  }

  /// A log resource at its tlog-tiles path (relative to the log prefix), as durably stored.
  public func logResource(path: String) async throws(HubError) -> [UInt8] {
    guard let resource = LogResource(path: path) else {
      throw .notFound("\(path.prefix(100)) is not a tlog-tiles resource path")
    }
    if resource == .checkpoint { return Array(await checkpoint().utf8) }
    let bytes: [UInt8]?
    do { bytes = try await storage.committedRead(resource) } catch {
      throw .unavailable("the log could not be read: \(error)")
    }
    guard let bytes else { throw .notFound("\(resource.path) is not in the log (yet)") }
    return bytes
  }

  /// Runs a store call, turning its failures into hub errors.
  func storeCall<T>(_ body: () async throws -> T) async throws(HubError) -> T {
    do { return try await body() } catch let error as StoreError { throw HubError(error) } catch {
      throw .unavailable("\(error)")
    }
  }
}

/// The outcome of a submission.
public struct Submission: Sendable {
  public var record: DocumentRecord
  /// True when this repeats an earlier submission, whose record this is.
  public var replayed: Bool
  /// Non-fatal findings of the validation.
  public var warnings: [Finding]
  /// The delivery queued for the receiver's hub, when another hub serves the receiver.
  public var delivery: DeliveryRecord? = nil
  /// The receipt as the log sequencer built it for ``record``, when this submission logged
  /// it: its JSON form is then made without reading the receipt's text back.
  var logged: LoggedReceipt? = nil

  /// The receipt of ``record``, as the answer to the sender shows it.
  public func receipt() throws(HubError) -> ReceiptDocument {
    if let logged {
      return ReceiptDocument(record, receipt: logged.receipt, treeSize: logged.treeSize)
    }
    return try ReceiptDocument(record)
  }
}

extension Hub {
  /// The size of the last durable checkpoint, after a cheap read that shows the store
  /// answers.
  public func health() async throws(HubError) -> UInt64 {
    _ = try await storeCall { try await store.setting(Self.adminTokenSetting) }
    return await sequencer.publishedSize
  }
}
