#if !FUZZING
import Foundation

/// Without libFuzzer: runs each file (or each file in each directory) given through a fuzz target, so
/// the regression corpus is replayed by every ordinary build and test run.
///
///     KEYWARDEN_FUZZ_TARGET=rules keywarden-fuzz Fuzz/corpus/rules Fuzz/regressions/rules
@main
struct CorpusReplay {
    static func main() {
        let target = FuzzTarget.selected
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            for path in files(at: argument) {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("keywarden-fuzz: cannot read \(path)\n".utf8))
                    exit(2)
                }
                target.run(Array(data))
                count += 1
            }
        }
        print("keywarden-fuzz: \(target.rawValue): \(count) inputs replayed")
    }

    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { "\(path)/\($0)" }
    }
}
#endif
