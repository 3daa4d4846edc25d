import ArgumentParser
import CaravanServer
import CaravanTrust
import Foundation

/// `caravan keys`: key management.
struct Keys: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create and inspect signing keys.",
    subcommands: [Generate.self, Public.self, Hub.self]
  )

  /// `caravan keys hub --data DIR`: the hub's keys, created when missing.
  struct Hub: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create a hub's keys when missing and print its public hub key (SPKI PEM).",
      discussion: """
        The hub key signs its documents, receipts, directory, policy and hub-to-hub \
        requests. Peers recognise a hub by this key: put it in their peers file.
        """
    )

    @Option(help: "The hub's data folder (as for caravan serve).")
    var data: String = ".caravan"

    @Option(help: "ISO 3166-1 alpha-2 code of the hub's jurisdiction (names the log key).")
    var jurisdiction: String = "KE"

    @Option(help: "The log's origin, used when the keys are created.")
    var origin: String?

    func run() throws {
      let configuration = HubServer.Configuration(
        dataDirectory: URL(fileURLWithPath: data), jurisdiction: jurisdiction, origin: origin)
      do {
        print(
          try HubServer.keys(configuration).document.publicKey.pemRepresentation, terminator: "")
      } catch {
        printError("caravan keys hub: \(error)")
        throw TrustExit.unreadable
      }
    }
  }

  /// `caravan keys generate --name NAME --out DIR`.
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Generate an Ed25519 key pair and print its C2SP verifier key line.",
      discussion: """
        Writes DIR/private.key (mode 0600, the C2SP note signer key PRIVATE+KEY+NAME+ID+KEY) \
        and DIR/public.vkey (the verifier key line NAME+ID+KEY). Existing files are never \
        replaced.
        """
    )

    @Option(help: "Key name, e.g. a schema-less URL such as hub.example/fr (no spaces or '+').")
    var name: String

    @Option(help: "Folder to write private.key and public.vkey into (created if missing).")
    var out: String

    func validate() throws {
      do { try NoteVerifierKey.checkName(name) } catch {
        throw ValidationError("\(error)")
      }
    }

    func run() throws {
      let signer = try NoteSigner.generate(name: name)
      do {
        try FileManager.default.createDirectory(
          atPath: out, withIntermediateDirectories: true)
      } catch {
        printError("cannot create \(out): \(error.localizedDescription)")
        throw TrustExit.unreadable
      }
      let folder = URL(fileURLWithPath: out)
      try writeNewFile(
        folder.appendingPathComponent("private.key").path, signer.encoded + "\n", mode: 0o600)
      try writeNewFile(
        folder.appendingPathComponent("public.vkey").path,
        signer.verifierKey.description + "\n", mode: 0o644)
      print(signer.verifierKey.description)
    }
  }

  /// `caravan keys public KEY`: the public half of a key, for registries and verifiers.
  struct Public: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the public key of a key file as a JWK, a PEM, or a C2SP verifier key.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case jwk, pem, vkey
    }

    @Option(help: "Output format: jwk, pem or vkey (vkey needs an Ed25519 note key).")
    var format: Format = .jwk

    @Argument(help: "Key file (private or public; PEM, JWK or C2SP key line).")
    var key: String

    func run() throws {
      let text = try readText(key, what: "key file")
      var name: String?
      let publicKey: VerificationKey
      if let (signing, keyName) = try? SigningKey.load(text: text) {
        publicKey = signing.publicKey
        name = keyName
      } else {
        do { publicKey = try VerificationKey.load(text: text) } catch {
          printError("key \(key): \(error)")
          throw TrustExit.unreadable
        }
        name = try? NoteVerifierKey(parsing: text).name
      }
      switch format {
      case .jwk:
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(publicKey.jwk), as: UTF8.self))
      case .pem:
        print(publicKey.pemRepresentation, terminator: "")
      case .vkey:
        guard case .ed25519(let raw) = publicKey, let name else {
          printError("a verifier key line needs an Ed25519 key with a name (a C2SP note key)")
          throw TrustExit.unreadable
        }
        print(try NoteVerifierKey(name: name, type: .ed25519, publicKey: raw).description)
      }
    }
  }
}
