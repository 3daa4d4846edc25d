import CaravanExchange
import CaravanHub
import CaravanLog
import CaravanStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Prometheus

/// The hub's HTTP API, version 1, and its public log.
struct HubRoutes: Sendable {
  let hub: Hub
  let limits: BodyLimits
  let metrics: PrometheusCollectorRegistry
  let databaseKind: String

  /// Largest bodies each kind of endpoint accepts.
  struct BodyLimits: Sendable {
    var document: Int
    var json: Int = 64 * 1024
  }

  func register(on router: Router<BasicRequestContext>) {
    router.get("/health", use: health)
    router.get("/metrics", use: metricsText)
    router.get("/openapi.yaml", use: openAPI)
    router.get("/v1/hub", use: info)

    router.post("/v1/participants", use: registerParticipant)
    router.get("/v1/participants", use: listParticipants)
    router.get("/v1/participants/:participant", use: getParticipant)
    router.post("/v1/participants/:participant/tokens", use: issueToken)
    router.delete("/v1/participants/:participant/tokens", use: revokeTokens)
    router.get("/v1/me", use: me)

    router.post("/v1/documents", use: submit)
    router.get("/v1/inbox") { request, context in try await list(.inbox, request, context) }
    router.get("/v1/outbox") { request, context in try await list(.outbox, request, context) }
    router.get("/v1/documents/:document", use: document)
    router.get("/v1/documents/:document/receipt", use: receipt)
    router.post("/v1/verify", use: verify)

    router.get("/log/**", use: logResource)
    registerExchange(on: router)
  }

  // MARK: Public

  @Sendable func health(_ request: Request, context: BasicRequestContext) async throws -> Response {
    let size = try await hub.health()
    return try json(HealthJSON(status: "ok", database: databaseKind, treeSize: size))
  }

