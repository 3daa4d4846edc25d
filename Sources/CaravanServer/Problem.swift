import CaravanHub
import CaravanRules
import Foundation
public import Hummingbird

/// An RFC 9457 problem document: the body of every error the API answers.
public struct Problem: HTTPResponseError, Sendable {
  public var status: HTTPResponse.Status
  /// A URI naming the kind of problem; relative to the hub's `/problems/` documentation.
  public var type: String
  public var title: String
  public var detail: String
  /// Extension members, already JSON-encoded.
  var extensions: [(String, String)] = []
  var headers: HTTPFields = [:]

  public init(_ status: HTTPResponse.Status, type: String, title: String, detail: String) {
    self.status = status
    self.type = type
    self.title = title
    self.detail = detail
  }

  /// The problem a hub error answers with.
  public init(_ error: HubError) {
    switch error {
    case .unauthorized(let message):
      self.init(.unauthorized, type: "unauthorized", title: "Unauthorized", detail: message)
      headers[.wwwAuthenticate] = "Bearer realm=\"caravan\""
    case .forbidden(let message):
      self.init(.forbidden, type: "forbidden", title: "Forbidden", detail: message)
    case .notFound(let message):
      self.init(.notFound, type: "not-found", title: "Not found", detail: message)
    case .badRequest(let field, let message):
      self.init(
        .badRequest, type: "bad-request", title: "Bad request", detail: "\(field): \(message)")
      extensions.append(("field", JSON.string(field)))
    case .unreadable(_, let line, let column, let path):
      self.init(
        .badRequest, type: "unreadable-document", title: "Unreadable document",
        detail: error.description)
      if let line { extensions.append(("line", String(line))) }
      if let column { extensions.append(("column", String(column))) }
      if let path { extensions.append(("path", JSON.string(path))) }
    case .invalid(let report):
      self.init(
        .unprocessableContent, type: "invalid-document",
        title: "The document breaks EN 16931 rules",
        detail: error.description)
      extensions.append(("report", report.json()))
    case .conflict(let message, let existingID):
      self.init(.conflict, type: "conflict", title: "Conflict", detail: message)
      if let existingID { extensions.append(("existingId", JSON.string(existingID))) }
    case .unavailable(let message):
      self.init(
        .serviceUnavailable, type: "unavailable", title: "Service unavailable", detail: message)
    case .refused(let reason, let rules, let version):
      self.init(
        .forbidden, type: "policy-refused", title: "Refused by the corridor data policy",
        detail: reason)
      extensions.append(("rules", "[" + rules.map(JSON.string).joined(separator: ",") + "]"))
      if let version { extensions.append(("policyVersion", String(version))) }
    }
  }

  /// The problem body, `application/problem+json`.
  var json: String {
    var members = [
      ("type", JSON.string("/problems/" + type)), ("title", JSON.string(title)),
      ("status", String(status.code)), ("detail", JSON.string(detail)),
    ]
    members += extensions
    return "{" + members.map { "\(JSON.string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    var fields = headers
    fields[.contentType] = "application/problem+json"
    return Response(
      status: status, headers: fields,
      body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
  }
}

/// Turns every error into a problem document, so that no route answers with anything else.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
  /// The methods of each path, to answer 405 rather than 404 for a path the hub serves.
  var routeMethods: RouteMethods? = nil

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    do {
      return try await next(request, context)
    } catch let problem as Problem {
      throw problem
    } catch let error as HubError {
      throw Problem(error)
    } catch let error as any HTTPResponseError {
      if error.status == .notFound, let allowed = routeMethods?.methods(at: request.uri.path),
        !allowed.isEmpty
      {
        let methods = allowed.map(\.rawValue).joined(separator: ", ")
        var problem = Problem(
          .methodNotAllowed, type: "method-not-allowed", title: "Method Not Allowed",
          detail: "\(request.method) is not allowed on \(request.uri.path); it answers \(methods)")
        problem.headers[.allow] = methods
        throw problem
      }
      let detail: String
      switch error.status {
      case .notFound: detail = "\(request.method) \(request.uri.path) is not a resource of this hub"
      case .contentTooLarge: detail = "the body is larger than this endpoint accepts"
      case .methodNotAllowed: detail = "\(request.method) is not allowed on \(request.uri.path)"
      default: detail = error.status.reasonPhrase
      }
      throw Problem(
        error.status,
        type: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-"),
        title: error.status.reasonPhrase, detail: detail)
    } catch {
      context.logger.error("unexpected error", metadata: ["error": "\(error)"])
      throw Problem(
        .internalServerError, type: "internal", title: "Internal server error",
        detail: "the hub failed unexpectedly; nothing was stored by this request")
    }
  }
}

/// Minimal JSON text helpers for hand-built documents.
enum JSON {
  static func string(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let c where c.value < 0x20:
        out += String(format: "\\u%04x", c.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
