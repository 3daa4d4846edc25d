import Hummingbird
import Synchronization

/// The methods the router answers at each of its paths, so that a request for a path the hub
/// serves, with a method it does not answer there, gets 405 Method Not Allowed and an `Allow`
/// header (RFC 9110, section 15.5.6) rather than 404.
///
/// Filled once every route is registered (``record(_:)``); read only when the router found no
/// route for a request.
final class RouteMethods: Sendable {
  private let routes = Mutex<[(path: RouterPath, methods: [HTTPRequest.Method])]>([])

  /// Records the routes of `router`. A path that answers GET also answers HEAD (the router
  /// makes HEAD from GET, `Router.Options.autoGenerateHeadEndpoints`).
  func record(_ router: Router<some RequestContext>) {
    var byPath: [(path: RouterPath, methods: [HTTPRequest.Method])] = []
    for route in router.routes {
      if let i = byPath.firstIndex(where: { $0.path == route.path }) {
        byPath[i].methods.append(route.method)
      } else {
        byPath.append((route.path, [route.method]))
      }
    }
    for i in byPath.indices where byPath[i].methods.contains(.get) {
      if !byPath[i].methods.contains(.head) { byPath[i].methods.append(.head) }
    }
    routes.withLock { $0 = byPath }
  }

  /// The methods answered at `path` (a request's path, without its query), in the order
  /// `GET, HEAD, POST, PUT, PATCH, DELETE` and then by name; empty when no route has the path.
  func methods(at path: String) -> [HTTPRequest.Method] {
    let segments = path.split(separator: "/", omittingEmptySubsequences: true)
    var found: Set<HTTPRequest.Method> = []
    routes.withLock { routes in
      for route in routes where Self.matches(route.path, segments) {
        found.formUnion(route.methods)
      }
    }
    let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]
    func rank(_ method: HTTPRequest.Method) -> Int { order.firstIndex(of: method) ?? order.count }
    return found.sorted { (rank($0), $0.rawValue) < (rank($1), $1.rawValue) }
  }

  /// Whether `path` matches `segments` as the router matches them: element by element, `**`
  /// taking all that is left.
  private static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
    var i = 0
    for element in path.components {
      if element == .recursiveWildcard { return true }
      guard i < segments.count, element ~= segments[i] else { return false }
      i += 1
    }
    return i == segments.count
  }
}
