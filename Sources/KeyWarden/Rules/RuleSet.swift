import Crypto
import Foundation

/// The rules and allowlists in force for a scan: the defaults, extended or replaced by a configuration.
public struct RuleSet: Sendable, Hashable {
    public var rules: [Rule]
    /// Allowlists that apply to every rule.
    public var allowlists: [Allowlist]
    /// What a report should say about how the rules were read: not part of what they report, so not
    /// of equality (two checkouts of one configuration are one rule set).
    public var notes: [String] = []

    public static func == (lhs: RuleSet, rhs: RuleSet) -> Bool {
        lhs.rules == rhs.rules && lhs.allowlists == rhs.allowlists
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rules)
        hasher.combine(allowlists)
    }

    public init(rules: [Rule], allowlists: [Allowlist] = []) {
        self.rules = rules
        self.allowlists = allowlists
    }

    /// Whether any allowlist names commits: then what is found in a blob depends on the commit too.
    var hasCommitAllowlists: Bool {
        (rules.flatMap(\.allowlists) + allowlists).contains { !$0.commits.isEmpty }
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
        var resolved = configuration.dialect == .gitleaks
            ? try resolveGitleaks(configuration) : try resolveKeywarden(configuration)
        resolved.notes = configuration.allNotes + resolved.notes
        return resolved
    }

    private static func resolveKeywarden(_ configuration: Configuration) throws(RuleFileError) -> RuleSet {
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

    /// gitleaks' meaning: the configuration's rules, merged into those it extends (the defaults with
    /// `useDefault = true`, or the file `[extend] path` names) as gitleaks merges, less the disabled
    /// ones; targeted allowlists (`targetRules`) join their rules.
    private static func resolveGitleaks(_ configuration: Configuration) throws(RuleFileError) -> RuleSet {
        let origin = configuration.origin ?? Configuration.gitleaksFileName
        var resolved = try gitleaksRules(configuration)
        // A rule with neither a regex nor a path only changes the extended rule of its id. Extending
        // the defaults, it may name one of gitleaks' own rules, which keywarden's cover under other ids.
        var unmatched: [Rule] = []
        resolved.rules.removeAll { rule in
            guard rule.isPathOnly && rule.path == nil && configuration.useDefaultRules else { return false }
            unmatched.append(rule)
            return true
        }
        for rule in unmatched {
            resolved.notes.append(
                "\(rule.origin): rule '\(rule.id)' changes a rule of that id, which keywarden's built-in rules do not have "
                    + "(they cover gitleaks' rules under their own ids): not applied")
        }
        // As in gitleaks, only the file's own targeted allowlists apply, not those of files it extends.
        for (id, allowlists) in configuration.targetedAllowlists.sorted(by: { $0.key < $1.key }) {
            guard let index = resolved.rules.firstIndex(where: { $0.id == id }) else {
                throw RuleFileError(file: origin, message: "an allowlist's targetRules names '\(id)', which is not a rule")
            }
            resolved.rules[index].allowlists += allowlists
        }
        guard !resolved.rules.isEmpty else {
            throw RuleFileError(file: origin, message: "no rule is active (the configuration has no rules and extends none)")
        }
        if let empty = resolved.rules.first(where: { $0.isPathOnly && $0.path == nil }) {
            throw RuleFileError(file: empty.origin, ruleID: empty.id, message: "the rule has neither a regex nor a path (nor extends a rule that has)")
        }
        return resolved
    }

    private static func gitleaksRules(_ configuration: Configuration) throws(RuleFileError) -> RuleSet {
        let base: RuleSet
        if configuration.useDefaultRules {
            base = try defaults()
        } else if let extended = configuration.extended.first {
            base = try gitleaksRules(extended)
        } else {
            base = RuleSet(rules: [])
        }
        var rules = configuration.rules
        var notes: [String] = []
        for id in configuration.disabledRules where !base.rules.contains(where: { $0.id == id }) {
            // gitleaks warns and goes on.
            notes.append("\(configuration.origin ?? Configuration.gitleaksFileName): disabledRules names '\(id)', which the extended rules do not have")
        }
        for rule in base.rules where !configuration.disabledRules.contains(rule.id) {
            if let index = rules.firstIndex(where: { $0.id == rule.id }) {
                rules[index] = rule.extended(by: rules[index])
            } else {
                rules.append(rule)
            }
        }
        var ruleSet = RuleSet(rules: rules, allowlists: configuration.allowlists + base.allowlists)
        ruleSet.notes = base.notes + notes
        return ruleSet
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
