import CaravanExchange
import CaravanTrust
import Foundation
import HTTPTypes
import Testing

/// RFC 9421 appendix B: the test key of B.1.4 and the request of B.2, signed as in B.2.6.
enum RFC9421 {
  /// B.1.4 `test-key-ed25519`, as a JWK (`d` the private key, `x` the public key).
  static let key = try! JWK(
    kty: "OKP", crv: "Ed25519", x: "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs",
    d: "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU"
  ).signingKey()

  /// B.1.4, the public key in SPKI PEM form.
  static let publicKeyPEM = """
    -----BEGIN PUBLIC KEY-----
    MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
    -----END PUBLIC KEY-----
    """

  static let body = Array(#"{"hello": "world"}"#.utf8)

  /// B.2, `test-request`.
  static var request: HTTPRequest {
    var request = HTTPRequest(
      method: .post, scheme: "https", authority: "example.com", path: "/foo?param=Value&Pet=dog")
    request.headerFields[HTTPField.Name("Date")!] = "Tue, 20 Apr 2021 02:07:55 GMT"
    request.headerFields[.contentType] = "application/json"
    request.headerFields[.contentDigest] =
      "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"
    request.headerFields[.contentLength] = "18"
    return request
  }

  static let components = [
    "date", "@method", "@path", "@authority", "content-type", "content-length",
  ]
  static let created = 1_618_884_473

  /// B.2.6, the signature base.
  static let base = """
    "date": Tue, 20 Apr 2021 02:07:55 GMT
    "@method": POST
    "@path": /foo
    "@authority": example.com
    "content-type": application/json
    "content-length": 18
    "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"
    """
  static let signatureInput =
    #"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#
  static let signature =
    "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:"
}

@Suite struct RFC9421VectorTests {
  @Test func theTestKeyIsTheOneOfB14() throws {
    #expect(RFC9421.key.publicKey == (try VerificationKey.load(text: RFC9421.publicKeyPEM)))
  }

  @Test func signingB26ReproducesTheSignatureByteForByte() throws {
    let signed = try MessageSignature.signature(
      for: RFC9421.request, label: "sig-b26", components: RFC9421.components,
      parameters: SignatureParameters(
        created: Date(timeIntervalSince1970: Double(RFC9421.created)), keyID: "test-key-ed25519"),
      key: RFC9421.key)
    #expect(signed.base == RFC9421.base)
    #expect(signed.signatureInput == RFC9421.signatureInput)
    #expect(signed.signature == RFC9421.signature)
  }

  @Test func theB26RequestVerifies() throws {
    var request = RFC9421.request
    request.headerFields[.signatureInput] = RFC9421.signatureInput
    request.headerFields[.signature] = RFC9421.signature
    let received = try MessageSignature.verify(
      request, body: RFC9421.body, key: RFC9421.key.publicKey, policy: .minimal,
      now: Date(timeIntervalSince1970: Double(RFC9421.created)))
    #expect(received.label == "sig-b26")
    #expect(received.components == RFC9421.components)
    #expect(received.parameters.keyID == "test-key-ed25519")
    #expect(received.parameters.created == Int64(RFC9421.created))
  }

  @Test func theB26SignatureFailsWithAnotherKey() throws {
    var request = RFC9421.request
    request.headerFields[.signatureInput] = RFC9421.signatureInput
    request.headerFields[.signature] = RFC9421.signature
    let other = SigningKey.ed25519(.init()).publicKey
    #expect(
      throws: MessageSignatureError.invalidSignature(label: "sig-b26", covered: RFC9421.components)
    ) {
      try MessageSignature.verify(
        request, body: RFC9421.body, key: other, policy: .minimal,
        now: Date(timeIntervalSince1970: Double(RFC9421.created)))
    }
  }

  /// RFC 9530, section 2 (and the B.2 request of RFC 9421): the digests of `{"hello": "world"}`.
  @Test func contentDigestOfTheRFCBody() {
    #expect(
      MessageSignature.contentDigest(RFC9421.body)
        == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")
  }
}

