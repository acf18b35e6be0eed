import Crypto
import Foundation

/// The rules and allowlists in force for a scan: the defaults, extended or replaced by a configuration.
public struct RuleSet: Sendable, Hashable {
    public var rules: [Rule]
    /// Allowlists that apply to every rule.
    public var allowlists: [Allowlist]

    public init(rules: [Rule], allowlists: [Allowlist] = []) {
        self.rules = rules
        self.allowlists = allowlists
    }

    /// The rules compiled into keywarden: `rules/*.toml` as parsed when keywarden was built
    /// (`DefaultRules+RuleSet.swift`; a test holds it to the rule files' text). Parsing the TOML at run
    /// time cost 3-4 ms of CPU on every run, a tenth of a pre-commit hook's. Never throws today; the
    /// signature keeps room for a default that must be read at run time.
    public static func defaults() throws(RuleFileError) -> RuleSet {
        compiledInDefaults
    }

    private static let compiledInDefaults = DefaultRules.parsedRuleSet()

    /// Parses the embedded rule files as `defaults()` once did: what `make rules` renders into
    /// `DefaultRules+RuleSet.swift`.
    static func parsingDefaultRuleFiles() throws(RuleFileError) -> RuleSet {
        var rules: [Rule] = []
        var allowlists: [Allowlist] = []
        var origins: [String: String] = [:]
        for file in DefaultRules.files {
            let configuration = try RuleFileParser.parseConfiguration(file.text, origin: "rules/\(file.name)")
            allowlists += configuration.allowlists
            for rule in configuration.rules {
                if let other = origins[rule.id] {
                    throw RuleFileError(
                        file: "rules/\(file.name)", ruleID: rule.id, message: "duplicate rule id (also in \(other))")
                }
                origins[rule.id] = rule.origin
                rules.append(rule)
            }
        }
        return RuleSet(rules: rules, allowlists: allowlists)
    }

    /// The defaults (unless the configuration says `useDefault = false`), less the disabled rules,
    /// with the configuration's rules added (replacing a default rule of the same id) and its
    /// allowlists applied to every rule.
    /// - Throws: `RuleFileError` when a disabled rule does not exist or no rule is left.
    public static func resolve(_ configuration: Configuration?) throws(RuleFileError) -> RuleSet {
        guard let configuration else { return try defaults() }
        let defaults = configuration.useDefaultRules ? try defaults() : RuleSet(rules: [])
        var rules = defaults.rules
        let origin = configuration.origin ?? Configuration.fileName
        for id in configuration.disabledRules {
            guard rules.contains(where: { $0.id == id }) || configuration.rules.contains(where: { $0.id == id }) else {
                throw RuleFileError(file: origin, message: "disabledRules names '\(id)', which is not a rule")
            }
        }
        for rule in configuration.rules {
            if let index = rules.firstIndex(where: { $0.id == rule.id }) {
                rules[index] = rule
            } else {
                rules.append(rule)
            }
        }
        rules.removeAll { configuration.disabledRules.contains($0.id) }
        guard !rules.isEmpty else {
            // A scan with no rule reports "no secrets found" about anything: that is an error, not a result.
            throw RuleFileError(file: origin, message: "no rule is active (the configuration turns off the defaults and adds none, or disables every rule)")
        }
        return RuleSet(rules: rules, allowlists: defaults.allowlists + configuration.allowlists)
    }

    /// A hash of everything that decides what the rules report, for caches keyed by rule set.
    public var contentHash: String {
        var hasher = SHA256()
        for rule in rules {
            hasher.update(data: Data("\(rule)\u{0}".utf8))
        }
        for allowlist in allowlists {
            hasher.update(data: Data("\(allowlist)\u{0}".utf8))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
