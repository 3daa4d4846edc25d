public import CaravanTrust
import Crypto
public import Foundation
public import HTTPTypes
import Synchronization

/// The signature parameters of RFC 9421, section 2.3, in the order they are serialized.
public struct SignatureParameters: Hashable, Sendable {
  /// `created`: when the signature was made (seconds since the epoch).
  public var created: Int64?
  /// `expires`: when the signature stops being valid (seconds since the epoch).
  public var expires: Int64?
  /// `nonce`: a value used once, for replay protection.
  public var nonce: String?
  /// `alg`: the algorithm, from the HTTP Signature Algorithms registry (`ed25519`,
  /// `ecdsa-p256-sha256`).
  public var algorithm: String?
  /// `keyid`: the key the verifier looks up.
  public var keyID: String?
  /// `tag`: the application the signature is for.
  public var tag: String?

  /// Parameter names in the order of the signed `@signature-params` line; kept from the
  /// received header so that the line is rebuilt exactly.
  var order: [String]

  /// The order used when signing: the order of RFC 9421, section 2.3.
  static let standardOrder = ["created", "expires", "nonce", "alg", "keyid", "tag"]

  public init(
    created: Date? = nil, expires: Date? = nil, nonce: String? = nil, algorithm: String? = nil,
    keyID: String? = nil, tag: String? = nil
  ) {
    self.created = created.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    self.expires = expires.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    self.nonce = nonce
    self.algorithm = algorithm
    self.keyID = keyID
    self.tag = tag
    self.order = Self.standardOrder
  }

  /// 16 random bytes, base64: a fresh `nonce`.
  public static func randomNonce() -> String {
    var generator = SystemRandomNumberGenerator()
    return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
      .base64EncodedString()
  }

  var structured: [StructuredField.Parameter] {
    order.compactMap { name in
      let value: StructuredField.BareItem?
      switch name {
      case "created": value = created.map { .integer($0) }
      case "expires": value = expires.map { .integer($0) }
      case "nonce": value = nonce.map { .string($0) }
      case "alg": value = algorithm.map { .string($0) }
      case "keyid": value = keyID.map { .string($0) }
      case "tag": value = tag.map { .string($0) }
      default: value = nil
      }
      return value.map { StructuredField.Parameter(key: name, value: $0) }
    }
  }

  init(structured parameters: [StructuredField.Parameter]) throws(MessageSignatureError) {
    self.init()
    order = []
    for parameter in parameters {
      func string() throws(MessageSignatureError) -> String {
        guard case .string(let text) = parameter.value else {
          throw .malformedHeader("Signature-Input", "parameter \(parameter.key) must be a string")
        }
        return text
      }
      func integer() throws(MessageSignatureError) -> Int64 {
        guard case .integer(let number) = parameter.value else {
          throw .malformedHeader(
            "Signature-Input", "parameter \(parameter.key) must be an integer")
        }
        return number
      }
      switch parameter.key {
      case "created": created = try integer()
      case "expires": expires = try integer()
      case "nonce": nonce = try string()
      case "alg": algorithm = try string()
      case "keyid": keyID = try string()
      case "tag": tag = try string()
      default: throw .unsupportedParameter(parameter.key)
      }
      order.append(parameter.key)
    }
  }
}

