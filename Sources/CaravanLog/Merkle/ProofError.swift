/// Why an inclusion or consistency proof was rejected.
///
/// Each case names the check of RFC 9162, section 2.1.3.2 or 2.1.4.2 that failed, with the
/// values involved, so that a caller can tell a truncated proof from a forged one.
public enum ProofError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A hash given to the verifier is not 32 bytes long.
  case hashLength(what: String, length: Int)
  /// The leaf index is not below the tree size (RFC 9162, 2.1.3.2 step 1).
  case indexOutOfRange(index: UInt64, treeSize: UInt64)
  /// The proof has more hashes than the tree's shape allows.
  case proofTooLong(count: Int)
  /// The proof ended before reaching the root.
  case proofTooShort(count: Int)
  /// The root recomputed from the proof differs from the expected root.
  case rootMismatch(computed: MerkleHash, expected: MerkleHash)
  /// A consistency proof from a larger tree to a smaller one.
  case treeShrank(size1: UInt64, size2: UInt64)
  /// A consistency proof from the empty tree proves nothing and is refused.
  case emptyOldTree
  /// Equal sizes need an empty proof.
  case proofForEqualSizes(count: Int)
  /// Equal sizes need equal roots.
  case rootsDifferForEqualSizes
  /// The old root recomputed from a consistency proof differs from the expected one.
  case oldRootMismatch(computed: MerkleHash, expected: MerkleHash)
  /// The new root recomputed from a consistency proof differs from the expected one.
  case newRootMismatch(computed: MerkleHash, expected: MerkleHash)

  public var description: String {
    switch self {
    case .hashLength(let what, let length):
      return "\(what) is \(length) bytes long; a SHA-256 Merkle hash has 32"
    case .indexOutOfRange(let index, let treeSize):
      return "leaf index \(index) is not inside a tree of size \(treeSize)"
    case .proofTooLong(let count):
      return "proof of \(count) hashes is longer than the tree shape allows (extra hashes)"
    case .proofTooShort(let count):
      return "proof of \(count) hashes ends before the root (missing hashes)"
    case .rootMismatch(let computed, let expected):
      return "proof leads to root \(computed), expected \(expected)"
    case .treeShrank(let size1, let size2):
      return "old tree size \(size1) is larger than new tree size \(size2)"
    case .emptyOldTree:
      return "a consistency proof from the empty tree (size 0) proves nothing"
    case .proofForEqualSizes(let count):
      return "tree sizes are equal, so the proof must be empty, but it has \(count) hashes"
    case .rootsDifferForEqualSizes:
      return "tree sizes are equal but the roots differ: the log forked"
    case .oldRootMismatch(let computed, let expected):
      return "proof leads to old root \(computed), expected \(expected)"
    case .newRootMismatch(let computed, let expected):
      return "proof leads to new root \(computed), expected \(expected)"
    }
  }
}
