/// The team's record of its keys, and the policy they are held to.
public struct Inventory: Sendable, Hashable {
    /// Keys older than this many days should be rotated.
    public var maxKeyAgeDays: Int
    public var keys: [InventoryKey]

    public static let defaultMaxKeyAgeDays = 90
    /// Where the inventory lives unless `--inventory` or `KEYWARDEN_INVENTORY` says otherwise.
    public static let defaultPath = ".keywarden/inventory.toml"

    public init(maxKeyAgeDays: Int = Inventory.defaultMaxKeyAgeDays, keys: [InventoryKey] = []) {
        self.maxKeyAgeDays = maxKeyAgeDays
        self.keys = keys
    }

    /// The entry for a key's SHA-256 fingerprint, if the team recorded it.
    public func key(withFingerprint fingerprint: String) -> InventoryKey? {
        let wanted = fingerprint.lowercased()
        return keys.first { $0.fingerprint == wanted }
    }

    /// Every entry by its fingerprint (the first, where two share one), for looking up many keys.
    public var keysByFingerprint: [String: InventoryKey] {
        Dictionary(keys.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func key(withID id: String) -> InventoryKey? {
        keys.first { $0.id == id }
    }
}
