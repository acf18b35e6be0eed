import Foundation

import TOMLKit

/// Typed access to one TOML table's fields, throwing `RuleFileError`s that say where and what.
struct FieldReader {
    let table: TOMLTable
    let origin: String
    let text: String
    let ruleID: String?

    func error(_ message: String) -> RuleFileError {
        RuleFileError(file: origin, line: ruleID.flatMap { Self.line(ofRule: $0, in: text) }, ruleID: ruleID, message: message)
    }

    /// The 1-based line of `id = "<id>"` in `text`, for messages about that rule.
    static func line(ofRule id: String, in text: String) -> Int? {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("id"), trimmed.contains("\"\(id)\"") || trimmed.contains("'\(id)'") else { continue }
            return number + 1
        }
        return nil
    }

    func rejectUnknown(_ known: some Sequence<String>) throws(RuleFileError) {
        let known = Set(known)
        for key in table.keys where !known.contains(key) {
            throw error("unknown field '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    private func typeError(_ key: String, expected: String) -> RuleFileError {
        error("'\(key)' must be \(expected)")
    }

    func string(_ key: String) throws(RuleFileError) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw typeError(key, expected: "a string") }
        return string
    }

    func int(_ key: String) throws(RuleFileError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int else { throw typeError(key, expected: "an integer") }
        return int
    }

    func double(_ key: String) throws(RuleFileError) -> Double? {
        guard let value = table[key] else { return nil }
        if let double = value.double { return double }
        if let int = value.int { return Double(int) }
        throw typeError(key, expected: "a number")
    }

    func bool(_ key: String) throws(RuleFileError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { throw typeError(key, expected: "true or false") }
        return bool
    }

    func strings(_ key: String) throws(RuleFileError) -> [String] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw typeError(key, expected: "an array of strings") }
        var strings: [String] = []
        for element in array {
            guard let string = element.string else { throw typeError(key, expected: "an array of strings") }
            strings.append(string)
        }
        return strings
    }

    func table(_ key: String) throws(RuleFileError) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let table = value.table else { throw typeError(key, expected: "a table") }
        return table
    }

    /// An array of tables (`[[key]]`), or a single table.
    func tables(_ key: String) throws(RuleFileError) -> [TOMLTable] {
        guard let value = table[key] else { return [] }
        if let single = value.table { return [single] }
        guard let array = value.array else { throw typeError(key, expected: "an array of tables") }
        var tables: [TOMLTable] = []
        for element in array {
            guard let table = element.table else { throw typeError(key, expected: "an array of tables") }
            tables.append(table)
        }
        return tables
    }

    func examples(_ key: String) throws(RuleFileError) -> [RuleExample] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw typeError(key, expected: "an array") }
        var examples: [RuleExample] = []
        for element in array {
            if let template = element.string {
                examples.append(RuleExample(template: template))
            } else if let table = element.table, let template = table["text"]?.string {
                examples.append(RuleExample(template: template, path: table["path"]?.string ?? "example.txt"))
            } else {
                throw typeError(key, expected: "an array of strings or { text = …, path = … } tables")
            }
        }
        return examples
    }

    /// The allowlists of this table: `[allowlist]` (gitleaks' older form) and `[[allowlists]]`, each
    /// with the rule ids it is limited to (gitleaks' `targetRules`, read when `allowingTargets`).
    func allowlists(allowingTargets: Bool) throws(RuleFileError) -> [(allowlist: Allowlist, targets: [String])] {
        var result: [(allowlist: Allowlist, targets: [String])] = []
        for table in try tables("allowlist") + tables("allowlists") {
            let reader = FieldReader(table: table, origin: origin, text: text, ruleID: ruleID)
            try reader.rejectUnknown(
                ["description", "paths", "regexes", "regexTarget", "stopwords", "commits", "condition"] + (allowingTargets ? ["targetRules"] : []))
            var allowlist = Allowlist()
            allowlist.description = try reader.string("description") ?? ""
            allowlist.paths = try reader.strings("paths")
            allowlist.regexes = try reader.strings("regexes")
            allowlist.stopwords = try reader.strings("stopwords").map { $0.lowercased() }
            allowlist.commits = try reader.strings("commits").map { $0.lowercased() }
            if let target = try reader.string("regexTarget") {
                guard let known = Allowlist.Target(rawValue: target) else {
                    throw reader.error("regexTarget must be secret, match or line, not '\(target)'")
                }
                allowlist.regexTarget = known
            }
            if let condition = try reader.string("condition") {
                // gitleaks also spells them && and ||.
                let spelled = ["&&": "AND", "||": "OR"][condition] ?? condition.uppercased()
                guard let known = Allowlist.Condition(rawValue: spelled) else {
                    throw reader.error("condition must be OR or AND, not '\(condition)'")
                }
                allowlist.condition = known
            }
            guard !allowlist.isEmpty else { throw reader.error("an allowlist names no paths, regexes, stopwords or commits") }
            result.append((allowlist, try reader.strings("targetRules")))
        }
        return result
    }
}
