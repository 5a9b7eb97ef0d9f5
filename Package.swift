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
        .library(name: "NameDNS", targets: ["NameDNS"]),
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
        // The one thin Swift wrapper over ldns (the only target that imports CLDNS).
        .target(name: "LDNS", dependencies: ["CLDNS"]),
        .target(name: "NameDNS", dependencies: ["LDNS", "NameRecord", "NameKeys", "Multiformats"]),

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
        .testTarget(name: "NameDNSTests", dependencies: ["NameDNS", "LDNS", "NameRecord", "NameKeys", "Multiformats"]),
        .testTarget(name: "CLITests", dependencies: ["NameRecord", "NameKeys", "Multiformats"]),
    ]
)
