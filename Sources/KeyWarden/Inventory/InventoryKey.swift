/// One key the team knows about: whose it is and where it is used. Holds the key's SHA-256
/// fingerprint and a redacted hint, never the key itself.
public struct InventoryKey: Sendable, Hashable {
    /// Whether the key still works, as far as the team has recorded.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case active, disabled
    }

    public var id: String
    /// Hex SHA-256 of the key (the same value as a finding's `secretSha256`).
    public var fingerprint: String
    /// The redacted key, e.g. `key_3f9a…c210`, so people can tell keys apart.
    public var hint: String
    public var provider: String
    /// The name the key has in the provider's portal (Runway's API Keys tab).
    public var name: String
    /// production, staging, development, ci, …
    public var environment: String
    /// A person or a team, e.g. an email address.
    public var owner: String
    /// The day the key was created, `YYYY-MM-DD`.
    public var created: String
    public var status: Status
    /// The day `status` last changed, `YYYY-MM-DD`.
    public var statusChanged: String

    public init(
        id: String, fingerprint: String, hint: String, provider: String, name: String, environment: String,
        owner: String, created: String, status: Status = .active, statusChanged: String
    ) {
        self.id = id
        self.fingerprint = fingerprint
        self.hint = hint
        self.provider = provider
        self.name = name
        self.environment = environment
        self.owner = owner
        self.created = created
        self.status = status
        self.statusChanged = statusChanged
    }
}
