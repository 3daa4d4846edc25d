import CaravanExchange
import CaravanHub
import CaravanStore
import CaravanTrust
import Foundation
import HTTPTypes
import Hummingbird

/// Hub-to-hub exchange (directory, policy, inbound deliveries) and the delivery status that
/// senders and the operator read.
extension HubRoutes {
  func registerExchange(on router: Router<BasicRequestContext>) {
    router.get("/v1/exchange/directory", use: directory)
    router.get("/v1/exchange/policy", use: policy)
    router.put("/v1/exchange/policy", use: installPolicy)
    router.get("/v1/exchange/peers", use: peers)
    router.post("/v1/exchange/deliveries", use: receiveDelivery)
    router.get("/v1/deliveries", use: listDeliveries)
    router.get("/v1/deliveries/:delivery", use: getDelivery)
    router.post("/v1/deliveries/:delivery/retry") { request, context in
      let actor = try await deliveryActor(request)
      let delivery = try await hub.retryDelivery(
        id: try parameter("delivery", context), for: actor)
      return try json(DeliveryJSON(delivery))
    }
    router.post("/v1/deliveries/:delivery/cancel") { request, context in
      let actor = try await deliveryActor(request)
      let delivery = try await hub.cancelDelivery(
        id: try parameter("delivery", context), for: actor)
      return try json(DeliveryJSON(delivery))
    }
  }

  /// Bytes with their detached JWS in the `Caravan-Signature` header.
  func signed(_ signed: SignedBytes, status: HTTPResponse.Status = .ok, maxAge: Int? = nil)
    -> Response
  {
    var headers: HTTPFields = [.contentType: "application/json"]
    headers[.caravanSignature] = signed.signature
    if let maxAge { headers[.cacheControl] = "public, max-age=\(maxAge)" }
    return Response(
      status: status, headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: signed.bytes)))
  }

  @Sendable func directory(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    let directory = try await hub.publishedDirectory()
    return signed(directory, maxAge: Int(hub.configuration.directoryLifetime))
  }

  @Sendable func policy(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    guard let policy = hub.policy else {
      throw HubError.notFound(
        "\(hub.configuration.jurisdiction) has no corridor policy in force: every flow is denied")
    }
    return signed(SignedBytes(bytes: policy.bytes, signature: policy.signature.compact))
  }

  @Sendable func installPolicy(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    try await hub.authenticateOperator(token: bearer(request))
    if let type = request.headers[.contentType]?.lowercased(),
      !type.hasPrefix("application/json")
    {
      throw Problem(
        .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported media type",
        detail: "a policy is sent as application/json, not \(type)")
    }
    let body = try await request.body.collect(upTo: CorridorPolicy.maximumLength)
    let (policy, index) = try await hub.installPolicy(Array(buffer: body))
    return try json(
      PolicyInstalledJSON(
        version: policy.policy.version, sha256: Hex.encode(policy.digest), logIndex: index),
      status: index == nil ? .ok : .created)
  }

  @Sendable func peers(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    try await hub.authenticateOperator(token: bearer(request))
    return try json(await hub.peerStatuses().map(PeerJSON.init))
  }

  @Sendable func receiveDelivery(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    let body = try await request.body.collect(upTo: Envelope.maximumLength)
    var head = request.head
    // The signature covers @target-uri; this server speaks plain HTTP (TLS ends in front of
    // it, which must pass the original Host on).
    if head.scheme == nil { head.scheme = "http" }
    let answer = try await hub.receiveDelivery(head, body: Array(buffer: body))
    var response = signed(answer.receipt, status: answer.replayed ? .ok : .created)
    if answer.replayed { response.headers[.idempotentReplayed] = "true" }
    return response
  }

  /// The operator (nil) or the participant holding the bearer token.
  func deliveryActor(_ request: Request) async throws -> Participant? {
    let token = bearer(request)
    if (try? await hub.authenticateOperator(token: token)) != nil { return nil }
    return try await hub.authenticate(token: token)
  }

  @Sendable func listDeliveries(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    let actor = try await deliveryActor(request)
    let query = try ListingParameters.deliveryQuery(request.uri.queryParameters)
    let page = try await hub.deliveries(query, for: actor)
    return try json(
      DeliveryPageJSON(
        deliveries: page.deliveries.map(DeliveryJSON.init),
        next: page.next.map { String(StoreTime.microseconds($0)) }))
  }

  @Sendable func getDelivery(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    let actor = try await deliveryActor(request)
    return try json(
      DeliveryJSON(try await hub.delivery(id: try parameter("delivery", context), for: actor)))
  }
}

extension HTTPField.Name {
  static let caravanSignature = Self(HTTPPeerTransport.signatureHeader)!
}
