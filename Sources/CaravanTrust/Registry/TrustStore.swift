import Crypto
public import Foundation
import X509

/// What a verifier trusts: its own jurisdiction's registry, and the registries of the
/// jurisdictions that one recognises.
///
/// On disk (``load(directory:now:)``) a trust store is a folder:
///
/// ```
/// trust.json                 {"jurisdiction": "FR", "registryKey": <JWK>}
/// FR.registry.json           a registry version, the exact signed bytes
/// FR.registry.json.jws       its detached JWS, by the key in trust.json
/// DE.registry.json(.jws)     recognised registries, signed by the keys FR's registry names
/// seen.json                  highest version seen per jurisdiction (kept by the verifier)
/// ```
public struct TrustStore: Sendable {
  public let localJurisdiction: String
  public private(set) var registries: [String: TrustRegistry] = [:]
  /// Registries in the folder that were not taken, with the reason.
  public private(set) var refused: [String: RegistryError] = [:]
  public private(set) var seen: SeenRegistries
  /// Tolerated clock difference between signer and verifier.
  public static let clockSkew: TimeInterval = 300

  /// Starts from the local registry, verified with the locally configured key.
  public init(
    local: SignedRegistry, seen: SeenRegistries = SeenRegistries(), now: Date = Date()
  ) throws(RegistryError) {
    self.localJurisdiction = local.registry.jurisdiction
    self.seen = seen
    try admit(local, now: now)
  }

  /// Adds a foreign registry; its signature must verify with the key the local registry's
  /// recognition names.
  public mutating func add(foreign bytes: [UInt8], signature: String, now: Date = Date())
    throws(RegistryError)
  {
    let claimed = try TrustRegistry.decode(bytes)
    guard let local = registries[localJurisdiction],
      let recognition = local.recognitions.first(where: { $0.jurisdiction == claimed.jurisdiction })
    else { throw .notRecognised(jurisdiction: claimed.jurisdiction) }
    let key: VerificationKey
    do { key = try recognition.registryKey.verificationKey() } catch {
      throw .malformed("registry key for \(claimed.jurisdiction): \(error)")
    }
    try admit(SignedRegistry(bytes: bytes, signature: signature, key: key), now: now)
  }

  private mutating func admit(_ signed: SignedRegistry, now: Date) throws(RegistryError) {
    let registry = signed.registry
    try seen.accept(registry, digest: signed.digest)
    guard registry.nextUpdate > now else {
      throw .stale(jurisdiction: registry.jurisdiction, nextUpdate: registry.nextUpdate)
    }
    registries[registry.jurisdiction] = registry
  }

