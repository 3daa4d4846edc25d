/// SplitMix64: a small deterministic generator, so that a failing property case can be
/// reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The proof length RFC 9162 implies for a leaf: the bits where `index` and `size - 1`
/// differ below their common prefix, plus the set bits of the prefix (an independent
/// formula, not the verifier's loop).
func expectedInclusionLength(index: UInt64, size: UInt64) -> Int {
  let inner = 64 - (index ^ (size - 1)).leadingZeroBitCount
  return inner + (index >> UInt64(inner)).nonzeroBitCount
}

/// The proof length RFC 9162 implies for a consistency proof from `oldSize` to `newSize`
/// (0 < oldSize < newSize), by the same independent decomposition.
func expectedConsistencyLength(oldSize: UInt64, newSize: UInt64) -> Int {
  let index = oldSize - 1
  let inner = 64 - (index ^ (newSize - 1)).leadingZeroBitCount
  let border = (index >> UInt64(inner)).nonzeroBitCount
  let shift = oldSize.trailingZeroBitCount
  let start = oldSize == 1 << UInt64(shift) ? 0 : 1
  return start + inner - shift + border
}
