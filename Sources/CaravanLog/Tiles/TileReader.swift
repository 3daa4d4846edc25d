/// Computes tree hashes and proofs for a tree of a given size from its tiles, as a client of
/// a C2SP tlog-tiles log does.
///
/// Tiles are read through the storage protocol and kept in a small cache.
public struct TileReader: Sendable {
  public let storage: any TileStorage
  public let treeSize: UInt64
  private var cache: [LogResource: [MerkleHash]] = [:]

  public init(storage: any TileStorage, treeSize: UInt64) {
    self.storage = storage
    self.treeSize = treeSize
  }

  /// The tile at tile level `level` holding hash `position` of that level, full or partial as
  /// the tree size requires.
  private func tileResource(level: Int, position: UInt64) -> LogResource {
    let index = position / 256
    let available = treeSize >> (8 * UInt64(level))
    let width = available >= (index + 1) * 256 ? 256 : Int(available - index * 256)
    return .tile(level: level, index: index, width: width)
  }

  private mutating func tile(_ resource: LogResource) async throws -> [MerkleHash] {
    if let hashes = cache[resource] { return hashes }
    guard case .tile(_, _, let width) = resource else {
      throw LogError.corruptResource(resource.path, "not a hash tile")
    }
    // A partial tile may have been deleted once its full tile exists (tlog-tiles, "Partial
    // Tiles"); its hashes are then the full tile's first `width`.
    var stored = try await storage.read(resource)
    if stored == nil, resource.isPartial, let full = try await storage.read(resource.full),
      full.count == 256 * 32
    {
      stored = Array(full[0..<width * 32])
    }
    guard let bytes = stored else { throw LogError.missingResource(resource.path) }
    guard bytes.count == width * 32 else {
      throw LogError.corruptResource(resource.path, "expected \(resource) of 32-byte hashes")
    }
    let hashes = bytes.withUnsafeBytes { raw in
      (0..<width).map {
        MerkleHash(bytes: UnsafeRawBufferPointer(rebasing: raw[$0 * 32..<$0 * 32 + 32]))!
      }
    }
    if cache.count > 64 { cache.removeAll(keepingCapacity: true) }
    cache[resource] = hashes
    return hashes
  }

  /// The hash of the complete subtree of `2^level` leaves starting at leaf `index << level`.
  public mutating func nodeHash(level: Int, index: UInt64) async throws -> MerkleHash {
    precondition(((index + 1) << UInt64(level)) <= treeSize, "subtree is not inside the tree")
    let tileLevel = level / 8
    let below = level % 8
    let first = index << UInt64(below)
    let tile = try await tile(tileLevel: tileLevel, position: first)
    var hashes = Array(tile[Int(first % 256)..<Int(first % 256) + (1 << below)])
    while hashes.count > 1 {
      hashes = stride(from: 0, to: hashes.count, by: 2).map {
        MerkleHash.node(hashes[$0], hashes[$0 + 1])
      }
    }
    return hashes[0]
  }

  private mutating func tile(tileLevel: Int, position: UInt64) async throws -> [MerkleHash] {
    try await tile(tileResource(level: tileLevel, position: position))
  }

  /// `MTH(D[start:end])` (RFC 9162, section 2.1.1).
  public mutating func rangeHash(_ start: UInt64, _ end: UInt64) async throws -> MerkleHash {
    precondition(start <= end && end <= treeSize)
    let size = end - start
    if size == 0 { return .emptyTree }
    // A complete, aligned subtree can be read from the tiles directly.
    if size & (size - 1) == 0, start % size == 0 {
      let level = size.trailingZeroBitCount
      return try await nodeHash(level: level, index: start >> UInt64(level))
    }
    let k = Self.split(size)
    let left = try await rangeHash(start, start + k)
    let right = try await rangeHash(start + k, end)
    return .node(left, right)
  }

  /// The root hash of the tree.
  public mutating func rootHash() async throws -> MerkleHash {
    try await rangeHash(0, treeSize)
  }

