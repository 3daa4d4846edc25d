public import CaravanExchange
import CaravanLog
import CaravanModel
import CaravanStore
import CaravanSyntax
import CaravanTrust
import Foundation

extension Hub {
  static let policySetting = "policy"
  static let policySignatureSetting = "policy_signature"

  /// Reads the policy version in force from the store, checking its signature.
  func loadPolicy() async throws(HubError) {
    let bytes = try await storeCall { try await store.setting(Self.policySetting) }
    let signature = try await storeCall { try await store.setting(Self.policySignatureSetting) }
    guard let bytes, let signature else { return }
    do {
      let signed = try SignedPolicy(
        bytes: Array(bytes.utf8), signature: signature, key: keys.document.publicKey)
      exchange.policy.withLock { $0 = signed }
    } catch {
      throw .unavailable("the stored corridor policy cannot be used: \(error)")
    }
  }

  /// The policy version in force, or nil before the first (every flow is then denied).
  public var policy: SignedPolicy? { exchange.policy.withLock { $0 } }

  /// Puts a new policy version in force: signs it with the hub's key, appends it to the log
  /// and stores it, in one commit. The version must grow; the same version with the same
  /// content is a no-op that answers the version in force.
  ///
  /// Returns the signed policy and the log index of its entry (nil for the no-op).
  public func installPolicy(_ bytes: [UInt8]) async throws(HubError) -> (
    policy: SignedPolicy, logIndex: UInt64?
  ) {
    let policy: CorridorPolicy
    do { policy = try CorridorPolicy(decoding: bytes) } catch {
      throw .badRequest(field: "policy", message: "\(error)")
    }
    guard policy.jurisdiction == configuration.jurisdiction else {
      throw .badRequest(
        field: "policy",
        message:
          "the policy is \(policy.jurisdiction)'s; this hub serves \(configuration.jurisdiction)")
    }
    if let current = self.policy {
      let canonical: [UInt8]
      do { canonical = try policy.encoded() } catch {
        throw .badRequest(field: "policy", message: "\(error)")
      }
      if policy.version == current.policy.version, canonical == current.bytes {
        return (current, nil)
      }
      guard policy.version > current.policy.version else {
        throw .conflict(
          "policy version \(policy.version) does not follow version \(current.policy.version) "
            + "in force: a new version must have a higher number", existingID: nil)
      }
    }
    let signed: SignedPolicy
    do { signed = try SignedPolicy(signing: policy, key: keys.document) } catch {
      throw .unavailable("the policy could not be signed: \(error)")
    }
    let effects = Draft.Effects(settings: [
      (Self.policySetting, String(decoding: signed.bytes, as: UTF8.self)),
      (Self.policySignatureSetting, signed.signature.compact),
    ])
    let outcome: Sequenced
    do {
      outcome = try await sequencer.sequence(.event(LogEntry(policy: signed), effects))
    } catch {
      throw .unavailable("the policy could not be logged and stored: \(error)")
    }
    guard case .logged(let index) = outcome else {
      throw .unavailable("the policy was not logged")
    }
    exchange.policy.withLock { current in
      if current.map({ $0.policy.version < signed.policy.version }) ?? true { current = signed }
    }
    logger.notice(
      "corridor policy in force",
      metadata: ["version": "\(policy.version)", "rules": "\(policy.rules.count)"])
    return (signed, index)
  }

  /// Decides a flow of `invoice` to or from `peer` under the policy in force, and logs the
  /// decision with the rules that made it. Throws the refusal, naming the rule.
  func decide(
    _ direction: PolicyRequest.Direction, peer: PeerHub, invoice: Invoice, flow: DataFlow
  ) throws(HubError) -> (version: UInt64, decision: PolicyDecision) {
    guard let policy else {
      let reason =
        "\(configuration.jurisdiction) has no corridor policy in force, so every "
        + "\(direction.rawValue) flow is denied by default"
      logger.info(
        "policy decision",
        metadata: [
          "direction": "\(direction.rawValue)", "peer": "\(peer.jurisdiction)",
          "permitted": "false", "reason": "\(reason)",
        ])
      throw .refused(reason: reason, rules: [], policyVersion: nil)
    }
    let request = PolicyRequest(
      direction: direction, peer: peer.jurisdiction,
      data: DataCategory.classify(invoice, buyerIsNaturalPerson: flow.buyerIsNaturalPerson),
      consent: flow.consent, purpose: flow.purpose, agreements: Set(peer.agreements))
    let decision = policy.policy.evaluate(request)
    logger.info(
      "policy decision",
      metadata: [
        "direction": "\(direction.rawValue)", "peer": "\(peer.jurisdiction)",
        "version": "\(policy.policy.version)", "permitted": "\(decision.permitted)",
        "rules": "\(decision.determiningRules.joined(separator: ","))",
        "data": "\(request.data.sorted().map(\.rawValue).joined(separator: ","))",
      ])
    guard decision.permitted else {
      throw .refused(
        reason: decision.reason, rules: decision.determiningRules,
        policyVersion: policy.policy.version)
    }
    return (policy.policy.version, decision)
  }

  /// Applies a decision's minimisation to a document read as `read`: the bytes to pass on
  /// (rewritten in the same syntax when a term was removed) and the terms removed.
  func minimised(_ bytes: [UInt8], read: ReadResult, terms: [String], syntax: Syntax)
    throws(HubError) -> (bytes: [UInt8], invoice: Invoice, removed: [String])
  {
    guard !terms.isEmpty else { return (bytes, read.invoice, []) }
    let (invoice, removed): (Invoice, [String])
    do { (invoice, removed) = try Minimisation.minimise(read.invoice, terms: terms) } catch {
      throw .unavailable("the policy's minimisation cannot be applied: \(error)")
    }
    guard !removed.isEmpty else { return (bytes, read.invoice, []) }
    return (InvoiceDocument.write(invoice, as: syntax), invoice, removed)
  }
}
