import ArgumentParser
import KeyWarden

/// `--config FILE`: which rules apply.
struct RuleOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Configuration file (default: .keywarden.toml in the repository root).")
    var config: String?

    /// The configuration for a scan of `path`: `--config`, else the `.keywarden.toml` that applies there.
    func configuration(for path: String) throws -> Configuration? {
        try config.map { path throws(RuleFileError) in try Configuration.load(from: path) }
            ?? Configuration.discover(for: path)
    }

    /// The rules for a scan of `path`.
    func ruleSet(for path: String) throws -> RuleSet {
        try RuleSet.resolve(try configuration(for: path))
    }
}
