public import CaravanTrust
import Foundation

/// An append-only Merkle log (RFC 9162 hashing) that publishes C2SP tlog-tiles and signed
/// C2SP tlog-checkpoints through a ``TileStorage``.
///
/// Appending is in memory: each entry is hashed and sequenced at once, and full tiles are
/// queued. ``publish(signer:cosigners:)`` then writes the queued tiles, the partial tiles
/// and entry bundle of the new size, and last the signed checkpoint, in one durable batch.
/// Batching many appends per publish is what makes durable logging fast.
public struct TileLog: Sendable {
  public let origin: String
  public let storage: any TileStorage
  /// Entries sequenced so far, published or not.
  public private(set) var size: UInt64 = 0
  /// The size of the last published checkpoint.
  public private(set) var publishedSize: UInt64 = 0
  /// The last published checkpoint, as a signed note.
  public private(set) var latestCheckpoint: SignedNote?

  /// Roots of the complete subtrees along the right edge, largest first.
  private var edge: [MerkleHash] = []
  /// The incomplete tile at each tile level.
  private var partials: [[MerkleHash]] = [[]]
  /// The width of the partial tile last written at each level.
  private var writtenWidths: [Int] = [0]
  private var bundle: [UInt8] = []
  private var bundleCount = 0
  private var queued: [(LogResource, [UInt8])] = []

  private init(origin: String, storage: any TileStorage) {
    self.origin = origin
    self.storage = storage
    partials[0].reserveCapacity(256)
  }

  /// Starts a new, empty log. Fails when storage already holds a checkpoint.
  public static func create(origin: String, storage: any TileStorage) async throws -> TileLog {
    if try await storage.read(.checkpoint) != nil {
      throw LogError.alreadyExists("\(storage)")
    }
    return TileLog(origin: origin, storage: storage)
  }

  /// Reopens a log from its storage: verifies the stored checkpoint with the log's key,
  /// reads the right edge of the tree from the tiles, and checks that they hash to the
  /// checkpoint's root.
  public static func open(storage: any TileStorage, logKey: NoteVerifierKey) async throws
    -> TileLog
  {
    guard let bytes = try await storage.read(.checkpoint) else {
      throw LogError.missingResource(LogResource.checkpoint.path)
    }
    let verified: VerifiedCheckpoint
    do {
      verified = try VerifiedCheckpoint(
        parsing: String(decoding: bytes, as: UTF8.self), logKey: logKey)
    } catch {
      throw LogError.checkpoint(error)
    }
    let checkpoint = verified.checkpoint
    var log = TileLog(origin: checkpoint.origin, storage: storage)
    let s = checkpoint.treeSize
    var reader = TileReader(storage: storage, treeSize: s)
    for k in stride(from: 63, through: 0, by: -1) where (s >> UInt64(k)) & 1 == 1 {
      log.edge.append(try await reader.nodeHash(level: k, index: (s >> UInt64(k)) - 1))
    }
    var level = 0
    while s >> (8 * UInt64(level)) > 0 {
      let available = s >> (8 * UInt64(level))
      let width = Int(available % 256)
      if level >= log.partials.count {
        log.partials.append([])
        log.writtenWidths.append(0)
      }
      if width > 0 {
        let resource = LogResource.tile(level: level, index: available / 256, width: width)
        guard let tile = try await storage.read(resource), tile.count == width * 32 else {
          throw LogError.missingResource(resource.path)
        }
        log.partials[level] = tile.withUnsafeBytes { raw in
          (0..<width).map {
            MerkleHash(bytes: UnsafeRawBufferPointer(rebasing: raw[$0 * 32..<$0 * 32 + 32]))!
          }
        }
        log.writtenWidths[level] = width
      }
      level += 1
    }
    if s % 256 > 0 {
      let resource = LogResource.entryBundle(index: s / 256, width: Int(s % 256))
      guard let entries = try await storage.read(resource) else {
        throw LogError.missingResource(resource.path)
      }
      log.bundle = entries
      log.bundleCount = Int(s % 256)
    }
    log.size = s
    log.publishedSize = s
    log.latestCheckpoint = verified.note
    let root = log.rootHash
    guard root == checkpoint.rootHash else {
      throw LogError.rootMismatch(computed: root, checkpoint: checkpoint.rootHash)
    }
    return log
  }

