public import CaravanLog
public import CaravanStore
import CaravanTrust
public import Foundation

/// The receipt a sender gets for an accepted document: everything needed to check, offline,
/// that the hub signed these exact bytes and logged them.
public struct ReceiptDocument: Codable, Sendable, Hashable {
  public var documentId: String
  /// `sha256:` and 64 lowercase hexadecimal digits of the exact bytes.
  public var digest: String
  public var sender: String
  public var receiver: String?
  public var invoiceNumber: String
  public var status: String
  /// RFC 3339 UTC.
  public var receivedAt: String
  public var logIndex: UInt64
  public var treeSize: UInt64
  /// The signed checkpoint (C2SP signed note) the proof leads to.
  public var checkpoint: String
  /// The RFC 9162 inclusion proof, base64 hashes from the leaf's sibling upwards.
  public var inclusionProof: [String]
  /// The canonical log entry (the leaf), base64.
  public var logEntry: String
  /// The whole proof in the C2SP tlog-proof form (entry, index, hashes, checkpoint).
  public var proof: String
  /// The hub's detached JWS (RFC 7515, RFC 7797) over the exact bytes.
  public var signature: String

  /// The receipt of a stored record, read from its text form.
  public init(_ record: DocumentRecord) throws(HubError) {
    let receipt: Receipt
    do { receipt = try Receipt(parsing: record.receipt) } catch {
      throw .unavailable("the stored receipt of \(record.id) is unreadable: \(error)")
    }
    let treeSize: UInt64
    do { treeSize = try Checkpoint(text: receipt.checkpoint.text).treeSize } catch {
      throw .unavailable("the stored checkpoint of \(record.id) is unreadable: \(error)")
    }
    self.init(record, receipt: receipt, treeSize: treeSize)
  }

  /// The receipt of a record from the receipt whose text form is `record.receipt`, and the
  /// size of the tree its checkpoint signs: the same value as reading that text back, without
  /// the cost of reading it, for a record the log has just given a receipt.
  public init(_ record: DocumentRecord, receipt: Receipt, treeSize: UInt64) {
    documentId = record.id
    digest = "sha256:" + Hex.encode(record.digest)
    sender = record.sender
    receiver = record.receiver
    invoiceNumber = record.invoiceNumber
    status = record.status.rawValue
    receivedAt = RFC3339.format(record.receivedAt)
    logIndex = record.logIndex
    self.treeSize = treeSize
    checkpoint = receipt.checkpoint.encoded
    inclusionProof = receipt.proof.map(\.base64)
    logEntry = Data(record.logEntry).base64EncodedString()
    proof = record.receipt
    signature = record.signature
  }
}

/// A receipt as the log sequencer built it, with the size of the tree its checkpoint signs.
struct LoggedReceipt: Sendable {
  var receipt: Receipt
  var treeSize: UInt64
}
