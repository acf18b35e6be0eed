import TOMLKit

/// Reads rule and configuration files (TOML) into `Rule`, `Allowlist` and `Configuration` values,
/// rejecting unknown fields and wrong types with the file, line and rule id. Reads keywarden's own
/// format and gitleaks 8.x configurations (see `ConfigurationDialect`).
package enum RuleFileParser {
    /// Reads the file an `[extend] path` names: its text and the name to report, or throws.
    package typealias Includer = (_ path: String, _ from: String) throws(RuleFileError) -> (text: String, origin: String)

    /// gitleaks follows `[extend] path` at most this deep.
    static let maximumExtendDepth = 2

    /// Parses a file of `[[rules]]` (and optional top-level allowlists and settings).
    /// - Parameter include: reads a file `[extend] path` names; nil: such a configuration is refused.
    package static func parseConfiguration(
        _ text: String, origin: String, include: Includer? = nil
    ) throws(RuleFileError) -> Configuration {
        try parseConfiguration(text, origin: origin, include: include, depth: 0)
    }

    private static func parseConfiguration(
        _ text: String, origin: String, include: Includer?, depth: Int
    ) throws(RuleFileError) -> Configuration {
        let table: TOMLTable
        do {
            table = try TOMLText.parse(text)
        } catch {
            throw RuleFileError(file: origin, line: error.line, message: error.message)
        }
        let reader = FieldReader(table: table, origin: origin, text: text, ruleID: nil)
        var configuration = Configuration()
        configuration.origin = origin
        configuration.dialect = depth > 0 ? .gitleaks : ConfigurationDialect.of(fileNamed: origin, table: table)
        let gitleaks = configuration.dialect == .gitleaks
        try reader.rejectUnknown(["title", "description", "extend", "scan", "rules", "allowlist", "allowlists"] + (gitleaks ? ["minVersion"] : []))
        if gitleaks {
            configuration.useDefaultRules = false
            configuration.minVersion = try reader.string("minVersion")
        }
        if depth == maximumExtendDepth, table["extend"] != nil {
            // gitleaks reads no [extend] at all this deep: not its path, not useDefault.
            configuration.notes.append("\(origin): [extend] not followed: gitleaks extends at most \(maximumExtendDepth) files deep")
        } else if let extend = try reader.table("extend") {
            let extendReader = FieldReader(table: extend, origin: origin, text: text, ruleID: nil)
            try extendReader.rejectUnknown(["useDefault", "disabledRules"] + (gitleaks ? ["path", "url"] : []))
            configuration.useDefaultRules = try extendReader.bool("useDefault") ?? !gitleaks
            configuration.disabledRules = try extendReader.strings("disabledRules")
            if let path = try extendReader.string("path"), !path.isEmpty {
                guard !configuration.useDefaultRules else {
                    throw extendReader.error("[extend] cannot set both path and useDefault (gitleaks refuses it too)")
                }
                guard let include else { throw extendReader.error("[extend] path cannot be followed here") }
                let file = try include(path, origin)
                configuration.extended = [try parseConfiguration(file.text, origin: file.origin, include: include, depth: depth + 1)]
            }
            if let url = try extendReader.string("url"), !url.isEmpty {
                configuration.notes.append("\(origin): [extend] url is ignored, as gitleaks ignores it (it is not implemented there)")
            }
        }
        if let scan = try reader.table("scan") {
            let scanReader = FieldReader(table: scan, origin: origin, text: text, ruleID: nil)
            try scanReader.rejectUnknown(["maxFileSize"])
            if let size = try scanReader.int("maxFileSize") {
                guard size > 0 else { throw scanReader.error("maxFileSize must be a positive number of bytes") }
                configuration.maxFileSize = size
            }
        }
        for (allowlist, targets) in try reader.allowlists(allowingTargets: gitleaks) {
            if targets.isEmpty {
                configuration.allowlists.append(allowlist)
            } else {
                for id in targets { configuration.targetedAllowlists[id, default: []].append(allowlist) }
            }
        }
        var seen: Set<String> = []
        for ruleTable in try reader.tables("rules") {
            let rule = try parseRule(ruleTable, origin: origin, text: text, dialect: configuration.dialect)
            if gitleaks, seen.contains(rule.id), let index = configuration.rules.firstIndex(where: { $0.id == rule.id }) {
                // gitleaks keeps the last rule of an id.
                configuration.rules[index] = rule
                configuration.notes.append("\(origin): rule '\(rule.id)' is defined twice: the later one applies, as in gitleaks")
                continue
            }
            guard seen.insert(rule.id).inserted else {
                throw RuleFileError(
                    file: origin, line: FieldReader.line(ofRule: rule.id, in: text), ruleID: rule.id,
                    message: "duplicate rule id (ids must be unique)")
            }
            configuration.rules.append(rule)
        }
        for rule in configuration.rules {
            // As in gitleaks, a required rule must be in the same file.
            for required in rule.required where !seen.contains(required.ruleID) {
                throw RuleFileError(
                    file: origin, line: FieldReader.line(ofRule: rule.id, in: text), ruleID: rule.id,
                    message: "[[rules.required]] names '\(required.ruleID)', which is not a rule")
            }
        }
        return configuration
    }

    static let ruleFields: Set<String> = [
        "id", "description", "provider", "regex", "secretGroup", "entropy", "keywords", "path", "tags",
        "maxLength", "rejectDegenerate", "checksum", "remediation", "severity", "helpUri", "examples", "negativeExamples",
        "allowlist", "allowlists",
    ]
    static let gitleaksRuleFields: Set<String> = ["required", "skipReport"]

    private static func parseRule(
        _ table: TOMLTable, origin: String, text: String, dialect: ConfigurationDialect
    ) throws(RuleFileError) -> Rule {
        let gitleaks = dialect == .gitleaks
        let reader = FieldReader(table: table, origin: origin, text: text, ruleID: table["id"]?.string)
        guard let id = try reader.string("id"), !id.isEmpty else { throw reader.error("a rule has no id") }
        try reader.rejectUnknown(gitleaks ? ruleFields.union(gitleaksRuleFields) : ruleFields)
        let regex = try reader.string("regex") ?? ""
        let path = try reader.string("path")
        // gitleaks reads a rule with a path and no regex as "report every file at this path", and one
        // with neither may still change the rule of its id it extends (checked once resolved).
        if regex.isEmpty && !gitleaks { throw reader.error(table["regex"] == nil ? "no regex" : "the regex is empty") }
        var rule = Rule(id: id, regex: regex)
        rule.origin = origin
        rule.description = try reader.string("description") ?? ""
        rule.provider = try reader.string("provider") ?? ""
        if gitleaks && rule.provider.isEmpty {
            // gitleaks lets a specific rule's finding win over a generic one's; keywarden does that
            // for the provider "Generic", so gitleaks' generic rules (by id) are that provider's.
            rule.provider = id.lowercased().contains("generic") ? "Generic" : ""
        }
        if let group = try reader.int("secretGroup"), !(gitleaks && group == 0) {
            guard group >= 0 else { throw reader.error("secretGroup must not be negative") }
            rule.secretGroup = group
        } else {
            rule.secretGroup = gitleaks ? nil : 0
        }
        if let entropy = try reader.double("entropy"), !(gitleaks && entropy == 0) {
            // gitleaks takes any threshold (above 8 bits per byte nothing passes).
            guard gitleaks ? entropy >= 0 : (0...8).contains(entropy) else {
                throw reader.error("entropy must be between 0 and 8 bits per character")
            }
            // gitleaks drops a secret whose entropy is at most the threshold, keywarden one below it:
            // the next representable number makes `< threshold` mean gitleaks' `<=`.
            rule.entropy = gitleaks ? entropy.nextUp : entropy
        }
        rule.keywords = try reader.strings("keywords")
        rule.path = path
        rule.tags = try reader.strings("tags")
        if let length = try reader.int("maxLength") {
            guard (1...1_048_576).contains(length) else { throw reader.error("maxLength must be 1 to 1048576") }
            rule.maxLength = length
        } else if gitleaks {
            // gitleaks has no limit on a match's length (its private-key rule matches a whole PEM block).
            rule.maxLength = Rule.unlimitedMatchLength
        }
        rule.rejectsDegenerate = try reader.bool("rejectDegenerate") ?? false
        if let checksum = try reader.string("checksum") {
            guard let known = SecretChecksum(rawValue: checksum) else {
                let names = SecretChecksum.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error("unknown checksum '\(checksum)' (known: \(names))")
            }
            rule.checksum = known
        }
        rule.remediation = try reader.string("remediation") ?? ""
        if let severity = try reader.string("severity") {
            guard let known = RuleSeverity(rawValue: severity) else {
                let names = RuleSeverity.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error("unknown severity '\(severity)' (known: \(names))")
            }
            rule.severity = known
        }
        if let uri = try reader.string("helpUri") {
            guard uri.hasPrefix("https://") || uri.hasPrefix("http://") else { throw reader.error("helpUri must be an http(s) URL") }
            rule.helpURI = uri
        }
        rule.examples = try reader.examples("examples")
        rule.negativeExamples = try reader.examples("negativeExamples")
        rule.allowlists = try reader.allowlists(allowingTargets: false).map(\.allowlist)
        if gitleaks {
            rule.skipReport = try reader.bool("skipReport") ?? false
            for requirement in try reader.tables("required") {
                let requiredReader = FieldReader(table: requirement, origin: origin, text: text, ruleID: id)
                try requiredReader.rejectUnknown(["id", "withinLines", "withinColumns"])
                guard let requiredID = try requiredReader.string("id"), !requiredID.isEmpty else {
                    throw requiredReader.error("[[rules.required]] has no id")
                }
                let lines = try requiredReader.int("withinLines")
                let columns = try requiredReader.int("withinColumns")
                guard (lines ?? 0) >= 0, (columns ?? 0) >= 0 else {
                    throw requiredReader.error("withinLines and withinColumns must not be negative")
                }
                rule.required.append(RequiredRule(ruleID: requiredID, withinLines: lines, withinColumns: columns))
            }
        }
        return rule
    }
}
