import Foundation

/// The highest registry version a verifier has seen per jurisdiction, so that it refuses
/// rollbacks (a lower sequence number) and split views (same number, other content).
public struct SeenRegistries: Codable, Hashable, Sendable {
  public struct Entry: Codable, Hashable, Sendable {
    public var sequenceNumber: UInt64
    /// SHA-256 of the registry bytes, hex.
    public var digest: String
  }

  public var entries: [String: Entry] = [:]

  public init() {}

  /// Accepts a registry version or says why not; records it when it is newer.
  public mutating func accept(_ registry: TrustRegistry, digest: String) throws(RegistryError) {
    if let seen = entries[registry.jurisdiction] {
      if registry.sequenceNumber < seen.sequenceNumber {
        throw .rollback(
          jurisdiction: registry.jurisdiction, seen: seen.sequenceNumber,
          offered: registry.sequenceNumber)
      }
      if registry.sequenceNumber == seen.sequenceNumber, digest != seen.digest {
        throw .splitView(jurisdiction: registry.jurisdiction, sequence: registry.sequenceNumber)
      }
    }
    entries[registry.jurisdiction] = Entry(sequenceNumber: registry.sequenceNumber, digest: digest)
  }
}
