import CaravanLog
import CaravanTrust
import Foundation
import Testing

/// The storage drivers under test; each runs the same suite.
enum StorageDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case memory
  case files

  var testDescription: String { rawValue }

  func make() throws -> any TileStorage {
    switch self {
    case .memory: return MemoryTileStorage()
    case .files:
      let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("caravan-tiles-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      return FileTileStorage(root: dir)
    }
  }
}

@Suite("Tile log over each storage driver")
struct TileStorageTests {
  @Test("tile paths follow C2SP tlog-tiles")
  func paths() {
    #expect(LogResource.tile(level: 0, index: 1_234_067, width: 256).path == "tile/0/x001/x234/067")
    #expect(LogResource.tile(level: 1, index: 5, width: 17).path == "tile/1/005.p/17")
    #expect(LogResource.entryBundle(index: 1000, width: 256).path == "tile/entries/x001/000")
    #expect(LogResource.checkpoint.path == "checkpoint")
  }

  @Test("size 70,000 publishes the tiles the spec lists", arguments: [StorageDriver.memory])
  func specExample(driver: StorageDriver) async throws {
    let storage = try driver.make()
    var log = try await TileLog.create(origin: "example.com/l", storage: storage)
    for i in 0..<70_000 { try log.append(Array("\(i)".utf8)) }
    try await log.publish(signer: try TestKeys.logSigner(name: "example.com/l"))
    #expect(try await storage.read(.tile(level: 0, index: 272, width: 256)) != nil)
    #expect(try await storage.read(.tile(level: 0, index: 273, width: 112))?.count == 112 * 32)
    #expect(try await storage.read(.tile(level: 1, index: 0, width: 256)) != nil)
    #expect(try await storage.read(.tile(level: 1, index: 1, width: 17))?.count == 17 * 32)
    #expect(try await storage.read(.tile(level: 2, index: 0, width: 1))?.count == 32)
    #expect(try await storage.read(.entryBundle(index: 273, width: 112)) != nil)
  }

  @Test(
    "append, publish, reopen, continue: roots, proofs and entries agree",
    arguments: StorageDriver.allCases)
  func roundTrip(driver: StorageDriver) async throws {
    let storage = try driver.make()
    let signer = try TestKeys.logSigner()
    var log = try await TileLog.create(origin: signer.name, storage: storage)
    var roots: [UInt64: MerkleHash] = [:]
    for batch in [1, 255, 1, 300, 65_000, 7] {
      for _ in 0..<batch { try log.append(Array("entry \(log.size)".utf8)) }
      try await log.publish(signer: signer)
      roots[log.size] = log.rootHash
      // Reopening from storage alone yields the same state.
      var reopened = try await TileLog.open(storage: storage, logKey: signer.verifierKey)
      #expect(reopened.size == log.size)
      #expect(reopened.rootHash == log.rootHash)
      try reopened.append(Array("entry \(log.size)".utf8))
      try log.append(Array("entry \(log.size)".utf8))
      #expect(reopened.rootHash == log.rootHash, "after reopening at \(log.size - 1)")
      log = reopened
    }
    try await log.publish(signer: signer)
    roots[log.size] = log.rootHash
    var reader = log.reader()
    for index: UInt64 in [0, 255, 256, 65_535, log.size - 1] {
      #expect(try await reader.entry(at: index) == Array("entry \(index)".utf8))
      let proof = try await reader.inclusionProof(index: index)
      try proof.verify(leafHash: .leaf(Array("entry \(index)".utf8)), root: log.rootHash)
    }
    // Older checkpoints stay provable after their partial tiles were replaced.
    for (size, root) in roots {
      var old = TileReader(storage: storage, treeSize: size)
      #expect(try await old.rootHash() == root, "root at \(size)")
      let proof = try await reader.consistencyProof(from: size)
      try proof.verify(oldRoot: root, newRoot: log.rootHash)
    }
  }

  @Test("reopening refuses tampered tiles and a foreign key", arguments: StorageDriver.allCases)
  func tamper(driver: StorageDriver) async throws {
    let storage = try driver.make()
    let signer = try TestKeys.logSigner()
    var log = try await TileLog.create(origin: signer.name, storage: storage)
    for i in 0..<300 { try log.append([UInt8(i & 0xFF)]) }
    try await log.publish(signer: signer)
    await #expect(throws: LogError.self) {
      _ = try await TileLog.open(storage: storage, logKey: try TestKeys.logSigner().verifierKey)
    }
    let partial = LogResource.tile(level: 0, index: 1, width: 44)
    var bytes = try #require(try await storage.read(partial))
    bytes[5] ^= 1
    try await storage.write([(partial, bytes)])
    await #expect {
      _ = try await TileLog.open(storage: storage, logKey: signer.verifierKey)
    } throws: { error in
      guard case .rootMismatch = error as? LogError else { return false }
      return true
    }
    await #expect(throws: LogError.alreadyExists("\(storage)")) {
      _ = try await TileLog.create(origin: signer.name, storage: storage)
    }
  }

  @Test("an entry over 65535 bytes is refused")
  func entryTooLarge() async throws {
    var log = try await TileLog.create(origin: "o", storage: MemoryTileStorage())
    #expect(throws: LogError.entryTooLarge(bytes: 65_536)) {
      try log.append([UInt8](repeating: 0, count: 65_536))
    }
  }
}
