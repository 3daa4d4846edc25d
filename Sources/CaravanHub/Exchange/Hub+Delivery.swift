public import CaravanExchange
import CaravanLog
import CaravanModel
public import CaravanStore
import CaravanSyntax
import CaravanTrust
import Crypto
public import Foundation
public import HTTPTypes

/// What a hub answers a peer that delivered to it.
public struct InboundAnswer: Sendable {
  /// The receipt and its detached JWS by this hub's key.
  public var receipt: SignedBytes
  /// True when this repeats an earlier delivery, whose receipt this is.
  public var replayed: Bool
}

/// A peer as the operator sees it.
public struct PeerStatus: Sendable {
  public var peer: PeerHub
  /// When its directory was last read, until when it holds, and how many it lists.
  public var directoryFetched: Date?
  public var directoryExpires: Date?
  public var participants: Int?
}

extension Hub {
  /// The idempotency key under which an inbound delivery's document is stored.
  static func inboundKey(_ instance: String) -> String { "sbdh:" + instance }

  // MARK: Directory

  /// This hub's directory (every participant and the syntax it reads), signed, rebuilt at
  /// most every 2 seconds.
  public func publishedDirectory(now: Date = Date()) async throws(HubError) -> SignedBytes {
    if let cached = exchange.published.withLock({ $0 }), now.timeIntervalSince(cached.built) < 2 {
      return cached.signed
    }
    let participants = try await self.participants()
    let directory = HubDirectory(
      jurisdiction: configuration.jurisdiction, issued: now,
      expires: now.addingTimeInterval(configuration.directoryLifetime),
      participants: participants.compactMap { participant in
        ParticipantIdentifier(participant.id).map {
          HubDirectory.Entry(id: $0, syntax: participant.receiveSyntax == "cii" ? .cii : .ubl)
        }
      })
    let bytes = directory.encoded()
    let signature: String
    do {
      signature = try DetachedJWS.sign(
        document: bytes, key: keys.document, documentType: HubDirectory.documentType,
        signingTime: now
      ).compact
    } catch {
      throw .unavailable("the directory could not be signed: \(error)")
    }
    let signed = SignedBytes(bytes: bytes, signature: signature)
    exchange.published.withLock { $0 = (now, signed) }
    return signed
  }

  // MARK: Outbound

  /// The peer that serves `receiver`, when no participant of this hub is `receiver`.
  func remoteRoute(_ receiver: String) async throws(HubError) -> (
    PeerHub, HubDirectory.Entry
  )? {
    guard !exchange.peers.peers.isEmpty else { return nil }
    if try await storeCall({ try await store.participant(id: receiver) }) != nil { return nil }
    return await exchange.directories.route(receiver)
  }

  /// Decides the outbound flow and builds the queued delivery: the (minimised) document in
  /// an envelope addressed to `peer`.
  func outboundDelivery(
    _ bytes: [UInt8], read: ReadResult, documentID: String, sender: String, receiver: String,
    to peer: PeerHub, flow: DataFlow, now: Date
  ) throws(HubError) -> DeliveryRecord {
    let (version, decision) = try decide(
      .outbound, peer: peer, invoice: read.invoice, flow: flow)
    let (payload, invoice, removed) = try minimised(
      bytes, read: read, terms: decision.minimise, syntax: read.syntax)
    guard let from = ParticipantIdentifier(sender), let to = ParticipantIdentifier(receiver)
    else { throw .badRequest(field: "BT-34/BT-49", message: "not scheme:value identifiers") }
    let instance = UUID()
    let envelope: [UInt8]
    do {
      var wrapped = Envelope(
        wrapping: payload, invoice: invoice, syntax: read.syntax, sender: from, receiver: to,
        from: configuration.jurisdiction, to: peer.jurisdiction, instanceIdentifier: instance,
        created: now)
      var stated = flow
      stated.minimised = removed
      wrapped.dataFlow = stated.isEmpty ? nil : stated
      envelope = try wrapped.encoded()
    } catch {
      throw .unreadable(
        message: "the document cannot be put in an envelope: \(error)", line: nil, column: nil,
        path: nil)
    }
    return DeliveryRecord(
      id: instance.uuidString.lowercased(), direction: .outbound, documentID: documentID,
      sender: sender, receiver: receiver, peer: peer.jurisdiction, status: .queued,
      nextAttemptAt: now, createdAt: now, updatedAt: now,
      decision: DecisionRecord(policyVersion: version, decision: decision, minimised: removed)
        .encoded(),
      envelope: envelope)
  }

  // MARK: Inbound

