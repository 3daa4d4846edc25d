import CaravanLog
import CaravanTrust
import Testing

@Suite struct BatchInclusionProofsTests {
  /// A batch's proofs are exactly the reader's, leaf by leaf, whatever the tree's shape.
  @Test func sameProofsAsTheReader() async throws {
    let signer = try NoteSigner.generate(name: "test.example/log")
    var log = try await TileLog.create(origin: signer.name, storage: MemoryTileStorage())
    var published: UInt64 = 0
    for size: UInt64 in [1, 2, 3, 7, 255, 256, 257, 1000, 65_536, 65_537, 70_001] {
      while log.size < size { try log.append(Array("entry \(log.size)".utf8)) }
      try await log.publish(signer: signer)
      var reader = log.reader()
      var batch = BatchInclusionProofs(reader: log.reader())
      // The new leaves, as a group commit proves them, and a few older ones.
      let new = Array(max(published, size >= 300 ? size - 300 : 0)..<size)
      let old = [0, published / 2, published / 3].filter { $0 < published }
      for index in new + old {
        let expected = try await reader.inclusionProof(index: index)
        #expect(try await batch.inclusionProof(index: index) == expected)
      }
      await #expect(throws: LogError.self) { try await batch.inclusionProof(index: size) }
      published = size
    }
  }
}
