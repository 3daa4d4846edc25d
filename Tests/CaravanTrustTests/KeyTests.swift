import CaravanTrust
import Crypto
import Foundation
import Testing

@Suite("Key files: PEM, JWK and C2SP note keys")
struct KeyTests {
  static let keys: [SigningKey] = [
    .ed25519(Curve25519.Signing.PrivateKey()), .p256(P256.Signing.PrivateKey()),
  ]

  @Test("private keys round-trip through PEM and JWK", arguments: keys.indices)
  func roundTrip(index: Int) throws {
    let key = Self.keys[index]
    let fromPEM = try SigningKey.load(text: key.pemRepresentation).key
    #expect(fromPEM.publicKey == key.publicKey)
    let json = String(decoding: try JSONEncoder().encode(key.jwk), as: UTF8.self)
    #expect(try SigningKey.load(text: json).key.publicKey == key.publicKey)
    #expect(try VerificationKey.load(text: key.publicKey.pemRepresentation) == key.publicKey)
    let publicJSON = String(decoding: try JSONEncoder().encode(key.publicKey.jwk), as: UTF8.self)
    #expect(try VerificationKey.load(text: publicJSON) == key.publicKey)
  }

  @Test("a note signer key loads with its name")
  func noteKey() throws {
    let signer = try NoteSigner.generate(name: "hub.example/fr")
    let (key, name) = try SigningKey.load(text: signer.encoded)
    #expect(name == "hub.example/fr")
    #expect(key.publicKey == .ed25519(signer.verifierKey.publicKey))
    #expect(try VerificationKey.load(text: signer.verifierKey.description) == key.publicKey)
  }

  @Test("RFC 8037 appendix A.3 thumbprint")
  func thumbprint() throws {
    let key = try VerificationKey.load(
      text: #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)
    #expect(key.thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
  }

  @Test("a JWK whose d does not match x is refused")
  func mismatchedJWK() throws {
    var jwk = Self.keys[0].jwk
    jwk.x = Self.keys[0].jwk.x.map { String($0.reversed()) }
    let json = String(decoding: try JSONEncoder().encode(jwk), as: UTF8.self)
    #expect {
      _ = try SigningKey.load(text: json)
    } throws: { error in
      guard case .invalidKey = error as? KeyError else { return false }
      return true
    }
  }

  @Test("unknown text is refused as an unrecognised format")
  func garbage() {
    #expect {
      _ = try SigningKey.load(text: "hello")
    } throws: { error in
      guard case .unrecognizedFormat = error as? KeyError else { return false }
      return true
    }
  }
}