/// Why a request signature was refused, or could not be made.
public enum MessageSignatureError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A header the check needs is absent (`Signature-Input`, `Signature`).
  case missingHeader(String)
  /// A header is not a valid structured field of the expected shape.
  case malformedHeader(String, String)
  /// No signature has the label asked for.
  case labelNotFound(String)
  /// Several signatures are present and no label was asked for.
  case ambiguousLabel([String])
  /// A covered component cannot be taken from the request (a header that is absent, …).
  case missingComponent(String)
  /// A component identifier this implementation does not derive or accepts.
  case unsupportedComponent(String)
  /// A signature parameter that RFC 9421 does not define.
  case unsupportedParameter(String)
  /// The policy requires this component to be covered, and the signature does not cover it.
  case componentNotCovered(String)
  /// The policy requires this parameter, and the signature does not carry it.
  case missingParameter(String)
  /// The `tag` parameter is not the one expected.
  case wrongTag(expected: String, found: String?)
  /// The `alg` parameter names an algorithm other than the key's.
  case algorithmMismatch(declared: String, key: String)
  /// The signature does not verify over the signature base: a covered component or
  /// parameter was altered, or another key signed.
  case invalidSignature(label: String, covered: [String])
  /// `created` is later than now plus the allowed clock skew.
  case createdInFuture(created: Int64, now: Int64)
  /// `expires` has passed (allowing for clock skew).
  case expired(expires: Int64, now: Int64)
  /// `created` is older than the policy's maximum age.
  case tooOld(created: Int64, now: Int64, maximumAge: Int64)
  /// The `Content-Digest` header does not match the body.
  case contentDigestMismatch(algorithm: String)
  /// The `Content-Digest` header has no algorithm this implementation checks.
  case unsupportedDigest(String)
  /// The nonce was already used by a signature still within its validity window.
  case replayedNonce(String)
  /// The replay cache is full of nonces still valid; the request is refused rather than
  /// accepted unchecked.
  case nonceCacheFull(capacity: Int)
  /// The key cannot sign (`sign`) or the signature could not be made.
  case signingFailed(String)

  public var description: String {
    switch self {
    case .missingHeader(let name): return "the request has no \(name) header"
    case .malformedHeader(let name, let why): return "malformed \(name) header: \(why)"
    case .labelNotFound(let label): return "no signature labelled \"\(label)\""
    case .ambiguousLabel(let labels):
      return "several signatures (\(labels.joined(separator: ", "))) and no label chosen"
    case .missingComponent(let name):
      return "covered component \"\(name)\" is absent from the request"
    case .unsupportedComponent(let name): return "component \"\(name)\" is not supported"
    case .unsupportedParameter(let name):
      return "signature parameter \"\(name)\" is not defined by RFC 9421"
    case .componentNotCovered(let name):
      return "the signature does not cover \"\(name)\", which is required"
    case .missingParameter(let name): return "the signature has no \"\(name)\" parameter"
    case .wrongTag(let expected, let found):
      return "signature tag is \(found.map { "\"\($0)\"" } ?? "absent"), expected \"\(expected)\""
    case .algorithmMismatch(let declared, let key):
      return "signature declares alg \"\(declared)\" but the key is \(key)"
    case .invalidSignature(let label, let covered):
      return
        "signature \"\(label)\" does not verify: one of the covered components "
        + "(\(covered.joined(separator: " "))) or its parameters was altered, or another key "
        + "signed"
    case .createdInFuture(let created, let now):
      return "signature created at \(created), \(created - now) s in the future"
    case .expired(let expires, let now):
      return "signature expired at \(expires), \(now - expires) s ago"
    case .tooOld(let created, let now, let maximumAge):
      return
        "signature created at \(created) is \(now - created) s old; at most \(maximumAge) s "
        + "accepted"
    case .contentDigestMismatch(let algorithm):
      return "the body does not match its Content-Digest (\(algorithm)): the body was altered"
    case .unsupportedDigest(let what):
      return "Content-Digest has no sha-256 or sha-512 digest (\(what))"
    case .replayedNonce(let nonce): return "nonce \"\(nonce)\" was already used: replay refused"
    case .nonceCacheFull(let capacity):
      return "replay cache full (\(capacity) nonces still valid); try again later"
    case .signingFailed(let why): return "cannot sign: \(why)"
    }
  }
}

/// What a verifier demands of a request signature beyond its validity.
public struct MessageSignaturePolicy: Hashable, Sendable {
  /// Components that must be covered.
  public var requiredComponents: [String]
  /// Whether the target must be covered: `@target-uri`, or both `@authority` and `@path`.
  public var requireTarget: Bool
  /// Whether `created`, `expires` and `nonce` must be present.
  public var requireCreated: Bool
  public var requireExpires: Bool
  public var requireNonce: Bool
  /// The `tag` the signature must carry, if any.
  public var tag: String?
  /// The oldest `created` accepted, in seconds before now; `nil` for no limit.
  public var maximumAge: Int64?
  /// Tolerated difference between the signer's clock and ours, in seconds.
  public var clockSkew: Int64

  public init(
    requiredComponents: [String], requireTarget: Bool, requireCreated: Bool,
    requireExpires: Bool, requireNonce: Bool, tag: String?, maximumAge: Int64?, clockSkew: Int64
  ) {
    self.requiredComponents = requiredComponents
    self.requireTarget = requireTarget
    self.requireCreated = requireCreated
    self.requireExpires = requireExpires
    self.requireNonce = requireNonce
    self.tag = tag
    self.maximumAge = maximumAge
    self.clockSkew = clockSkew
  }