  /// Accepts a delivery from a peer hub: checks the RFC 9421 signature against the key this
  /// hub recognises for the sender's jurisdiction (and that the request is not a replay),
  /// reads the envelope, checks that the jurisdiction is recognised for the document type,
  /// applies the inbound policy, validates the document, minimises it when the policy says
  /// so, converts it to the syntax the receiver reads, and signs, logs and stores it. A
  /// repeated instance identifier answers the first receipt.
  public func receiveDelivery(_ request: HTTPRequest, body: [UInt8], now: Date = Date())
    async throws(HubError) -> InboundAnswer
  {
    let received: MessageSignature.Received
    do { received = try MessageSignature.Received(from: request) } catch {
      throw .unauthorized("the delivery is not signed per RFC 9421: \(error)")
    }
    guard let keyID = received.parameters.keyID else {
      throw .unauthorized("the delivery's signature names no keyid")
    }
    guard let peer = exchange.peers[keyID], let key = peer.key else {
      throw .forbidden(
        "\(configuration.jurisdiction) does not recognise a hub of jurisdiction "
          + "\(keyID.prefix(16).debugDescription)")
    }
    do {
      try MessageSignature.verify(
        received, of: request, body: body, key: key, policy: .exchange, now: now,
        nonces: exchange.nonces)
    } catch {
      throw .unauthorized(
        "the delivery's signature does not verify with the key \(configuration.jurisdiction) "
          + "recognises for \(peer.jurisdiction) (\(key.thumbprint)): \(error)")
    }
    let envelope: Envelope
    do { envelope = try Envelope(decoding: body) } catch {
      throw .badRequest(field: "envelope", message: "\(error)")
    }
    guard envelope.sendingJurisdiction == peer.jurisdiction else {
      throw .forbidden(
        "the envelope comes from \(envelope.sendingJurisdiction), but the hub that signed it is "
          + peer.jurisdiction)
    }
    guard envelope.receivingJurisdiction == configuration.jurisdiction else {
      throw .forbidden(
        "the envelope is addressed to \(envelope.receivingJurisdiction); this hub serves "
          + configuration.jurisdiction)
    }
    let instance = envelope.documentIdentification.instanceIdentifier.uuidString.lowercased()
    let sender = envelope.sender.identifier.description
    let receiverID = envelope.receiver.identifier.description
    if let earlier = try await earlierInbound(instance, sender: sender, envelope: envelope) {
      return earlier
    }
    let receiver = try await participant(id: receiverID)

    let (read, _) = try examine(envelope.payload)
    let invoice = read.invoice
    let documentType = "en16931:" + invoice.typeCode
    guard peer.recognises(documentType) else {
      throw .forbidden(
        "\(configuration.jurisdiction) does not recognise \(peer.jurisdiction) for \(documentType)")
    }
    // The buyer's electronic address may have been minimised away by the sending hub's
    // policy; the envelope's receiver then routes the document alone.
    let buyerAddress = try Self.address(invoice.buyer.electronicAddress, term: "BT-49")
    guard try Self.address(invoice.seller.electronicAddress, term: "BT-34") == sender,
      buyerAddress == nil || buyerAddress == receiverID
    else {
      throw .forbidden(
        "the envelope's sender and receiver (\(sender), \(receiverID)) are not the document's "
          + "seller and buyer electronic addresses (BT-34, BT-49)")
    }
    let (version, decision) = try decide(
      .inbound, peer: peer, invoice: invoice, flow: envelope.dataFlow ?? DataFlow())
    let syntax: Syntax = receiver.receiveSyntax == "cii" ? .cii : .ubl
    let (kept, keptInvoice, removed) = try minimised(
      envelope.payload, read: read, terms: decision.minimise, syntax: read.syntax)
    let stored = syntax == read.syntax ? kept : InvoiceDocument.write(keptInvoice, as: syntax)

    let signature: String
    do {
      signature = try DetachedJWS.sign(
        document: stored, key: keys.document, documentType: documentType, signingTime: now
      ).compact
    } catch {
      throw .unavailable("the document could not be signed: \(error)")
    }
    let total = invoice.totals.taxInclusiveAmount ?? invoice.totals.taxExclusiveAmount
    let record = DocumentRecord(
      id: UUID().uuidString.lowercased(), sender: sender, receiver: receiverID,
      invoiceNumber: invoice.number, typeCode: invoice.typeCode,
      syntax: syntax.rawValue.lowercased(), issueDate: invoice.issueDate?.description ?? "",
      currency: invoice.currencyCode, totalAmount: total?.description ?? "", status: .accepted,
      digest: Array(SHA256.hash(data: stored)), bytes: stored, signature: signature,
      logIndex: 0, logEntry: [], receipt: "", idempotencyKey: Self.inboundKey(instance),
      receivedAt: now)
    // The receipt names every term removed on the way: by the sending hub, then by this one.
    var minimisedOnTheWay = envelope.dataFlow?.minimised ?? []
    for term in removed where !minimisedOnTheWay.contains(term) { minimisedOnTheWay.append(term) }
    let decisionRecord = DecisionRecord(
      policyVersion: version, decision: decision, minimised: minimisedOnTheWay)
    let delivery = DeliveryRecord(
      id: instance, direction: .inbound, documentID: record.id, sender: sender,
      receiver: receiverID, peer: peer.jurisdiction, status: .delivered, nextAttemptAt: now,
      createdAt: now, updatedAt: now, decision: decisionRecord.encoded(), envelope: body)
    let outcome: Sequenced
    do {
      outcome = try await sequencer.sequence(
        .document(record, jurisdiction: configuration.jurisdiction, delivery: delivery))
    } catch let error as HubError {
      throw error
    } catch StoreError.conflict {
      if let earlier = try await earlierInbound(instance, sender: sender, envelope: envelope) {
        return earlier
      }
      throw .conflict(
        "\(sender) already delivered invoice number \(invoice.number) in another envelope",
        existingID: nil)
    } catch {
      throw .unavailable("the delivery could not be stored: \(error)")
    }
    guard case .accepted(let document, _) = outcome else {
      if let earlier = try await earlierInbound(instance, sender: sender, envelope: envelope) {
        return earlier
      }
      throw .conflict(
        "\(sender) already delivered invoice number \(invoice.number) in another envelope",
        existingID: nil)
    }
    logger.info(
      "delivery received",
      metadata: [
        "instance": "\(instance)", "peer": "\(peer.jurisdiction)", "document": "\(document.id)",
        "index": "\(document.logIndex)", "minimised": "\(removed.joined(separator: ","))",
      ])
    return InboundAnswer(
      receipt: try receipt(for: document, delivery: delivery, envelope: envelope), replayed: false)
  }

