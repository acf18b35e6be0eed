import Foundation

/// Turns keys into inventory entries: recognises the provider with the default rules, fingerprints
/// the key and keeps only a redacted hint. The key itself is never written anywhere.
public struct InventoryRecorder: Sendable {
    public let file: InventoryFile
    public let scanner: SecretScanner

    public init(file: InventoryFile, scanner: SecretScanner? = nil) throws {
        self.file = file
        self.scanner = try scanner ?? SecretScanner(rules: CompiledRuleSet(RuleSet.defaults()), options: ScanOptions(threads: 1))
    }

    /// Adds one key. The key must be recognised by a rule (so a typo or a truncated paste is caught).
    @discardableResult
    public func add(
        secret: String, environment: String, owner: String, name: String, id: String?, created: String
    ) throws -> InventoryKey {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw InventoryError(path: file.path, message: "no key given") }
        let findings = try scanner.findings(in: Array(trimmed.utf8), path: "inventory-input")
        guard let finding = findings.first(where: { $0.secret == trimmed }) ?? findings.first else {
            throw InventoryError(path: file.path, message: "that is not a key any rule recognises (a Runway key is key_ followed by 128 hex characters)")
        }
        let inventory = try file.load()
        let entry = InventoryKey(
            id: id ?? Self.uniqueID(base: name.isEmpty ? "\(environment)-\(owner.split(separator: "@").first ?? "key")" : name, in: inventory),
            fingerprint: finding.secretSha256, hint: finding.redacted, provider: finding.provider, name: name,
            environment: environment, owner: owner, created: created, status: .active, statusChanged: created)
        try file.add(entry)
        return entry
    }

    /// Adds every key found in `paths` that the inventory does not hold yet; the environment of each
    /// comes from its file's name (`.env.production` → production).
    public func importKeys(from paths: [String], owner: String, created: String = DayDate.today) throws -> [InventoryKey] {
        var added: [InventoryKey] = []
        for path in paths {
            let report = try scanner.scanWorkingTree(at: path)
            if let problem = report.problems.first {
                throw InventoryError(path: path, message: "cannot read: \(problem.reason)")
            }
            for finding in report.findings {
                var inventory = try file.load()
                if inventory.key(withFingerprint: finding.secretSha256) != nil { continue }
                let environment = EnvironmentInference.environments(forPath: path).first ?? ""
                let base = (environment.isEmpty ? "imported" : environment) + "-" + String(finding.secretSha256.prefix(8))
                let entry = InventoryKey(
                    id: Self.uniqueID(base: base, in: inventory), fingerprint: finding.secretSha256, hint: finding.redacted,
                    provider: finding.provider, name: "", environment: environment, owner: owner, created: created,
                    status: .active, statusChanged: created)
                try file.add(entry)
                inventory.keys.append(entry)
                added.append(entry)
            }
        }
        return added
    }

    /// `base` made into an id (lower-case, dashes), with a number appended if it is taken.
    static func uniqueID(base: String, in inventory: Inventory) -> String {
        let slug = base.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        let root = slug.isEmpty ? "key" : slug
        var candidate = root
        var counter = 2
        while inventory.key(withID: candidate) != nil {
            candidate = "\(root)-\(counter)"
            counter += 1
        }
        return candidate
    }
}