  @Sendable func metricsText(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    var buffer: [UInt8] = []
    metrics.emit(into: &buffer)
    return Response(
      status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
  }

  @Sendable func openAPI(_ request: Request, context: BasicRequestContext) async throws -> Response
  {
    Response(
      status: .ok, headers: [.contentType: "application/yaml"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
  }

  @Sendable func info(_ request: Request, context: BasicRequestContext) async throws -> Response {
    let size = try await hub.health()
    return try json(
      HubInfoJSON(
        jurisdiction: hub.configuration.jurisdiction, logOrigin: hub.logOrigin,
        logKey: hub.keys.log.verifierKey.description, documentKey: hub.keys.document.publicKey.jwk,
        logPrefix: "/log/", treeSize: size, version: HubServer.version))
  }

  @Sendable func logResource(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    let path = context.parameters.getCatchAll().joined(separator: "/")
    let bytes = try await hub.logResource(path: path)
    let isCheckpoint = path == "checkpoint"
    let isPartial = LogResource(path: path)?.isPartial ?? true
    var headers: HTTPFields = [
      .contentType: isCheckpoint ? "text/plain; charset=utf-8" : "application/octet-stream"
    ]
    // Full tiles never change (tlog-tiles, "Merkle Tree"); the checkpoint and partial tiles do.
    headers[.cacheControl] =
      isCheckpoint || isPartial ? "no-cache" : "public, max-age=31536000, immutable"
    return Response(
      status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  @Sendable func verify(_ request: Request, context: BasicRequestContext) async throws -> Response {
    let body = try await decodeJSON(VerifyRequestJSON.self, request, limit: limits.document * 2)
    guard let document = Data(base64Encoded: body.document) else {
      throw HubError.badRequest(field: "document", message: "is not base64")
    }
    guard body.proof.utf8.count <= 256 * 1024 else {
      throw HubError.badRequest(field: "proof", message: "is longer than 256 KiB")
    }
    let verdict = await hub.verify(
      document: Array(document), proof: body.proof, signature: body.signature)
    return try json(verdict)
  }

  // MARK: Operator

  @Sendable func registerParticipant(_ request: Request, context: BasicRequestContext)
    async throws -> Response
  {
    try await hub.authenticateOperator(token: bearer(request))
    let registration = try await decodeJSON(
      ParticipantRegistration.self, request, limit: limits.json)
    let (participant, token) = try await hub.register(registration)
    var response = try json(
      RegisteredJSON(participant: ParticipantJSON(participant), token: token), status: .created)
    response.headers[.location] = "/v1/participants/\(participant.id)"
    return response
  }

  @Sendable func listParticipants(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    try await hub.authenticateOperator(token: bearer(request))
    return try json(try await hub.participants().map(ParticipantJSON.init))
  }

  @Sendable func getParticipant(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    try await hub.authenticateOperator(token: bearer(request))
    return try json(ParticipantJSON(try await hub.participant(id: participantParameter(context))))
  }

  @Sendable func issueToken(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    try await hub.authenticateOperator(token: bearer(request))
    let token = try await hub.issueToken(participantID: participantParameter(context))
    return try json(TokenJSON(token: token), status: .created)
  }

  @Sendable func revokeTokens(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    try await hub.authenticateOperator(token: bearer(request))
    let count = try await hub.revokeTokens(participantID: participantParameter(context))
    return try json(RevokedJSON(revoked: count))
  }

  // MARK: Participants

  @Sendable func me(_ request: Request, context: BasicRequestContext) async throws -> Response {
    try json(ParticipantJSON(try await hub.authenticate(token: bearer(request))))
  }

  @Sendable func submit(_ request: Request, context: BasicRequestContext) async throws -> Response {
    let participant = try await hub.authenticate(token: bearer(request))
    if let type = request.headers[.contentType]?.lowercased(),
      !(type.hasPrefix("application/xml") || type.hasPrefix("text/xml"))
    {
      throw Problem(
        .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported media type",
        detail: "a document is sent as application/xml (UBL or CII), not \(type)")
    }
    let body = try await request.body.collect(upTo: limits.document)
    let submission = try await hub.submit(
      Array(buffer: body), from: participant,
      idempotencyKey: request.headers[.idempotencyKey], flow: try flowContext(request))
    var response = try json(
      SubmissionJSON(
        replayed: submission.replayed, receipt: submission.receipt(),
        warnings: submission.warnings.map(FindingJSON.init),
        delivery: submission.delivery.map(DeliveryJSON.init)),
      status: submission.replayed ? .ok : .created)
    response.headers[.location] = "/v1/documents/\(submission.record.id)"
    if submission.replayed { response.headers[.idempotentReplayed] = "true" }
    return response
  }

  func list(_ box: DocumentQuery.Box, _ request: Request, _ context: BasicRequestContext)
    async throws -> Response
  {
    let participant = try await hub.authenticate(token: bearer(request))
    let query = try ListingParameters.query(
      for: participant.id, box: box, parameters: request.uri.queryParameters)
    let page = try await hub.documents(query)
    return try json(
      PageJSON(documents: page.documents.map(SummaryJSON.init), next: page.next.map(String.init)))
  }

  @Sendable func document(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    let participant = try await hub.authenticate(token: bearer(request))
    let record = try await hub.document(
      id: try parameter("document", context), for: participant)
    let form: DocumentForm
    if let name = request.uri.queryParameters["format"] {
      guard let chosen = DocumentForm(rawValue: String(name)) else {
        throw HubError.badRequest(
          field: "format",
          message: "\"\(name.prefix(20))\" is not one of "
            + DocumentForm.allCases.map(\.rawValue).joined(separator: ", "))
      }
      form = chosen
    } else if let accept = request.headers[.accept] {
      guard let chosen = DocumentForm.negotiate(accept: accept) else {
        throw Problem(
          .notAcceptable, type: "not-acceptable", title: "Not acceptable",
          detail: "a document is available as application/xml, application/json or text/html")
      }
      form = chosen
    } else {
      form = .original
    }
    let bytes = try hub.render(record, as: form)
    var headers: HTTPFields = [.contentType: form.mediaType]
    headers[.eTag] = "\"\(record.id)-\(form.rawValue)\""
    if form == .html {
      headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'"
    }
    return Response(
      status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  @Sendable func receipt(_ request: Request, context: BasicRequestContext) async throws
    -> Response
  {
    let participant = try await hub.authenticate(token: bearer(request))
    let record = try await hub.document(
      id: try parameter("document", context), for: participant)
    return try json(ReceiptDocument(record))
  }

  /// What the submitter states for the corridor policy: `Caravan-Consent: true|false`,
  /// `Caravan-Purpose: <term>`, `Caravan-Buyer-Natural-Person: true|false`.
  func flowContext(_ request: Request) throws -> DataFlow {
    func flag(_ name: HTTPField.Name) throws -> Bool? {
      guard let value = request.headers[name] else { return nil }
      switch value.lowercased() {
      case "true": return true
      case "false": return false
      default:
        throw HubError.badRequest(field: name.rawName, message: "must be true or false")
      }
    }
    var flow = DataFlow()
    flow.consent = try flag(.caravanConsent) ?? false
    flow.buyerIsNaturalPerson = try flag(.caravanBuyerNaturalPerson)
    if let purpose = request.headers[.caravanPurpose] {
      guard (1...200).contains(purpose.utf8.count),
        purpose.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
      else {
        throw HubError.badRequest(
          field: "Caravan-Purpose", message: "must be 1 to 200 printable ASCII characters")
      }
      flow.purpose = purpose
    }
    return flow
  }

  // MARK: Helpers

  func bearer(_ request: Request) -> String? {
    guard let value = request.headers[.authorization] else { return nil }
    let parts = value.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
    return parts[1].trimmingCharacters(in: .whitespaces)
  }

  func parameter(_ name: String, _ context: BasicRequestContext) throws -> String {
    guard let raw = context.parameters.get(name) else {
      throw HubError.badRequest(field: name, message: "is missing from the path")
    }
    return raw.removingPercentEncoding ?? raw
  }

  func participantParameter(_ context: BasicRequestContext) throws -> String {
    try parameter("participant", context)
  }

  func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try Coding.encoder.encode(value)
    return Response(
      status: status, headers: [.contentType: "application/json"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }

  func decodeJSON<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int) async throws -> T {
    if let contentType = request.headers[.contentType]?.lowercased(),
      !contentType.hasPrefix("application/json")
    {
      throw Problem(
        .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported media type",
        detail: "this endpoint reads application/json, not \(contentType)")
    }
    let body = try await request.body.collect(upTo: limit)
    do {
      return try JSONDecoder().decode(T.self, from: Data(buffer: body))
    } catch let DecodingError.keyNotFound(key, context) {
      throw HubError.badRequest(
        field: (context.codingPath + [key]).map(\.stringValue).joined(separator: "."),
        message: "is required")
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context)
    {
      throw HubError.badRequest(
        field: context.codingPath.map(\.stringValue).joined(separator: "."),
        message: context.debugDescription)
    } catch let DecodingError.dataCorrupted(context) {
      let field = context.codingPath.map(\.stringValue).joined(separator: ".")
      throw HubError.badRequest(
        field: field.isEmpty ? "body" : field,
        message: field.isEmpty ? "is not valid JSON" : context.debugDescription)
    } catch {
      throw HubError.badRequest(field: "body", message: "is not valid JSON")
    }
  }
}

extension HTTPField.Name {
  static let idempotencyKey = Self("Idempotency-Key")!
  static let idempotentReplayed = Self("Idempotent-Replayed")!
  static let caravanConsent = Self("Caravan-Consent")!
  static let caravanPurpose = Self("Caravan-Purpose")!
  static let caravanBuyerNaturalPerson = Self("Caravan-Buyer-Natural-Person")!
}
