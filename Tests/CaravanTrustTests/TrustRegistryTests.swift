import CaravanTrust
import Crypto
import Foundation
import Testing

@Suite("Trust registry and trust evaluation")
struct TrustRegistryTests {
  static let document = Array("<Invoice>cross-border</Invoice>".utf8)
  let now = Fixtures.now
  let day = Fixtures.day

  /// FR trusts its own CA and recognises DE for invoices only; DE trusts its own CA.
  struct World {
    let frKey = SigningKey.ed25519(Curve25519.Signing.PrivateKey())
    let deKey = SigningKey.ed25519(Curve25519.Signing.PrivateKey())
    let frCA: Fixtures.CA
    let deCA: Fixtures.CA
    var frRegistry: TrustRegistry
    var deRegistry: TrustRegistry

    init(deHistory: [StatusChange] = Fixtures.grantedLongAgo) throws {
      frCA = try Fixtures.makeCA("FR Test CA")
      deCA = try Fixtures.makeCA("DE Test CA")
      frRegistry = Fixtures.registry(
        "FR",
        anchors: [
          TrustAnchor(
            id: "ca1", name: "FR CA", certificate: frCA.pem, history: Fixtures.grantedLongAgo)
        ],
        recognitions: [
          Recognition(
            jurisdiction: "DE", documentTypes: ["invoice"], registryKey: deKey.publicKey.jwk)
        ])
      deRegistry = Fixtures.registry(
        "DE",
        anchors: [TrustAnchor(id: "ca1", name: "DE CA", certificate: deCA.pem, history: deHistory)])
    }

    func store(now: Date = Fixtures.now) throws -> TrustStore {
      var store = try TrustStore(
        local: try SignedRegistry(signing: frRegistry, key: frKey), now: now)
      let de = try SignedRegistry(signing: deRegistry, key: deKey)
      try store.add(foreign: de.bytes, signature: de.signature.compact, now: now)
      return store
    }
  }

  func verdict(
    _ world: World, signerCA: Fixtures.CA, documentType: String = "invoice",
    signingTime: Date = Fixtures.now, notAfter: Date = Fixtures.now + 100 * Fixtures.day,
    p256: Bool = false
  ) async throws -> TrustVerdict {
    let (key, certificate) = try Fixtures.issue(
      by: signerCA, to: "Seller GmbH", notAfter: notAfter, p256: p256)
    let jws = try DetachedJWS.sign(
      document: Self.document, key: key, certificates: [certificate], documentType: documentType,
      signingTime: signingTime)
    let parsed = try DetachedJWS(parsing: jws.compact)
    let signer = try parsed.verify(document: Self.document)
    return await try world.store().evaluate(parsed, signer: signer)
  }

  @Test("a recognised foreign signer with a granted anchor is trusted")
  func trusted() async throws {
    let world = try World()
    let verdict = try await verdict(world, signerCA: world.deCA)
    #expect(verdict.isTrusted, "\(verdict)")
    #expect(verdict.anchor == "DE/ca1")
  }

  @Test("an ES256 signer with an x5c chain is trusted")
  func es256Chain() async throws {
    let world = try World()
    let verdict = try await verdict(world, signerCA: world.deCA, p256: true)
    #expect(verdict.isTrusted, "\(verdict)")
  }

  @Test("a local signer is trusted for any document type")
  func local() async throws {
    let world = try World()
    let verdict = try await verdict(world, signerCA: world.frCA, documentType: "credit-note")
    #expect(verdict.isTrusted, "\(verdict)")
  }

