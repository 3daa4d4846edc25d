import CaravanLog
import CaravanStore
import Foundation
import Synchronization

/// The log's ``TileStorage`` inside a hub: writes are staged in memory until the group commit
/// that carries them reaches the store, so that documents and the tiles and checkpoint that
/// cover them become durable in one transaction.
///
/// Each tile and entry bundle is kept once per position, at its widest; a narrower (partial)
/// version is its prefix. Reads see staged writes (the sequencer needs them to build
/// inclusion proofs before committing); ``committedRead(_:)`` sees only what is durable.
final class StagedTileStorage: TileStorage {
  private struct State {
    var staged: [LogKey: [UInt8]] = [:]
    var stagedOrder: [LogKey] = []
    /// Durable resources recently written or read: the right edge of the tree, which every
    /// new proof touches.
    var cache: [LogKey: [UInt8]] = [:]
  }

  let store: any HubStore
  private let state = Mutex(State())
  private let cacheLimit: Int

  init(store: any HubStore, cacheLimit: Int = 4096) {
    self.store = store
    self.cacheLimit = cacheLimit
  }

  func read(_ resource: LogResource) async throws -> [UInt8]? {
    let key = Self.key(resource)
    if let bytes = state.withLock({ $0.staged[key] ?? $0.cache[key] }) {
      return Self.narrow(bytes, to: resource)
    }
    return try await committedRead(resource)
  }

  /// A resource as durably stored, never a staged one: what the hub serves to the public.
  func committedRead(_ resource: LogResource) async throws -> [UInt8]? {
    let key = Self.key(resource)
    if let bytes = state.withLock({ $0.cache[key] }) { return Self.narrow(bytes, to: resource) }
    guard let bytes = try await store.logResource(key) else { return nil }
    remember([(key, bytes)])
    return Self.narrow(bytes, to: resource)
  }

  func write(_ batch: [(LogResource, [UInt8])]) async throws {
    state.withLock { state in
      for (resource, bytes) in batch {
        let key = Self.key(resource)
        if state.staged.updateValue(bytes, forKey: key) == nil { state.stagedOrder.append(key) }
      }
    }
  }

  /// Nothing to remove: a full tile replaces its partial versions at the same key.
  func removePartials(of full: LogResource) async throws {}

  /// The staged writes, in order, for the commit that makes them durable.
  func staged() -> [(key: LogKey, bytes: [UInt8])] {
    state.withLock { state in state.stagedOrder.map { ($0, state.staged[$0]!) } }
  }

  /// The staged writes are durable now.
  func commitStaged() {
    let written = state.withLock { state in
      let written = state.stagedOrder.map { ($0, state.staged[$0]!) }
      state.staged.removeAll(keepingCapacity: true)
      state.stagedOrder.removeAll(keepingCapacity: true)
      return written
    }
    remember(written)
  }

  /// The staged writes will never be durable: forget them.
  func discardStaged() {
    state.withLock { state in
      state.staged.removeAll()
      state.stagedOrder.removeAll()
    }
  }

  private func remember(_ resources: [(LogKey, [UInt8])]) {
    state.withLock { state in
      if state.cache.count + resources.count > cacheLimit { state.cache.removeAll() }
      for (key, bytes) in resources {
        if let known = state.cache[key], known.count > bytes.count { continue }
        state.cache[key] = bytes
      }
    }
  }

  static func key(_ resource: LogResource) -> LogKey {
    switch resource {
    case .checkpoint: return .checkpoint
    case .tile(let level, let index, _): return .tile(level: level, index: index)
    case .entryBundle(let index, _): return .entryBundle(index: index)
    }
  }

  /// The stored bytes as the resource asks for them: a partial tile is the prefix of the
  /// stored one, nil when fewer hashes or entries are stored than it names.
  static func narrow(_ bytes: [UInt8], to resource: LogResource) -> [UInt8]? {
    switch resource {
    case .checkpoint:
      return bytes
    case .tile(_, _, let width):
      let count = width * 32
      guard bytes.count >= count else { return nil }
      return bytes.count == count ? bytes : Array(bytes[..<count])
    case .entryBundle(_, let width):
      var offset = 0
      for _ in 0..<width {
        guard offset + 2 <= bytes.count else { return nil }
        offset += 2 + (Int(bytes[offset]) << 8 | Int(bytes[offset + 1]))
        guard offset <= bytes.count else { return nil }
      }
      return offset == bytes.count ? bytes : Array(bytes[..<offset])
    }
  }
}
