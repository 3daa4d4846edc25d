import ArgumentParser
import CaravanTrust
import Foundation

/// `caravan verify --sig SIG [--registry DIR] FILE`.
struct Verify: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Verify a document signature and say why it is or is not trusted.",
    discussion: """
      Exit status: 0 trusted, 1 not trusted, 2 unreadable input. With --registry, two \
      questions are answered: was the signer's anchor granted at signing time, and does the \
      registry's jurisdiction recognise the signer's for this document type. With --key, the \
      signature must be by that key. With neither, the signature's integrity under the key it \
      carries is checked and reported, but it is not trusted (exit 1): nothing says whose key \
      that is.
      """
  )

  @Option(help: "The detached JWS file.")
  var sig: String

  @Option(help: "Trust store folder (trust.json and signed registries).")
  var registry: String?

  @Option(help: "Public key the signature must be by (PEM, JWK or verifier key line).")
  var key: String?

  @Argument(help: "The signed document.")
  var file: String

  func run() async throws {
    let document = try readInput(file, what: "document")
    let text = try readText(sig, what: "signature")
    let jws: DetachedJWS
    do { jws = try DetachedJWS(parsing: text) } catch {
      print("NOT TRUSTED: \(error)")
      throw TrustExit.notTrusted
    }
    var required: VerificationKey?
    if let key {
      do { required = try VerificationKey.load(text: try readText(key, what: "key")) } catch let e
        as KeyError
      {
        printError("key \(key): \(e)")
        throw TrustExit.unreadable
      }
    }
    let signer: VerificationKey
    do { signer = try jws.verify(document: document, key: required) } catch {
      print("NOT TRUSTED: \(error)")
      throw TrustExit.notTrusted
    }
    print("ok   signature: valid \(jws.header.alg) signature by \(signer) over \(file)")
    guard let registry else {
      if required != nil {
        print("TRUSTED: signed by the given key")
        return
      }
      // A signature is only as trusted as its key: one carried in the signature itself proves
      // integrity, not who signed.
      print(
        "NOT TRUSTED: the signature is intact, but no --registry or --key says whose key it is")
      throw TrustExit.notTrusted
    }
    let store: TrustStore
    do { store = try TrustStore.load(directory: URL(fileURLWithPath: registry)) } catch {
      if case .unreadable = error as? RegistryError {
        printError("trust registry \(registry): \(error)")
        throw TrustExit.unreadable
      }
      print("NOT TRUSTED: trust registry \(registry): \(error)")
      throw TrustExit.notTrusted
    }
    for (jurisdiction, problem) in store.refused.sorted(by: { $0.key < $1.key }) {
      print("note registry \(jurisdiction) not used: \(problem)")
    }
    let verdict = await store.evaluate(jws, signer: signer)
    print(verdict.description)
    if verdict.isTrusted {
      print("TRUSTED")
    } else {
      print("NOT TRUSTED")
      throw TrustExit.notTrusted
    }
  }
}