  /// The first receipt of an instance already received, or nil; a conflict when the same
  /// instance identifier comes with another payload.
  private func earlierInbound(_ instance: String, sender: String, envelope: Envelope)
    async throws(HubError) -> InboundAnswer?
  {
    guard
      let document = try await storeCall({
        try await store.document(sender: sender, idempotencyKey: Self.inboundKey(instance))
      }),
      let delivery = try await storeCall({ try await store.delivery(id: instance) }),
      delivery.direction == .inbound
    else { return nil }
    let first: Envelope
    do { first = try Envelope(decoding: delivery.envelope) } catch {
      throw .unavailable("the stored envelope of \(instance) cannot be read: \(error)")
    }
    guard first.payloadDigest == envelope.payloadDigest else {
      throw .conflict(
        "envelope \(instance) was already delivered with another payload "
          + "(sha256:\(Hex.encode(first.payloadDigest)))", existingID: document.id)
    }
    return InboundAnswer(
      receipt: try receipt(for: document, delivery: delivery, envelope: first), replayed: true)
  }

  /// The signed receipt of an inbound delivery, from what is stored.
  private func receipt(for document: DocumentRecord, delivery: DeliveryRecord, envelope: Envelope)
    throws(HubError) -> SignedBytes
  {
    let decision: DecisionRecord
    do { decision = try DecisionRecord(decoding: delivery.decision) } catch {
      throw .unavailable("the stored decision of \(delivery.id) cannot be read: \(error)")
    }
    let receipt = DeliveryReceipt(
      instanceIdentifier: delivery.id, sendingJurisdiction: envelope.sendingJurisdiction,
      receivingJurisdiction: envelope.receivingJurisdiction, sender: document.sender,
      receiver: document.receiver ?? delivery.receiver, payloadDigest: envelope.payloadDigest,
      documentID: document.id, storedDigest: document.digest, storedSyntax: document.syntax,
      minimised: decision.minimised, policyVersion: decision.policyVersion,
      policyRules: decision.decision.determiningRules, logIndex: document.logIndex,
      logProof: document.receipt, received: document.receivedAt)
    do {
      let bytes = try receipt.encoded()
      let signature = try DetachedJWS.sign(
        document: bytes, key: keys.document, documentType: DeliveryReceipt.documentType,
        signingTime: document.receivedAt
      ).compact
      return SignedBytes(bytes: bytes, signature: signature)
    } catch {
      throw .unavailable("the receipt could not be signed: \(error)")
    }
  }

