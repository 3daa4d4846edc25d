import CaravanLog
import CaravanTrust
import Crypto
import Foundation
import Testing

@Suite("Registry versions in the log")
struct RegistryLoggingTests {
  static func registry(_ sequence: UInt64, anchors: [TrustAnchor] = []) throws -> SignedRegistry {
    try SignedRegistry(
      signing: TrustRegistry(
        jurisdiction: "FR", sequenceNumber: sequence, issued: Date(),
        nextUpdate: Date() + 86_400, anchors: anchors),
      key: .ed25519(Curve25519.Signing.PrivateKey()))
  }

  @Test("a logged registry version verifies against its receipt; another does not")
  func logged() async throws {
    let signer = try NoteSigner.generate(name: "example.com/registry-log")
    var log = try await TileLog.create(origin: signer.name, storage: MemoryTileStorage())
    let v1 = try Self.registry(1)
    let v2 = try Self.registry(2)
    let entry = try LogEntry(registry: v1).encoded()
    let index = try log.append(entry)
    try log.append(try LogEntry(registry: v2).encoded())
    let note = try await log.publish(signer: signer)
    var reader = log.reader()
    let proof = try await reader.inclusionProof(index: index)
    let receipt = Receipt(extra: entry, index: index, proof: proof.hashes, checkpoint: note)
    try RegistryAudit.verifyLogged(v1, receipt: receipt, logKey: signer.verifierKey)
    #expect {
      try RegistryAudit.verifyLogged(v2, receipt: receipt, logKey: signer.verifierKey)
    } throws: { error in
      guard case .documentMismatch = error as? ReceiptError else { return false }
      return true
    }
  }

  @Test("split views and rollbacks in the logged history are reported")
  func contradictions() throws {
    let a = try LogEntry(registry: Self.registry(3))
    let b = try LogEntry(
      registry: Self.registry(3, anchors: [TrustAnchor(id: "x", name: "x", history: [])]))
    let old = try LogEntry(registry: Self.registry(2))
    #expect(RegistryAudit.contradictions(in: [a]).isEmpty)
    #expect(
      RegistryAudit.contradictions(in: [a, b]) == [.splitView(jurisdiction: "FR", sequence: 3)])
    #expect(
      RegistryAudit.contradictions(in: [a, old]) == [
        .rollback(jurisdiction: "FR", seen: 3, offered: 2)
      ])
  }
}
