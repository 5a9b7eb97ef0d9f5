// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "namectl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "namectl", targets: ["namectl"]),
        .library(name: "NameRecord", targets: ["NameRecord"]),
        .library(name: "NameKeys", targets: ["NameKeys"]),
        .library(name: "Multiformats", targets: ["Multiformats"]),
        .library(name: "NameDHT", targets: ["NameDHT"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        // Mainline DHT (BEP 5 KRPC + BEP 44 mutable items) over plain POSIX UDP sockets.
        .target(
            name: "NameDHT",
            dependencies: ["NameRecord", "NameKeys", "Sodium", .product(name: "Logging", package: "swift-log")]
        ),

        .executableTarget(
            name: "namectl",
            dependencies: [
                "NameRecord", "NameKeys", "Multiformats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Release-mode benchmark runner for `make bench` (prints ratios against raw libsodium).
        .executableTarget(name: "namectl-bench", dependencies: ["NameRecord", "NameKeys", "Sodium"], path: "Benchmarks/namectl-bench"),

        .testTarget(name: "MultiformatsTests", dependencies: ["Multiformats"]),
        .testTarget(name: "NameKeysTests", dependencies: ["NameKeys", "Multiformats", "Sodium"]),
        .testTarget(name: "NameRecordTests", dependencies: ["NameRecord", "NameKeys", "Multiformats", "Sodium"]),
        .testTarget(name: "NameDHTTests", dependencies: ["NameDHT", "NameRecord", "NameKeys", "Sodium"]),
        .testTarget(name: "CLITests", dependencies: ["NameRecord", "NameKeys", "Multiformats"]),
    ]
)