  // MARK: Courier

  /// How long a delivery handed to the courier is not handed out again: far longer than an
  /// attempt may take (the transport's timeout), so that only a crash lets it run out.
  static let deliveryLease: TimeInterval = 120

  /// Delivers the outbox until cancelled: due deliveries are leased from the store (up to 64
  /// in flight) and sent, answers are recorded, failures retried with backoff. Woken by each
  /// queued delivery and each finished attempt, and at least every second. After a crash, the
  /// deliveries that were in flight are sent again when their lease runs out.
  public func runDeliveries() async {
    guard let transport = exchange.transport else {
      // Nothing to deliver with: wait for the end, as a service that stops early would stop
      // the others.
      while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
      return
    }
    await exchange.directories.refreshAll()
    let maximumInFlight = 64
    while !Task.isCancelled {
      let busy = exchange.inFlight.withLock { $0 }
      if busy.count < maximumInFlight {
        do {
          let now = Date()
          let due = try await store.leaseDueDeliveries(
            at: now, until: now.addingTimeInterval(Self.deliveryLease),
            limit: maximumInFlight - busy.count)
          for delivery in due {
            let claimed = exchange.inFlight.withLock { set -> Bool in
              guard set.count < maximumInFlight else { return false }
              return set.insert(delivery.id).inserted
            }
            guard claimed else { continue }
            Task {
              await self.attempt(delivery, transport: transport)
              self.exchange.inFlight.withLock { _ = $0.remove(delivery.id) }
              self.exchange.wakeup.fire()
            }
          }
        } catch {
          logger.error("the outbox cannot be read", metadata: ["error": "\(error)"])
        }
      }
      await exchange.wakeup.wait(timeout: .seconds(1))
    }
  }

  /// One attempt at a delivery, and its recording.
  func attempt(_ delivery: DeliveryRecord, transport: any PeerTransport) async {
    var delivery = delivery
    let now = Date()
    delivery.attempts += 1
    delivery.updatedAt = now
    guard let peer = exchange.peers[delivery.peer], let key = peer.key else {
      await finish(
        delivery, status: .refused,
        reason: "no recognised hub of jurisdiction \(delivery.peer) is configured")
      return
    }
    let answer: PeerAnswer
    do {
      answer = try await transport.deliver(
        envelope: delivery.envelope, to: peer, key: keys.document,
        keyID: configuration.jurisdiction)
    } catch {
      answer = .failed("\(error)")
    }
    switch answer {
    case .accepted(let signed):
      do {
        let receipt = try DeliveryReceipt.verified(
          signed.bytes, signature: signed.signature, key: key)
        let envelope = try Envelope(decoding: delivery.envelope)
        guard receipt.instanceIdentifier == delivery.id,
          receipt.payloadDigest == envelope.payloadDigest,
          receipt.receivingJurisdiction == peer.jurisdiction
        else {
          throw PeerError.invalid(
            "the receipt does not name this delivery's instance, payload and jurisdiction")
        }
        delivery.status = .delivered
        delivery.reason = nil
        delivery.updatedAt = Date()
        delivery.receipt = signed.bytes
        delivery.receiptSignature = signed.signature
        let entry = LogEntry(
          kind: .deliveryReceipt, digest: Array(SHA256.hash(data: signed.bytes)),
          documentType: DeliveryReceipt.documentType, sender: delivery.sender,
          receiver: delivery.receiver, jurisdiction: peer.jurisdiction, time: now)
        _ = try await sequencer.sequence(
          .event(
            entry,
            Draft.Effects(
              delivery: delivery, documentStatuses: [(delivery.documentID, .delivered)])))
        logger.info(
          "delivered",
          metadata: [
            "delivery": "\(delivery.id)", "peer": "\(peer.jurisdiction)",
            "remoteIndex": "\(receipt.logIndex)",
          ])
      } catch {
        await retryLater(delivery, reason: "the receipt from \(peer.jurisdiction): \(error)")
      }
    case .refused(let status, let reason):
      await finish(
        delivery, status: .refused, reason: "\(peer.jurisdiction) refused it (\(status)): \(reason)"
      )
    case .failed(let reason):
      await retryLater(delivery, reason: reason)
    }
  }