  /// The application tag of hub-to-hub requests.
  public static let exchangeTag = "caravan-exchange"

  /// Hub-to-hub deliveries: method, target, body digest and content type covered; created,
  /// expires and nonce present; at most five minutes old; one minute of clock skew.
  public static let exchange = MessageSignaturePolicy(
    requiredComponents: ["@method", "content-digest", "content-type"], requireTarget: true,
    requireCreated: true, requireExpires: true, requireNonce: true, tag: exchangeTag,
    maximumAge: 300, clockSkew: 60)

  /// Only what RFC 9421 itself demands: the signature verifies, and `created` and `expires`,
  /// when present, are consistent with the clock.
  public static let minimal = MessageSignaturePolicy(
    requiredComponents: [], requireTarget: false, requireCreated: false, requireExpires: false,
    requireNonce: false, tag: nil, maximumAge: nil, clockSkew: 60)
}

/// RFC 9421 HTTP Message Signatures over requests: the signature base of section 2.5, the
/// `Signature-Input` and `Signature` fields (RFC 8941 dictionaries), and RFC 9530
/// `Content-Digest`.
///
/// Derived components supported: `@method`, `@target-uri`, `@authority`, `@scheme`,
/// `@request-target`, `@path`, `@query`; and any header field by its lowercase name, without
/// component parameters. Algorithms: `ed25519` and `ecdsa-p256-sha256`, from the keys of
/// CaravanTrust.
public enum MessageSignature {
  /// The components hub-to-hub requests cover.
  public static let exchangeComponents = [
    "@method", "@target-uri", "content-digest", "content-type",
  ]

  /// The result of signing: the two header values to send.
  public struct Signed: Hashable, Sendable {
    /// The `Signature-Input` member for this signature, `label=(…);params`.
    public var signatureInput: String
    /// The `Signature` member, `label=:base64:`.
    public var signature: String
    /// The signature base that was signed.
    public var base: String
  }

  /// The RFC 9421 algorithm name of a key.
  public static func algorithm(of key: VerificationKey) -> String {
    switch key {
    case .ed25519: return "ed25519"
    case .p256: return "ecdsa-p256-sha256"
    }
  }

  /// RFC 9530 `Content-Digest` value for `body`: `sha-256=:<base64>:`.
  public static func contentDigest(_ body: some DataProtocol) -> String {
    StructuredField.serialize([
      StructuredField.DictionaryMember(
        key: "sha-256", member: .item(.init(value: .bytes(Array(SHA256.hash(data: body))))))
    ])
  }

  /// The signature base of RFC 9421, section 2.5, for `components` and `parameters`.
  public static func signatureBase(
    of request: HTTPRequest, components: [String], parameters: SignatureParameters
  ) throws(MessageSignatureError) -> String {
    var lines: [String] = []
    var seen = Set<String>()
    for name in components {
      guard seen.insert(name).inserted else {
        throw .malformedHeader("Signature-Input", "component \"\(name)\" is covered twice")
      }
      guard name != "@signature-params" else { throw .unsupportedComponent(name) }
      lines.append(
        "\(StructuredField.serialize(.string(name))): \(try value(of: name, in: request))")
    }
    lines.append("\"@signature-params\": \(signatureParams(components, parameters))")
    return lines.joined(separator: "\n")
  }

  static func signatureParams(_ components: [String], _ parameters: SignatureParameters) -> String {
    StructuredField.serialize(
      .innerList(
        components.map { StructuredField.Item(value: .string($0)) },
        parameters: parameters.structured))
  }

  /// The value of one component (RFC 9421, sections 2.1 and 2.2).
  static func value(of name: String, in request: HTTPRequest) throws(MessageSignatureError)
    -> String
  {
    let target = request.path ?? ""
    let pathPart = String(target.prefix { $0 != "?" })
    let query = target.firstIndex(of: "?").map { String(target[$0...]) }
    switch name {
    case "@method": return request.method.rawValue
    case "@scheme":
      guard let scheme = request.scheme else { throw .missingComponent(name) }
      return scheme.lowercased()
    case "@authority":
      guard let authority = request.authority else { throw .missingComponent(name) }
      return normalisedAuthority(authority, scheme: request.scheme)
    case "@target-uri":
      guard let scheme = request.scheme, let authority = request.authority else {
        throw .missingComponent(name)
      }
      return "\(scheme.lowercased())://\(normalisedAuthority(authority, scheme: scheme))\(target)"
    case "@request-target":
      guard !target.isEmpty else { throw .missingComponent(name) }
      return target
    case "@path": return pathPart.isEmpty ? "/" : pathPart
    case "@query": return query ?? "?"
    default:
      guard !name.hasPrefix("@") else { throw .unsupportedComponent(name) }
      guard name == name.lowercased(), let fieldName = HTTPField.Name(name) else {
        throw .unsupportedComponent(name)
      }
      let values = request.headerFields[values: fieldName]
      guard !values.isEmpty else { throw .missingComponent(name) }
      return values.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
        .joined(separator: ", ")
    }
  }