  /// The inclusion proof of leaf `index` in the tree (`PATH(m, D[n])`, RFC 9162, 2.1.3.1).
  public mutating func inclusionProof(index: UInt64) async throws -> InclusionProof {
    guard index < treeSize else { throw LogError.indexOutOfRange(index: index, treeSize: treeSize) }
    var hashes: [MerkleHash] = []
    try await path(index, 0, treeSize, into: &hashes)
    return InclusionProof(leafIndex: index, treeSize: treeSize, hashes: hashes)
  }

  private mutating func path(
    _ m: UInt64, _ start: UInt64, _ end: UInt64, into hashes: inout [MerkleHash]
  ) async throws {
    let n = end - start
    if n <= 1 { return }
    let k = Self.split(n)
    if m < k {
      try await path(m, start, start + k, into: &hashes)
      hashes.append(try await rangeHash(start + k, end))
    } else {
      try await path(m - k, start + k, end, into: &hashes)
      hashes.append(try await rangeHash(start, start + k))
    }
  }

  /// The consistency proof from `oldSize` to the tree (`PROOF(m, D[n])`, RFC 9162, 2.1.4.1).
  public mutating func consistencyProof(from oldSize: UInt64) async throws -> ConsistencyProof {
    guard oldSize <= treeSize else {
      throw LogError.indexOutOfRange(index: oldSize, treeSize: treeSize)
    }
    var hashes: [MerkleHash] = []
    if oldSize > 0 && oldSize < treeSize {
      try await subproof(oldSize, 0, treeSize, true, into: &hashes)
    }
    return ConsistencyProof(oldSize: oldSize, newSize: treeSize, hashes: hashes)
  }

  private mutating func subproof(
    _ m: UInt64, _ start: UInt64, _ end: UInt64, _ complete: Bool,
    into hashes: inout [MerkleHash]
  ) async throws {
    let n = end - start
    if m == n {
      if !complete { hashes.append(try await rangeHash(start, end)) }
      return
    }
    let k = Self.split(n)
    if m <= k {
      try await subproof(m, start, start + k, complete, into: &hashes)
      hashes.append(try await rangeHash(start + k, end))
    } else {
      try await subproof(m - k, start + k, end, false, into: &hashes)
      hashes.append(try await rangeHash(start, start + k))
    }
  }

  /// The entry at `index`, read from its entry bundle.
  public mutating func entry(at index: UInt64) async throws -> [UInt8] {
    guard index < treeSize else { throw LogError.indexOutOfRange(index: index, treeSize: treeSize) }
    let bundle = index / 256
    let width = treeSize >= (bundle + 1) * 256 ? 256 : Int(treeSize - bundle * 256)
    let resource = LogResource.entryBundle(index: bundle, width: width)
    var stored = try await storage.read(resource)
    if stored == nil, resource.isPartial { stored = try await storage.read(resource.full) }
    guard let bytes = stored else { throw LogError.missingResource(resource.path) }
    let entries = try EntryBundle.split(bytes, path: resource.path)
    guard entries.count >= width else {
      throw LogError.corruptResource(resource.path, "\(entries.count) entries, expected \(width)")
    }
    return entries[Int(index % 256)]
  }

  /// The largest power of two smaller than `n` (n > 1), the split point of RFC 9162, 2.1.1.
  static func split(_ n: UInt64) -> UInt64 {
    UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
  }
}

/// Entry bundles: big-endian uint16 length-prefixed entries (tlog-tiles, "Log entries").
public enum EntryBundle {
  public static func split(_ bytes: [UInt8], path: String) throws -> [[UInt8]] {
    var entries: [[UInt8]] = []
    var i = 0
    while i < bytes.count {
      guard i + 2 <= bytes.count else { throw LogError.corruptResource(path, "truncated length") }
      let length = Int(bytes[i]) << 8 | Int(bytes[i + 1])
      guard i + 2 + length <= bytes.count else {
        throw LogError.corruptResource(path, "entry \(entries.count) is truncated")
      }
      entries.append(Array(bytes[i + 2..<i + 2 + length]))
      i += 2 + length
    }
    return entries
  }
}
