/// A Merkle audit path: the proof that a leaf is in a tree of a given size (RFC 9162,
/// section 2.1.3).
public struct InclusionProof: Hashable, Sendable {
  /// The zero-based index of the leaf.
  public var leafIndex: UInt64
  /// The size of the tree the proof is for.
  public var treeSize: UInt64
  /// The sibling hashes, from the leaf's sibling up to the root's child.
  public var hashes: [MerkleHash]

  public init(leafIndex: UInt64, treeSize: UInt64, hashes: [MerkleHash]) {
    self.leafIndex = leafIndex
    self.treeSize = treeSize
    self.hashes = hashes
  }

  /// Recomputes the root from `leafHash` and the proof (RFC 9162, section 2.1.3.2, steps 1-4
  /// and the `sn` check of step 5).
  public func rootHash(forLeafHash leafHash: MerkleHash) throws(ProofError) -> MerkleHash {
    guard leafIndex < treeSize else {
      throw .indexOutOfRange(index: leafIndex, treeSize: treeSize)
    }
    var fn = leafIndex
    var sn = treeSize - 1
    var r = leafHash
    for p in hashes {
      if sn == 0 { throw .proofTooLong(count: hashes.count) }
      if fn & 1 == 1 || fn == sn {
        r = .node(p, r)
        if fn & 1 == 0 {
          repeat {
            fn >>= 1
            sn >>= 1
          } while fn & 1 == 0 && fn != 0
        }
      } else {
        r = .node(r, p)
      }
      fn >>= 1
      sn >>= 1
    }
    guard sn == 0 else { throw .proofTooShort(count: hashes.count) }
    return r
  }

  /// Verifies that the leaf with hash `leafHash` is at `leafIndex` in the tree of size
  /// `treeSize` whose root is `root` (RFC 9162, section 2.1.3.2).
  public func verify(leafHash: MerkleHash, root: MerkleHash) throws(ProofError) {
    let computed = try rootHash(forLeafHash: leafHash)
    guard computed == root else { throw .rootMismatch(computed: computed, expected: root) }
  }

  /// Verifies a proof given as raw byte strings, as they arrive from the network: every
  /// hash must be exactly 32 bytes.
  public static func verify(
    leafIndex: UInt64, treeSize: UInt64, leafHash: [UInt8], root: [UInt8], proof: [[UInt8]]
  ) throws(ProofError) {
    guard let leaf = MerkleHash(leafHash) else {
      throw .hashLength(what: "leaf hash", length: leafHash.count)
    }
    guard let rootHash = MerkleHash(root) else {
      throw .hashLength(what: "root hash", length: root.count)
    }
    var hashes: [MerkleHash] = []
    hashes.reserveCapacity(proof.count)
    for (i, bytes) in proof.enumerated() {
      guard let hash = MerkleHash(bytes) else {
        throw .hashLength(what: "proof hash \(i)", length: bytes.count)
      }
      hashes.append(hash)
    }
    try InclusionProof(leafIndex: leafIndex, treeSize: treeSize, hashes: hashes)
      .verify(leafHash: leaf, root: rootHash)
  }
}
