/// The answer to one liveness check, without the key: the verdict, what the organization's answer
/// said (tier, credit balance), and how the verdict was reached.
public struct LivenessResult: Sendable, Hashable {
    public var liveness: Liveness
    /// The organization's tier as the API describes it (e.g. "max monthly credit spend 10000").
    public var tier: String?
    public var creditBalance: Double?
    /// How the verdict was reached: "HTTP 200", "HTTP 503 after 3 attempts", "timed out after 10 s".
    public var detail: String
    /// When the answer came, ISO 8601 UTC.
    public var checkedAt: String

    public init(liveness: Liveness, tier: String? = nil, creditBalance: Double? = nil, detail: String, checkedAt: String = "") {
        self.liveness = liveness
        self.tier = tier
        self.creditBalance = creditBalance
        self.detail = detail
        self.checkedAt = checkedAt
    }

    /// What the answer said: "tier: max monthly credit spend 10000; 1200 credits", or how it failed.
    public var facts: String {
        var facts: [String] = []
        if let tier { facts.append("tier: \(tier)") }
        if let creditBalance { facts.append("\(Self.number(creditBalance)) credits") }
        if liveness != .live { facts.append(detail) }
        return facts.joined(separator: "; ")
    }

    /// One line for people: "live (tier: max monthly credit spend 10000; 1200 credits)".
    public var summary: String { liveness.rawValue + (facts.isEmpty ? "" : " (\(facts))") }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