  /// Lowercase host, default port removed (RFC 9110, section 4.2.3).
  static func normalisedAuthority(_ authority: String, scheme: String?) -> String {
    var lowered = authority.lowercased()
    switch scheme?.lowercased() {
    case "https" where lowered.hasSuffix(":443"): lowered.removeLast(4)
    case "http" where lowered.hasSuffix(":80"): lowered.removeLast(3)
    default: break
    }
    return lowered
  }

  // MARK: Signing

  /// Signs `request` with `key`, covering `components` with `parameters`, and returns the
  /// header values. The request is not changed.
  public static func signature(
    for request: HTTPRequest, label: String, components: [String],
    parameters: SignatureParameters, key: SigningKey
  ) throws(MessageSignatureError) -> Signed {
    guard StructuredField.isKey(label) else {
      throw .signingFailed("label \"\(label)\" is not a structured-field key")
    }
    for text in [parameters.nonce, parameters.keyID, parameters.tag, parameters.algorithm] {
      if let text, !StructuredField.isStringSafe(text) {
        throw .signingFailed("parameter \"\(text.prefix(40))\" is not printable ASCII")
      }
    }
    if let declared = parameters.algorithm, declared != algorithm(of: key.publicKey) {
      throw .algorithmMismatch(declared: declared, key: algorithm(of: key.publicKey))
    }
    let base = try signatureBase(of: request, components: components, parameters: parameters)
    let signature: [UInt8]
    do { signature = try key.sign(Array(base.utf8)) } catch {
      throw .signingFailed("\(error)")
    }
    return Signed(
      signatureInput: "\(label)=\(signatureParams(components, parameters))",
      signature: "\(label)=\(StructuredField.serialize(.bytes(signature)))", base: base)
  }

  /// Signs a hub-to-hub request in place: sets `Content-Digest` for `body`, covers
  /// ``exchangeComponents`` with `created`, `expires` (`created` plus `lifetime`), a fresh
  /// `nonce`, `alg`, `keyid` and the exchange `tag`, and adds `Signature-Input` and
  /// `Signature`.
  public static func sign(
    _ request: inout HTTPRequest, body: [UInt8], key: SigningKey, keyID: String,
    label: String = "caravan", created: Date = Date(), lifetime: TimeInterval = 300,
    nonce: String = SignatureParameters.randomNonce()
  ) throws(MessageSignatureError) {
    request.headerFields[.contentDigest] = contentDigest(body)
    let parameters = SignatureParameters(
      created: created, expires: created.addingTimeInterval(lifetime), nonce: nonce,
      algorithm: algorithm(of: key.publicKey), keyID: keyID,
      tag: MessageSignaturePolicy.exchangeTag)
    let signed = try signature(
      for: request, label: label, components: exchangeComponents, parameters: parameters,
      key: key)
    request.headerFields.append(HTTPField(name: .signatureInput, value: signed.signatureInput))
    request.headerFields.append(HTTPField(name: .signature, value: signed.signature))
  }

  // MARK: Verifying

  /// A signature as received: its label, covered components, parameters and bytes.
  public struct Received: Hashable, Sendable {
    public var label: String
    public var components: [String]
    public var parameters: SignatureParameters
    public var signature: [UInt8]

