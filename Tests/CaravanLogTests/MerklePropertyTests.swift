import CaravanLog
import CaravanTrust
import Foundation
import Testing

/// A tree of up to 100,000 leaves, published at random sizes; every proof taken from its
/// tiles must verify, and every single-bit change must be rejected.
@Suite("Merkle proof properties")
struct MerklePropertyTests {
  static let seed: UInt64 = 0xCA8A_7A11
  static let maximumSize: UInt64 = 100_000

  /// Sizes at which the log publishes a checkpoint, in increasing order.
  static let sizes: [UInt64] = {
    var rng = SeededGenerator(seed: seed)
    var set: Set<UInt64> = [1, 2, 3, 255, 256, 257, 65_535, 65_536, 65_537, maximumSize]
    while set.count < 30 { set.insert(UInt64.random(in: 1...maximumSize, using: &rng)) }
    return set.sorted()
  }()

  actor Fixture {
    static let shared = Fixture()
    var built: (MemoryTileStorage, [UInt64: MerkleHash], NoteSigner)?

    func get() async throws -> (MemoryTileStorage, [UInt64: MerkleHash], NoteSigner) {
      if let built { return built }
      let storage = MemoryTileStorage()
      let signer = try NoteSigner.generate(name: "example.com/property-log")
      var log = try await TileLog.create(origin: signer.name, storage: storage)
      var roots: [UInt64: MerkleHash] = [:]
      for size in MerklePropertyTests.sizes {
        while log.size < size { try log.append(entry(log.size)) }
        try await log.publish(signer: signer)
        roots[size] = log.rootHash
      }
      built = (storage, roots, signer)
      return built!
    }
  }

  static func entry(_ index: UInt64) -> [UInt8] { Array("entry \(index)".utf8) }

  @Test("tiles reproduce every published root")
  func roots() async throws {
    let (storage, roots, _) = try await Fixture.shared.get()
    for size in Self.sizes {
      var reader = TileReader(storage: storage, treeSize: size)
      #expect(try await reader.rootHash() == roots[size], "size \(size)")
    }
  }

