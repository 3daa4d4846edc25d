public import CaravanExchange
public import CaravanHub
public import CaravanStore
import CaravanWeb
public import Foundation
public import Hummingbird
public import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Starting a hub: its data folder, store, keys and HTTP server.
public enum HubServer {
  /// The version the API reports.
  public static let version = "0.2.0"

  /// How to start a hub.
  public struct Configuration: Sendable {
    public var host: String
    public var port: Int
    /// Holds the keys and, without `databaseURL`, the SQLite database.
    public var dataDirectory: URL
    /// `postgres://user:password@host:port/database`; SQLite in the data folder when nil.
    public var databaseURL: String?
    public var jurisdiction: String
    /// The log's origin (and key name) when the keys are created.
    public var origin: String?
    /// Largest document accepted, in bytes.
    public var maximumDocumentBytes: Int
    /// The other jurisdictions' hubs (the exchange trust registry).
    public var peers: PeerTable
    /// A corridor policy to put in force at start, when its version is new.
    public var policyFile: URL?
    /// How failed deliveries are retried.
    public var retry: RetrySchedule

    public init(
      host: String = "127.0.0.1", port: Int = 8080, dataDirectory: URL,
      databaseURL: String? = nil, jurisdiction: String, origin: String? = nil,
      maximumDocumentBytes: Int = 4 * 1024 * 1024, peers: PeerTable = PeerTable(),
      policyFile: URL? = nil, retry: RetrySchedule = .standard
    ) {
      self.peers = peers
      self.policyFile = policyFile
      self.retry = retry
      self.host = host
      self.port = port
      self.dataDirectory = dataDirectory
      self.databaseURL = databaseURL
      self.jurisdiction = jurisdiction
      self.origin = origin
      self.maximumDocumentBytes = maximumDocumentBytes
    }

    /// The log origin used when none is configured.
    public var resolvedOrigin: String {
      origin ?? "caravan-\(jurisdiction.lowercased()).localhost"
    }
  }

  /// The process's metrics registry; swift-metrics is bootstrapped with it once.
  public static let metrics: PrometheusCollectorRegistry = {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
  }()

  /// Opens the store the configuration names and migrates it.
  public static func openStore(_ configuration: Configuration, logger: Logger) async throws
    -> any HubStore
  {
    let store: any HubStore
    if let url = configuration.databaseURL {
      store = try PostgresStore(url: url, logger: logger)
    } else {
      try FileManager.default.createDirectory(
        at: configuration.dataDirectory, withIntermediateDirectories: true)
      store = try SQLiteStore(
        path: configuration.dataDirectory.appendingPathComponent("caravan.sqlite").path)
    }
    try await store.migrate()
    return store
  }

  /// Opens the hub over `store` with the keys of the data folder.
  public static func openHub(_ configuration: Configuration, store: any HubStore, logger: Logger)
    async throws -> Hub
  {
    _ = metrics
    let keys = try HubKeys.loadOrCreate(
      folder: configuration.dataDirectory.appendingPathComponent("keys"),
      logName: configuration.resolvedOrigin)
    let hub = try await Hub.open(
      store: store, keys: keys,
      configuration: Hub.Configuration(
        jurisdiction: configuration.jurisdiction,
        limits: .init(maximumBytes: configuration.maximumDocumentBytes),
        peers: configuration.peers, retry: configuration.retry),
      logger: logger, transport: HTTPPeerTransport())
    if let file = configuration.policyFile {
      let bytes: Data
      do { bytes = try Data(contentsOf: file) } catch {
        throw HubError.badRequest(
          field: "--policy", message: "cannot read \(file.path): \(error.localizedDescription)")
      }
      let (policy, index) = try await hub.installPolicy(Array(bytes))
      if let index {
        logger.notice(
          "policy version \(policy.policy.version) from \(file.path) logged at index \(index)")
      }
    }
    return hub
  }

  /// Creates the hub's keys in the data folder when missing, and answers them.
  public static func keys(_ configuration: Configuration) throws -> HubKeys {
    try HubKeys.loadOrCreate(
      folder: configuration.dataDirectory.appendingPathComponent("keys"),
      logName: configuration.resolvedOrigin)
  }

  /// The router of the hub's API.
  public static func router(hub: Hub, configuration: Configuration) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
    let routeMethods = RouteMethods()
    router.add(middleware: ProblemMiddleware(routeMethods: routeMethods))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    HubRoutes(
      hub: hub, limits: .init(document: configuration.maximumDocumentBytes), metrics: metrics,
      databaseKind: configuration.databaseURL == nil ? "sqlite" : "postgresql"
    ).register(on: router)
    WebRoutes(
      hub: hub, dataDirectory: configuration.dataDirectory,
      maximumDocumentBytes: configuration.maximumDocumentBytes
    ).register(on: router)
    routeMethods.record(router)
    return router
  }

  /// The HTTP application of a hub.
  public static func application(
    hub: Hub, configuration: Configuration, logger: Logger,
    onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
  ) -> some ApplicationProtocol {
    Application(
      router: router(hub: hub, configuration: configuration),
      configuration: .init(
        address: .hostname(configuration.host, port: configuration.port),
        serverName: "caravan"),
      services: [DeliveryService(hub: hub)],
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? configuration.port
        await onServerRunning("http://\(configuration.host):\(port)")
      },
      logger: logger)
  }
}

/// Runs the hub's outbox beside the HTTP server, until shutdown.
struct DeliveryService: Service {
  let hub: Hub

  func run() async throws {
    try await cancelWhenGracefulShutdown { await hub.runDeliveries() }
  }
}
