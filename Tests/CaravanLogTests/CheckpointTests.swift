import CaravanLog
import CaravanTestSupport
import CaravanTrust
import Foundation
import Testing

@Suite("Checkpoints and witness cosignatures")
struct CheckpointTests {
  @Test("checkpoint body is formatted as in the Go sumdb tree note", .enabled(if: Corpus.isPresent))
  func goTreeBody() throws {
    let root = try #require(
      try Corpus.json("transcribed/signed_note_vectors.json") as? [String: Any])
    let vector = try #require(
      (root["vectors"] as? [[String: Any]])?.first {
        $0["id"] as? String == "go-sumdb-tree-note-body"
      })
    let checkpoint = Checkpoint(
      origin: "go.sum database tree", treeSize: 123_456_789_012,
      rootHash: .leaf(Array("hello world".utf8)))
    #expect(checkpoint.rootHash.base64 == vector["rootHashB64"] as? String)
    #expect(checkpoint.text == vector["body"] as? String)
    #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
  }

  @Test("the derived size-8 checkpoint verifies with the log key", .enabled(if: Corpus.isPresent))
  func derivedCheckpoint() throws {
    let root = try #require(
      try Corpus.json("transcribed/signed_note_vectors.json") as? [String: Any])
    let vector = try #require(
      (root["vectors"] as? [[String: Any]])?.first {
        $0["id"] as? String == "derived-checkpoint-rfc6962-size8"
      })
    let key = try NoteVerifierKey(
      parsing: try #require((vector["verifierKeys"] as? [String])?.first))
    let note = try #require(vector["signedNote"] as? String)
    let verified = try VerifiedCheckpoint(parsing: note, logKey: key)
    #expect(verified.checkpoint.treeSize == 8)
    #expect(
      verified.checkpoint.rootHash.hex
        == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    let signer = try NoteSigner(parsing: try #require(vector["signerKey"] as? String))
    #expect(try verified.checkpoint.signed(by: signer).encoded == note)
  }

  @Test(
    "malformed checkpoint bodies are refused",
    arguments: [
      "example.com/log\n8\n", "example.com/log\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
      "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "example.com/log\n8\nAAAA\n",
      "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n",
    ])
  func malformed(text: String) {
    #expect {
      _ = try Checkpoint(text: text)
    } throws: { error in
      guard case .malformed = error as? CheckpointError else { return false }
      return true
    }
  }

  func cosigned(by witnesses: [WitnessCosigner], time: Date = Date()) throws -> (
    SignedNote, NoteSigner
  ) {
    let signer = try NoteSigner.generate(name: "example.com/log")
    let checkpoint = Checkpoint(origin: signer.name, treeSize: 5, rootHash: .leaf([1]))
    var note = try checkpoint.signed(by: signer)
    for witness in witnesses { note.signatures.append(try witness.cosign(note.text, at: time)) }
    return (note, signer)
  }

  @Test("k-of-n witness policy counts valid cosignatures")
  func quorum() throws {
    let witnesses = try (1...3).map { try WitnessCosigner(name: "witness\($0).example") }
    let verifiers = try witnesses.map { try WitnessVerifier(key: $0.verifierKey) }
    let (note, signer) = try cosigned(by: Array(witnesses.prefix(2)))
    let reparsed = try SignedNote(parsing: note.encoded)
    let two = try VerifiedCheckpoint(
      parsing: reparsed.encoded, logKey: signer.verifierKey,
      witnesses: WitnessPolicy(witnesses: verifiers, quorum: 2))
    #expect(two.witnesses == ["witness1.example", "witness2.example"])
    #expect(throws: CheckpointError.notEnoughCosignatures(required: 3, valid: 2, failures: [])) {
      _ = try VerifiedCheckpoint(
        parsing: note.encoded, logKey: signer.verifierKey,
        witnesses: WitnessPolicy(witnesses: verifiers, quorum: 3))
    }
    // The cosigner key is type 0x04 and its ID uses that byte.
    #expect(witnesses[0].verifierKey.type == .cosignatureEd25519)
    #expect(
      witnesses[0].verifierKey.keyID
        == NoteVerifierKey.keyID(
          name: "witness1.example", type: 0x04, keyMaterial: witnesses[0].verifierKey.publicKey))
  }

  @Test("a forged cosignature is not counted, and says so")
  func forgedCosignature() throws {
    let honest = try WitnessCosigner(name: "w.example")
    let (note, signer) = try cosigned(by: [honest])
    var forged = note
    forged.signatures[1].signature[20] ^= 1
    #expect(
      throws: CheckpointError.notEnoughCosignatures(
        required: 1, valid: 0, failures: ["invalid cosignature by w.example"])
    ) {
      _ = try VerifiedCheckpoint(
        parsing: forged.encoded, logKey: signer.verifierKey,
        witnesses: WitnessPolicy(
          witnesses: [try WitnessVerifier(key: honest.verifierKey)], quorum: 1))
    }
  }

  @Test("a cosignature dated in the future is refused")
  func futureCosignature() throws {
    let witness = try WitnessCosigner(name: "w.example")
    let future = Date().addingTimeInterval(86_400)
    let (note, signer) = try cosigned(by: [witness], time: future)
    #expect {
      _ = try VerifiedCheckpoint(
        parsing: note.encoded, logKey: signer.verifierKey,
        witnesses: WitnessPolicy(
          witnesses: [try WitnessVerifier(key: witness.verifierKey)], quorum: 1))
    } throws: { error in
      guard case .cosignatureFromFuture(witness: "w.example", _) = error as? CheckpointError else {
        return false
      }
      return true
    }
  }

  @Test("a checkpoint for another origin is refused")
  func wrongOrigin() throws {
    let (note, signer) = try cosigned(by: [])
    #expect(
      throws: CheckpointError.wrongOrigin(expected: "example.com/other", found: "example.com/log")
    ) {
      _ = try VerifiedCheckpoint(
        parsing: note.encoded, origin: "example.com/other", logKey: signer.verifierKey)
    }
  }
}
