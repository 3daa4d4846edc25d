import Synchronization

/// Tile storage in memory, for tests, benchmarks and short-lived logs.
public final class MemoryTileStorage: TileStorage {
  private let files = Mutex<[LogResource: [UInt8]]>([:])

  public init() {}

  public func read(_ resource: LogResource) async throws -> [UInt8]? {
    files.withLock { $0[resource] }
  }

  public func write(_ batch: [(LogResource, [UInt8])]) async throws {
    files.withLock { files in
      for (resource, bytes) in batch { files[resource] = bytes }
    }
  }

  public func removePartials(of full: LogResource) async throws {
    files.withLock { files in
      for key in files.keys where key.isPartial && key.full == full {
        files[key] = nil
      }
    }
  }

  /// The number of stored resources.
  public var count: Int { files.withLock { $0.count } }

  /// The bytes stored, over all resources.
  public var byteCount: Int { files.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}
