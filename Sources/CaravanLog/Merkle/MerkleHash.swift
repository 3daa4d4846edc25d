internal import Crypto
import Foundation

/// A SHA-256 Merkle tree hash: a leaf hash, an interior node hash or a root hash.
///
/// RFC 9162, section 2.1.1 fixes the hash algorithm of the tree to SHA-256, so every node is
/// exactly 32 bytes. The value is kept inline (four machine words) so that hashing, comparing
/// and storing nodes never touches the heap.
public struct MerkleHash: Hashable, Sendable, CustomStringConvertible {
  var w0: UInt64
  var w1: UInt64
  var w2: UInt64
  var w3: UInt64

  /// The number of bytes in a hash.
  public static let byteCount = 32

  init(words w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
    self.w0 = w0
    self.w1 = w1
    self.w2 = w2
    self.w3 = w3
  }

  /// Reads a hash from exactly 32 bytes; returns `nil` for any other length.
  public init?(bytes: UnsafeRawBufferPointer) {
    guard bytes.count == 32 else { return nil }
    self.init(words: 0, 0, 0, 0)
    withUnsafeMutableBytes(of: &self) { $0.copyMemory(from: bytes) }
  }

  /// Reads a hash from exactly 32 bytes; returns `nil` for any other length.
  public init?(_ bytes: some Collection<UInt8>) {
    guard bytes.count == 32 else { return nil }
    let array = Array(bytes)
    guard let value = array.withUnsafeBytes({ MerkleHash(bytes: $0) }) else { return nil }
    self = value
  }

  /// Reads a hash from standard base64 (RFC 4648, section 4), as in checkpoints and proofs.
  public init?(base64: some StringProtocol) {
    guard let data = Data(base64Encoded: String(base64)) else { return nil }
    self.init(data)
  }

  /// The 32 bytes of the hash.
  public var bytes: [UInt8] {
    Swift.withUnsafeBytes(of: self) { Array($0) }
  }

  /// The standard base64 encoding of the hash.
  public var base64: String { Data(bytes).base64EncodedString() }

  /// The lowercase hexadecimal encoding of the hash.
  public var hex: String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }

  public var description: String { hex }

  /// Calls `body` with the 32 bytes of the hash.
  public func withUnsafeBytes<R>(
    _ body: (UnsafeRawBufferPointer) throws -> R
  ) rethrows -> R {
    try Swift.withUnsafeBytes(of: self, body)
  }

  /// Returns a copy with one bit inverted (bit 0 is the high bit of the first byte).
  public func flippingBit(_ bit: Int) -> MerkleHash {
    precondition((0..<256).contains(bit), "bit \(bit) is outside a 256-bit hash")
    var copy = self
    Swift.withUnsafeMutableBytes(of: &copy) { $0[bit / 8] ^= UInt8(0x80) >> UInt8(bit % 8) }
    return copy
  }
}

extension MerkleHash {
  /// The root of the empty tree: `MTH({}) = SHA-256()` (RFC 9162, section 2.1.1).
  public static let emptyTree: MerkleHash = SHA256.hash(data: [UInt8]()).merkleHash

  /// The hash of a leaf: `SHA-256(0x00 || d)` (RFC 9162, section 2.1.1).
  public static func leaf(_ entry: UnsafeRawBufferPointer) -> MerkleHash {
    var hasher = SHA256()
    Swift.withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
    hasher.update(bufferPointer: entry)
    return hasher.finalize().merkleHash
  }

  /// The hash of a leaf: `SHA-256(0x00 || d)` (RFC 9162, section 2.1.1).
  public static func leaf(_ entry: some Collection<UInt8>) -> MerkleHash {
    if let hash = entry.withContiguousStorageIfAvailable({
      MerkleHash.leaf(UnsafeRawBufferPointer($0))
    }) {
      return hash
    }
    return Array(entry).withUnsafeBytes { MerkleHash.leaf($0) }
  }

  /// The hash of an interior node: `SHA-256(0x01 || left || right)` (RFC 9162, section 2.1.1).
  public static func node(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
    var block = NodeBlock(left: left, right: right)
    return Swift.withUnsafeBytes(of: &block) { raw in
      var hasher = SHA256()
      hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[7..<72]))
      return hasher.finalize().merkleHash
    }
  }
}

/// The 65 bytes `0x01 || left || right`, laid out contiguously after 7 bytes of padding so that
/// they can be hashed in one call without copying to the heap.
struct NodeBlock {
  var prefix: UInt64
  var left: MerkleHash
  var right: MerkleHash

  init(left: MerkleHash, right: MerkleHash) {
    // The 0x01 byte sits at offset 7 of the first word on either byte order.
    self.prefix = UInt64(1).bigEndian
    self.left = left
    self.right = right
  }
}

extension SHA256Digest {
  var merkleHash: MerkleHash {
    withUnsafeBytes { MerkleHash(bytes: $0)! }
  }
}
