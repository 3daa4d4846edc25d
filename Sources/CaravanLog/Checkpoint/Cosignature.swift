public import CaravanTrust
public import Crypto
public import Foundation

/// A witness that cosigns checkpoints with Ed25519 (C2SP tlog-cosignature, "Ed25519 signed
/// message"; signature type 0x04).
///
/// The signed message is `cosignature/v1\ntime <T>\n` followed by the checkpoint text; the
/// signature is the big-endian 8-byte timestamp followed by the 64-byte Ed25519 signature.
public struct WitnessCosigner: Sendable {
  public let name: String
  /// Immutable, hence safe to share although swift-crypto does not mark it `Sendable`.
  public nonisolated(unsafe) let privateKey: Curve25519.Signing.PrivateKey

  public init(name: String, privateKey: Curve25519.Signing.PrivateKey = .init()) throws(NoteError) {
    try NoteVerifierKey.checkName(name)
    self.name = name
    self.privateKey = privateKey
  }

  /// The witness's verifier key (type 0x04).
  public var verifierKey: NoteVerifierKey {
    try! NoteVerifierKey(
      name: name, type: .cosignatureEd25519,
      publicKey: Array(privateKey.publicKey.rawRepresentation))
  }

  /// Cosigns a checkpoint, after the witness has checked its consistency.
  public func cosign(_ checkpointText: String, at time: Date = Date()) throws -> NoteSignature {
    let timestamp = UInt64(max(0, time.timeIntervalSince1970.rounded(.down)))
    let message = WitnessVerifier.message(text: Array(checkpointText.utf8), timestamp: timestamp)
    let signature = try privateKey.signature(for: message)
    let stamp: [UInt8] = (0..<8).reversed().map { UInt8(truncatingIfNeeded: timestamp >> ($0 * 8)) }
    return NoteSignature(
      name: name, keyID: verifierKey.keyID, signature: stamp + Array(signature))
  }
}

/// Checks Ed25519 cosignatures by one witness (C2SP tlog-cosignature).
public struct WitnessVerifier: NoteVerifier, Hashable {
  public let key: NoteVerifierKey

  /// - Throws: when the key is not a cosignature key (type 0x04).
  public init(key: NoteVerifierKey) throws(NoteError) {
    guard key.type == .cosignatureEd25519 else {
      throw .unsupportedAlgorithm(key.type.rawValue)
    }
    self.key = key
  }

  public var name: String { key.name }
  public var keyID: UInt32 { key.keyID }

  public func isValidSignature(_ signature: [UInt8], forText text: [UInt8]) -> Bool {
    guard signature.count == 72, let timestamp = Self.timestamp(of: signature),
      let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey)
    else { return false }
    return publicKey.isValidSignature(
      signature[8...], for: Self.message(text: text, timestamp: timestamp))
  }

  /// The timestamp of a cosignature; `nil` when it is above 2^63 - 1 or too short.
  public static func timestamp(of signature: [UInt8]) -> UInt64? {
    guard signature.count >= 8 else { return nil }
    let value = signature[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    return value <= UInt64(Int64.max) ? value : nil
  }

  static func message(text: [UInt8], timestamp: UInt64) -> [UInt8] {
    Array("cosignature/v1\ntime \(timestamp)\n".utf8) + text
  }
}

/// A k-of-n witness policy: a checkpoint is accepted when at least `quorum` of the listed
/// witnesses cosigned it (C2SP tlog-cosignature: "verify a quorum of cosignatures").
public struct WitnessPolicy: Sendable {
  public let witnesses: [WitnessVerifier]
  public let quorum: Int

  public init(witnesses: [WitnessVerifier], quorum: Int) {
    precondition(quorum >= 0 && quorum <= witnesses.count, "quorum must be within 0...n")
    self.witnesses = witnesses
    self.quorum = quorum
  }

  /// Counts the valid cosignatures on a note; returns the names of the witnesses that signed.
  ///
  /// A signature with a known witness's name and ID that fails to verify is not counted and
  /// is reported; unknown signatures are ignored.
  public func check(note: SignedNote, now: Date = Date()) throws(CheckpointError) -> [String] {
    let text = Array(note.text.utf8)
    var signed: [String] = []
    var failures: [String] = []
    let latest = UInt64(max(0, now.timeIntervalSince1970)) + 60
    for witness in witnesses {
      guard
        let signature = note.signatures.first(where: {
          $0.name == witness.name && $0.keyID == witness.keyID
        })
      else { continue }
      guard witness.isValidSignature(signature.signature, forText: text) else {
        failures.append("invalid cosignature by \(witness.name)")
        continue
      }
      if let stamp = WitnessVerifier.timestamp(of: signature.signature), stamp > latest {
        throw .cosignatureFromFuture(witness: witness.name, timestamp: stamp)
      }
      signed.append(witness.name)
    }
    guard signed.count >= quorum else {
      throw .notEnoughCosignatures(required: quorum, valid: signed.count, failures: failures)
    }
    return signed
  }
}
