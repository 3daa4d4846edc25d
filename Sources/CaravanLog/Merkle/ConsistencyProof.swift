/// The proof that a tree of size `oldSize` is a prefix of a tree of size `newSize`
/// (RFC 9162, section 2.1.4).
public struct ConsistencyProof: Hashable, Sendable {
  /// The size of the older tree.
  public var oldSize: UInt64
  /// The size of the newer tree.
  public var newSize: UInt64
  /// The proof hashes, as produced by `SUBPROOF(m, D[n], true)`.
  public var hashes: [MerkleHash]

  public init(oldSize: UInt64, newSize: UInt64, hashes: [MerkleHash]) {
    self.oldSize = oldSize
    self.newSize = newSize
    self.hashes = hashes
  }

  /// Verifies that `oldRoot` at `oldSize` and `newRoot` at `newSize` are heads of the same
  /// append-only log (RFC 9162, section 2.1.4.2).
  ///
  /// Edge rules: a proof from the empty tree is refused (it proves nothing); equal sizes need
  /// an empty proof and equal roots.
  public func verify(oldRoot: MerkleHash, newRoot: MerkleHash) throws(ProofError) {
    try Self.checkEdges(oldSize: oldSize, newSize: newSize, proofCount: hashes.count)
    if oldSize == newSize {
      guard oldRoot == newRoot else { throw .rootsDifferForEqualSizes }
      return
    }
    try verifyGrowth(oldRoot: oldRoot, newRoot: newRoot)
  }

  static func checkEdges(oldSize: UInt64, newSize: UInt64, proofCount: Int) throws(ProofError) {
    guard oldSize <= newSize else { throw .treeShrank(size1: oldSize, size2: newSize) }
    guard oldSize > 0 else { throw .emptyOldTree }
    if oldSize == newSize, proofCount > 0 { throw .proofForEqualSizes(count: proofCount) }
  }

  /// RFC 9162, section 2.1.4.2, for 0 < oldSize < newSize.
  private func verifyGrowth(oldRoot: MerkleHash, newRoot: MerkleHash) throws(ProofError) {
    // Step 1.
    guard !hashes.isEmpty else { throw .proofTooShort(count: 0) }
    // Step 2: when the old tree is a complete subtree its root is the first path element.
    var path = hashes[...]
    let first: MerkleHash
    if oldSize & (oldSize - 1) == 0 {
      first = oldRoot
    } else {
      first = path.removeFirst()
    }
    // Step 3-4.
    var fn = oldSize - 1
    var sn = newSize - 1
    while fn & 1 == 1 {
      fn >>= 1
      sn >>= 1
    }
    // Step 5.
    var fr = first
    var sr = first
    // Step 6.
    for c in path {
      if sn == 0 { throw .proofTooLong(count: hashes.count) }
      if fn & 1 == 1 || fn == sn {
        fr = .node(c, fr)
        sr = .node(c, sr)
        if fn & 1 == 0 {
          repeat {
            fn >>= 1
            sn >>= 1
          } while fn & 1 == 0 && fn != 0
        }
      } else {
        sr = .node(sr, c)
      }
      fn >>= 1
      sn >>= 1
    }
    // Step 7.
    guard sn == 0 else { throw .proofTooShort(count: hashes.count) }
    guard fr == oldRoot else { throw .oldRootMismatch(computed: fr, expected: oldRoot) }
    guard sr == newRoot else { throw .newRootMismatch(computed: sr, expected: newRoot) }
  }

  /// Verifies a proof given as raw byte strings. Roots of equal-size trees are compared as
  /// bytes; otherwise every hash must be exactly 32 bytes.
  public static func verify(
    oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
  ) throws(ProofError) {
    try checkEdges(oldSize: oldSize, newSize: newSize, proofCount: proof.count)
    if oldSize == newSize {
      guard oldRoot == newRoot else { throw .rootsDifferForEqualSizes }
      return
    }
    guard let old = MerkleHash(oldRoot) else {
      throw .hashLength(what: "old root", length: oldRoot.count)
    }
    guard let new = MerkleHash(newRoot) else {
      throw .hashLength(what: "new root", length: newRoot.count)
    }
    var hashes: [MerkleHash] = []
    for (i, bytes) in proof.enumerated() {
      guard let hash = MerkleHash(bytes) else {
        throw .hashLength(what: "proof hash \(i)", length: bytes.count)
      }
      hashes.append(hash)
    }
    try ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: hashes)
      .verify(oldRoot: old, newRoot: new)
  }
}
