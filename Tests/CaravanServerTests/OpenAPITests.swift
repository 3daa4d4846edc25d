import CaravanServer
import Foundation
import Hummingbird
import Testing

/// `/openapi.yaml` describes exactly the routes the server answers.
@Suite("OpenAPI document")
struct OpenAPITests {
  /// The API's path prefixes; the web pages are not part of the API.
  static let apiPrefixes = ["/v1/", "/log/", "/health", "/metrics", "/openapi.yaml"]

  /// `(METHOD, path)` pairs of the document's `paths`, read from its YAML layout: a path at
  /// two spaces of indentation, its operations at four.
  static func documentedOperations(_ yaml: String) -> Set<String> {
    var operations: Set<String> = []
    var inPaths = false
    var path: String?
    for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
      if line == "paths:" {
        inPaths = true
        continue
      }
      guard inPaths else { continue }
      if !line.isEmpty, !line.hasPrefix(" ") { break }
      if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
        path = String(line.dropFirst(2).dropLast())
      } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
        let method = line.trimmingCharacters(in: .whitespaces).dropLast()
        if ["get", "post", "put", "patch", "delete"].contains(method) {
          operations.insert("\(method.uppercased()) \(path)")
        }
      }
    }
    return operations
  }

  @Test("every route is documented and every documented operation is routed")
  func routesMatchDocument() async throws {
    let hub = try await TestHub.make()
    let router = HubServer.router(hub: hub.hub, configuration: hub.configuration)
    var routed: Set<String> = []
    for route in router.routes {
      let path = "\(route.path)".split(separator: "/").map { part in
        part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
      }.joined(separator: "/")
      let full = path.hasPrefix("/") ? path : "/" + path
      guard Self.apiPrefixes.contains(where: { full.hasPrefix($0) }) else { continue }
      if full == "/log/**" {
        // The tlog-tiles tree: its checkpoint and its tiles, documented by their shapes.
        routed.insert("\(route.method) /log/checkpoint")
        routed.insert("\(route.method) /log/tile/{level}/{index}")
      } else {
        routed.insert("\(route.method) \(full)")
      }
    }
    let documented = Self.documentedOperations(OpenAPIDocument.text)
    #expect(routed.count >= 27)
    #expect(routed.subtracting(documented).isEmpty, "routed but not documented")
    #expect(documented.subtracting(routed).isEmpty, "documented but not routed")
    await hub.close()
  }

  @Test("the document is OpenAPI 3.1 and names its security schemes and problem type")
  func documentShape() {
    let text = OpenAPIDocument.text
    #expect(text.hasPrefix("openapi: 3.1.0\n"))
    #expect(text.contains("application/problem+json"))
    #expect(text.contains("securitySchemes:"))
    #expect(!text.contains("\t"))
  }
}
