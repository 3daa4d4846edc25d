/// Where a tiled log keeps its checkpoint, tiles and entry bundles.
///
/// One small protocol with drivers behind it: ``MemoryTileStorage`` and
/// ``FileTileStorage`` now, a database later. Every driver passes the same test suite.
public protocol TileStorage: Sendable {
  /// The bytes of a resource, or `nil` when it does not exist.
  func read(_ resource: LogResource) async throws -> [UInt8]?

  /// Writes resources in the given order and returns once all are durable. The log puts its
  /// checkpoint last, so that a reader never sees a checkpoint whose tiles are missing.
  func write(_ batch: [(LogResource, [UInt8])]) async throws

  /// Removes the partial versions of a tile or bundle whose full version has been written
  /// (tlog-tiles, "Partial Tiles": logs MAY delete them then).
  func removePartials(of full: LogResource) async throws
}
