public import CaravanTrust
import Crypto
import Foundation

/// The hub's two keys, kept as files in its data folder (mode 0600), created on first start:
/// `keys/log.key`, the C2SP note key that signs the log's checkpoints, and
/// `keys/document.pem`, the Ed25519 key of the detached JWS over every accepted document.
///
/// Two keys, not one: a checkpoint signature and a document signature answer different
/// questions, and each can then be rotated or recognised on its own.
public struct HubKeys: Sendable {
  public let log: NoteSigner
  public let document: SigningKey

  public init(log: NoteSigner, document: SigningKey) {
    self.log = log
    self.document = document
  }

  /// Reads the keys from `folder`, creating any that are missing. `logName` names the log's
  /// key (and so its checkpoints' origin) when it is created.
  public static func loadOrCreate(folder: URL, logName: String) throws(HubError) -> HubKeys {
    let manager = FileManager.default
    do {
      try manager.createDirectory(
        at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw .unavailable(
        "cannot create the key folder \(folder.path): \(error.localizedDescription)")
    }
    let logURL = folder.appendingPathComponent("log.key")
    let documentURL = folder.appendingPathComponent("document.pem")
    let log: NoteSigner
    if let text = try read(logURL) {
      do { log = try NoteSigner(parsing: text) } catch {
        throw .unavailable("\(logURL.path) is not a note signing key: \(error)")
      }
    } else {
      do { log = try NoteSigner.generate(name: logName) } catch {
        throw .badRequest(field: "log name", message: "\(error)")
      }
      try write(log.encoded + "\n", to: logURL)
    }
    let document: SigningKey
    if let text = try read(documentURL) {
      do { document = try SigningKey.load(text: text).key } catch {
        throw .unavailable("\(documentURL.path) is not a signing key: \(error)")
      }
    } else {
      document = .ed25519(Curve25519.Signing.PrivateKey())
      try write(document.pemRepresentation, to: documentURL)
    }
    return HubKeys(log: log, document: document)
  }

  private static func read(_ url: URL) throws(HubError) -> String? {
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    do { return try String(contentsOf: url, encoding: .utf8) } catch {
      throw .unavailable("cannot read \(url.path): \(error.localizedDescription)")
    }
  }

  private static func write(_ text: String, to url: URL) throws(HubError) {
    let created = FileManager.default.createFile(
      atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    guard created else { throw .unavailable("cannot write \(url.path)") }
  }
}