    /// Reads the signature labelled `label` (or the only one) from the request's
    /// `Signature-Input` and `Signature` fields.
    public init(from request: HTTPRequest, label: String? = nil) throws(MessageSignatureError) {
      let inputs = try Self.dictionary(request, .signatureInput)
      let signatures = try Self.dictionary(request, .signature)
      let chosen: String
      if let label {
        chosen = label
      } else {
        guard inputs.count == 1, let only = inputs.first?.key else {
          throw .ambiguousLabel(inputs.map(\.key))
        }
        chosen = only
      }
      guard let input = inputs.first(where: { $0.key == chosen })?.member else {
        throw .labelNotFound(chosen)
      }
      guard let signatureMember = signatures.first(where: { $0.key == chosen })?.member else {
        throw .malformedHeader("Signature", "no member \"\(chosen)\" to match Signature-Input")
      }
      guard case .innerList(let items, let parameters) = input else {
        throw .malformedHeader("Signature-Input", "member \"\(chosen)\" is not an inner list")
      }
      var components: [String] = []
      for item in items {
        guard case .string(let name) = item.value else {
          throw .malformedHeader("Signature-Input", "component identifiers must be strings")
        }
        guard item.parameters.isEmpty else {
          throw .unsupportedComponent(
            StructuredField.serialize(.string(name)) + StructuredField.serialize(item.parameters))
        }
        components.append(name)
      }
      guard case .item(let item) = signatureMember, case .bytes(let bytes) = item.value else {
        throw .malformedHeader("Signature", "member \"\(chosen)\" is not a byte sequence")
      }
      self.label = chosen
      self.components = components
      self.parameters = try SignatureParameters(structured: parameters)
      self.signature = bytes
    }

    private static func dictionary(_ request: HTTPRequest, _ name: HTTPField.Name)
      throws(MessageSignatureError) -> [StructuredField.DictionaryMember]
    {
      let values = request.headerFields[values: name]
      guard !values.isEmpty else { throw .missingHeader(name.rawName) }
      do {
        return try StructuredField.parseDictionary(values.joined(separator: ", "))
      } catch {
        throw .malformedHeader(name.rawName, error.message)
      }
    }
  }

  /// Verifies the signature labelled `label` (or the only one) of `request` with `key`:
  /// the policy's requirements, the signature over the base rebuilt from the request, the
  /// `created` and `expires` times against `now`, the `Content-Digest` against `body`, and
  /// finally the nonce against `nonces`. Returns the verified signature.
  @discardableResult
  public static func verify(
    _ request: HTTPRequest, body: [UInt8]?, key: VerificationKey, label: String? = nil,
    policy: MessageSignaturePolicy = .exchange, now: Date = Date(), nonces: NonceCache? = nil
  ) throws(MessageSignatureError) -> Received {
    try verify(
      Received(from: request, label: label), of: request, body: body, key: key, policy: policy,
      now: now, nonces: nonces)
  }

  /// Verifies `received`, a signature already read from `request` (to choose the key by its
  /// `keyid`, say), as ``verify(_:body:key:label:policy:now:nonces:)`` does.
  @discardableResult
  public static func verify(
    _ received: Received, of request: HTTPRequest, body: [UInt8]?, key: VerificationKey,
    policy: MessageSignaturePolicy = .exchange, now: Date = Date(), nonces: NonceCache? = nil
  ) throws(MessageSignatureError) -> Received {
    let parameters = received.parameters
    let covered = Set(received.components)

    for name in policy.requiredComponents where !covered.contains(name) {
      throw .componentNotCovered(name)
    }
    if policy.requireTarget, !covered.contains("@target-uri") {
      for name in ["@authority", "@path"] where !covered.contains(name) {
        throw .componentNotCovered("@target-uri")
      }
    }
    if policy.requireCreated, parameters.created == nil { throw .missingParameter("created") }
    if policy.requireExpires, parameters.expires == nil { throw .missingParameter("expires") }
    if policy.requireNonce, parameters.nonce == nil { throw .missingParameter("nonce") }
    if let tag = policy.tag, parameters.tag != tag {
      throw .wrongTag(expected: tag, found: parameters.tag)
    }
    if let declared = parameters.algorithm, declared != algorithm(of: key) {
      throw .algorithmMismatch(declared: declared, key: algorithm(of: key))
    }

    let base = try signatureBase(
      of: request, components: received.components, parameters: parameters)
    guard key.isValidSignature(received.signature, for: Array(base.utf8)) else {
      throw .invalidSignature(label: received.label, covered: received.components)
    }

    let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
    if let created = parameters.created {
      guard created <= seconds + policy.clockSkew else {
        throw .createdInFuture(created: created, now: seconds)
      }
      if let maximumAge = policy.maximumAge, seconds - created > maximumAge + policy.clockSkew {
        throw .tooOld(created: created, now: seconds, maximumAge: maximumAge)
      }
    }
    if let expires = parameters.expires, expires + policy.clockSkew < seconds {
      throw .expired(expires: expires, now: seconds)
    }

    if let body, request.headerFields[.contentDigest] != nil {
      try checkContentDigest(request, body: body)
    } else if covered.contains("content-digest"), body == nil {
      throw .missingComponent("body")
    }

    if let nonces, let nonce = parameters.nonce {
      var validUntil = seconds + policy.clockSkew
      if let expires = parameters.expires { validUntil = expires + policy.clockSkew }
      if let created = parameters.created, let maximumAge = policy.maximumAge {
        validUntil = min(validUntil, created + maximumAge + policy.clockSkew)
      }
      if parameters.expires == nil, policy.maximumAge == nil {
        // Nothing bounds the signature's validity: remember the nonce for the cache's
        // own horizon.
        validUntil = seconds + nonces.horizon
      }
      try nonces.use(
        nonce, scope: parameters.keyID ?? "", validUntil: max(validUntil, seconds), now: seconds)
    }
    return received
  }

