/// A `.gitleaksignore` entry: the finding of one rule at one line of one file, in any commit
/// (`file:rule-id:line`) or in one (`commit:file:rule-id:line`), as gitleaks writes its fingerprints.
public struct IgnoredLocation: Sendable, Hashable {
    public var commit: String?
    public var path: String
    public var ruleID: String
    public var line: Int
    /// The line of the ignore file that says it.
    public var sourceLine: Int

    public init(commit: String? = nil, path: String, ruleID: String, line: Int, sourceLine: Int) {
        self.commit = commit
        self.path = path
        self.ruleID = ruleID
        self.line = line
        self.sourceLine = sourceLine
    }

    /// The key this entry is looked up by: path, rule and line, and the commit when it names one.
    var key: String { [commit ?? "", path, ruleID, String(line)].joined(separator: "\u{0}") }

    /// The keys `finding` is looked up by: without a commit, and with its commit.
    static func keys(of finding: Finding) -> (anyCommit: String, commit: String?) {
        let place = [finding.path, finding.ruleID, String(finding.line)]
        return (([""] + place).joined(separator: "\u{0}"), finding.commit.map { ([$0.id.lowercased()] + place).joined(separator: "\u{0}") })
    }

    /// Reads a gitleaks fingerprint, the whole line: `file:rule-id:line` or `commit:file:rule-id:line`,
    /// read from the right (a path may hold colons); the first field is a commit only when it is a full
    /// commit id. Nil when `text` is not one.
    static func parse(_ text: String, sourceLine: Int) -> IgnoredLocation? {
        // Windows paths are written with backslashes there too.
        // Split on bytes: a thousand such lines are read on every hook run.
        let slashed = text.utf8.contains(UInt8(ascii: "\\"))
            ? String(decoding: text.utf8.map { $0 == UInt8(ascii: "\\") ? UInt8(ascii: "/") : $0 }, as: UTF8.self) : text
        var parts = slashed.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).map { String(Substring($0)) }
        guard parts.count >= 3, let line = Int(parts.removeLast()), line >= 0 else { return nil }
        let ruleID = parts.removeLast()
        guard !ruleID.isEmpty, !ruleID.contains(" ") else { return nil }
        var commit: String?
        if parts.count > 1, [40, 64].contains(parts[0].count), parts[0].allSatisfy(\.isHexDigit) {
            commit = parts.removeFirst().lowercased()
        }
        let path = parts.joined(separator: ":")
        guard !path.isEmpty else { return nil }
        return IgnoredLocation(commit: commit, path: path, ruleID: ruleID, line: line, sourceLine: sourceLine)
    }
}
