import CaravanLog
import CaravanTestSupport
import Foundation
import Testing

@Suite("Conformance corpus: transparency-dev/merkle and RFC 6962 reference")
struct ConformanceTests {
  @Test("corpus is present (required when CI=true)")
  func corpusPresent() throws {
    if Corpus.isCI {
      #expect(Corpus.isPresent, "conformance corpus missing at \(Corpus.root.path)")
    }
    try #require(Corpus.isPresent || !Corpus.isCI)
    if Corpus.isPresent {
      #expect(Corpus.files("transparency-dev-merkle/testdata/inclusion").count == 98)
      #expect(Corpus.files("transparency-dev-merkle/testdata/consistency").count == 98)
    }
  }

  @Test(
    "inclusion probe", .enabled(if: Corpus.isPresent),
    arguments: Corpus.files("transparency-dev-merkle/testdata/inclusion"))
  func inclusion(file: CorpusFile) throws {
    let v = try file.object()
    let index = try #require((v["leafIdx"] as? NSNumber)?.uint64Value)
    let size = try #require((v["treeSize"] as? NSNumber)?.uint64Value)
    let proof = (v["proof"] as? [String] ?? []).map { bytes(base64: $0) }
    let wantErr = try #require(v["wantErr"] as? Bool)
    let result = Result { () throws(ProofError) in
      try InclusionProof.verify(
        leafIndex: index, treeSize: size, leafHash: bytes(base64: v["leafHash"]),
        root: bytes(base64: v["root"]), proof: proof)
    }
    switch result {
    case .success: #expect(!wantErr, "accepted a bad proof: \(v["desc"] ?? "")")
    case .failure(let error): #expect(wantErr, "rejected a good proof: \(error)")
    }
  }

  @Test(
    "consistency probe", .enabled(if: Corpus.isPresent),
    arguments: Corpus.files("transparency-dev-merkle/testdata/consistency"))
  func consistency(file: CorpusFile) throws {
    let v = try file.object()
    let size1 = try #require((v["size1"] as? NSNumber)?.uint64Value)
    let size2 = try #require((v["size2"] as? NSNumber)?.uint64Value)
    let proof = (v["proof"] as? [String] ?? []).map { bytes(base64: $0) }
    let wantErr = try #require(v["wantErr"] as? Bool)
    let result = Result { () throws(ProofError) in
      try ConsistencyProof.verify(
        oldSize: size1, newSize: size2, oldRoot: bytes(base64: v["root1"]),
        newRoot: bytes(base64: v["root2"]), proof: proof)
    }
    switch result {
    case .success: #expect(!wantErr, "accepted a bad proof: \(v["desc"] ?? "")")
    case .failure(let error): #expect(wantErr, "rejected a good proof: \(error)")
    }
  }

  /// The 8-leaf reference tree of RFC 6962: leaf hashes, every node, every root, and the
  /// proofs generated from tiles match the published values.
  @Test("RFC 6962 reference tree", .enabled(if: Corpus.isPresent))
  func referenceTree() async throws {
    let ref = try #require(try Corpus.json("transcribed/rfc6962_reference.json") as? [String: Any])
    let inputs = try #require(ref["leafInputsHex"] as? [String]).map { bytes(hex: $0) }
    let levels = try #require(ref["nodeHashesByLevelHex"] as? [[String]])
    let roots = try #require(ref["rootHashesBySizeHex"] as? [String])
    #expect(MerkleHash.emptyTree.hex == roots[0])
    for (i, input) in inputs.enumerated() {
      #expect(MerkleHash.leaf(input).hex == levels[0][i])
    }
    let storage = MemoryTileStorage()
    var log = try await TileLog.create(origin: "example.com/ref", storage: storage)
    let signer = try TestKeys.logSigner()
    for (i, input) in inputs.enumerated() {
      try log.append(input)
      #expect(log.rootHash.hex == roots[i + 1], "root of size \(i + 1)")
      try await log.publish(signer: signer)
      var reader = log.reader()
      #expect(try await reader.rootHash().hex == roots[i + 1], "root from tiles, size \(i + 1)")
    }
    var reader = log.reader()
    for (level, hashes) in levels.enumerated() {
      for (index, hash) in hashes.enumerated() {
        #expect(try await reader.nodeHash(level: level, index: UInt64(index)).hex == hash)
      }
    }
    for p in try #require(ref["inclusionProofs"] as? [[String: Any]]) {
      let index = try #require(p["leafIndex0"] as? Int)
      let size = try #require(p["treeSize"] as? Int)
      let hashes = try #require(p["proofHex"] as? [String])
      var sized = TileReader(storage: storage, treeSize: UInt64(size))
      let proof = try await sized.inclusionProof(index: UInt64(index))
      #expect(proof.hashes.map(\.hex) == hashes)
      try proof.verify(
        leafHash: .leaf(inputs[index]), root: try #require(MerkleHash(bytes(hex: roots[size]))))
    }
    for p in try #require(ref["consistencyProofs"] as? [[String: Any]]) {
      let size1 = try #require(p["size1"] as? Int)
      let size2 = try #require(p["size2"] as? Int)
      let hashes = try #require(p["proofHex"] as? [String])
      var sized = TileReader(storage: storage, treeSize: UInt64(size2))
      let proof = try await sized.consistencyProof(from: UInt64(size1))
      #expect(proof.hashes.map(\.hex) == hashes)
      try proof.verify(
        oldRoot: try #require(MerkleHash(bytes(hex: roots[size1]))),
        newRoot: try #require(MerkleHash(bytes(hex: roots[size2]))))
    }
  }
}
