import TOMLKit

/// Which scanner's meaning a configuration file's fields have.
public enum ConfigurationDialect: String, Sendable, Hashable {
    /// keywarden's own: a configuration extends the default rules unless it says
    /// `[extend] useDefault = false`; a rule's secret is its whole match unless `secretGroup` says.
    case keywarden
    /// gitleaks 8.x: the configuration *is* the rule set unless `[extend]` says otherwise; a rule's
    /// secret is its first non-empty capture group; rules may match by path alone, be composite
    /// (`[[rules.required]]`) or serve others only (`skipReport`); a global allowlist may target rules.
    case gitleaks

    /// The dialect a file is read in: keywarden's for `.keywarden.toml`; else gitleaks' when its name
    /// says so (`.gitleaks.toml`, `gitleaks.toml`, `gitleaks-config.toml`, …) or it uses a field only
    /// gitleaks has (`minVersion`, `[extend] path`, `[[rules.required]]`, `skipReport`,
    /// `targetRules`) or a rule with no regex; else keywarden's (two rules of one id, which gitleaks
    /// allows, are a mistake there).
    static func of(fileNamed origin: String, table: TOMLTable) -> ConfigurationDialect {
        let name = origin.split(separator: "/").last.map { $0.lowercased() } ?? ""
        if name == Configuration.fileName { return .keywarden }
        if name.contains("gitleaks") { return .gitleaks }
        return usesGitleaksFields(table) ? .gitleaks : .keywarden
    }

    private static func usesGitleaksFields(_ table: TOMLTable) -> Bool {
        if table["minVersion"] != nil { return true }
        if let extend = table["extend"]?.table, extend["path"] != nil || extend["url"] != nil { return true }
        let allowlists = tables(table["allowlists"]) + tables(table["allowlist"])
        if allowlists.contains(where: { $0["targetRules"] != nil }) { return true }
        return tables(table["rules"]).contains { rule in
            rule["required"] != nil || rule["skipReport"] != nil || rule["regex"] == nil
        }
    }

    private static func tables(_ value: TOMLValueConvertible?) -> [TOMLTable] {
        if let table = value?.table { return [table] }
        return value?.array?.compactMap(\.table) ?? []
    }
}