  @Test(
    "inclusion proofs verify; any single-bit change to proof, root, leaf or index fails",
    arguments: sizes)
  func inclusion(size: UInt64) async throws {
    let (storage, roots, _) = try await Fixture.shared.get()
    let root = try #require(roots[size])
    var reader = TileReader(storage: storage, treeSize: size)
    var rng = SeededGenerator(seed: Self.seed ^ size)
    let indices = [0, size - 1] + (0..<3).map { _ in UInt64.random(in: 0..<size, using: &rng) }
    for index in indices {
      let proof = try await reader.inclusionProof(index: index)
      let leaf = MerkleHash.leaf(Self.entry(index))
      try proof.verify(leafHash: leaf, root: root)
      #expect(proof.hashes.count == expectedInclusionLength(index: index, size: size))
      // Every bit of every proof hash for the first and last leaf of the largest tree, eight
      // random bits of each hash otherwise.
      for (i, hash) in proof.hashes.enumerated() {
        let every = size == Self.maximumSize && (index == 0 || index == size - 1)
        let bits =
          every ? Array(0..<256) : (0..<8).map { _ in Int.random(in: 0..<256, using: &rng) }
        for bit in bits {
          var bad = proof
          bad.hashes[i] = hash.flippingBit(bit)
          expectMismatch { try bad.verify(leafHash: leaf, root: root) }
        }
      }
      for bit in 0..<256 where bit % 13 == 0 || (index == 0 && size == Self.maximumSize) {
        expectMismatch { try proof.verify(leafHash: leaf, root: root.flippingBit(bit)) }
        expectMismatch { try proof.verify(leafHash: leaf.flippingBit(bit), root: root) }
      }
      for bit in 0..<64 {
        var bad = proof
        bad.leafIndex ^= 1 << UInt64(bit)
        #expect(throws: ProofError.self, "index bit \(bit)") {
          try bad.verify(leafHash: leaf, root: root)
        }
      }
      // A raw proof authenticates its size only through the root: sizes that give the proof
      // a different shape are refused here; the signed checkpoint binds the rest (see
      // ReceiptTests.flippedCheckpointSize).
      for bit in 0..<64 {
        var bad = proof
        bad.treeSize ^= 1 << UInt64(bit)
        if bad.treeSize <= index
          || expectedInclusionLength(index: index, size: bad.treeSize) != proof.hashes.count
        {
          #expect(throws: ProofError.self, "size bit \(bit)") {
            try bad.verify(leafHash: leaf, root: root)
          }
        }
      }
      // Truncated and extended proofs.
      if !proof.hashes.isEmpty {
        var short = proof
        short.hashes.removeLast()
        #expect(throws: ProofError.proofTooShort(count: short.hashes.count)) {
          try short.verify(leafHash: leaf, root: root)
        }
      }
      var long = proof
      long.hashes.append(root)
      #expect(throws: ProofError.proofTooLong(count: long.hashes.count)) {
        try long.verify(leafHash: leaf, root: root)
      }
    }
  }

  @Test(
    "consistency proofs verify; any single-bit change to proof, roots or sizes fails",
    arguments: sizes)
  func consistency(newSize: UInt64) async throws {
    let (storage, roots, _) = try await Fixture.shared.get()
    let newRoot = try #require(roots[newSize])
    var reader = TileReader(storage: storage, treeSize: newSize)
    for oldSize in Self.sizes
    where oldSize <= newSize && (oldSize % 3 == 0 || oldSize < 300 || oldSize == newSize) {
      let oldRoot = try #require(roots[oldSize])
      let proof = try await reader.consistencyProof(from: oldSize)
      try proof.verify(oldRoot: oldRoot, newRoot: newRoot)
      if oldSize < newSize {
        #expect(
          proof.hashes.count == expectedConsistencyLength(oldSize: oldSize, newSize: newSize))
      }
      var rng = SeededGenerator(seed: oldSize &* 31 &+ newSize)
      for (i, hash) in proof.hashes.enumerated() {
        for _ in 0..<4 {
          var bad = proof
          bad.hashes[i] = hash.flippingBit(Int.random(in: 0..<256, using: &rng))
          expectMismatch { try bad.verify(oldRoot: oldRoot, newRoot: newRoot) }
        }
      }
      for _ in 0..<8 {
        let bit = Int.random(in: 0..<256, using: &rng)
        expectMismatch { try proof.verify(oldRoot: oldRoot.flippingBit(bit), newRoot: newRoot) }
        expectMismatch { try proof.verify(oldRoot: oldRoot, newRoot: newRoot.flippingBit(bit)) }
      }
      for bit in 0..<64 {
        var bad = proof
        bad.oldSize ^= 1 << UInt64(bit)
        #expect(throws: ProofError.self, "old size \(oldSize) bit \(bit)") {
          try bad.verify(oldRoot: oldRoot, newRoot: newRoot)
        }
        // As for inclusion, the new size is bound to the new root by the signed checkpoint;
        // a raw proof refuses every new size that changes its shape.
        bad = proof
        bad.newSize ^= 1 << UInt64(bit)
        if bad.newSize <= oldSize
          || expectedConsistencyLength(oldSize: oldSize, newSize: bad.newSize)
            != proof.hashes.count
        {
          #expect(throws: ProofError.self, "new size \(newSize) bit \(bit), old \(oldSize)") {
            try bad.verify(oldRoot: oldRoot, newRoot: newRoot)
          }
        }
      }
    }
  }
}

/// A changed hash must be caught as a root mismatch, not by some unrelated check: the proof's
/// shape is unchanged, so only the recomputed roots can differ.
func expectMismatch(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("a changed hash was accepted", sourceLocation: sourceLocation)
  } catch {
    switch error as? ProofError {
    case .rootMismatch, .oldRootMismatch, .newRootMismatch, .rootsDifferForEqualSizes: break
    default: Issue.record("rejected for the wrong reason: \(error)", sourceLocation: sourceLocation)
    }
  }
}
