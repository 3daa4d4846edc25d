public import Foundation

/// One jurisdiction's trust registry, modelled on an ETSI TS 119 612 trusted list: a
/// sequence number that only grows (`TSLSequenceNumber`, 5.3.2), issue and next-update
/// times (`ListIssueDateTime`, `NextUpdate`, 5.3.14-15), trust anchors each with a status
/// history (`ServiceStatus` / `StatusStartingTime` and `ServiceHistory`, 5.5.4-5, 5.6), and
/// the other jurisdictions it recognises for which document types (as a list of other lists,
/// `PointersToOtherTSL`, 5.3.13, carrying their signing keys).
public struct TrustRegistry: Codable, Hashable, Sendable {
  /// ISO 3166-1 alpha-2 code, or another stable jurisdiction identifier.
  public var jurisdiction: String
  public var sequenceNumber: UInt64
  public var issued: Date
  public var nextUpdate: Date
  public var anchors: [TrustAnchor]
  public var recognitions: [Recognition]

  public init(
    jurisdiction: String, sequenceNumber: UInt64, issued: Date, nextUpdate: Date,
    anchors: [TrustAnchor], recognitions: [Recognition] = []
  ) {
    self.jurisdiction = jurisdiction
    self.sequenceNumber = sequenceNumber
    self.issued = issued
    self.nextUpdate = nextUpdate
    self.anchors = anchors
    self.recognitions = recognitions
  }

  /// The canonical JSON bytes of this registry version (sorted keys, RFC 3339 times).
  public func encoded() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return Array(try encoder.encode(self))
  }

  public static func decode(_ bytes: [UInt8]) throws(RegistryError) -> TrustRegistry {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    do {
      return try decoder.decode(TrustRegistry.self, from: Data(bytes))
    } catch {
      throw .malformed("registry JSON: \(error)")
    }
  }

  /// The recognition of `jurisdiction` for `documentType`, if this registry grants it.
  public func recognition(of jurisdiction: String, for documentType: String?) -> Recognition? {
    recognitions.first {
      $0.jurisdiction == jurisdiction
        && ($0.documentTypes.contains("*")
          || documentType.map($0.documentTypes.contains) == true)
    }
  }
}

/// A trust anchor: a CA certificate or a bare public key, with its status history.
public struct TrustAnchor: Codable, Hashable, Sendable {
  public var id: String
  public var name: String
  /// A PEM CA certificate; signer chains (`x5c`) must lead to it.
  public var certificate: String?
  /// A public key that signs directly, without certificates.
  public var publicKey: JWK?
  /// Status changes in time order (ETSI TS 119 612, 5.5.4 and 5.6).
  public var history: [StatusChange]

  public init(
    id: String, name: String, certificate: String? = nil, publicKey: JWK? = nil,
    history: [StatusChange]
  ) {
    self.id = id
    self.name = name
    self.certificate = certificate
    self.publicKey = publicKey
    self.history = history
  }

  /// The status in force at `time`: the latest change at or before it.
  public func status(at time: Date) -> StatusChange? {
    history.filter { $0.since <= time }.max { $0.since < $1.since }
  }
}

/// One entry of an anchor's status history.
public struct StatusChange: Codable, Hashable, Sendable {
  /// ETSI TS 119 612 service status values used by Caravan.
  public enum Status: String, Codable, Hashable, Sendable {
    case granted
    case withdrawn
  }

  public var status: Status
  public var since: Date

  public init(_ status: Status, since: Date) {
    self.status = status
    self.since = since
  }
}

/// Recognition of another jurisdiction's signatures for some document types, with the key
/// that signs that jurisdiction's registry.
public struct Recognition: Codable, Hashable, Sendable {
  public var jurisdiction: String
  /// Document types recognised; `*` for all.
  public var documentTypes: [String]
  public var registryKey: JWK

  public init(jurisdiction: String, documentTypes: [String], registryKey: JWK) {
    self.jurisdiction = jurisdiction
    self.documentTypes = documentTypes
    self.registryKey = registryKey
  }
}

/// Why a registry was refused.
public enum RegistryError: Error, Hashable, Sendable, CustomStringConvertible {
  case malformed(String)
  case unreadable(String)
  case badSignature(jurisdiction: String, SignatureError)
  /// A lower sequence number than one already seen: a rollback.
  case rollback(jurisdiction: String, seen: UInt64, offered: UInt64)
  /// The same sequence number with different content: a split view.
  case splitView(jurisdiction: String, sequence: UInt64)
  /// Past its next-update time.
  case stale(jurisdiction: String, nextUpdate: Date)
  /// A foreign registry the local one does not point to.
  case notRecognised(jurisdiction: String)
  case wrongJurisdiction(expected: String, found: String)

  public var description: String {
    switch self {
    case .malformed(let why): return "malformed registry: \(why)"
    case .unreadable(let why): return "cannot read registry: \(why)"
    case .badSignature(let jurisdiction, let error):
      return "registry of \(jurisdiction) is not validly signed: \(error)"
    case .rollback(let jurisdiction, let seen, let offered):
      return
        "registry of \(jurisdiction) has sequence number \(offered), lower than \(seen) already "
        + "seen: refused as a rollback"
    case .splitView(let jurisdiction, let sequence):
      return
        "registry of \(jurisdiction) sequence \(sequence) differs from the version already seen "
        + "with that number: split view"
    case .stale(let jurisdiction, let nextUpdate):
      return
        "registry of \(jurisdiction) expired at \(RFC3339.format(nextUpdate)); fetch a newer version"
    case .notRecognised(let jurisdiction):
      return "no recognition of \(jurisdiction) in the local registry, so its registry is ignored"
    case .wrongJurisdiction(let expected, let found):
      return "registry file for \(expected) holds the registry of \(found)"
    }
  }
}
