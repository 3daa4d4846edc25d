import ArgumentParser
import CaravanRules
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// `caravan validate`: every EN 16931 rule of the official artefacts, over files and folders.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate invoices against every rule of EN 16931.",
    discussion: """
      Applies every rule of the official CEN/TC 434 validation artefacts \
      \(Validator.artefactVersion) (UBL 2.1 or CII D16B, detected per file). Folders are \
      walked for .xml files; files are validated in parallel. A file that cannot be read is \
      reported and the batch goes on.

      Exit 0 when nothing fatal fired in any file, 1 when something fatal did, 2 when a file \
      could not be read.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json, text, svrl
  }

  @Option(help: "Report format: json (an array, one object per file), text or svrl.")
  var format: Format = .json

  @Option(help: "Files validated at once (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Argument(help: "Invoice files (UBL or CII) and folders to walk.")
  var paths: [String]

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
    guard !paths.isEmpty else { throw ValidationError("name at least one file or folder") }
  }

  func run() throws {
    let files = Self.expand(paths)
    let progress = Progress(total: files.count)
    let reports = Self.validateAll(files, jobs: jobs, progress: progress)
    progress.finish()

    switch format {
    case .json: print(ValidationReport.json(reports, pretty: true))
    case .text: print(ValidationReport.text(reports), terminator: "")
    case .svrl: print(reports.map { $0.svrl() }.joined(separator: "\n"))
    }
    if reports.contains(where: { $0.error != nil }) { throw ExitCode(2) }
    if reports.contains(where: { !$0.isValid }) { throw ExitCode(1) }
  }

  /// The files named, with folders replaced by the `.xml` files under them (sorted).
  static func expand(_ paths: [String]) -> [String] {
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        isDirectory.boolValue
      else {
        files.append(path)  // a missing file is reported as unreadable, in its place
        continue
      }
      let walker = FileManager.default.enumerator(atPath: path)
      var found: [String] = []
      while let relative = walker?.nextObject() as? String {
        if relative.lowercased().hasSuffix(".xml") {
          found.append((path as NSString).appendingPathComponent(relative))
        }
      }
      files.append(contentsOf: found.sorted())
    }
    return files
  }

  /// Validates every file on `jobs` threads; reports come back in the order of `files`.
  static func validateAll(_ files: [String], jobs: Int, progress: Progress) -> [ValidationReport] {
    let next = Atomic<Int>(0)
    let results = Mutex<[ValidationReport?]>(Array(repeating: nil, count: files.count))
    let validator = Validator(limits: DocumentInput.limits)
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, files.count))) { _ in
      while true {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < files.count else { return }
        let file = files[index]
        let report: ValidationReport
        do throws(InputError) {
          report = validator.validate(bytes: try DocumentInput.bytes(of: file), file: file)
        } catch {
          report = ValidationReport(file: file, error: error.message)
        }
        results.withLock { $0[index] = report }
        progress.advance()
      }
    }
    return results.withLock { $0.map { $0! } }
  }
}

/// A progress bar on standard error, drawn only when it is a terminal and there is more than
/// one file: files done, rate and time left.
final class Progress: Sendable {
  private struct State {
    var done = 0
    var lastDrawn = ContinuousClock.now
  }

  private let total: Int
  private let start = ContinuousClock.now
  private let enabled: Bool
  private let state = Mutex(State())

  init(total: Int) {
    self.total = total
    self.enabled = total > 1 && isatty(STDERR_FILENO) == 1
  }

  func advance() {
    guard enabled else { return }
    state.withLock { state in
      state.done += 1
      let now = ContinuousClock.now
      guard now - state.lastDrawn > .milliseconds(100) || state.done == total else { return }
      state.lastDrawn = now
      draw(done: state.done, elapsed: now - start)
    }
  }

  func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }

  private func draw(done: Int, elapsed: Duration) {
    let seconds = max(
      0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    let rate = Double(done) / seconds
    let left = rate > 0 ? Double(total - done) / rate : 0
    let width = 30
    let filled = total > 0 ? width * done / total : width
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    let line =
      "\r\(bar) \(done)/\(total) files  \(Int(rate)) files/s  \(Int(left.rounded()))s left "
    FileHandle.standardError.write(Data(line.utf8))
  }
}
