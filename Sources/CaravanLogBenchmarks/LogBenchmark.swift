// Release-mode benchmark of the log: appends in memory and durably on disk, inclusion proof
// verification, checkpoint signing and verification. One line per figure:
//   caravan-log-bench <name> <value> <unit> [key=value...]
// Run with: scripts/bench-log   (or: swift run -c release CaravanLogBenchmarks [--quick])

import CaravanLog
import CaravanTrust
import Foundation

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// CPU time of this thread: unlike wall time, it does not count time the core was lent to
/// other processes, so it gives the rate on one core of a shared machine.
func cpuNow() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func report(_ name: String, _ value: Double, _ unit: String, _ extra: String = "") {
  print("caravan-log-bench \(name) \(Int(value.rounded())) \(unit) \(extra)")
}

/// Canonical entries like the hub's: about 230 bytes each.
func makeEntries(_ count: Int) throws -> [[UInt8]] {
  let time = Date(timeIntervalSince1970: 1_790_000_000)
  return try (0..<count).map { i in
    try LogEntry(
      document: Array("invoice \(i)".utf8), documentType: "urn:cen.eu:en16931:2017",
      sender: "0088:\(4_000_000 + i)", receiver: "0208:0123456789", jurisdiction: "FR",
      time: time
    ).encoded()
  }
}

@main
enum LogBenchmark {
  static func main() async throws {
    let quick = CommandLine.arguments.contains("--quick")
    let signer = try NoteSigner.generate(name: "bench.example/log")

    // 1. Appends in memory: sequence, hash and tile N entries, then publish one checkpoint.
    let memoryCount = quick ? 200_000 : 1_000_000
    var start = now()
    let entries = try makeEntries(memoryCount)
    report(
      "entry_encode", Double(memoryCount) / (now() - start), "entries/s",
      "document_sha256+canonical_record")
    var best = Double.infinity
    var bestCPU = Double.infinity
    var memoryLog: TileLog?
    for _ in 0..<3 {
      var log = try await TileLog.create(origin: signer.name, storage: MemoryTileStorage())
      let start = now()
      let cpuStart = cpuNow()
      for entry in entries { try log.append(entry) }
      try await log.publish(signer: signer)
      best = min(best, now() - start)
      bestCPU = min(bestCPU, cpuNow() - cpuStart)
      memoryLog = log
    }
    report(
      "append_memory", Double(memoryCount) / best, "appends/s",
      "entries=\(memoryCount) entry_bytes=\(entries[0].count) best_of=3 clock=wall")
    report(
      "append_memory_cpu", Double(memoryCount) / bestCPU, "appends/cpu-s",
      "entries=\(memoryCount) clock=thread-cpu")

    // 2. Durable appends on disk: batches published with fsync of every file and folder.
    let diskCount = quick ? 20_000 : 100_000
    for batch in [256, 1000, 4000] {
      let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("caravan-bench-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: dir) }
      var log = try await TileLog.create(origin: signer.name, storage: FileTileStorage(root: dir))
      let start = now()
      var i = 0
      while i < diskCount {
        for entry in entries[i..<min(i + batch, diskCount)] { try log.append(entry) }
        try await log.publish(signer: signer)
        i += batch
      }
      let elapsed = now() - start
      report(
        "append_durable", Double(diskCount) / elapsed, "appends/s",
        "entries=\(diskCount) batch=\(batch) fsync=on dir=\(FileManager.default.temporaryDirectory.path)"
      )
    }

    // 3. Inclusion proofs verified per second, in the tree of step 1.
    var reader = memoryLog!.reader()
    let root = memoryLog!.rootHash
    var rng = SystemRandomNumberGenerator()
    let proofCount = 10_000
    var proofs: [(InclusionProof, MerkleHash)] = []
    for _ in 0..<proofCount {
      let index = UInt64.random(in: 0..<UInt64(memoryCount), using: &rng)
      proofs.append(
        (try await reader.inclusionProof(index: index), .leaf(entries[Int(index)])))
    }
    var rounds = 0
    start = now()
    let cpuStart = cpuNow()
    repeat {
      for (proof, leaf) in proofs { try proof.verify(leafHash: leaf, root: root) }
      rounds += 1
    } while now() - start < 2
    report(
      "inclusion_verify", Double(rounds * proofCount) / (now() - start), "proofs/s",
      "tree_size=\(memoryCount) proof_hashes=\(proofs[0].0.hashes.count) clock=wall")
    report(
      "inclusion_verify_cpu", Double(rounds * proofCount) / (cpuNow() - cpuStart), "proofs/cpu-s",
      "clock=thread-cpu")

    // 4. Checkpoints signed and verified per second (Ed25519, C2SP signed-note).
    let checkpoint = Checkpoint(origin: signer.name, treeSize: UInt64(memoryCount), rootHash: root)
    let signCount = quick ? 2_000 : 10_000
    start = now()
    var note = SignedNote(text: "")
    for _ in 0..<signCount { note = try checkpoint.signed(by: signer) }
    report("checkpoint_sign", Double(signCount) / (now() - start), "checkpoints/s")
    let encoded = note.encoded
    start = now()
    for _ in 0..<signCount {
      _ = try VerifiedCheckpoint(parsing: encoded, logKey: signer.verifierKey)
    }
    report(
      "checkpoint_verify", Double(signCount) / (now() - start), "checkpoints/s", "parse+verify")
  }
}
