/// Inclusion proofs (RFC 9162, 2.1.3.1) of many leaves of one tree, as a group commit needs
/// them: the subtree hashes the proofs have in common are computed once.
///
/// The proofs of a batch of new leaves share every sibling above the batch; computed leaf by
/// leaf, each would hash the same subtrees again, about 500 SHA-256 hashes per leaf in a tree
/// of a million leaves. The hashes are those of ``TileReader/inclusionProof(index:)``.
public struct BatchInclusionProofs: Sendable {
  private var reader: TileReader
  private var known: [Range<UInt64>: MerkleHash] = [:]

  public init(reader: TileReader) {
    self.reader = reader
  }

  public var treeSize: UInt64 { reader.treeSize }

  /// The inclusion proof of leaf `index`.
  public mutating func inclusionProof(index: UInt64) async throws -> InclusionProof {
    let size = reader.treeSize
    guard index < size else { throw LogError.indexOutOfRange(index: index, treeSize: size) }
    var hashes: [MerkleHash] = []
    try await path(index, 0, size, into: &hashes)
    return InclusionProof(leafIndex: index, treeSize: size, hashes: hashes)
  }

  private mutating func path(
    _ m: UInt64, _ start: UInt64, _ end: UInt64, into hashes: inout [MerkleHash]
  ) async throws {
    let n = end - start
    if n <= 1 { return }
    let k = UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    if m < k {
      try await path(m, start, start + k, into: &hashes)
      hashes.append(try await rangeHash(start + k, end))
    } else {
      try await path(m - k, start + k, end, into: &hashes)
      hashes.append(try await rangeHash(start, start + k))
    }
  }

  private mutating func rangeHash(_ start: UInt64, _ end: UInt64) async throws -> MerkleHash {
    if let hash = known[start..<end] { return hash }
    let hash = try await reader.rangeHash(start, end)
    known[start..<end] = hash
    return hash
  }
}
