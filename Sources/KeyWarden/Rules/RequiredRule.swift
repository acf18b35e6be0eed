/// Another rule that must also find something near a composite rule's match for it to be reported
/// (gitleaks' `[[rules.required]]`): e.g. a client id within 5 lines of a client secret.
public struct RequiredRule: Sendable, Hashable {
    /// The id of the rule that must also match.
    public var ruleID: String
    /// At most this many lines between the two matches; nil: anywhere in the same file or blob.
    public var withinLines: Int?
    /// At most this many columns between the two matches' starts; nil: any column.
    public var withinColumns: Int?

    public init(ruleID: String, withinLines: Int? = nil, withinColumns: Int? = nil) {
        self.ruleID = ruleID
        self.withinLines = withinLines
        self.withinColumns = withinColumns
    }
}
