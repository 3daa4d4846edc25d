// Release-mode load benchmark of the hub (scripts/bench-hub runs it). Three modes:
//
//   CaravanHubBenchmarks prefill --data DIR [--database URL] [--jurisdiction KE] --count N
//       [--batch B] [--participants P] [--invoice FILE]
//     Puts N accepted documents into a new hub's store, with the log that covers them: real
//     invoices (the example with varied numbers, issue dates, sellers and buyers), signed with
//     the hub's document key, logged, with real receipts under checkpoints signed with the
//     hub's log key, committed B documents at a time. `caravan serve` then opens the store.
//
//   CaravanHubBenchmarks phases [--count N] [--invoice FILE]
//     Times, on one thread, each phase of a submission of the example invoice.
//
//   CaravanHubBenchmarks exchange --caravan PATH [--count N] [--connections C] [--rate R]
//     Hub-to-hub delivery between two `caravan serve` processes, KE and TH, on loopback
//     (scripts/bench-exchange runs it; see Exchange.swift).
//
// Each figure is one line: `caravan-hub-bench <name> <value> <unit> [key=value...]`.

import Foundation

/// Wall time in seconds.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// CPU time of this thread, in seconds: not counting time the core was lent to others.
func cpuNow() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func report(_ name: String, _ value: Double, _ unit: String, _ extra: String = "") {
  let text = value >= 100 ? "\(Int(value.rounded()))" : String(format: "%.3f", value)
  FileHandle.standardOutput.write(Data("caravan-hub-bench \(name) \(text) \(unit) \(extra)\n".utf8))
}

struct UsageError: Error, CustomStringConvertible {
  var description: String
}

/// `--name value` options after the mode.
struct Options {
  private var values: [String: String] = [:]

  init(_ arguments: ArraySlice<String>) throws {
    var rest = arguments
    while let name = rest.popFirst() {
      guard name.hasPrefix("--"), let value = rest.popFirst() else {
        throw UsageError(description: "expected --name value, found \(name)")
      }
      values[String(name.dropFirst(2))] = value
    }
  }

  func string(_ name: String) -> String? { values[name] }

  func string(_ name: String, default value: String) -> String { values[name] ?? value }

  func int(_ name: String, default value: Int) throws -> Int {
    guard let text = values[name] else { return value }
    guard let number = Int(text.replacingOccurrences(of: "_", with: "")), number >= 0 else {
      throw UsageError(description: "--\(name) \(text) is not a count")
    }
    return number
  }
}

@main
enum HubBenchmark {
  static func main() async {
    let arguments = CommandLine.arguments.dropFirst()
    do {
      switch arguments.first {
      case "prefill": try await Prefill.run(Options(arguments.dropFirst()))
      case "phases": try await Phases.run(Options(arguments.dropFirst()))
      case "exchange": try await ExchangeBench.run(Options(arguments.dropFirst()))
      default:
        throw UsageError(
          description: "usage: CaravanHubBenchmarks prefill|phases|exchange [--name value...]")
      }
    } catch {
      FileHandle.standardError.write(Data("CaravanHubBenchmarks: \(error)\n".utf8))
      exit(1)
    }
  }
}