  @Test("an unrecognised document type fails the recognition question only")
  func notRecognised() async throws {
    let world = try World()
    let verdict = try await verdict(world, signerCA: world.deCA, documentType: "credit-note")
    #expect(verdict.anchorGranted.passed)
    #expect(!verdict.recognition.passed)
    #expect(
      verdict.recognition.text.contains("does not recognise DE for document type credit-note"))
  }

  @Test("a signature made after the anchor was withdrawn fails the anchor question")
  func withdrawnAnchor() async throws {
    let world = try World(deHistory: [
      StatusChange(.granted, since: now - 365 * day),
      StatusChange(.withdrawn, since: now - 2 * day),
    ])
    let verdict = try await verdict(world, signerCA: world.deCA)
    #expect(!verdict.anchorGranted.passed)
    #expect(verdict.anchorGranted.text.contains("was withdrawn since"))
    #expect(verdict.recognition.passed)
    // Signed while still granted: trusted.
    let earlier = try await self.verdict(world, signerCA: world.deCA, signingTime: now - 5 * day)
    #expect(earlier.isTrusted, "\(earlier)")
  }

  @Test("a signing time in the future is refused")
  func futureSigningTime() async throws {
    let world = try World()
    let verdict = try await verdict(world, signerCA: world.deCA, signingTime: now + day)
    #expect(!verdict.isTrusted)
    #expect(verdict.anchorGranted.text.contains("is in the future"))
  }

  @Test("a signer certificate expired at signing time leads to no anchor")
  func expiredCertificate() async throws {
    let world = try World()
    let verdict = try await verdict(world, signerCA: world.deCA, notAfter: now - day)
    #expect(!verdict.anchorGranted.passed)
    #expect(verdict.anchorGranted.text.contains("leads to no anchor"))
    #expect(verdict.anchorGranted.text.contains("DE/ca1"))
  }

  @Test("a signer from an unknown CA leads to no anchor")
  func unknownCA() async throws {
    let world = try World()
    let stranger = try Fixtures.makeCA("Stranger CA")
    let verdict = try await verdict(world, signerCA: stranger)
    #expect(!verdict.isTrusted)
    #expect(verdict.anchorGranted.text.contains("leads to no anchor"))
  }

  @Test("a bare-key anchor trusts signatures without certificates")
  func bareKey() async throws {
    let signerKey = SigningKey.ed25519(Curve25519.Signing.PrivateKey())
    let registryKey = SigningKey.p256(P256.Signing.PrivateKey())
    let registry = Fixtures.registry(
      "FR",
      anchors: [
        TrustAnchor(
          id: "k1", name: "Hub FR", publicKey: signerKey.publicKey.jwk,
          history: Fixtures.grantedLongAgo)
      ])
    let store = try TrustStore(local: try SignedRegistry(signing: registry, key: registryKey))
    let jws = try DetachedJWS.sign(document: Self.document, key: signerKey)
    let verdict = await store.evaluate(jws, signer: try jws.verify(document: Self.document))
    #expect(verdict.isTrusted, "\(verdict)")
  }

  @Test("a registry with a lower sequence number than one seen is refused as a rollback")
  func rollback() throws {
    let world = try World()
    var newer = world.frRegistry
    newer.sequenceNumber = 5
    let store = try TrustStore(local: try SignedRegistry(signing: newer, key: world.frKey))
    var older = world.frRegistry
    older.sequenceNumber = 4
    #expect(throws: RegistryError.rollback(jurisdiction: "FR", seen: 5, offered: 4)) {
      _ = try TrustStore(
        local: try SignedRegistry(signing: older, key: world.frKey), seen: store.seen)
    }
    // The same version again is fine; a different one with the same number is a split view.
    _ = try TrustStore(
      local: try SignedRegistry(signing: newer, key: world.frKey), seen: store.seen)
    var forked = newer
    forked.anchors = []
    #expect(throws: RegistryError.splitView(jurisdiction: "FR", sequence: 5)) {
      _ = try TrustStore(
        local: try SignedRegistry(signing: forked, key: world.frKey), seen: store.seen)
    }
  }

  @Test("a registry past its next update is refused as stale")
  func stale() throws {
    let world = try World()
    var old = world.frRegistry
    old.nextUpdate = now - day
    #expect {
      _ = try TrustStore(local: try SignedRegistry(signing: old, key: world.frKey))
    } throws: { error in
      guard case .stale(jurisdiction: "FR", _) = error as? RegistryError else { return false }
      return true
    }
  }

  @Test("a foreign registry signed by a key other than the recognised one is refused")
  func foreignWrongKey() throws {
    let world = try World()
    var store = try TrustStore(
      local: try SignedRegistry(signing: world.frRegistry, key: world.frKey))
    let impostor = try SignedRegistry(
      signing: world.deRegistry, key: .ed25519(Curve25519.Signing.PrivateKey()))
    #expect {
      try store.add(foreign: impostor.bytes, signature: impostor.signature.compact)
    } throws: { error in
      guard case .badSignature(jurisdiction: "DE", .invalidSignature) = error as? RegistryError
      else {
        return false
      }
      return true
    }
    let unknown = try SignedRegistry(
      signing: Fixtures.registry("IT", anchors: []), key: world.deKey)
    #expect(throws: RegistryError.notRecognised(jurisdiction: "IT")) {
      try store.add(foreign: unknown.bytes, signature: unknown.signature.compact)
    }
  }

  @Test("a trust store folder loads, and remembers the versions it saw")
  func folder() throws {
    let world = try World()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trust-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    func write(_ registry: TrustRegistry, _ key: SigningKey) throws {
      let signed = try SignedRegistry(signing: registry, key: key)
      try Data(signed.bytes).write(
        to: dir.appendingPathComponent("\(registry.jurisdiction).registry.json"))
      try Data(signed.signature.compact.utf8).write(
        to: dir.appendingPathComponent("\(registry.jurisdiction).registry.json.jws"))
    }
    let config =
      #"{"jurisdiction":"FR","registryKey":"#
      + String(decoding: try JSONEncoder().encode(world.frKey.publicKey.jwk), as: UTF8.self) + "}"
    try Data(config.utf8).write(to: dir.appendingPathComponent("trust.json"))
    var fr = world.frRegistry
    fr.sequenceNumber = 3
    try write(fr, world.frKey)
    try write(world.deRegistry, world.deKey)
    let store = try TrustStore.load(directory: dir)
    #expect(store.registries.keys.sorted() == ["DE", "FR"])
    fr.sequenceNumber = 2
    try write(fr, world.frKey)
    #expect(throws: RegistryError.rollback(jurisdiction: "FR", seen: 3, offered: 2)) {
      _ = try TrustStore.load(directory: dir)
    }
  }
}
