import CaravanLog
import CaravanTrust
import Foundation
import Testing

@Suite("tlog-proof receipts")
struct ReceiptTests {
  static let document = Array("<Invoice>42</Invoice>".utf8)

  func makeReceipt(entries: Int = 1000, index: UInt64 = 417) async throws -> (Receipt, NoteSigner) {
    let signer = try NoteSigner.generate(name: "example.com/hub-log")
    var log = try await TileLog.create(origin: signer.name, storage: MemoryTileStorage())
    var logged: [UInt8] = []
    for i in 0..<entries {
      let doc = i == Int(index) ? Self.document : Array("doc \(i)".utf8)
      let entry = LogEntry(
        document: doc, documentType: "urn:cen.eu:en16931:2017", sender: "0088:123",
        receiver: "0088:456", jurisdiction: "FR", time: Date(timeIntervalSince1970: 1_790_000_000))
      let bytes = try entry.encoded()
      if i == Int(index) { logged = bytes }
      try log.append(bytes)
    }
    let note = try await log.publish(signer: signer)
    var reader = log.reader()
    let proof = try await reader.inclusionProof(index: index)
    return (Receipt(extra: logged, index: index, proof: proof.hashes, checkpoint: note), signer)
  }

  @Test("a receipt round-trips and proves the document offline")
  func roundTrip() async throws {
    let (receipt, signer) = try await makeReceipt()
    let text = receipt.encoded
    #expect(text.hasPrefix("c2sp.org/tlog-proof@v1\nextra "))
    let parsed = try Receipt(parsing: text)
    #expect(parsed == receipt)
    let entry = try parsed.verify(document: Self.document, logKey: signer.verifierKey)
    #expect(entry.jurisdiction == "FR")
    #expect(entry.time == Date(timeIntervalSince1970: 1_790_000_000))
  }

