import Crypto
public import Foundation

/// A registry version as published: its exact bytes and a detached JWS over them.
public struct SignedRegistry: Hashable, Sendable {
  public let bytes: [UInt8]
  public let signature: DetachedJWS
  public let registry: TrustRegistry

  /// Signs a registry version with the jurisdiction's registry key.
  public init(signing registry: TrustRegistry, key: SigningKey, at time: Date = Date()) throws {
    let bytes = try registry.encoded()
    self.bytes = bytes
    self.signature = try DetachedJWS.sign(
      document: bytes, key: key, documentType: "trust-registry", signingTime: time)
    self.registry = registry
  }

  /// Reads a registry and its signature, and verifies the signature with `key`.
  public init(bytes: [UInt8], signature: String, key: VerificationKey) throws(RegistryError) {
    let registry = try TrustRegistry.decode(bytes)
    let jws: DetachedJWS
    do {
      jws = try DetachedJWS(parsing: signature)
      try jws.verify(document: bytes, key: key)
    } catch {
      throw .badSignature(jurisdiction: registry.jurisdiction, error)
    }
    self.bytes = bytes
    self.signature = jws
    self.registry = registry
  }

  /// SHA-256 of the registry bytes, hex: what the log records for this version.
  public var digest: String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
  }
}