  /// Checks every `sha-256` and `sha-512` member of `Content-Digest` against `body`.
  static func checkContentDigest(_ request: HTTPRequest, body: [UInt8])
    throws(MessageSignatureError)
  {
    let text = request.headerFields[values: .contentDigest].joined(separator: ", ")
    let members: [StructuredField.DictionaryMember]
    do { members = try StructuredField.parseDictionary(text) } catch {
      throw .malformedHeader("Content-Digest", error.message)
    }
    var checked = 0
    for member in members {
      guard case .item(let item) = member.member, case .bytes(let digest) = item.value else {
        throw .malformedHeader("Content-Digest", "\(member.key) is not a byte sequence")
      }
      let actual: [UInt8]
      switch member.key {
      case "sha-256": actual = Array(SHA256.hash(data: body))
      case "sha-512": actual = Array(SHA512.hash(data: body))
      default: continue
      }
      guard digest == actual else { throw .contentDigestMismatch(algorithm: member.key) }
      checked += 1
    }
    guard checked > 0 else {
      throw .unsupportedDigest(members.map(\.key).joined(separator: ", "))
    }
  }
}

extension HTTPField.Name {
  /// RFC 9421 `Signature-Input`.
  public static var signatureInput: Self { .init("Signature-Input")! }
  /// RFC 9421 `Signature`.
  public static var signature: Self { .init("Signature")! }
  /// RFC 9530 `Content-Digest`.
  public static var contentDigest: Self { .init("Content-Digest")! }
}

/// Nonces seen in request signatures, each kept until the signature that carried it can no
/// longer be valid: a nonce seen again within that window is a replay.
///
/// Bounded: when `capacity` nonces are still valid, a new one is refused
/// (``MessageSignatureError/nonceCacheFull(capacity:)``) rather than an old one forgotten,
/// so that a flood cannot make a replay pass. Safe to share between tasks.
public final class NonceCache: Sendable {
  /// The most nonces kept at once.
  public let capacity: Int
  /// How long, in seconds, a nonce is kept when its signature states no expiry.
  public let horizon: Int64

  private struct State {
    var expiry: [String: Int64] = [:]
    var nextSweep: Int64 = .min
  }
  private let state = Mutex(State())

  public init(capacity: Int = 100_000, horizon: Int64 = 600) {
    self.capacity = capacity
    self.horizon = horizon
  }

  /// Records `nonce` (within `scope`, the signer's key id) as used until `validUntil`;
  /// throws if it is already recorded and still valid at `now` (seconds since the epoch).
  public func use(_ nonce: String, scope: String, validUntil: Int64, now: Int64)
    throws(MessageSignatureError)
  {
    let key = "\(scope)\u{0}\(nonce)"
    let outcome: MessageSignatureError? = state.withLock { state in
      if let until = state.expiry[key], until >= now { return .replayedNonce(nonce) }
      if state.expiry.count >= capacity || now >= state.nextSweep {
        state.expiry = state.expiry.filter { $0.value >= now }
        state.nextSweep = now + 60
      }
      guard state.expiry.count < capacity else { return .nonceCacheFull(capacity: capacity) }
      state.expiry[key] = validUntil
      return nil
    }
    if let outcome { throw outcome }
  }

  /// The number of nonces held.
  public var count: Int { state.withLock { $0.expiry.count } }
}
