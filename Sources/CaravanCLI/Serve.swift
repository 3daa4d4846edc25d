import ArgumentParser
import CaravanExchange
import CaravanHub
import CaravanServer
import CaravanStore
import Foundation
import Hummingbird
import Logging

/// `caravan serve`: runs one jurisdiction's hub.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a hub: the HTTP API over SQLite (default) or PostgreSQL.",
    discussion: """
      On first start the hub creates its data folder, its keys (DATA/keys) and, without \
      --database, its SQLite database (DATA/caravan.sqlite), and prints the operator's token \
      once. It then prints the URL it listens on. CARAVAN_DATABASE_URL is read when \
      --database is not given.
      """
  )

  @Option(help: "Data folder: keys and the SQLite database.")
  var data: String = ".caravan"

  @Option(help: "Address to listen on.")
  var host: String = "127.0.0.1"

  @Option(help: "Port to listen on (0 picks a free one).")
  var port: Int = 8080

  @Option(help: "PostgreSQL URL, postgres://user:password@host:port/database.")
  var database: String?

  @Option(help: "ISO 3166-1 alpha-2 code of the hub's jurisdiction.")
  var jurisdiction: String = "KE"

  @Option(help: "The log's origin (its checkpoints' first line), used when the keys are created.")
  var origin: String?

  @Option(help: "Largest document accepted, in bytes.")
  var maxDocumentBytes: Int = 4 * 1024 * 1024

  @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
  var logLevel: String = "info"

  @Option(
    help: ArgumentHelp(
      "Peers file: the hubs of other jurisdictions, with their keys.",
      discussion:
        "JSON {\"peers\": [{\"jurisdiction\", \"url\", \"key\", \"documentTypes\", \"agreements\"}]}."
    ))
  var peers: String?

  @Option(
    name: .customLong("peer"),
    help: "A peer's address, CODE=URL (repeatable); sets or adds to the peers file's.")
  var peerAddresses: [String] = []

  @Option(help: "Corridor policy file (JSON) to put in force at start when its version is new.")
  var policy: String?

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level \(logLevel) is not a log level")
    }
    guard (1024...(64 << 20)).contains(maxDocumentBytes) else {
      throw ValidationError("--max-document-bytes must be 1024 to 67108864")
    }
  }

  /// The peers file with the `--peer` addresses laid over it.
  func peerTable() throws -> PeerTable {
    var table = PeerTable()
    if let peers {
      let bytes: Data
      do { bytes = try Data(contentsOf: URL(fileURLWithPath: peers)) } catch {
        throw ValidationError("--peers: cannot read \(peers): \(error.localizedDescription)")
      }
      do { table = try PeerTable(file: Array(bytes), path: peers) } catch {
        throw ValidationError("--peers: \(error)")
      }
    }
    for address in peerAddresses {
      do { try table.setAddress(address) } catch { throw ValidationError("\(error)") }
    }
    return table
  }

  func run() async throws {
    var logger = Logger(label: "caravan")
    logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
    let configuration = HubServer.Configuration(
      host: host, port: port, dataDirectory: URL(fileURLWithPath: data),
      databaseURL: database ?? ProcessInfo.processInfo.environment["CARAVAN_DATABASE_URL"],
      jurisdiction: jurisdiction, origin: origin, maximumDocumentBytes: maxDocumentBytes,
      peers: try peerTable(), policyFile: policy.map { URL(fileURLWithPath: $0) })
    let store: any HubStore
    let hub: Hub
    do {
      store = try await HubServer.openStore(configuration, logger: logger)
      hub = try await HubServer.openHub(configuration, store: store, logger: logger)
      if let token = try await hub.createAdminTokenIfMissing() {
        say("operator token (shown once, keep it safe): \(token)")
      }
    } catch {
      printError("caravan serve: \(error)")
      throw ExitCode(1)
    }
    let app = HubServer.application(hub: hub, configuration: configuration, logger: logger) {
      url in
      say("listening on \(url)")
    }
    do {
      try await app.runService()
    } catch {
      await store.close()
      printError("caravan serve: \(error)")
      throw ExitCode(1)
    }
    await store.close()
  }

  /// Writes a line to standard output at once (unbuffered, for scripts that wait for it).
  private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }
}
