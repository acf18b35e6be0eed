import Foundation
import KeyWarden

/// What the fuzzer feeds arbitrary bytes to. Each target must never crash, hang or leak a secret into
/// an error message, whatever the bytes; errors that say what is wrong are the expected outcome.
enum FuzzTarget: String, CaseIterable {
    /// A rule or `.keywarden.toml` file: parsed, resolved and compiled, so user regexes reach PCRE2 and
    /// Vectorscan. The default rules are left out of the compile (they are the same every time and
    /// would cost a quarter of a second per input).
    case rules
    /// File content scanned with the default rules, under a path picked by the first byte (so that
    /// path-bound rules such as `.npmrc` and env files are reached too).
    case scan
    /// A `.keywardenignore` file.
    case ignore

    static let scanPaths = ["notes.txt", ".env.production", ".npmrc", "k8s/prod/secret.yaml", "src/app.py", ".git-credentials", "data.json", "id_rsa"]

    /// The default rules, compiled once per process.
    private static let scanner: SecretScanner = {
        do {
            return SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()))
        } catch {
            fatalError("the default rules do not compile: \(error)")
        }
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .rules:
            guard let text = String(validating: bytes, as: UTF8.self) else { return }
            guard var configuration = try? RuleFileParser.parseConfiguration(text, origin: "fuzz.toml") else { return }
            configuration.useDefaultRules = false
            guard let ruleSet = try? RuleSet.resolve(configuration),
                let compiled = try? CompiledRuleSet(ruleSet)
            else { return }
            // A rule set that compiles must also scan its own source without trouble.
            _ = try? SecretScanner(rules: compiled).findings(in: bytes, path: "fuzz.toml")
        case .scan:
            let path = Self.scanPaths[Int(bytes.first ?? 0) % Self.scanPaths.count]
            _ = try? Self.scanner.findings(in: Array(bytes.dropFirst()), path: path)
        case .ignore:
            _ = try? IgnoreFile.parse(String(decoding: bytes, as: UTF8.self), path: ".keywardenignore")
        }
    }

    /// The target named by `KEYWARDEN_FUZZ_TARGET` (default: scan).
    static var selected: FuzzTarget {
        let name = ProcessInfo.processInfo.environment["KEYWARDEN_FUZZ_TARGET"] ?? "scan"
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("KEYWARDEN_FUZZ_TARGET must be one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }
}
