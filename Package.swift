// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
  name: "Caravan",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "caravan", targets: ["CaravanCLI"]),
    .library(name: "CaravanModel", targets: ["CaravanModel"]),
    .library(name: "CaravanSyntax", targets: ["CaravanSyntax"]),
    .library(name: "CaravanRules", targets: ["CaravanRules"]),
    .library(name: "CaravanTrust", targets: ["CaravanTrust"]),
    .library(name: "CaravanLog", targets: ["CaravanLog"]),
    .library(name: "CaravanRender", targets: ["CaravanRender"]),
    .library(name: "CaravanStore", targets: ["CaravanStore"]),
    .library(name: "CaravanExchange", targets: ["CaravanExchange"]),
    .library(name: "CaravanHub", targets: ["CaravanHub"]),
    .library(name: "CaravanServer", targets: ["CaravanServer"]),
    .library(name: "CaravanWeb", targets: ["CaravanWeb"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
    .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
    .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
  ],
  targets: [
    // Layer 2 support: libxml2, the only XML parser that sees untrusted bytes.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    // Layer 1: the EN 16931-1 semantic model.
    .target(name: "CaravanModel", swiftSettings: strict),
    // Layer 2: a hardened XML reader and a streaming XML writer.
    .target(name: "CaravanXML", dependencies: ["CLibXML2"], swiftSettings: strict),
    // Layer 2: UBL 2.1 and CII D16B bindings (EN 16931-3-2, -3-3).
    .target(
      name: "CaravanSyntax", dependencies: ["CaravanModel", "CaravanXML"], swiftSettings: strict),
    // Layer 3: the EN 16931 rules of the official artefacts, evaluated over the document.
    .target(
      name: "CaravanRules", dependencies: ["CaravanModel", "CaravanXML", "CaravanSyntax"],
      swiftSettings: strict),
    // Layer 4: keys, detached JWS, X.509 chains, trust registries.
    .target(
      name: "CaravanTrust",
      dependencies: [
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ],
      swiftSettings: strict
    ),
    // Layer 5: RFC 9162 Merkle log, C2SP checkpoints, tiles and proofs.
    .target(
      name: "CaravanLog",
      dependencies: [
        "CaravanTrust",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strict
    ),
    // Layer 10 support: a readable HTML page of an invoice, in the reader's language.
    .target(name: "CaravanRender", dependencies: ["CaravanModel"], swiftSettings: strict),
    // Layer 9: one persistence interface, on SQLite (GRDB) and PostgreSQL (PostgresNIO).
    .target(
      name: "CaravanStore",
      dependencies: [
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strict
    ),
    // Layer 6: hub-to-hub exchange: envelopes, RFC 9421 request signatures, corridor policy.
    .target(
      name: "CaravanExchange",
      dependencies: [
        "CaravanModel", "CaravanSyntax", "CaravanTrust", "CaravanLog",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ],
      swiftSettings: strict
    ),
    // Layer 6: the hub's work: participants, submissions, receipts, reading back, and
    // delivery to and from other hubs under the corridor policy.
    .target(
      name: "CaravanHub",
      dependencies: [
        "CaravanModel", "CaravanSyntax", "CaravanRules", "CaravanTrust", "CaravanLog",
        "CaravanStore", "CaravanRender", "CaravanXML", "CaravanExchange",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
      ],
      swiftSettings: strict
    ),
    // Layer 10: web pages for participants, in the six UN languages; no script.
    .target(
      name: "CaravanWeb",
      dependencies: [
        "CaravanHub", "CaravanRender", "CaravanModel", "CaravanSyntax", "CaravanRules",
        "CaravanStore", "CaravanTrust",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict
    ),
    // Layer 10: the HTTP API on Hummingbird.
    .target(
      name: "CaravanServer",
      dependencies: [
        "CaravanHub", "CaravanWeb", "CaravanStore", "CaravanLog", "CaravanTrust", "CaravanModel",
        "CaravanRules", "CaravanXML", "CaravanExchange",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "CaravanCLI",
      dependencies: [
        "CaravanModel", "CaravanSyntax", "CaravanRules", "CaravanTrust", "CaravanLog",
        "CaravanServer", "CaravanHub", "CaravanStore", "CaravanExchange",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "CaravanBenchmarks",
      dependencies: ["CaravanModel", "CaravanSyntax", "CaravanXML", "CaravanRules", "CLibXML2"],
      swiftSettings: strict
    ),
    // Release-mode benchmark of the log (scripts/bench-log); never part of the tests.
    .executableTarget(
      name: "CaravanLogBenchmarks",
      dependencies: ["CaravanLog", "CaravanTrust"],
      swiftSettings: strict
    ),
    // Release-mode load benchmark of the hub (scripts/bench-hub): fills a hub's store with
    // documents and a real log, and times the phases of a submission; never part of the tests.
    .executableTarget(
      name: "CaravanHubBenchmarks",
      dependencies: [
        "CaravanExchange", "CaravanHub", "CaravanStore", "CaravanLog", "CaravanTrust",
        "CaravanServer",
        "CaravanSyntax", "CaravanRules", "CaravanXML",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict
    ),
    .testTarget(name: "CaravanModelTests", dependencies: ["CaravanModel"]),
    .testTarget(name: "CaravanXMLTests", dependencies: ["CaravanXML"]),
    .testTarget(
      name: "CaravanSyntaxTests",
      dependencies: ["CaravanSyntax", "CaravanModel", "CaravanTestSupport"]),
    .testTarget(
      name: "CaravanRulesTests",
      dependencies: ["CaravanRules", "CaravanSyntax", "CaravanTestSupport"]),
    // The shared conformance corpus as the tests read it (EN 16931 material, log vectors).
    .target(name: "CaravanTestSupport", path: "Tests/CaravanTestSupport"),
    .testTarget(name: "CaravanTrustTests", dependencies: ["CaravanTrust", "CaravanTestSupport"]),
    .testTarget(
      name: "CaravanLogTests", dependencies: ["CaravanLog", "CaravanTrust", "CaravanTestSupport"]),
    .testTarget(
      name: "CaravanExchangeTests",
      dependencies: [
        "CaravanExchange", "CaravanSyntax", "CaravanTrust", "CaravanTestSupport",
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ]),
    .testTarget(name: "CaravanCLITests"),
    .testTarget(
      name: "CaravanStoreTests", dependencies: ["CaravanStore", "CaravanTestSupport"]),
    .testTarget(
      name: "CaravanRenderTests",
      dependencies: ["CaravanRender", "CaravanSyntax", "CaravanTestSupport"]),
    .testTarget(
      name: "CaravanWebTests",
      dependencies: [
        "CaravanWeb", "CaravanServer", "CaravanHub", "CaravanStore", "CaravanModel",
        "CaravanSyntax", "CaravanLog",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]),
    .testTarget(
      name: "CaravanServerTests",
      dependencies: [
        "CaravanServer", "CaravanHub", "CaravanStore", "CaravanLog", "CaravanTrust",
        "CaravanTestSupport", "CaravanExchange", "CaravanSyntax", "CaravanModel",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
