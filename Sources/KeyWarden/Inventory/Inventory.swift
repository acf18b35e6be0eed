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
        keys.first { $0.fingerprint == fingerprint.lowercased() }
    }

    public func key(withID id: String) -> InventoryKey? {
        keys.first { $0.id == id }
    }
}
