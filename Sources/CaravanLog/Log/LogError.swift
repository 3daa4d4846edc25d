/// Why a log operation failed.
public enum LogError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A tile, bundle or checkpoint the tree size requires is not in storage.
  case missingResource(String)
  /// A stored resource has the wrong size or shape.
  case corruptResource(String, String)
  case indexOutOfRange(index: UInt64, treeSize: UInt64)
  /// Entry bundles prefix entries with a uint16 length.
  case entryTooLarge(bytes: Int)
  /// A log already exists where a new one was to be created.
  case alreadyExists(String)
  /// The tiles do not hash to the root of the stored checkpoint.
  case rootMismatch(computed: MerkleHash, checkpoint: MerkleHash)
  case checkpoint(CheckpointError)

  public var description: String {
    switch self {
    case .missingResource(let path): return "\(path) is missing from the log storage"
    case .corruptResource(let path, let why): return "\(path) is corrupt: \(why)"
    case .indexOutOfRange(let index, let treeSize):
      return "index \(index) is not inside the log of size \(treeSize)"
    case .entryTooLarge(let bytes):
      return "entry of \(bytes) bytes exceeds the 65535-byte limit of entry bundles"
    case .alreadyExists(let where_):
      return "a log already exists at \(where_); refusing to overwrite it"
    case .rootMismatch(let computed, let checkpoint):
      return "tiles hash to \(computed) but the checkpoint says \(checkpoint): storage was altered"
    case .checkpoint(let error): return error.description
    }
  }
}
