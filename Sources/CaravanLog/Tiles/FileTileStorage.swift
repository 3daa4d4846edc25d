public import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Tile storage as plain files under a folder, at their C2SP tlog-tiles paths, so that any
/// static file server can serve the folder as the log.
///
/// Each write goes to a temporary file that is flushed (`fsync`) and renamed over the
/// target; the folders that changed are flushed after the renames. A batch is durable when
/// ``write(_:)`` returns.
public struct FileTileStorage: TileStorage {
  public let root: URL
  /// When false, skip `fsync` (for speed-only measurements; not crash-safe).
  public let durable: Bool

  public init(root: URL, durable: Bool = true) {
    self.root = root
    self.durable = durable
  }

  public func read(_ resource: LogResource) async throws -> [UInt8]? {
    let url = root.appendingPathComponent(resource.path)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    return Array(try Data(contentsOf: url))
  }

  public func write(_ batch: [(LogResource, [UInt8])]) async throws {
    var folders: Set<String> = []
    var known: Set<String> = []
    for (resource, bytes) in batch {
      let url = root.appendingPathComponent(resource.path)
      let folder = url.deletingLastPathComponent().path
      if !known.contains(folder) {
        known.insert(folder)
        if !FileManager.default.fileExists(atPath: folder) {
          try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true)
          // New folders must reach the disk too: flush their parents up to the root.
          var parent = URL(fileURLWithPath: folder)
          while parent.path.count > root.path.count {
            parent = parent.deletingLastPathComponent()
            folders.insert(parent.path)
          }
        }
      }
      // A checkpoint must only land after the tiles it covers are durable.
      if resource == .checkpoint {
        try syncFolders(folders)
        folders.removeAll()
      }
      try writeFile(bytes, to: url.path)
      folders.insert(folder)
    }
    try syncFolders(folders)
  }

  public func removePartials(of full: LogResource) async throws {
    let url = root.appendingPathComponent(full.path + ".p")
    if FileManager.default.fileExists(atPath: url.path) {
      try FileManager.default.removeItem(at: url)
    }
  }

  private func writeFile(_ bytes: [UInt8], to path: String) throws {
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw StorageError.io(path: temporary, errno: errno, step: "open") }
    var written = 0
    while written < bytes.count {
      let n = bytes.withUnsafeBytes {
        systemWrite(fd, $0.baseAddress! + written, $0.count - written)
      }
      if n < 0 {
        let code = errno
        close(fd)
        throw StorageError.io(path: temporary, errno: code, step: "write")
      }
      written += n
    }
    if durable, fsync(fd) != 0 {
      let code = errno
      close(fd)
      throw StorageError.io(path: temporary, errno: code, step: "fsync")
    }
    close(fd)
    guard rename(temporary, path) == 0 else {
      throw StorageError.io(path: path, errno: errno, step: "rename")
    }
  }

  private func syncFolders(_ folders: Set<String>) throws {
    guard durable else { return }
    for folder in folders {
      let fd = open(folder, O_RDONLY | O_DIRECTORY)
      guard fd >= 0 else { throw StorageError.io(path: folder, errno: errno, step: "open") }
      defer { close(fd) }
      guard fsync(fd) == 0 else { throw StorageError.io(path: folder, errno: errno, step: "fsync") }
    }
  }
}

/// A storage driver failed.
public enum StorageError: Error, Hashable, Sendable, CustomStringConvertible {
  case io(path: String, errno: Int32, step: String)

  public var description: String {
    switch self {
    case .io(let path, let code, let step):
      return "\(step) failed for \(path): \(String(cString: strerror(code)))"
    }
  }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
  #else
    return Darwin.write(fd, buffer, count)
  #endif
}
