import ArgumentParser
import KeyWarden

/// `--config FILE`: which rules apply.
struct RuleOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Configuration file (default: .keywarden.toml in the repository root).")
    var config: String?

    /// The rules for a scan of `path`.
    func ruleSet(for path: String) throws -> RuleSet {
        let configuration = try config.map { path throws(RuleFileError) in try Configuration.load(from: path) }
            ?? Configuration.discover(for: path)
        return try RuleSet.resolve(configuration)
    }

    /// The configuration's maximum file size, if it sets one.
    func maxFileSize(for path: String) throws -> Int? {
        let configuration = try config.map { path throws(RuleFileError) in try Configuration.load(from: path) }
            ?? Configuration.discover(for: path)
        return configuration?.maxFileSize
    }
}
