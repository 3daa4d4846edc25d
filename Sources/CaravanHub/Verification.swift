import CaravanLog
import CaravanTrust
import Crypto
public import Foundation

/// The hub's answer to "is this document the one you accepted?": each check with its reason.
public struct Verdict: Codable, Sendable, Hashable {
  /// One check and its outcome.
  public struct Check: Codable, Sendable, Hashable {
    public var name: String
    public var passed: Bool
    public var detail: String
  }

  /// True when every check passed.
  public var valid: Bool
  public var checks: [Check]
  /// `sha256:` digest of the document checked.
  public var digest: String
  /// The log index the receipt names, when it could be read.
  public var logIndex: UInt64?
}

extension Hub {
  /// Checks a document against its receipt (the tlog-proof text) and, when given, the hub's
  /// signature: the checkpoint is signed by this hub's log, the logged entry digests these
  /// bytes, the entry is included under the checkpoint, the checkpoint is consistent with the
  /// log as it is now (no split view), and the signature is the hub's over these bytes.
  public func verify(document: [UInt8], proof: String, signature: String?) async -> Verdict {
    var checks: [Verdict.Check] = []
    func check(_ name: String, _ passed: Bool, _ detail: String) {
      checks.append(Verdict.Check(name: name, passed: passed, detail: detail))
    }
    let digest = "sha256:" + Hex.encode(SHA256.hash(data: document))
    var logIndex: UInt64?
    receipt: do {
      let receipt: Receipt
      do { receipt = try Receipt(parsing: proof) } catch {
        check("receipt", false, "the proof is not a tlog-proof: \(error)")
        break receipt
      }
      logIndex = receipt.index
      let checkpoint: Checkpoint
      do {
        _ = try receipt.verify(document: document, logKey: keys.log.verifierKey, origin: logOrigin)
        checkpoint = try Checkpoint(text: receipt.checkpoint.text)
        check(
          "inclusion", true,
          "entry \(receipt.index) digests these bytes and is included in the tree of size "
            + "\(checkpoint.treeSize) signed by \(logOrigin)")
      } catch {
        check("inclusion", false, "\(error)")
        break receipt
      }
      let published = await sequencer.publishedSize
      guard checkpoint.treeSize <= published else {
        check(
          "consistency", false,
          "the checkpoint's tree size \(checkpoint.treeSize) is beyond this log's \(published)")
        break receipt
      }
      do {
        var reader = TileReader(storage: storage, treeSize: published)
        let root = try await reader.rangeHash(0, checkpoint.treeSize)
        check(
          "consistency", root == checkpoint.rootHash,
          root == checkpoint.rootHash
            ? "the log of size \(published) extends the checkpoint of size \(checkpoint.treeSize)"
            : "this log's root at size \(checkpoint.treeSize) is \(root.base64), not the checkpoint's"
        )
      } catch {
        check("consistency", false, "the log could not be read: \(error)")
      }
    }
    if let signature {
      do {
        let jws = try DetachedJWS(parsing: signature)
        try jws.verify(document: document, key: keys.document.publicKey)
        check(
          "signature", true,
          "signed by this hub's document key \(keys.document.publicKey.thumbprint)")
      } catch {
        check("signature", false, "\(error)")
      }
    }
    return Verdict(
      valid: !checks.isEmpty && checks.allSatisfy(\.passed), checks: checks, digest: digest,
      logIndex: logIndex)
  }
}
