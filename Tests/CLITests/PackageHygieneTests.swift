import Foundation
import Testing

/// Package.swift tells the truth: every module a target imports is one of its declared
/// dependencies, the README's library example imports only library products, and platform imports
/// (`Glibc`/`Darwin`) sit behind `#if canImport(…)` guards with both branches, so the library
/// products can build on macOS as claimed.
@Suite(.serialized)
struct PackageHygieneTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Modules of the toolchain itself, never declared as dependencies.
    static let toolchainModules: Set<String> = ["Foundation", "FoundationNetworking", "FoundationEssentials", "Dispatch", "Glibc",
                                                "Darwin", "Synchronization", "Testing", "XCTest", "_Concurrency"]

    /// `swift package dump-package` (in a scratch directory of its own, so a running build's lock is not in the way).
    static func manifest() throws -> [String: Any] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-dump-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every Swift file under `directory`.
    static func swiftFiles(_ directory: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }

    /// The modules `import`ed by the Swift files in `text` (`@testable` and `@preconcurrency` included).
    static func imports(_ text: String) -> Set<String> {
        var out = Set<String>()
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
            if words.count == 2, words[0] == "import" { out.insert(String(words[1])) }
        }
        return out
    }

    @Test func everyImportedModuleIsADeclaredDependency() throws {
        let manifest = try Self.manifest()
        let targets = try #require(manifest["targets"] as? [[String: Any]])
        var checked = 0
        for target in targets where target["type"] as? String != "system" {
            let name = try #require(target["name"] as? String)
            let folder = target["path"] as? String ?? ((target["type"] as? String == "test" ? "Tests/" : "Sources/") + name)
            var declared = Set<String>()
            for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
                for kind in ["byName", "target", "product"] {
                    if let first = (dependency[kind] as? [Any])?.first as? String { declared.insert(first) }
                }
            }
            var imported = Set<String>()
            for file in Self.swiftFiles(Self.root.appendingPathComponent(folder)) {
                imported.formUnion(Self.imports(try String(contentsOf: file, encoding: .utf8)))
            }
            let undeclared = imported.subtracting(declared).subtracting(Self.toolchainModules).subtracting([name])
            #expect(undeclared.isEmpty, "target \(name) imports \(undeclared.sorted()) without declaring them")
            checked += 1
        }
        #expect(checked > 10)
    }

    @Test func theReadmeLibraryExampleImportsOnlyLibraryProducts() throws {
        let manifest = try Self.manifest()
        let products = try #require(manifest["products"] as? [[String: Any]])
        let libraries = Set(products.filter { ($0["type"] as? [String: Any])?["library"] != nil }.flatMap { $0["targets"] as? [String] ?? [] })
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let imported = blocks.reduce(into: Set<String>()) { $0.formUnion(Self.imports($1)) }.subtracting(Self.toolchainModules)
        #expect(!imported.isEmpty)
        #expect(imported.isSubset(of: libraries), "README imports \(imported.subtracting(libraries).sorted()), which are not library products")
    }

    @Test func platformImportsAndCallsAreGuardedForBothPlatforms() throws {
        var files = Self.swiftFiles(Self.root.appendingPathComponent("Sources")) + Self.swiftFiles(Self.root.appendingPathComponent("Tests"))
        files += Self.swiftFiles(Self.root.appendingPathComponent("examples")) + Self.swiftFiles(Self.root.appendingPathComponent("Benchmarks"))
        var platformFiles = 0
        for file in files where file.lastPathComponent != "PackageHygieneTests.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard text.contains("Glibc") || text.contains("Darwin") else { continue }
            platformFiles += 1
            #expect(text.contains("canImport(Glibc)") && text.contains("canImport(Darwin)"), "\(file.lastPathComponent): guard both platforms")
            // Each use of a platform module sits in the branch of an `#if`/`#elseif canImport(ThatModule)`.
            var branch = [String]()
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("#if") { branch.append(trimmed) } else if trimmed.hasPrefix("#elseif") || trimmed.hasPrefix("#else") {
                    if !branch.isEmpty { branch[branch.count - 1] = trimmed }
                } else if trimmed.hasPrefix("#endif") { _ = branch.popLast() }
                for module in ["Glibc", "Darwin"] where !trimmed.hasPrefix("//")
                    && (trimmed.hasPrefix("import \(module)") || trimmed.range(of: "\\b\(module)\\.[a-z]", options: .regularExpression) != nil) {
                    #expect(branch.contains { $0.contains("canImport(\(module))") }, "\(file.lastPathComponent):\(number + 1): \(trimmed)")
                }
            }
        }
        #expect(platformFiles > 0)
    }
}
