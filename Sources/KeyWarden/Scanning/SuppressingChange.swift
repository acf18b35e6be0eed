/// A change to the configuration, ignore file or baseline, inside the commits being checked, that
/// would hide findings the trusted side reports: a finding of its own kind, which fails the check
/// unless the change's own files were trusted (`--trust-changed-config`).
public struct SuppressingChange: Sendable {
    /// The files the checked commits changed (`.keywarden.toml`, `.keywardenignore`, …).
    public var files: [String]
    /// Where the trusted files were read ("commit 0123456789ab").
    public var trustedSource: String
    /// The findings the trusted side reports that the change's files would hide.
    public var hiddenFindings: [Finding]
    /// True when the change's files were applied all the same (`--trust-changed-config`).
    public var isAccepted: Bool

    public init(files: [String], trustedSource: String, hiddenFindings: [Finding], isAccepted: Bool) {
        self.files = files
        self.trustedSource = trustedSource
        self.hiddenFindings = hiddenFindings
        self.isAccepted = isAccepted
    }

    /// "this change suppresses 2 findings: it changes .keywardenignore against commit 0123456789ab"
    public var sentence: String {
        let count = hiddenFindings.count
        let verb = isAccepted ? "suppresses" : "would suppress"
        let outcome = isAccepted
            ? "applied because --trust-changed-config was given"
            : "the files from \(trustedSource) were applied instead; give --trust-changed-config to accept the change"
        return "this change \(verb) \(count) finding\(count == 1 ? "" : "s"): it changes \(files.joined(separator: ", ")); \(outcome)"
    }
}