  @Test("a log publishing with witnesses gives receipts that meet a k-of-n policy")
  func witnessed() async throws {
    let signer = try NoteSigner.generate(name: "example.com/witnessed-log")
    let witnesses = try (1...3).map { try WitnessCosigner(name: "w\($0).example") }
    var log = try await TileLog.create(origin: signer.name, storage: MemoryTileStorage())
    let entry = try LogEntry(document: Self.document, time: Date()).encoded()
    try log.append(Array("first".utf8))
    let index = try log.append(entry)
    let note = try await log.publish(signer: signer, cosigners: Array(witnesses.prefix(2)))
    var reader = log.reader()
    let proof = try await reader.inclusionProof(index: index)
    let receipt = try Receipt(
      parsing: Receipt(extra: entry, index: index, proof: proof.hashes, checkpoint: note).encoded)
    let verifiers = try witnesses.map { try WitnessVerifier(key: $0.verifierKey) }
    try receipt.verify(
      document: Self.document, logKey: signer.verifierKey,
      witnesses: WitnessPolicy(witnesses: verifiers, quorum: 2))
    #expect {
      try receipt.verify(
        document: Self.document, logKey: signer.verifierKey,
        witnesses: WitnessPolicy(witnesses: verifiers, quorum: 3))
    } throws: { error in
      guard
        case .checkpoint(.notEnoughCosignatures(required: 3, valid: 2, _)) = error
          as? ReceiptError
      else { return false }
      return true
    }
  }

  @Test("another document is refused with both digests")
  func otherDocument() async throws {
    let (receipt, signer) = try await makeReceipt()
    #expect {
      try receipt.verify(document: Array("<Invoice>43</Invoice>".utf8), logKey: signer.verifierKey)
    } throws: { error in
      guard case .documentMismatch = error as? ReceiptError else { return false }
      return true
    }
  }

  @Test("a receipt under another log's key is refused")
  func wrongKey() async throws {
    let (receipt, _) = try await makeReceipt()
    let other = try NoteSigner.generate(name: "example.com/hub-log")
    #expect {
      try receipt.verify(document: Self.document, logKey: other.verifierKey)
    } throws: { error in
      guard case .checkpoint(.signature(.noKnownSignature)) = error as? ReceiptError else {
        return false
      }
      return true
    }
  }

  @Test("a wrong index or a truncated proof is refused by the inclusion check")
  func wrongIndex() async throws {
    var (receipt, signer) = try await makeReceipt()
    receipt.index += 1
    #expect {
      try receipt.verify(document: Self.document, logKey: signer.verifierKey)
    } throws: { error in
      guard case .inclusion(.rootMismatch) = error as? ReceiptError else { return false }
      return true
    }
    receipt.index -= 1
    receipt.proof.removeLast()
    #expect {
      try receipt.verify(document: Self.document, logKey: signer.verifierKey)
    } throws: { error in
      guard case .inclusion(.proofTooShort) = error as? ReceiptError else { return false }
      return true
    }
  }

  /// Every single-bit change of the checkpoint's size is caught by the log's signature,
  /// which is what binds a size to a root.
  @Test("flipping any bit of the checkpoint size is refused")
  func flippedCheckpointSize() async throws {
    let (receipt, signer) = try await makeReceipt()
    let checkpoint = try Checkpoint(text: receipt.checkpoint.text)
    for bit in 0..<63 {
      var changed = checkpoint
      changed.treeSize ^= 1 << UInt64(bit)
      var forged = receipt
      forged.checkpoint.text = changed.text
      #expect {
        try forged.verify(document: Self.document, logKey: signer.verifierKey)
      } throws: { error in
        guard case .checkpoint(.signature(.invalidSignature)) = error as? ReceiptError else {
          return false
        }
        return true
      }
    }
  }

  @Test(
    "malformed receipts are refused",
    arguments: [
      "", "c2sp.org/tlog-proof@v2\nindex 1\n\nx\n", "c2sp.org/tlog-proof@v1\nindex 01\n\nx\n",
      "c2sp.org/tlog-proof@v1\nindex 1\nAAAA\n\nx\n",
      "c2sp.org/tlog-proof@v1\nextra !!\nindex 1\n\nx\n",
    ])
  func malformed(text: String) {
    #expect {
      _ = try Receipt(parsing: text)
    } throws: { error in
      guard case .malformed = error as? ReceiptError else { return false }
      return true
    }
  }

  @Test("policy entries record the policy version as the sequence")
  func policyEntry() throws {
    let entry = LogEntry(
      kind: .policy, digest: Array(repeating: 0xCD, count: 32), jurisdiction: "KE", sequence: 3,
      time: Date(timeIntervalSince1970: 0))
    let bytes = try entry.encoded()
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == "caravan-log-entry/v1\nkind policy\ndigest sha256:"
        + String(repeating: "cd", count: 32)
        + "\njurisdiction KE\nsequence 3\ntime 1970-01-01T00:00:00Z\n")
    #expect(try LogEntry(decoding: bytes) == entry)
    #expect(
      LogEntry.Kind.allCases.map(\.rawValue) == [
        "document", "trust-registry", "policy", "delivery-receipt",
      ])
  }

  @Test("delivery-receipt entries are canonical and read back")
  func deliveryReceiptEntry() throws {
    let entry = LogEntry(
      kind: .deliveryReceipt, digest: Array(repeating: 0x0E, count: 32),
      documentType: "caravan-delivery-receipt", sender: "0088:6164000000011",
      receiver: "0088:8850000000018", jurisdiction: "TH", time: Date(timeIntervalSince1970: 60))
    let bytes = try entry.encoded()
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == "caravan-log-entry/v1\nkind delivery-receipt\ndigest sha256:"
        + String(repeating: "0e", count: 32)
        + "\ntype caravan-delivery-receipt\nsender 0088:6164000000011\n"
        + "receiver 0088:8850000000018\njurisdiction TH\ntime 1970-01-01T00:01:00Z\n")
    #expect(try LogEntry(decoding: bytes) == entry)
    let text = String(decoding: bytes, as: UTF8.self)
    let uppercase = Array(
      text.replacingOccurrences(of: "sha256:0e0e", with: "sha256:0E0e").utf8)
    #expect(throws: LogEntryError.self, "an uppercase digest is not canonical") {
      try LogEntry(decoding: uppercase)
    }
  }

  @Test("log entries are canonical")
  func canonicalEntry() throws {
    let entry = LogEntry(
      kind: .trustRegistry, digest: Array(repeating: 0xAB, count: 32), jurisdiction: "DE",
      sequence: 7, time: Date(timeIntervalSince1970: 0))
    let bytes = try entry.encoded()
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == "caravan-log-entry/v1\nkind trust-registry\ndigest sha256:"
        + String(repeating: "ab", count: 32)
        + "\njurisdiction DE\nsequence 7\ntime 1970-01-01T00:00:00Z\n")
    #expect(try LogEntry(decoding: bytes) == entry)
    var reordered = String(decoding: bytes, as: UTF8.self)
    reordered = reordered.replacingOccurrences(
      of: "jurisdiction DE\nsequence 7", with: "sequence 7\njurisdiction DE")
    for bad in ["a b", "", "a\u{2003}b", "a\nb", String(repeating: "x", count: 513)] {
      let entry = LogEntry(digest: Array(repeating: 1, count: 32), sender: bad, time: Date())
      #expect {
        _ = try entry.encoded()
      } throws: { error in
        guard case .invalid(let why) = error as? LogEntryError else { return false }
        return why.hasPrefix("sender")
      }
    }
    #expect(throws: LogEntryError.invalid("entry is not in canonical form")) {
      _ = try LogEntry(decoding: Array(reordered.utf8))
    }
  }
}
