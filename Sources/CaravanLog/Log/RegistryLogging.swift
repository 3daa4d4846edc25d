public import CaravanTrust
public import Foundation

extension LogEntry {
  /// The log entry recording a trust registry version: its digest, jurisdiction and
  /// sequence number. Appending every version makes rollbacks and split views visible to
  /// anyone reading the log.
  public init(registry: SignedRegistry, time: Date = Date()) {
    self.init(
      kind: .trustRegistry, digest: Hex.decode(registry.digest) ?? [],
      jurisdiction: registry.registry.jurisdiction,
      sequence: registry.registry.sequenceNumber, time: time)
  }
}

/// Checks of registry versions against the log.
public enum RegistryAudit {
  /// Scans logged entries for registry versions that contradict each other: the same
  /// jurisdiction and sequence number with two digests (a split view), or a sequence number
  /// lower than one logged before it (a rollback).
  public static func contradictions(in entries: [LogEntry]) -> [RegistryError] {
    var digests: [String: [UInt64: [UInt8]]] = [:]
    var highest: [String: UInt64] = [:]
    var problems: [RegistryError] = []
    for entry in entries where entry.kind == .trustRegistry {
      guard let jurisdiction = entry.jurisdiction, let sequence = entry.sequence else { continue }
      if let known = digests[jurisdiction]?[sequence], known != entry.digest {
        problems.append(.splitView(jurisdiction: jurisdiction, sequence: sequence))
      }
      if let top = highest[jurisdiction], sequence < top {
        problems.append(.rollback(jurisdiction: jurisdiction, seen: top, offered: sequence))
      }
      digests[jurisdiction, default: [:]][sequence] = entry.digest
      highest[jurisdiction] = max(highest[jurisdiction] ?? 0, sequence)
    }
    return problems
  }

  /// Verifies that `registry` is the version the log recorded: the receipt's entry must be a
  /// trust-registry entry for the same jurisdiction and sequence number, with the digest of
  /// the registry's bytes, included under a checkpoint signed by the log.
  public static func verifyLogged(
    _ registry: SignedRegistry, receipt: Receipt, logKey: NoteVerifierKey,
    witnesses: WitnessPolicy? = nil
  ) throws(ReceiptError) {
    let entry = try receipt.verify(document: registry.bytes, logKey: logKey, witnesses: witnesses)
    guard entry.kind == .trustRegistry, entry.jurisdiction == registry.registry.jurisdiction,
      entry.sequence == registry.registry.sequenceNumber
    else {
      throw .entry(
        .invalid(
          "logged entry is not registry \(registry.registry.jurisdiction) "
            + "#\(registry.registry.sequenceNumber)"))
    }
  }
}
