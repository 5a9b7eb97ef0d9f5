// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "namectl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "namectl", targets: ["namectl"]),
        .library(name: "NameResolver", targets: ["NameResolver"]),
        .library(name: "NameStore", targets: ["NameStore"]),
        .library(name: "NameRecord", targets: ["NameRecord"]),
        .library(name: "NameKeys", targets: ["NameKeys"]),
        .library(name: "Multiformats", targets: ["Multiformats"]),
        .library(name: "NameDNS", targets: ["NameDNS"]),
        .library(name: "NameDHT", targets: ["NameDHT"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        // C shims: module maps only. All pointers are owned by the Swift wrapper above each.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CLDNS", pkgConfig: "ldns", providers: [.apt(["libldns-dev"])]),

        // The one thin Swift wrapper over libsodium.
        .target(name: "Sodium", dependencies: ["CSodium"]),

        .target(name: "Multiformats"),
        .target(name: "NameKeys", dependencies: ["Sodium", "Multiformats"]),
        .target(name: "NameRecord", dependencies: ["NameKeys", "Multiformats", "Sodium"]),
        // The one thin Swift wrapper over ldns (the only target that imports CLDNS).
        .target(name: "LDNS", dependencies: ["CLDNS"]),
        .target(name: "NameDNS", dependencies: ["LDNS", "NameRecord", "NameKeys", "Multiformats"]),

        .target(name: "NameStore", dependencies: ["NameRecord", "NameKeys", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "DelegatedHTTP", dependencies: ["NameRecord", "NameKeys"]),
        .target(name: "NameResolver", dependencies: ["DelegatedHTTP", "NameDNS", "NameDHT", "NameStore", "NameRecord", "NameKeys", "Multiformats"]),

        .target(name: "NameDaemon", dependencies: [
            "NameResolver", "NameStore", "NameRecord", "NameKeys", "Sodium",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Mainline DHT (BEP 5 KRPC + BEP 44 mutable items) over plain POSIX UDP sockets.
        .target(
            name: "NameDHT",
            dependencies: ["NameRecord", "NameKeys", "Sodium", .product(name: "Logging", package: "swift-log")]
        ),

        .executableTarget(
            name: "namectl",
            dependencies: [
                "NameDaemon", "NameResolver", "NameStore", "NameRecord", "NameKeys", "Multiformats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // examples/gateway: a tiny gateway front built on the library (built by `make build`).
        .executableTarget(name: "namectl-gateway-example", dependencies: ["NameResolver", "NameStore", "DelegatedHTTP"], path: "examples/gateway"),
        // Release-mode benchmark runner for `make bench` (prints ratios against raw libsodium).
        .executableTarget(name: "namectl-bench", dependencies: ["NameResolver", "NameStore", "NameRecord", "NameKeys", "Sodium"], path: "Benchmarks/namectl-bench"),

        .testTarget(name: "MultiformatsTests", dependencies: ["Multiformats"]),
        .testTarget(name: "NameKeysTests", dependencies: ["NameKeys", "Multiformats", "Sodium"]),
        .testTarget(name: "NameRecordTests", dependencies: ["NameRecord", "NameKeys", "Multiformats", "Sodium"]),
        .testTarget(name: "NameStoreTests", dependencies: ["NameStore", "NameRecord", "NameKeys"]),
        .testTarget(name: "NameResolverTests", dependencies: ["NameResolver", "DelegatedHTTP", "NameStore", "NameRecord", "NameKeys"]),
        .testTarget(name: "NameDaemonTests", dependencies: [
            "NameDaemon", "NameResolver", "NameStore", "NameRecord", "NameKeys", "NamectlTestSupport",
            .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "InteropTests", dependencies: ["NameRecord", "NameKeys", "Multiformats", "Sodium"]),
        // Shared helpers for end-to-end tests that run the namectl binary.
        .target(name: "NamectlTestSupport", path: "Tests/NamectlTestSupport"),
        .testTarget(name: "NameDNSTests", dependencies: ["NameDNS", "LDNS", "NameRecord", "NameKeys", "Multiformats", "NamectlTestSupport"]),
        .testTarget(name: "NameDHTTests", dependencies: ["NameDHT", "NameRecord", "NameKeys", "Sodium", "NamectlTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["NameStore", "NameRecord", "NameKeys", "Multiformats", "NamectlTestSupport"]),
    ]
)
