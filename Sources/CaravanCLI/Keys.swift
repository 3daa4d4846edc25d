import ArgumentParser
import CaravanTrust
import Foundation

/// `caravan keys`: key management.
struct Keys: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create and inspect signing keys.",
    subcommands: [Generate.self]
  )

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
}
