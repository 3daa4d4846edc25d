import ArgumentParser
import CaravanLog
import CaravanTrust
import Crypto
import Foundation

/// `caravan log`: the hub's transparency log, kept as C2SP tlog-tiles files in a folder.
struct Log: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Keep a transparency log of documents: append, checkpoint, prove, verify.",
    discussion: """
      DIR holds `checkpoint` and `tile/…` at their C2SP tlog-tiles paths, so any static file \
      server can serve it, and `.caravan-log.json` (origin, verifier key and the path of the \
      signing key; the key itself never enters DIR).
      """,
    subcommands: [
      Init.self, Append.self, AppendRegistry.self, ShowCheckpoint.self, Prove.self,
      VerifyReceipt.self,
    ]
  )

  /// The log's local settings, in DIR/.caravan-log.json.
  struct Settings: Codable {
    var origin: String
    var vkey: String
    var keyPath: String

    static let file = ".caravan-log.json"

    static func load(_ dir: String) throws -> Settings {
      let text = try readInput(
        URL(fileURLWithPath: dir).appendingPathComponent(file).path, what: "log settings")
      do { return try JSONDecoder().decode(Settings.self, from: Data(text)) } catch {
        printError("\(dir)/\(file) is not valid: \(error)")
        throw TrustExit.unreadable
      }
    }

    func signer() throws -> NoteSigner {
      let text = try readText(keyPath, what: "log key")
      do { return try Log.noteSigner(text: text, origin: origin) } catch {
        printError("log key \(keyPath): \(error)")
        throw TrustExit.unreadable
      }
    }
  }

  /// An Ed25519 note signer from a key file; PEM and JWK keys take the origin as name.
  static func noteSigner(text: String, origin: String) throws -> NoteSigner {
    let (key, name) = try SigningKey.load(text: text)
    guard case .ed25519(let box) = key else {
      throw KeyError.unsupportedAlgorithm("for checkpoints (C2SP signed notes need Ed25519)")
    }
    return try NoteSigner(name: name ?? origin, privateKey: box.key)
  }

  /// Holds an exclusive lock on DIR/.caravan-log.lock, so that two processes never append
  /// to the same log at once. The lock ends with the process.
  static func lockForWriting(_ dir: String) throws {
    let path = URL(fileURLWithPath: dir).appendingPathComponent(".caravan-log.lock").path
    let fd = Foundation.open(path, O_RDWR | O_CREAT, 0o644)
    guard fd >= 0, flock(fd, LOCK_EX) == 0 else {
      printError("cannot lock \(path): \(String(cString: strerror(errno)))")
      throw TrustExit.unreadable
    }
  }

  static func open(_ dir: String) async throws -> (TileLog, Settings) {
    let settings = try Settings.load(dir)
    let key: NoteVerifierKey
    do { key = try NoteVerifierKey(parsing: settings.vkey) } catch {
      printError("verifier key in \(dir)/\(Settings.file): \(error)")
      throw TrustExit.unreadable
    }
    let log: TileLog
    do {
      log = try await TileLog.open(
        storage: FileTileStorage(root: URL(fileURLWithPath: dir)), logKey: key)
    } catch {
      printError("log \(dir): \(error)")
      throw TrustExit.notTrusted
    }
    guard log.origin == settings.origin else {
      printError("checkpoint origin \(log.origin) is not \(settings.origin) of the settings")
      throw TrustExit.notTrusted
    }
    return (log, settings)
  }

  /// `caravan log init --origin ORIGIN --key KEY DIR`.
  struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create an empty log and publish its first checkpoint.")

    @Option(help: "Checkpoint origin, e.g. hub.example/fr/log.")
    var origin: String

    @Option(help: "Ed25519 signing key (C2SP note key, PEM or JWK).")
    var key: String

    @Argument(help: "Folder of the log (created if missing).")
    var dir: String

    func run() async throws {
      let signer = try Settings(origin: origin, vkey: "", keyPath: absolute(key)).signer()
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      let storage = FileTileStorage(root: URL(fileURLWithPath: dir))
      var log: TileLog
      do { log = try await TileLog.create(origin: origin, storage: storage) } catch {
        printError("\(error)")
        throw TrustExit.notTrusted
      }
      let settings = Settings(
        origin: origin, vkey: signer.verifierKey.description, keyPath: absolute(key))
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      try writeNewFile(
        URL(fileURLWithPath: dir).appendingPathComponent(Settings.file).path,
        String(decoding: try encoder.encode(settings), as: UTF8.self) + "\n", mode: 0o644)
      let note = try await log.publish(signer: signer)
      print(note.encoded, terminator: "")
    }

    func absolute(_ path: String) -> String {
      URL(fileURLWithPath: path).standardizedFileURL.path
    }
  }

  /// `caravan log append DIR FILE...`.
  struct Append: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Log documents (their digest and metadata) and print each new index.",
      discussion: "All files are appended in one batch under one new checkpoint.")

    @Argument(help: "Folder of the log.")
    var dir: String

    @Argument(help: "Documents to log.")
    var files: [String]

    @Option(help: "Document type recorded in each entry.")
    var documentType: String?
    @Option(help: "Sender participant id (scheme:value).")
    var sender: String?
    @Option(help: "Receiver participant id (scheme:value).")
    var receiver: String?
    @Option(help: "Jurisdiction of the hub.")
    var jurisdiction: String?

    func run() async throws {
      try Log.lockForWriting(dir)
      var (log, settings) = try await Log.open(dir)
      let signer = try settings.signer()
      var indices: [UInt64] = []
      for file in files {
        let bytes = try readInput(file, what: "document")
        let entry = LogEntry(
          document: bytes, documentType: documentType, sender: sender, receiver: receiver,
          jurisdiction: jurisdiction)
        do { indices.append(try log.append(try entry.encoded())) } catch {
          printError("\(file): \(error)")
          throw TrustExit.unreadable
        }
      }
      try await log.publish(signer: signer)
      for index in indices { print(index) }
    }
  }

  /// `caravan log append-registry DIR REGISTRY`.
  struct AppendRegistry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "append-registry",
      abstract: "Log a trust registry version (digest, jurisdiction, sequence) and print its index."
    )

    @Argument(help: "Folder of the log.")
    var dir: String

    @Argument(help: "Registry JSON file (the exact signed bytes).")
    var registry: String

    func run() async throws {
      try Log.lockForWriting(dir)
      var (log, settings) = try await Log.open(dir)
      let bytes = try readInput(registry, what: "registry")
      let parsed: TrustRegistry
      do { parsed = try TrustRegistry.decode(bytes) } catch {
        printError("\(registry): \(error)")
        throw TrustExit.unreadable
      }
      let entry = LogEntry(
        kind: .trustRegistry, digest: Array(SHA256.hash(data: bytes)),
        jurisdiction: parsed.jurisdiction, sequence: parsed.sequenceNumber, time: Date())
      let index = try log.append(try entry.encoded())
      try await log.publish(signer: try settings.signer())
      print(index)
    }
  }

  /// `caravan log checkpoint DIR`.
  struct ShowCheckpoint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "checkpoint", abstract: "Print the log's current signed checkpoint.")

    @Argument(help: "Folder of the log.")
    var dir: String

    func run() async throws {
      let (log, _) = try await Log.open(dir)
      print(log.latestCheckpoint?.encoded ?? "", terminator: "")
    }
  }

  /// `caravan log prove DIR --index N`.
  struct Prove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a C2SP tlog-proof receipt for the entry at an index.")

    @Argument(help: "Folder of the log.")
    var dir: String

    @Option(help: "Zero-based index of the entry.")
    var index: UInt64

    func run() async throws {
      let (log, _) = try await Log.open(dir)
      guard index < log.publishedSize, let checkpoint = log.latestCheckpoint else {
        printError("index \(index) is not in the log of size \(log.publishedSize)")
        throw TrustExit.notTrusted
      }
      var reader = log.reader()
      let entry = try await reader.entry(at: index)
      let proof = try await reader.inclusionProof(index: index)
      let receipt = Receipt(extra: entry, index: index, proof: proof.hashes, checkpoint: checkpoint)
      print(receipt.encoded, terminator: "")
    }
  }

  /// `caravan log verify --vkey VKEY --receipt R FILE`.
  struct VerifyReceipt: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "verify",
      abstract: "Check offline that FILE is the logged document (exit 0) or not (exit 1).")

    @Option(help: "The log's verifier key line, or a file holding it.")
    var vkey: String

    @Option(help: "The tlog-proof receipt file.")
    var receipt: String

    @Option(help: "A witness's cosignature verifier key line or file (repeatable).")
    var witness: [String] = []

    @Option(help: "How many of the given witnesses must have cosigned (default: all).")
    var quorum: Int?

    @Argument(help: "The document.")
    var file: String

    func run() throws {
      let logKey = try verifierKey(vkey)
      var policy: WitnessPolicy?
      if !witness.isEmpty {
        let witnesses = try witness.map { text in
          do { return try WitnessVerifier(key: try verifierKey(text)) } catch let error as NoteError
          {
            printError("witness key \(text): \(error)")
            throw TrustExit.unreadable
          }
        }
        let k = quorum ?? witnesses.count
        guard (0...witnesses.count).contains(k) else {
          throw ValidationError("--quorum must be between 0 and the number of --witness keys")
        }
        policy = WitnessPolicy(witnesses: witnesses, quorum: k)
      }
      let text = try readText(receipt, what: "receipt")
      let document = try readInput(file, what: "document")
      do {
        let parsed = try Receipt(parsing: text)
        let entry = try parsed.verify(document: document, logKey: logKey, witnesses: policy)
        let checkpoint = try Checkpoint(text: parsed.checkpoint.text)
        print(
          "LOGGED: \(file) is entry \(parsed.index) of \(checkpoint.origin) "
            + "(tree size \(checkpoint.treeSize)), logged at \(RFC3339.format(entry.time))")
      } catch {
        print("NOT LOGGED: \(error)")
        throw TrustExit.notTrusted
      }
    }

    func verifierKey(_ text: String) throws -> NoteVerifierKey {
      let line =
        FileManager.default.fileExists(atPath: text)
        ? try readText(text, what: "verifier key") : text
      do { return try NoteVerifierKey(parsing: line) } catch {
        printError("verifier key \(text): \(error)")
        throw TrustExit.unreadable
      }
    }
  }
}