  /// Loads a trust store folder and records the versions seen in its `seen.json`.
  public static func load(directory: URL, now: Date = Date()) throws -> TrustStore {
    func read(_ name: String) throws(RegistryError) -> [UInt8] {
      do {
        return Array(try Data(contentsOf: directory.appendingPathComponent(name)))
      } catch {
        throw .unreadable(
          "\(directory.appendingPathComponent(name).path): \(error.localizedDescription)")
      }
    }
    struct Config: Codable {
      var jurisdiction: String
      var registryKey: JWK
    }
    let config: Config
    do {
      config = try JSONDecoder().decode(Config.self, from: Data(try read("trust.json")))
    } catch let error as RegistryError {
      throw error
    } catch {
      throw RegistryError.malformed("trust.json: \(error)")
    }
    var seen = SeenRegistries()
    if FileManager.default.fileExists(atPath: directory.appendingPathComponent("seen.json").path) {
      seen = try JSONDecoder().decode(SeenRegistries.self, from: Data(try read("seen.json")))
    }
    let localName = "\(config.jurisdiction).registry.json"
    let local = try SignedRegistry(
      bytes: try read(localName),
      signature: String(decoding: try read(localName + ".jws"), as: UTF8.self),
      key: try config.registryKey.verificationKey())
    guard local.registry.jurisdiction == config.jurisdiction else {
      throw RegistryError.wrongJurisdiction(
        expected: config.jurisdiction, found: local.registry.jurisdiction)
    }
    var store = try TrustStore(local: local, seen: seen, now: now)
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    for file in files where file.hasSuffix(".registry.json") && file != localName {
      let jurisdiction = String(file.dropLast(".registry.json".count))
      do {
        try store.add(
          foreign: try read(file),
          signature: String(decoding: try read(file + ".jws"), as: UTF8.self), now: now)
      } catch {
        store.refused[jurisdiction] = error
      }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    try encoder.encode(store.seen).write(to: directory.appendingPathComponent("seen.json"))
    return store
  }

  /// Answers the two trust questions for a document signature that has already verified
  /// cryptographically: was the signer's anchor granted at signing time, and does the local
  /// jurisdiction recognise the signer's for this document type?
  public func evaluate(_ jws: DetachedJWS, signer: VerificationKey, now: Date = Date()) async
    -> TrustVerdict
  {
    let signingTime = jws.signingTime ?? now
    let documentType = jws.header.docType
    // The signing time is claimed by the signer; one in the future cannot be checked against
    // the anchor's history yet.
    if signingTime > now + Self.clockSkew {
      return TrustVerdict(
        anchor: nil,
        anchorGranted: .failed(
          "claimed signing time \(RFC3339.format(signingTime)) is in the future"),
        recognition: .failed("not evaluated: signing time in the future"))
    }
    let certificates = (try? jws.certificates()) ?? []
    var reasons: [String] = []
    // Find the anchor: a bare key equal to the signer's, or a CA the x5c chain leads to.
    for jurisdiction in registries.keys.sorted() {
      guard let registry = registries[jurisdiction] else { continue }
      for anchor in registry.anchors {
        let matched: Bool
        if let jwk = anchor.publicKey, let key = try? jwk.verificationKey(), key == signer {
          matched = true
        } else if let pem = anchor.certificate, let leaf = certificates.first {
          switch await Self.validate(
            leaf: leaf, intermediates: Array(certificates.dropFirst()), anchor: pem,
            at: signingTime)
          {
          case .success: matched = true
          case .failure(let reason):
            reasons.append("\(jurisdiction)/\(anchor.id): \(reason)")
            matched = false
          }
        } else {
          matched = false
        }
        guard matched else { continue }
        let granted: TrustVerdict.Check
        let time = RFC3339.format(signingTime)
        if let status = anchor.status(at: signingTime) {
          granted =
            status.status == .granted
            ? .passed("anchor \(jurisdiction)/\(anchor.id) (\(anchor.name)) was granted at \(time)")
            : .failed(
              "anchor \(jurisdiction)/\(anchor.id) (\(anchor.name)) was \(status.status.rawValue) "
                + "since \(RFC3339.format(status.since)), before the signing time \(time)")
        } else {
          granted = .failed(
            "anchor \(jurisdiction)/\(anchor.id) (\(anchor.name)) had no status yet at \(time)")
        }
        let recognition: TrustVerdict.Check
        if jurisdiction == localJurisdiction {
          recognition = .passed("signer is in the local jurisdiction \(jurisdiction)")
        } else if registries[localJurisdiction]?.recognition(of: jurisdiction, for: documentType)
          != nil
        {
          recognition = .passed(
            "\(localJurisdiction) recognises \(jurisdiction) for \(documentType ?? "all documents")"
          )
        } else {
          recognition = .failed(
            "\(localJurisdiction) does not recognise \(jurisdiction) for document type "
              + "\(documentType ?? "(none declared)")")
        }
        return TrustVerdict(
          anchor: "\(jurisdiction)/\(anchor.id)", anchorGranted: granted, recognition: recognition)
      }
    }
    let detail = reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"
    return TrustVerdict(
      anchor: nil,
      anchorGranted: .failed("signer \(signer) leads to no anchor of a trusted registry\(detail)"),
      recognition: .failed("not evaluated: no anchor"))
  }

  /// RFC 5280 path validation of `leaf` to `anchor` at `time` (swift-certificates).
  static func validate(
    leaf: Certificate, intermediates: [Certificate], anchor pem: String, at time: Date
  ) async -> Result<Void, ChainFailure> {
    let root: Certificate
    do { root = try Certificate(pemEncoded: pem) } catch {
      return .failure(ChainFailure(reason: "anchor certificate is not PEM X.509"))
    }
    var verifier = Verifier(rootCertificates: CertificateStore([root])) {
      RFC5280Policy(fixedValidationTime: time)
    }
    switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates)) {
    case .validCertificate: return .success(())
    case .couldNotValidate(let failures):
      let reason =
        failures.first.map { "\($0.policyFailureReason)" }
        ?? "certificate chain does not lead to this anchor"
      return .failure(ChainFailure(reason: reason))
    }
  }

  struct ChainFailure: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
  }
}

/// The answer to "is this document signature trusted?", with which question failed.
public struct TrustVerdict: Hashable, Sendable, CustomStringConvertible {
  public enum Check: Hashable, Sendable {
    case passed(String)
    case failed(String)

    public var passed: Bool {
      if case .passed = self { return true }
      return false
    }
    public var text: String {
      switch self {
      case .passed(let text), .failed(let text): return text
      }
    }
  }

  /// The matched anchor, `jurisdiction/id`.
  public var anchor: String?
  /// Was the signer's anchor granted at signing time?
  public var anchorGranted: Check
  /// Does the verifier's jurisdiction recognise the signer's for this document type?
  public var recognition: Check

  public var isTrusted: Bool { anchorGranted.passed && recognition.passed }

  public var description: String {
    func line(_ label: String, _ check: Check) -> String {
      "\(check.passed ? "ok  " : "FAIL") \(label): \(check.text)"
    }
    return [
      line("anchor granted at signing time", anchorGranted),
      line("jurisdiction recognised", recognition),
    ].joined(separator: "\n")
  }
}