@Suite struct ExchangeSignatureTests {
  static let key = SigningKey.ed25519(.init())
  static let now = Date(timeIntervalSince1970: 1_780_000_000)
  static let body = Array(#"{"headerVersion":"1.0"}"#.utf8)

  static func signed(
    created: Date = now, lifetime: TimeInterval = 300, nonce: String = "n-1"
  ) throws -> HTTPRequest {
    var request = HTTPRequest(
      method: .post, scheme: "https", authority: "hub.th.example:8443",
      path: "/exchange/v1/deliveries")
    request.headerFields[.contentType] = "application/json"
    try MessageSignature.sign(
      &request, body: body, key: key, keyID: "KE-hub", created: created, lifetime: lifetime,
      nonce: nonce)
    return request
  }

  static func verify(
    _ request: HTTPRequest, body: [UInt8] = body, at time: Date = now,
    nonces: NonceCache? = nil
  ) throws -> MessageSignature.Received {
    try MessageSignature.verify(
      request, body: body, key: key.publicKey, now: time, nonces: nonces)
  }

  static let covered = ["@method", "@target-uri", "content-digest", "content-type"]

  @Test func aSignedRequestVerifies() throws {
    let request = try Self.signed()
    let received = try Self.verify(request)
    #expect(received.label == "caravan")
    #expect(received.components == Self.covered)
    #expect(received.parameters.algorithm == "ed25519")
    #expect(received.parameters.tag == "caravan-exchange")
    #expect(received.parameters.nonce == "n-1")
    #expect(received.parameters.expires == received.parameters.created! + 300)
    #expect(
      request.headerFields[.signatureInput]
        == #"caravan=("@method" "@target-uri" "content-digest" "content-type");created=1780000000;expires=1780000300;nonce="n-1";alg="ed25519";keyid="KE-hub";tag="caravan-exchange""#
    )
    #expect(request.headerFields[.contentDigest] == MessageSignature.contentDigest(Self.body))
  }

