public import CaravanTrust
public import Foundation

/// A log's signed statement of its tree head (C2SP tlog-checkpoint).
///
/// The note text is the origin, the decimal tree size and the base64 root hash, each on its
/// own line, followed by optional extension lines.
public struct Checkpoint: Hashable, Sendable {
  public var origin: String
  public var treeSize: UInt64
  public var rootHash: MerkleHash
  /// Opaque, non-empty extension lines (NOT RECOMMENDED by the spec, kept when read).
  public var extensionLines: [String]

  public init(origin: String, treeSize: UInt64, rootHash: MerkleHash, extensionLines: [String] = [])
  {
    self.origin = origin
    self.treeSize = treeSize
    self.rootHash = rootHash
    self.extensionLines = extensionLines
  }

  /// The note text of the checkpoint (C2SP tlog-checkpoint, section "Note text").
  public var text: String {
    ([origin, String(treeSize), rootHash.base64] + extensionLines).joined(separator: "\n") + "\n"
  }

  /// Reads a checkpoint body (the text of a signed note).
  public init(text: String) throws(CheckpointError) {
    guard text.hasSuffix("\n") else { throw .malformed("checkpoint text must end in a newline") }
    let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.count >= 3 else {
      throw .malformed("checkpoint has \(lines.count) lines; origin, size and root are required")
    }
    guard !lines[0].isEmpty else { throw .malformed("origin line is empty") }
    let size = lines[1]
    guard let treeSize = UInt64(size), size == String(treeSize) else {
      throw .malformed("tree size \"\(size.prefix(30))\" is not a decimal without leading zeroes")
    }
    guard let root = MerkleHash(base64: lines[2]), root.base64 == lines[2] else {
      throw .malformed("root hash \"\(lines[2].prefix(60))\" is not base64 of 32 bytes")
    }
    let extensions = lines.dropFirst(3).map(String.init)
    if extensions.contains(where: \.isEmpty) {
      throw .malformed("extension lines must be non-empty")
    }
    self.init(
      origin: String(lines[0]), treeSize: treeSize, rootHash: root, extensionLines: extensions)
  }

  /// Signs the checkpoint with the log's key, giving a signed note.
  public func signed(by signer: NoteSigner) throws(CheckpointError) -> SignedNote {
    var note = SignedNote(text: text)
    do { try note.sign(with: signer) } catch { throw .signature(error) }
    return note
  }
}

/// A checkpoint whose log signature has been verified.
public struct VerifiedCheckpoint: Sendable {
  public let checkpoint: Checkpoint
  public let note: SignedNote
  /// The witnesses whose cosignatures verified.
  public let witnesses: [String]

  /// Reads a signed checkpoint and verifies it.
  ///
  /// - Parameters:
  ///   - origin: The expected origin, or `nil` to accept the one in the note.
  ///   - logKey: The log's verifier key; its signature must verify.
  ///   - witnesses: A k-of-n policy of witness keys; `nil` requires no cosignature.
  ///   - now: For rejecting cosignatures dated in the future.
  public init(
    parsing encoded: String, origin: String? = nil, logKey: NoteVerifierKey,
    witnesses: WitnessPolicy? = nil, now: Date = Date()
  ) throws(CheckpointError) {
    let note: SignedNote
    do { note = try SignedNote(parsing: encoded) } catch { throw .signature(error) }
    let checkpoint = try Checkpoint(text: note.text)
    if let origin, checkpoint.origin != origin {
      throw .wrongOrigin(expected: origin, found: checkpoint.origin)
    }
    do {
      try note.verify(by: [logKey])
    } catch {
      throw .signature(error)
    }
    var names: [String] = []
    if let witnesses {
      names = try witnesses.check(note: note, now: now)
    }
    self.checkpoint = checkpoint
    self.note = note
    self.witnesses = names
  }
}

/// Why a checkpoint was refused.
public enum CheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
  case malformed(String)
  case wrongOrigin(expected: String, found: String)
  case signature(NoteError)
  /// Fewer than the required number of witnesses cosigned.
  case notEnoughCosignatures(required: Int, valid: Int, failures: [String])
  case cosignatureFromFuture(witness: String, timestamp: UInt64)

  public var description: String {
    switch self {
    case .malformed(let why): return "malformed checkpoint: \(why)"
    case .wrongOrigin(let expected, let found):
      return "checkpoint is for log \"\(found)\", expected \"\(expected)\""
    case .signature(let error): return "checkpoint signature: \(error)"
    case .notEnoughCosignatures(let required, let valid, let failures):
      let detail = failures.isEmpty ? "" : " (\(failures.joined(separator: "; ")))"
      return "\(valid) valid witness cosignatures, \(required) required\(detail)"
    case .cosignatureFromFuture(let witness, let timestamp):
      return "cosignature by \(witness) is dated \(timestamp), in the future"
    }
  }
}
