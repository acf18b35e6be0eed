/// How bad a leak of a rule's secret is: what code scanning sorts and filters alerts by
/// (`security-severity`), and what a rule file may say with `severity = "critical"`.
///
/// A rule that says nothing is `high`: a live credential of some service.
public enum RuleSeverity: String, Sendable, Hashable, CaseIterable {
    /// Full control of an account, its data or its money: cloud secrets, private keys, Runway keys.
    case critical
    /// A credential of a service.
    case high
    /// Likely a credential, from its context rather than its shape (the generic rule, URLs with a
    /// password), or one with narrow power (a webhook).
    case medium
    /// An identifier rather than a secret, or a secret meant to be seen.
    case low

    /// GitHub's `security-severity` score: above 9.0 is critical, 7.0 to 8.9 high, 4.0 to 6.9 medium.
    public var score: String {
        switch self {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        }
    }
}
