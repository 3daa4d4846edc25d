import ArgumentParser
import CaravanTrust
import Foundation

/// Exit statuses of the trust and log commands: 0 trusted or holds, 1 not, 2 unreadable input.
enum TrustExit {
  static let notTrusted = ExitCode(1)
  static let unreadable = ExitCode(2)
}

/// Reads a file given on the command line, or exits with status 2 naming it.
func readInput(_ path: String, what: String) throws -> [UInt8] {
  do {
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
  } catch {
    printError("cannot read \(what) \(path): \(error.localizedDescription)")
    throw TrustExit.unreadable
  }
}

func readText(_ path: String, what: String) throws -> String {
  let bytes = try readInput(path, what: what)
  guard let text = String(validating: bytes, as: UTF8.self) else {
    printError("\(what) \(path) is not UTF-8 text")
    throw TrustExit.unreadable
  }
  return text
}

func printError(_ message: String) {
  FileHandle.standardError.write(Data("caravan: \(message)\n".utf8))
}

/// Writes a file with the given permissions, refusing to replace an existing one.
func writeNewFile(_ path: String, _ text: String, mode: mode_t) throws {
  let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
  guard fd >= 0 else {
    printError("cannot create \(path): \(String(cString: strerror(errno)))")
    throw TrustExit.unreadable
  }
  defer { close(fd) }
  let bytes = Array(text.utf8)
  let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  guard written == bytes.count else {
    printError("cannot write \(path): \(String(cString: strerror(errno)))")
    throw TrustExit.unreadable
  }
}
