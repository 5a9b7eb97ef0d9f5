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
        .library(name: "DelegatedHTTP", targets: ["DelegatedHTTP"]),
        .library(name: "PrivateNames", targets: ["PrivateNames"]),
        .library(name: "Libp2p", targets: ["Libp2p"]),
        .library(name: "NameAmino", targets: ["NameAmino"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C shims: module maps only. All pointers are owned by the Swift wrapper above each.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CLDNS", pkgConfig: "ldns", providers: [.apt(["libldns-dev"])]),

        // The one thin Swift wrapper over libsodium.
        .target(name: "Sodium", dependencies: ["CSodium"]),

        // The one coded error type every module's errors are made of.
        .target(name: "NameCore"),
        .target(name: "Multiformats", dependencies: ["NameCore"]),
        .target(name: "NameKeys", dependencies: ["NameCore", "Sodium", "Multiformats"]),
        .target(name: "NameRecord", dependencies: ["NameCore", "NameKeys", "Multiformats", "Sodium"]),
        // Private names: RFC 9498 key blinding, encrypted values, shareable addresses.
        .target(name: "PrivateNames", dependencies: ["NameCore", "NameRecord", "NameKeys", "Sodium"]),
        // The one thin Swift wrapper over ldns (the only target that imports CLDNS).
        .target(name: "LDNS", dependencies: ["CLDNS"]),
        .target(name: "NameDNS", dependencies: [
            "NameCore", "LDNS", "NameRecord", "NameKeys", "Multiformats",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ]),

        .target(name: "NameStore", dependencies: ["NameCore", "NameRecord", "NameKeys", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "DelegatedHTTP", dependencies: ["NameCore", "NameRecord", "NameKeys"]),

        // libp2p over TCP (multiaddr, peer IDs, multistream-select, Noise, yamux, identify): knows
        // nothing of IPNS; SwiftNIO for sockets, libsodium (through Sodium) for crypto.
        .target(
            name: "Libp2p",
            dependencies: ["NameCore", "Sodium", "Multiformats", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        // IPNS on the IPFS Amino DHT (and Kubo's LAN DHT): kad messages, iterative lookups, PUT/GET.
        .target(name: "NameAmino", dependencies: ["NameCore", "Libp2p", "NameRecord", "NameKeys", "Multiformats", "Sodium"]),
        .target(name: "NameResolver", dependencies: ["NameCore", "DelegatedHTTP", "NameDNS", "NameDHT", "NameAmino", "Libp2p", "NameStore", "NameRecord", "NameKeys", "Multiformats", "PrivateNames", "Sodium"]),

        .target(name: "NameDaemon", dependencies: [
            "NameResolver", "NameStore", "NameRecord", "NameKeys", "Sodium", "PrivateNames",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Mainline DHT (BEP 5 KRPC + BEP 44 mutable items) over plain POSIX UDP sockets.
        .target(
            name: "NameDHT",
            dependencies: ["NameCore", "NameRecord", "NameKeys", "Sodium", .product(name: "Logging", package: "swift-log")]
        ),

        .executableTarget(
            name: "namectl",
            dependencies: [
                "NameDaemon", "NameResolver", "NameStore", "NameRecord", "NameKeys", "Multiformats",
                "NameDHT", "NameDNS", "DelegatedHTTP", "Sodium", "PrivateNames", "NameAmino", "Libp2p",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // examples/gateway: a tiny gateway front built on the library (built by `make build`).
        .executableTarget(name: "namectl-gateway-example", dependencies: ["NameResolver", "NameStore", "DelegatedHTTP"], path: "examples/gateway"),
        // Release-mode benchmark runner for `make bench` (prints ratios against raw libsodium).
        .executableTarget(name: "namectl-bench", dependencies: ["NameResolver", "NameStore", "NameRecord", "NameKeys", "PrivateNames", "Sodium"], path: "Benchmarks/namectl-bench"),

        .testTarget(name: "MultiformatsTests", dependencies: ["Multiformats"]),
        .testTarget(name: "NameKeysTests", dependencies: ["NameKeys", "Multiformats", "Sodium"]),
        .testTarget(name: "NameRecordTests", dependencies: ["NameRecord", "NameKeys", "Multiformats", "Sodium"]),
        .testTarget(name: "NameStoreTests", dependencies: ["NameStore", "NameRecord", "NameKeys"]),
        .testTarget(name: "NameResolverTests", dependencies: ["NameResolver", "DelegatedHTTP", "NameStore", "NameRecord", "NameKeys", "PrivateNames", "NamectlTestSupport"]),
        .testTarget(name: "NameDaemonTests", dependencies: [
            "NameDaemon", "NameResolver", "NameStore", "NameRecord", "NameKeys", "PrivateNames", "NamectlTestSupport",
            .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "PrivateNamesTests", dependencies: [
            "PrivateNames", "NameStore", "NameRecord", "NameKeys", "Sodium", "NameAmino", "Libp2p", "NamectlTestSupport",
        ]),
        .testTarget(name: "InteropTests", dependencies: ["NameRecord", "NameKeys", "Multiformats", "Sodium", "Libp2p", "NameAmino", "NamectlTestSupport"]),
        .testTarget(name: "Libp2pTests", dependencies: ["Libp2p", "Multiformats", "Sodium", "NamectlTestSupport"]),
        .testTarget(name: "NameAminoTests", dependencies: ["NameAmino", "Libp2p", "NameRecord", "NameKeys", "NamectlTestSupport"]),
        // Shared helpers for end-to-end tests that run the namectl binary.
        .target(name: "NamectlTestSupport", path: "Tests/NamectlTestSupport"),
        .testTarget(name: "NameDNSTests", dependencies: ["NameDNS", "NameResolver", "NameStore", "LDNS", "NameRecord", "NameKeys", "Multiformats", "NamectlTestSupport"]),
        .testTarget(name: "NameDHTTests", dependencies: ["NameDHT", "NameRecord", "NameKeys", "Sodium", "NamectlTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["NameStore", "NameRecord", "NameKeys", "Multiformats", "NamectlTestSupport"]),
    ]
)
