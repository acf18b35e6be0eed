/// What one blob or file may expand to, nested archives included: the limits against archive bombs.
/// Reaching one stops the expansion and is a named problem, never silence.
public struct ArchiveLimits: Sendable, Hashable {
    /// Bytes all members together may expand to.
    public var totalBytes: Int
    /// How many times its own size the outermost content may expand to (checked past `ratioFloor`).
    public var ratio: Int
    /// Expansion below this many bytes is never refused for its ratio (small files compress well).
    public var ratioFloor: Int
    /// Members, nested ones included.
    public var entries: Int
    /// How deep archives inside archives are opened; 0 opens none.
    public var depth: Int

    public static let defaultTotalBytes = 32 << 20
    public static let defaultRatio = 100
    public static let defaultEntries = 10_000
    public static let defaultDepth = 3

    public init(
        totalBytes: Int = ArchiveLimits.defaultTotalBytes, ratio: Int = ArchiveLimits.defaultRatio, ratioFloor: Int = 1 << 20,
        entries: Int = ArchiveLimits.defaultEntries, depth: Int = ArchiveLimits.defaultDepth
    ) {
        self.totalBytes = totalBytes
        self.ratio = ratio
        self.ratioFloor = ratioFloor
        self.entries = entries
        self.depth = depth
    }
}