  @Test func theBaseCoversTheFullTargetURI() throws {
    let request = try Self.signed()
    let received = try MessageSignature.Received(from: request)
    let base = try MessageSignature.signatureBase(
      of: request, components: received.components, parameters: received.parameters)
    #expect(
      base.hasPrefix(
        "\"@method\": POST\n\"@target-uri\": https://hub.th.example:8443/exchange/v1/deliveries\n"))
  }

  @Test func aTamperedMethodIsRefused() throws {
    var request = try Self.signed()
    request.method = .put
    #expect(throws: MessageSignatureError.invalidSignature(label: "caravan", covered: Self.covered))
    {
      try Self.verify(request)
    }
  }

  @Test func aTamperedPathIsRefused() throws {
    var request = try Self.signed()
    request.path = "/exchange/v1/deliveries/other"
    #expect(throws: MessageSignatureError.invalidSignature(label: "caravan", covered: Self.covered))
    {
      try Self.verify(request)
    }
  }

  @Test func aTamperedHeaderIsRefused() throws {
    var request = try Self.signed()
    request.headerFields[.contentType] = "application/xml"
    #expect(throws: MessageSignatureError.invalidSignature(label: "caravan", covered: Self.covered))
    {
      try Self.verify(request)
    }
  }

  @Test func aRemovedHeaderIsNamed() throws {
    var request = try Self.signed()
    request.headerFields[.contentType] = nil
    #expect(throws: MessageSignatureError.missingComponent("content-type")) {
      try Self.verify(request)
    }
  }

  @Test func aTamperedBodyIsRefused() throws {
    let request = try Self.signed()
    var body = Self.body
    body[2] = 0x48
    #expect(throws: MessageSignatureError.contentDigestMismatch(algorithm: "sha-256")) {
      try Self.verify(request, body: body)
    }
  }

  @Test func aReplacedDigestHeaderIsRefused() throws {
    var request = try Self.signed()
    let body = Array("something else".utf8)
    request.headerFields[.contentDigest] = MessageSignature.contentDigest(body)
    #expect(throws: MessageSignatureError.invalidSignature(label: "caravan", covered: Self.covered))
    {
      try Self.verify(request, body: body)
    }
  }

  @Test func anExpiredSignatureIsRefused() throws {
    let request = try Self.signed(created: Self.now.addingTimeInterval(-200), lifetime: 100)
    #expect(throws: MessageSignatureError.expired(expires: 1_779_999_900, now: 1_780_000_000)) {
      try Self.verify(request)
    }
    // Within the clock skew, still accepted.
    let recent = try Self.signed(created: Self.now.addingTimeInterval(-130), lifetime: 100)
    _ = try Self.verify(recent)
  }

  @Test func aSignatureFromTheFutureIsRefused() throws {
    let request = try Self.signed(created: Self.now.addingTimeInterval(120))
    #expect(
      throws: MessageSignatureError.createdInFuture(created: 1_780_000_120, now: 1_780_000_000)
    ) {
      try Self.verify(request)
    }
    let skewed = try Self.signed(created: Self.now.addingTimeInterval(30))
    _ = try Self.verify(skewed)
  }

  @Test func anOldSignatureIsRefusedEvenWithALongExpiry() throws {
    let request = try Self.signed(created: Self.now.addingTimeInterval(-1000), lifetime: 3600)
    #expect(
      throws: MessageSignatureError.tooOld(
        created: 1_779_999_000, now: 1_780_000_000, maximumAge: 300)
    ) { try Self.verify(request) }
  }

  @Test func aReplayedNonceIsRefused() throws {
    let nonces = NonceCache()
    let request = try Self.signed(nonce: "once")
    _ = try Self.verify(request, nonces: nonces)
    #expect(throws: MessageSignatureError.replayedNonce("once")) {
      try Self.verify(request, at: Self.now.addingTimeInterval(10), nonces: nonces)
    }
    // Another nonce passes.
    _ = try Self.verify(try Self.signed(nonce: "twice"), nonces: nonces)
    #expect(nonces.count == 2)
  }

  @Test func aForgedRequestDoesNotSpendTheNonce() throws {
    let nonces = NonceCache()
    var forged = try Self.signed(nonce: "n")
    forged.method = .delete
    #expect(throws: MessageSignatureError.self) { try Self.verify(forged, nonces: nonces) }
    _ = try Self.verify(try Self.signed(nonce: "n"), nonces: nonces)
  }

  @Test func theNonceCacheForgetsExpiredNoncesAndIsBounded() throws {
    let nonces = NonceCache(capacity: 2)
    try nonces.use("a", scope: "k", validUntil: 100, now: 0)
    try nonces.use("b", scope: "k", validUntil: 200, now: 0)
    #expect(throws: MessageSignatureError.nonceCacheFull(capacity: 2)) {
      try nonces.use("c", scope: "k", validUntil: 300, now: 50)
    }
    // Once "a" has expired it is swept, making room; "b" is still remembered.
    try nonces.use("c", scope: "k", validUntil: 300, now: 150)
    #expect(nonces.count == 2)
    #expect(throws: MessageSignatureError.replayedNonce("b")) {
      try nonces.use("b", scope: "k", validUntil: 300, now: 150)
    }
    // After expiry a nonce may be used again.
    try nonces.use("b", scope: "k", validUntil: 400, now: 250)
  }

  @Test func noncesAreScopedBySigner() throws {
    let nonces = NonceCache()
    try nonces.use("a", scope: "KE-hub", validUntil: 100, now: 0)
    try nonces.use("a", scope: "CN-hub", validUntil: 100, now: 0)
    #expect(throws: MessageSignatureError.replayedNonce("a")) {
      try nonces.use("a", scope: "CN-hub", validUntil: 100, now: 1)
    }
  }

  @Test func thePolicyDemandsItsComponentsAndParameters() throws {
    var request = HTTPRequest(method: .post, scheme: "https", authority: "hub", path: "/d")
    request.headerFields[.contentType] = "application/json"
    let signed = try MessageSignature.signature(
      for: request, label: "s", components: ["@method", "content-type"],
      parameters: SignatureParameters(created: Self.now, keyID: "k"), key: Self.key)
    request.headerFields[.signatureInput] = signed.signatureInput
    request.headerFields[.signature] = signed.signature
    #expect(throws: MessageSignatureError.componentNotCovered("content-digest")) {
      try Self.verify(request)
    }
    var policy = MessageSignaturePolicy.exchange
    policy.requiredComponents = ["@method"]
    #expect(throws: MessageSignatureError.componentNotCovered("@target-uri")) {
      try MessageSignature.verify(
        request, body: nil, key: Self.key.publicKey, policy: policy, now: Self.now)
    }
    policy.requireTarget = false
    #expect(throws: MessageSignatureError.missingParameter("expires")) {
      try MessageSignature.verify(
        request, body: nil, key: Self.key.publicKey, policy: policy, now: Self.now)
    }
    policy.requireExpires = false
    policy.requireNonce = false
    #expect(throws: MessageSignatureError.wrongTag(expected: "caravan-exchange", found: nil)) {
      try MessageSignature.verify(
        request, body: nil, key: Self.key.publicKey, policy: policy, now: Self.now)
    }
    policy.tag = nil
    _ = try MessageSignature.verify(
      request, body: nil, key: Self.key.publicKey, policy: policy, now: Self.now)
  }

  @Test func malformedHeadersAreNamed() throws {
    var request = try Self.signed()
    request.headerFields[.signature] = nil
    #expect(throws: MessageSignatureError.missingHeader("Signature")) { try Self.verify(request) }
    request = try Self.signed()
    request.headerFields[.signatureInput] = "caravan=\"not a list\""
    #expect(
      throws: MessageSignatureError.malformedHeader(
        "Signature-Input", "member \"caravan\" is not an inner list")
    ) { try Self.verify(request) }
    request.headerFields[.signatureInput] = "caravan=(\"@method\";unknown"
    #expect(throws: MessageSignatureError.self) { try Self.verify(request) }
    request = try Self.signed()
    request.headerFields[.signatureInput] =
      #"caravan=("@method" "@target-uri" "content-digest" "content-type");created=1780000000;flavour="x""#
    #expect(throws: MessageSignatureError.unsupportedParameter("flavour")) {
      try Self.verify(request)
    }
  }

  @Test func anAlgorithmOtherThanTheKeysIsRefused() throws {
    let p256 = SigningKey.p256(.init())
    let request = try Self.signed()
    #expect(
      throws: MessageSignatureError.algorithmMismatch(declared: "ed25519", key: "ecdsa-p256-sha256")
    ) {
      try MessageSignature.verify(request, body: Self.body, key: p256.publicKey, now: Self.now)
    }
  }

  @Test func p256SignaturesVerify() throws {
    let p256 = SigningKey.p256(.init())
    var request = HTTPRequest(method: .post, scheme: "https", authority: "hub", path: "/d")
    request.headerFields[.contentType] = "application/json"
    try MessageSignature.sign(&request, body: Self.body, key: p256, keyID: "p", created: Self.now)
    let received = try MessageSignature.verify(
      request, body: Self.body, key: p256.publicKey, now: Self.now)
    #expect(received.parameters.algorithm == "ecdsa-p256-sha256")
  }

  @Test func severalSignaturesNeedALabel() throws {
    var request = try Self.signed()
    let second = try MessageSignature.signature(
      for: request, label: "other", components: ["@method"],
      parameters: SignatureParameters(created: Self.now), key: Self.key)
    request.headerFields.append(HTTPField(name: .signatureInput, value: second.signatureInput))
    request.headerFields.append(HTTPField(name: .signature, value: second.signature))
    #expect(throws: MessageSignatureError.ambiguousLabel(["caravan", "other"])) {
      try Self.verify(request)
    }
    _ = try MessageSignature.verify(
      request, body: Self.body, key: Self.key.publicKey, label: "caravan", now: Self.now)
    #expect(throws: MessageSignatureError.labelNotFound("third")) {
      try MessageSignature.verify(
        request, body: Self.body, key: Self.key.publicKey, label: "third", now: Self.now)
    }
  }
}
