import Matching

/// A rule set checked and compiled for scanning: immutable, shared by every worker.
public struct CompiledRuleSet: Sendable {
    public let ruleSet: RuleSet
    let database: MatcherDatabase
    /// For each matcher pattern, the index of its rule in `ruleSet.rules`.
    let patternRules: [Int]
    /// The literals whose occurrence marks a candidate base64 run (see `EncodedSignatures`).
    let markerCount: Int

    /// Checks and compiles `ruleSet`.
    /// - Throws: `RuleFileError` naming the rule's file and id when a regex does not compile, its
    ///   secret group does not exist, or it matches the empty string; likewise for path and allowlist
    ///   regexes.
    /// - Parameter cacheDirectory: where the compiled matcher is cached between runs (default:
    ///   `~/.cache/keywarden`; nil compiles every time).
    public init(_ ruleSet: RuleSet, cacheDirectory: String? = MatcherDatabase.defaultCacheDirectory) throws(RuleFileError) {
        self.ruleSet = ruleSet
        // The built-in rules' path and allowlist regexes are known to compile (the test suite checks
        // them); only a configuration's own are compiled here to be checked.
        let builtIn = (try? RuleSet.defaults()) ?? RuleSet(rules: [])
        // Compared whole, the common case (the defaults themselves) costs one pass, not one per rule.
        let allBuiltInRules = builtIn.rules == ruleSet.rules
        let builtInRules = allBuiltInRules ? [] : Set(builtIn.rules)
        for rule in ruleSet.rules where !allBuiltInRules && !builtInRules.contains(rule) {
            try Self.checkRegexes(in: rule.allowlists, origin: rule.origin, ruleID: rule.id)
            if let path = rule.path { try Self.checkRegex(path, field: "path", origin: rule.origin, ruleID: rule.id) }
        }
        try Self.checkRegexes(
            in: ruleSet.allowlists.filter { !builtIn.allowlists.contains($0) }, origin: "configuration", ruleID: nil)
        // Rules that match by path alone have no pattern.
        patternRules = ruleSet.rules.indices.filter { !ruleSet.rules[$0].isPathOnly }
        // The built-in rules have a keyword within reach of every match (their examples are tested for
        // it); a configuration's keywords, as gitleaks reads them, only have to be in the file.
        let patterns = patternRules.map { ruleSet.rules[$0] }.map {
            PatternDefinition(
                regex: $0.regex, keywords: $0.keywords, maxLength: $0.maxLength, secretGroup: $0.secretGroup,
                keywordsInEveryMatch: allBuiltInRules || builtInRules.contains($0), isPathGated: $0.path != nil)
        }
        let markers = EncodedSignatures.markers(forKeywords: ruleSet.rules.flatMap(\.keywords))
        do {
            database = try MatcherDatabase(patterns: patterns, markers: markers, cacheDirectory: cacheDirectory)
        } catch {
            guard let index = error.pattern else {
                throw RuleFileError(file: "rules", message: error.localizedDescription)
            }
            let rule = ruleSet.rules[patternRules[index]]
            throw RuleFileError(
                file: rule.origin, line: Self.line(of: rule), ruleID: rule.id, message: error.localizedDescription)
        }
        markerCount = markers.count
    }

    /// `ruleSet` compiled; the default rules (the common case: no configuration file) are compiled
    /// once per process, possibly already in the background since launch (see `StartUp`).
    public static func prepared(_ ruleSet: RuleSet) throws(RuleFileError) -> CompiledRuleSet {
        if let defaults = try? RuleSet.defaults(), defaults == ruleSet, case .success(let compiled) = compiledDefaults {
            return compiled
        }
        return try CompiledRuleSet(ruleSet)
    }

    private static let compiledDefaults = Result { () throws(RuleFileError) in
        try CompiledRuleSet(try RuleSet.defaults())
    }

    private static func line(of rule: Rule) -> Int? {
        if rule.origin.hasPrefix("rules/"), let text = DefaultRules.text(of: String(rule.origin.dropFirst(6))) {
            return FieldReader.line(ofRule: rule.id, in: text)
        }
        return nil
    }

    private static func checkRegexes(in allowlists: [Allowlist], origin: String, ruleID: String?) throws(RuleFileError) {
        for allowlist in allowlists {
            for regex in allowlist.paths { try checkRegex(regex, field: "allowlist path", origin: origin, ruleID: ruleID) }
            for regex in allowlist.regexes { try checkRegex(regex, field: "allowlist regex", origin: origin, ruleID: ruleID) }
        }
    }

    private static func checkRegex(_ regex: String, field: String, origin: String, ruleID: String?) throws(RuleFileError) {
        do {
            _ = try CompiledRegex(regex)
        } catch {
            throw RuleFileError(file: origin, ruleID: ruleID, message: "\(field) \(regex.debugDescription): \(error.localizedDescription)")
        }
    }
}
