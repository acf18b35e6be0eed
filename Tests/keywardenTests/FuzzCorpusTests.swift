import Foundation
import TestSupport
import Testing

/// Every input in the fuzz corpus and every crash the fuzzer ever found (`Fuzz/regressions/`) goes
/// through its target again on each test run; the rule-file crashes also through `keywarden` itself,
/// which must refuse them with exit 2 and a message naming the file and line.
@Suite struct FuzzCorpusTests {
    static let root = KeyWardenBinary.packageRoot + "/Fuzz"

    @Test(arguments: ["scan", "rules", "ignore"])
    func corpusAndRegressionsReplayWithoutACrash(target: String) throws {
        let replay = (KeyWardenBinary.path as NSString).deletingLastPathComponent + "/keywarden-fuzz"
        #expect(FileManager.default.isExecutableFile(atPath: replay), "keywarden-fuzz is not built")
        let directories = ["\(Self.root)/corpus/\(target)", "\(Self.root)/regressions/\(target)"]
        let inputs = directories.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }.filter { !$0.hasPrefix(".") }
        #expect(!inputs.isEmpty)
        let result = try ProcessRunner.run(
            replay, directories, environment: ["KEYWARDEN_FUZZ_TARGET": target, "KEYWARDEN_NO_CACHE": "1"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\(target): \(inputs.count) inputs replayed"), "\(result.standardOutput)")
    }

    @Test func ruleFilesThatCrashedTheParserAreRefusedWithTheirLine() throws {
        let directory = "\(Self.root)/regressions/rules"
        let empty = try TemporaryDirectory("fuzz-empty")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasPrefix(".") {
            let result = try KeyWardenBinary.run(["scan", "--config", "\(directory)/\(name)", empty.path])
            #expect(result.status == 2, "\(name): exit \(result.status)")
            #expect(result.standardError.contains("\(name):") && result.standardError.contains("TOML syntax error"), "\(name): \(result.standardError)")
        }
    }
}
