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

    /// Whether `finding` is the one this entry names.
    func matches(_ finding: Finding) -> Bool {
        guard finding.line == line, finding.ruleID == ruleID, finding.path == path else { return false }
        guard let commit else { return true }
        return finding.commit?.id.lowercased() == commit.lowercased()
    }

    /// Reads a gitleaks fingerprint; nil when `text` is not one.
    static func parse(_ text: String, sourceLine: Int) -> IgnoredLocation? {
        // Windows paths are written with backslashes there too.
        let parts = text.replacingOccurrences(of: "\\", with: "/").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 || parts.count == 4, let line = Int(parts[parts.count - 1]), line >= 0,
            parts.dropLast().allSatisfy({ !$0.isEmpty })
        else { return nil }
        if parts.count == 4 {
            return IgnoredLocation(commit: parts[0], path: parts[1], ruleID: parts[2], line: line, sourceLine: sourceLine)
        }
        return IgnoredLocation(path: parts[0], ruleID: parts[1], line: line, sourceLine: sourceLine)
    }
}
