public import CaravanTrust
public import Foundation

/// An offline proof that an entry is in the log (C2SP tlog-proof, `c2sp.org/tlog-proof@v1`):
/// optional extra data, the entry's index, its inclusion proof and the signed checkpoint.
///
/// Caravan puts the canonical ``LogEntry`` bytes in the `extra` line, so that a verifier
/// holding only the document, the receipt and the log's key can rebuild the leaf hash.
public struct Receipt: Hashable, Sendable {
  public static let header = "c2sp.org/tlog-proof@v1"
  /// Largest receipt accepted: an entry of 64 KiB in base64, 64 proof lines and a checkpoint.
  public static let maximumLength = 256 * 1024

  public var extra: [UInt8]?
  public var index: UInt64
  public var proof: [MerkleHash]
  /// The signed checkpoint, verbatim.
  public var checkpoint: SignedNote

  public init(extra: [UInt8]?, index: UInt64, proof: [MerkleHash], checkpoint: SignedNote) {
    self.extra = extra
    self.index = index
    self.proof = proof
    self.checkpoint = checkpoint
  }

  /// The text form (C2SP tlog-proof, section "Format").
  public var encoded: String {
    var lines = [Self.header]
    if let extra { lines.append("extra " + Data(extra).base64EncodedString()) }
    lines.append("index \(index)")
    lines += proof.map(\.base64)
    return lines.joined(separator: "\n") + "\n\n" + checkpoint.encoded
  }

  /// Reads the text form.
  public init(parsing text: String) throws(ReceiptError) {
    guard text.utf8.count <= Self.maximumLength else {
      throw .malformed("receipt is \(text.utf8.count) bytes; at most \(Self.maximumLength)")
    }
    guard let blank = text.range(of: "\n\n") else {
      throw .malformed("no empty line before the checkpoint")
    }
    var lines = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)[
      ...]
    guard lines.popFirst() == Substring(Self.header) else {
      throw .malformed("first line must be \(Self.header)")
    }
    var extra: [UInt8]?
    if let line = lines.first, line.hasPrefix("extra ") {
      guard let data = Data(base64Encoded: String(line.dropFirst(6))) else {
        throw .malformed("extra data is not base64")
      }
      extra = Array(data)
      lines.removeFirst()
    }
    guard let line = lines.popFirst(), line.hasPrefix("index "),
      let index = UInt64(line.dropFirst(6)), line.dropFirst(6) == Substring(String(index))
    else { throw .malformed("missing index line, or index with leading zeroes") }
    guard lines.count <= 64 else {
      throw .malformed("\(lines.count) proof lines; a tree of 2^64 leaves needs at most 64")
    }
    var proof: [MerkleHash] = []
    for (i, line) in lines.enumerated() {
      guard let hash = MerkleHash(base64: line), hash.base64 == line else {
        throw .malformed("proof line \(i + 1) is not base64 of a 32-byte hash")
      }
      proof.append(hash)
    }
    let checkpoint: SignedNote
    do {
      checkpoint = try SignedNote(parsing: text[blank.upperBound...])
    } catch {
      throw .checkpoint(.signature(error))
    }
    self.init(extra: extra, index: index, proof: proof, checkpoint: checkpoint)
  }

  /// Verifies the receipt offline: the checkpoint's signature by the log (and, when a policy
  /// is given, its witnesses), then the inclusion of `leaf` at `index` under the checkpoint
  /// root. Returns the verified checkpoint.
  @discardableResult
  public func verify(
    leaf: [UInt8], logKey: NoteVerifierKey, origin: String? = nil,
    witnesses: WitnessPolicy? = nil, now: Date = Date()
  ) throws(ReceiptError) -> Checkpoint {
    let verified: VerifiedCheckpoint
    do {
      verified = try VerifiedCheckpoint(
        parsing: checkpoint.encoded, origin: origin, logKey: logKey, witnesses: witnesses, now: now)
    } catch {
      throw .checkpoint(error)
    }
    let tree = verified.checkpoint
    do {
      try InclusionProof(leafIndex: index, treeSize: tree.treeSize, hashes: proof)
        .verify(leafHash: .leaf(leaf), root: tree.rootHash)
    } catch {
      throw .inclusion(error)
    }
    return tree
  }

  /// Verifies that `document` is the logged document: the receipt's extra data must be a
  /// canonical ``LogEntry`` whose digest is SHA-256 of `document`, and that entry must be
  /// included under the signed checkpoint.
  @discardableResult
  public func verify(
    document: some DataProtocol, logKey: NoteVerifierKey, origin: String? = nil,
    witnesses: WitnessPolicy? = nil, now: Date = Date()
  ) throws(ReceiptError) -> LogEntry {
    guard let extra else { throw .missingEntry }
    let entry: LogEntry
    do { entry = try LogEntry(decoding: extra) } catch { throw .entry(error) }
    let digest = LogEntry(document: document, time: entry.time).digest
    guard entry.digest == digest else {
      throw .documentMismatch(logged: Hex.encode(entry.digest), actual: Hex.encode(digest))
    }
    try verify(leaf: extra, logKey: logKey, origin: origin, witnesses: witnesses, now: now)
    return entry
  }
}

/// Why a receipt was refused.
public enum ReceiptError: Error, Hashable, Sendable, CustomStringConvertible {
  case malformed(String)
  case missingEntry
  case entry(LogEntryError)
  case documentMismatch(logged: String, actual: String)
  case checkpoint(CheckpointError)
  case inclusion(ProofError)

  public var description: String {
    switch self {
    case .malformed(let why): return "malformed receipt: \(why)"
    case .missingEntry: return "receipt carries no log entry in its extra line"
    case .entry(let error): return "receipt's log entry: \(error)"
    case .documentMismatch(let logged, let actual):
      return "document digest sha256:\(actual) is not the logged sha256:\(logged)"
    case .checkpoint(let error): return error.description
    case .inclusion(let error): return "inclusion proof: \(error)"
    }
  }
}