  /// Sequences an entry and returns its index. The entry is durable and provable once a
  /// checkpoint covering it has been published.
  @discardableResult
  public mutating func append(_ entry: [UInt8]) throws(LogError) -> UInt64 {
    guard entry.count <= 0xFFFF else { throw .entryTooLarge(bytes: entry.count) }
    let index = size
    let leaf = entry.withUnsafeBytes { MerkleHash.leaf($0) }
    bundle.append(UInt8(entry.count >> 8))
    bundle.append(UInt8(entry.count & 0xFF))
    bundle.append(contentsOf: entry)
    bundleCount += 1
    if bundleCount == 256 {
      queued.append((.entryBundle(index: index / 256, width: 256), bundle))
      bundle.removeAll(keepingCapacity: true)
      bundleCount = 0
    }
    addToTile(level: 0, position: index, leaf)
    var node = leaf
    var s = index
    var level = 0
    while s & 1 == 1 {
      node = .node(edge.removeLast(), node)
      s >>= 1
      level += 1
      if level & 7 == 0 {
        addToTile(level: level >> 3, position: ((index + 1) >> UInt64(level)) - 1, node)
      }
    }
    edge.append(node)
    size = index + 1
    return index
  }

  private mutating func addToTile(level: Int, position: UInt64, _ hash: MerkleHash) {
    if level == partials.count {
      partials.append([])
      writtenWidths.append(0)
    }
    partials[level].append(hash)
    if partials[level].count == 256 {
      let bytes = partials[level].withUnsafeBytes { Array($0) }
      queued.append((.tile(level: level, index: position / 256, width: 256), bytes))
      partials[level].removeAll(keepingCapacity: true)
      writtenWidths[level] = 0
    }
  }

  /// The root hash of all entries sequenced so far (RFC 9162, section 2.1.1).
  public var rootHash: MerkleHash {
    guard var root = edge.last else { return .emptyTree }
    for node in edge.dropLast().reversed() { root = .node(node, root) }
    return root
  }

  /// Writes the queued tiles, the partial tiles and bundle of the current size and a new
  /// checkpoint signed by the log (and cosigned by `cosigners`), in one durable batch.
  @discardableResult
  public mutating func publish(signer: NoteSigner, cosigners: [WitnessCosigner] = [])
    async throws -> SignedNote
  {
    var batch = queued
    for level in partials.indices where partials[level].count != writtenWidths[level] {
      let width = partials[level].count
      guard width > 0 else { continue }
      let index = (size >> (8 * UInt64(level))) / 256
      let bytes = partials[level].withUnsafeBytes { Array($0) }
      batch.append((.tile(level: level, index: index, width: width), bytes))
    }
    if bundleCount > 0 {
      batch.append((.entryBundle(index: size / 256, width: bundleCount), bundle))
    }
    let checkpoint = Checkpoint(origin: origin, treeSize: size, rootHash: rootHash)
    var note: SignedNote
    do { note = try checkpoint.signed(by: signer) } catch { throw LogError.checkpoint(error) }
    for cosigner in cosigners {
      note.signatures.append(try cosigner.cosign(note.text))
    }
    batch.append((.checkpoint, Array(note.encoded.utf8)))
    try await storage.write(batch)
    for (resource, _) in queued { try await storage.removePartials(of: resource) }
    queued.removeAll(keepingCapacity: true)
    for level in partials.indices { writtenWidths[level] = partials[level].count }
    publishedSize = size
    latestCheckpoint = note
    return note
  }

  /// A reader of the published tree, for proofs.
  public func reader() -> TileReader {
    TileReader(storage: storage, treeSize: publishedSize)
  }
}
