import CaravanSyntax
import CaravanXML
import Foundation

/// Reading a document named on the command line, with the limits and error reporting every
/// command shares: an unreadable input prints one line naming the file and the place at
/// fault, and exits 2.
enum DocumentInput {
  /// The largest file any command reads.
  static let limits = XMLLimits.standard

  /// Reads `path` (or standard input for `-`) into memory, refusing files over the limit
  /// before reading them.
  static func bytes(of path: String) throws(InputError) -> [UInt8] {
    if path == "-" {
      var data = [UInt8]()
      while let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
        data.append(contentsOf: chunk)
        if data.count > limits.maximumBytes { throw tooLarge(path, data.count) }
      }
      return data
    }
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw InputError(file: path, message: "cannot open the file: no such file or not readable")
    }
    if attributes[.type] as? FileAttributeType == .typeDirectory {
      throw InputError(file: path, message: "is a directory, not a document")
    }
    if let size = attributes[.size] as? Int, size > limits.maximumBytes {
      throw tooLarge(path, size)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(file: path, message: "cannot read the file")
    }
    return [UInt8](data)
  }

  private static func tooLarge(_ path: String, _ size: Int) -> InputError {
    InputError(
      file: path,
      message: "the document is \(size) bytes; the limit is \(limits.maximumBytes) bytes")
  }

  /// Reads and parses the document at `path` into the model (strictly: a value that cannot
  /// be read is an error).
  static func read(_ path: String) throws(InputError) -> ReadResult {
    let bytes = try bytes(of: path)
    do {
      return try InvoiceDocument.read(bytes, limits: limits)
    } catch {
      throw InputError(file: path, message: error.description)
    }
  }

  /// Prints the reader's warnings about `path` on standard error.
  static func report(_ result: ReadResult, file path: String) {
    for diagnostic in result.diagnostics {
      Console.error("\(path): \(diagnostic.severity.rawValue): \(diagnostic)")
    }
  }
}

/// An input that could not be read: the file and what is wrong, where.
struct InputError: Error, CustomStringConvertible {
  let file: String
  /// What is wrong, without the file's name.
  let message: String

  var description: String { "\(file): \(message)" }
}

/// Writing to the standard streams.
enum Console {
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  static func output(_ bytes: [UInt8]) {
    FileHandle.standardOutput.write(Data(bytes))
  }
}
