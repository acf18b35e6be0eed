import TOMLKit

/// Reads rule and configuration files (TOML) into `Rule`, `Allowlist` and `Configuration` values,
/// rejecting unknown fields and wrong types with the file, line and rule id.
public enum RuleFileParser {
    /// Parses a file of `[[rules]]` (and optional top-level allowlists and settings).
    public static func parseConfiguration(_ text: String, origin: String) throws(RuleFileError) -> Configuration {
        let table: TOMLTable
        do {
            table = try TOMLText.parse(text)
        } catch {
            throw RuleFileError(file: origin, line: error.line, message: error.message)
        }
        let reader = FieldReader(table: table, origin: origin, text: text, ruleID: nil)
        try reader.rejectUnknown(["title", "description", "extend", "scan", "rules", "allowlist", "allowlists"])
        var configuration = Configuration()
        configuration.origin = origin
        if let extend = try reader.table("extend") {
            let extendReader = FieldReader(table: extend, origin: origin, text: text, ruleID: nil)
            try extendReader.rejectUnknown(["useDefault", "disabledRules"])
            configuration.useDefaultRules = try extendReader.bool("useDefault") ?? true
            configuration.disabledRules = try extendReader.strings("disabledRules")
        }
        if let scan = try reader.table("scan") {
            let scanReader = FieldReader(table: scan, origin: origin, text: text, ruleID: nil)
            try scanReader.rejectUnknown(["maxFileSize"])
            if let size = try scanReader.int("maxFileSize") {
                guard size > 0 else { throw scanReader.error("maxFileSize must be a positive number of bytes") }
                configuration.maxFileSize = size
            }
        }
        configuration.allowlists = try reader.allowlists()
        var seen: Set<String> = []
        for ruleTable in try reader.tables("rules") {
            let rule = try parseRule(ruleTable, origin: origin, text: text)
            guard seen.insert(rule.id).inserted else {
                throw RuleFileError(
                    file: origin, line: FieldReader.line(ofRule: rule.id, in: text), ruleID: rule.id,
                    message: "duplicate rule id (ids must be unique)")
            }
            configuration.rules.append(rule)
        }
        return configuration
    }

    static let ruleFields: Set<String> = [
        "id", "description", "provider", "regex", "secretGroup", "entropy", "keywords", "path", "tags",
        "maxLength", "rejectDegenerate", "checksum", "remediation", "severity", "helpUri", "examples", "negativeExamples",
        "allowlist", "allowlists",
    ]

    private static func parseRule(_ table: TOMLTable, origin: String, text: String) throws(RuleFileError) -> Rule {
        let reader = FieldReader(table: table, origin: origin, text: text, ruleID: table["id"]?.string)
        guard let id = try reader.string("id"), !id.isEmpty else { throw reader.error("a rule has no id") }
        try reader.rejectUnknown(ruleFields)
        guard let regex = try reader.string("regex") else { throw reader.error("no regex") }
        guard !regex.isEmpty else { throw reader.error("the regex is empty") }
        var rule = Rule(id: id, regex: regex)
        rule.origin = origin
        rule.description = try reader.string("description") ?? ""
        rule.provider = try reader.string("provider") ?? ""
        rule.secretGroup = try reader.int("secretGroup") ?? 0
        guard rule.secretGroup >= 0 else { throw reader.error("secretGroup must not be negative") }
        rule.entropy = try reader.double("entropy")
        if let entropy = rule.entropy, !(0...8).contains(entropy) {
            throw reader.error("entropy must be between 0 and 8 bits per character")
        }
        rule.keywords = try reader.strings("keywords")
        rule.path = try reader.string("path")
        rule.tags = try reader.strings("tags")
        rule.maxLength = try reader.int("maxLength") ?? 1024
        guard (1...1_048_576).contains(rule.maxLength) else { throw reader.error("maxLength must be 1 to 1048576") }
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
        rule.allowlists = try reader.allowlists()
        return rule
    }
}
