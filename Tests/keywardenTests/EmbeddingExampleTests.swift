import Foundation
import TestSupport
import Testing

/// The embedding example (`examples/embedding`) uses KeyWarden as a package that depends on
/// keywarden does: through its public declarations only. It is type-checked here against the module
/// this build made, without the package's name, so a `package` declaration is out of its reach; `make
/// example` builds and runs it as a package of its own.
@Suite struct EmbeddingExampleTests {
    /// `swiftc -typecheck` of `source` against the build's modules, as a client outside the package.
    static func typeCheck(_ source: String) throws -> ProcessResult {
        let swiftc = try #require(ProcessRunner.which("swiftc"), "no swiftc on PATH")
        let build = URL(fileURLWithPath: KeyWardenBinary.path).deletingLastPathComponent()
        let scratch = build.deletingLastPathComponent().deletingLastPathComponent()
        // C modules: the maps SwiftPM generated for this build, then the packages' own; one per module.
        var maps: [String] = []
        var named = Set<String>()
        let generated = try FileManager.default.contentsOfDirectory(atPath: build.path).filter { $0.hasSuffix(".build") }.sorted()
            .map { build.path + "/" + $0 + "/module.modulemap" }
        let written = [KeyWardenBinary.packageRoot + "/Sources", scratch.path + "/checkouts"].flatMap { root in
            (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix("module.modulemap") && ($0.contains("/Sources/") || !root.hasSuffix("checkouts")) }
                .sorted().map { root + "/" + $0 }
        }
        for map in generated + written {
            guard let text = try? String(contentsOfFile: map, encoding: .utf8) else { continue }
            let name = text.split(whereSeparator: \.isWhitespace).drop { $0 != "module" }.dropFirst().first.map(String.init)
            guard let name, named.insert(name).inserted else { continue }
            maps.append(map)
        }
        let file = try TemporaryDirectory("embedding")
        try source.write(toFile: file.path + "/main.swift", atomically: true, encoding: .utf8)
        let flags = maps.flatMap { ["-Xcc", "-fmodule-map-file=" + $0, "-Xcc", "-I" + ($0 as NSString).deletingLastPathComponent] }
        return try ProcessRunner.run(swiftc, ["-typecheck", file.path + "/main.swift", "-I", build.path + "/Modules"] + flags)
    }

    @Test func theExampleNeedsOnlyThePublicSurface() throws {
        let example = try String(
            contentsOfFile: KeyWardenBinary.packageRoot + "/examples/embedding/Sources/embed-keywarden/main.swift", encoding: .utf8)
        let checked = try Self.typeCheck(example)
        #expect(checked.status == 0, "\(checked.standardError)")
        // The same check refuses what only the package sees: it would not catch a narrowed surface otherwise.
        let plumbing = try Self.typeCheck("import KeyWarden\nprint(Redaction.redact(\"key_0123456789\"))\n")
        #expect(plumbing.status != 0 && plumbing.standardError.contains("cannot find 'Redaction' in scope"), "\(plumbing.standardError)")
    }
}