  private func retryLater(_ delivery: DeliveryRecord, reason: String) async {
    var delivery = delivery
    let schedule = configuration.retry
    guard delivery.attempts < schedule.maximumAttempts else {
      await finish(
        delivery, status: .refused,
        reason: "no answer after \(delivery.attempts) attempts; the last: \(reason)")
      return
    }
    delivery.status = .sent
    delivery.reason = reason
    delivery.nextAttemptAt = Date().addingTimeInterval(schedule.delay(after: delivery.attempts))
    do { try await store.saveDelivery(delivery) } catch {
      logger.error(
        "a delivery attempt cannot be recorded",
        metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
    }
    logger.info(
      "delivery attempt failed",
      metadata: [
        "delivery": "\(delivery.id)", "attempts": "\(delivery.attempts)", "reason": "\(reason)",
      ])
  }

  private func finish(_ delivery: DeliveryRecord, status: DeliveryStatus, reason: String) async {
    var delivery = delivery
    delivery.status = status
    delivery.reason = reason
    delivery.updatedAt = Date()
    let documentStatus: [(id: String, status: DocumentStatus)] =
      status == .refused ? [(delivery.documentID, .refused)] : []
    do {
      try await store.commit(
        CommitBatch(
          documents: [], logResources: [], deliveries: [delivery],
          documentStatuses: documentStatus))
    } catch {
      logger.error(
        "a delivery outcome cannot be recorded",
        metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
    }
    logger.notice(
      "delivery \(status.rawValue)",
      metadata: ["delivery": "\(delivery.id)", "reason": "\(reason)"])
  }

  // MARK: Operator and sender

  /// A page of deliveries: all of them for the operator (`participant` nil), or those of
  /// the participant's own documents.
  public func deliveries(_ query: DeliveryQuery, for participant: Participant?)
    async throws(HubError) -> DeliveryPage
  {
    var query = query
    if let participant { query.sender = participant.id }
    return try await storeCall { try await store.deliveries(query) }
  }

  /// The outbound delivery of a local document, if it has one.
  public func outboundDelivery(ofDocument id: String) async throws(HubError) -> DeliveryRecord? {
    try await storeCall {
      try await store.deliveries(DeliveryQuery(direction: .outbound, documentID: id, limit: 1))
    }.deliveries.first
  }

  /// One delivery, as the operator or the sender of its document sees it.
  public func delivery(id: String, for participant: Participant?) async throws(HubError)
    -> DeliveryRecord
  {
    guard Self.isDocumentID(id),
      let delivery = try await storeCall({ try await store.delivery(id: id.lowercased()) }),
      participant.map({ $0.id == delivery.sender }) ?? true
    else {
      throw .notFound(
        "no delivery \(id.prefix(80).debugDescription) is visible "
          + (participant.map { "to \($0.id)" } ?? "here"))
    }
    return delivery
  }

  /// Queues a refused, cancelled or waiting outbound delivery for an attempt now.
  public func retryDelivery(id: String, for participant: Participant?) async throws(HubError)
    -> DeliveryRecord
  {
    var delivery = try await self.delivery(id: id, for: participant)
    guard delivery.direction == .outbound, delivery.status != .delivered else {
      throw .conflict(
        "delivery \(delivery.id) is \(delivery.direction.rawValue) and \(delivery.status.rawValue): "
          + "there is nothing to retry", existingID: delivery.id)
    }
    delivery.status = .queued
    delivery.attempts = 0
    delivery.nextAttemptAt = Date()
    delivery.updatedAt = Date()
    try await storeCall { try await store.saveDelivery(delivery) }
    exchange.wakeup.fire()
    return delivery
  }

  /// Withdraws an outbound delivery that is not delivered yet.
  public func cancelDelivery(id: String, for participant: Participant?) async throws(HubError)
    -> DeliveryRecord
  {
    var delivery = try await self.delivery(id: id, for: participant)
    guard delivery.direction == .outbound, !delivery.status.isFinal else {
      throw .conflict(
        "delivery \(delivery.id) is \(delivery.direction.rawValue) and \(delivery.status.rawValue): "
          + "only a queued or sent outbound delivery can be cancelled", existingID: delivery.id)
    }
    delivery.status = .cancelled
    delivery.reason = "cancelled by " + (participant?.id ?? "the operator")
    delivery.updatedAt = Date()
    try await storeCall { try await store.saveDelivery(delivery) }
    return delivery
  }

  /// The configured peers and what is known of their directories.
  public func peerStatuses() async -> [PeerStatus] {
    let cached = await exchange.directories.status()
    return exchange.peers.sorted.map { peer in
      let entry = cached[peer.jurisdiction]
      return PeerStatus(
        peer: peer, directoryFetched: entry?.fetched, directoryExpires: entry?.expires,
        participants: entry?.participants)
    }
  }
}
