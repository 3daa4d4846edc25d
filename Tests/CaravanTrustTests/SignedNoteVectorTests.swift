import CaravanTestSupport
import CaravanTrust
import Foundation
import Testing

/// One vector of `transcribed/signed_note_vectors.json`.
struct NoteVector: Sendable, CustomTestStringConvertible {
  let id: String
  let fields: [String: String]
  let lists: [String: [String]]
  var testDescription: String { id }

  static func all() -> [NoteVector] {
    guard Corpus.isPresent,
      let root = try? Corpus.json("transcribed/signed_note_vectors.json") as? [String: Any],
      let vectors = root["vectors"] as? [[String: Any]]
    else { return [] }
    return vectors.map { v in
      NoteVector(
        id: v["id"] as? String ?? "?",
        fields: v.compactMapValues { $0 as? String },
        lists: v.compactMapValues { $0 as? [String] })
    }
  }

  static func named(_ id: String) throws -> NoteVector {
    try #require(all().first { $0.id == id }, "vector \(id) missing from the corpus")
  }
}

@Suite("C2SP signed-note vectors")
struct SignedNoteVectorTests {
  @Test("corpus is present (required when CI=true)")
  func corpusPresent() {
    if Corpus.isCI { #expect(Corpus.isPresent, "corpus missing at \(Corpus.root.path)") }
    if Corpus.isPresent { #expect(NoteVector.all().count == 7) }
  }

  @Test(
    "every listed verifier key parses and round-trips", .enabled(if: Corpus.isPresent),
    arguments: NoteVector.all().filter { $0.lists["verifierKeys"] != nil })
  func verifierKeys(vector: NoteVector) throws {
    for line in vector.lists["verifierKeys"]! {
      let key = try NoteVerifierKey(parsing: line)
      #expect(key.description == line)
    }
  }

  @Test(
    "signed notes that must verify do, with every listed key", .enabled(if: Corpus.isPresent),
    arguments: NoteVector.all().filter {
      $0.fields["signedNote"] != nil && $0.fields["expect"]!.hasPrefix("reject") == false
    })
  func verifies(vector: NoteVector) throws {
    let keys = try vector.lists["verifierKeys"]!.map { try NoteVerifierKey(parsing: $0) }
    let encoded = vector.fields["signedNote"]!
    let note = try SignedNote(parsing: encoded)
    #expect(note.encoded == encoded)
    let verified = try note.verify(by: keys)
    #expect(verified.map(\.name) == keys.map(\.name))
    for key in keys {
      #expect(try note.verify(by: [key]).map(\.name) == [key.name])
    }
  }

  /// Ed25519 is deterministic: signing the text with the vector's private key must give the
  /// published signature line byte for byte.
  @Test(
    "signing reproduces the published signature exactly", .enabled(if: Corpus.isPresent),
    arguments: NoteVector.all().filter { $0.fields["signerKey"] != nil })
  func reproducesSignature(vector: NoteVector) throws {
    let signer = try NoteSigner(parsing: vector.fields["signerKey"]!)
    #expect(signer.encoded == vector.fields["signerKey"]!)
    let published = try SignedNote(parsing: vector.fields["signedNote"]!)
    let signature = try signer.sign(text: published.text)
    let expected = try #require(published.signatures.first { $0.name == signer.name })
    #expect(signature == expected)
    #expect(signature.line == expected.line)
  }

  @Test("a corrupted signature is rejected as invalid", .enabled(if: Corpus.isPresent))
  func corrupted() throws {
    let vector = try NoteVector.named("go-sumdb-note-corrupted-sig")
    let keys = try vector.lists["verifierKeys"]!.map { try NoteVerifierKey(parsing: $0) }
    let note = try SignedNote(parsing: vector.fields["signedNote"]!)
    #expect(throws: NoteError.invalidSignature(keyName: "PeterNeumann", keyID: 0xc74f_20a3)) {
      try note.verify(by: keys)
    }
  }

  @Test(
    "malformed notes are rejected as malformed", .enabled(if: Corpus.isPresent),
    arguments: (try? NoteVector.named("go-sumdb-note-malformed").lists["malformed"]) ?? [])
  func malformed(text: String) {
    #expect {
      _ = try SignedNote(parsing: text)
    } throws: { error in
      guard case .malformedNote = error as? NoteError else { return false }
      return true
    }
  }

  @Test("signer and verifier key pairs match", .enabled(if: Corpus.isPresent))
  func keyPairs() throws {
    let root = try #require(
      try Corpus.json("transcribed/signed_note_vectors.json") as? [String: Any])
    let vectors = try #require(root["vectors"] as? [[String: Any]])
    let pairs = try #require(
      vectors.first { $0["id"] as? String == "formats-test-keypairs" }?["keyPairs"]
        as? [[String: String]])
    #expect(pairs.count == 2)
    for pair in pairs {
      let signer = try NoteSigner(parsing: pair["skey"]!)
      #expect(signer.verifierKey.description == pair["vkey"]!)
    }
  }

  @Test("a key whose name and ID do not match is ignored; none known is refused")
  func unknownKeysIgnored() throws {
    let signer = try NoteSigner.generate(name: "example.com/a")
    let other = try NoteSigner.generate(name: "example.com/a")
    var note = SignedNote(text: "hello\n")
    try note.sign(with: signer)
    #expect(throws: NoteError.noKnownSignature(names: ["example.com/a"])) {
      try note.verify(by: [other.verifierKey])
    }
    #expect(try note.verify(by: [other.verifierKey, signer.verifierKey]).count == 1)
  }

  @Test("a verifier key with a wrong key ID is refused")
  func wrongKeyID() throws {
    let key = try NoteSigner.generate(name: "example.com/b").verifierKey.description
    let parts = key.split(separator: "+", maxSplits: 2)
    let forged = "\(parts[0])+00000000+\(parts[2])"
    #expect {
      _ = try NoteVerifierKey(parsing: forged)
    } throws: { error in
      guard case .keyIDMismatch = error as? NoteError else { return false }
      return true
    }
  }
}
