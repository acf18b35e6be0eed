/// What a scan covered and what it passed over.
public struct ScanStatistics: Sendable, Hashable {
    public var filesScanned = 0
    public var blobsScanned = 0
    public var commitsWalked = 0
    public var bytesScanned = 0
    public var skippedBinary = 0
    public var skippedTooLarge = 0
    /// Each file or blob passed over for its size, by name (`skippedTooLarge` and the binary ones of
    /// `skippedBinary` count them).
    public var sizeSkips: [SizeSkip] = []
    /// Symbolic links (never followed) and FIFOs, sockets and devices.
    public var skippedSpecial = 0
    public var skippedIgnored = 0
    /// Git LFS pointer files: scanned, but the content they stand for lives on the LFS server.
    public var lfsPointers = 0
    public var durationSeconds = 0.0
    /// Of `durationSeconds`, the time spent walking history to list the blobs (before any is read).
    public var historyWalkSeconds = 0.0
    /// Of the blobs counted (scanned or skipped as binary), those judged by an earlier scan with the
    /// same rules and not read again (the history cache).
    public var blobsFromCache = 0

    public init() {}

    /// What a reader should know about LFS pointers, or nil when there were none.
    var lfsNote: String? {
        guard lfsPointers > 0 else { return nil }
        return "\(lfsPointers) Git LFS pointer file\(lfsPointers == 1 ? "" : "s"): the content \(lfsPointers == 1 ? "it stands" : "they stand") for lives on the LFS server and was not scanned (fetch it with `git lfs pull`, then scan the working tree)"
    }

    mutating func add(_ other: ScanStatistics) {
        filesScanned += other.filesScanned
        blobsScanned += other.blobsScanned
        commitsWalked += other.commitsWalked
        bytesScanned += other.bytesScanned
        skippedBinary += other.skippedBinary
        skippedTooLarge += other.skippedTooLarge
        sizeSkips += other.sizeSkips
        skippedSpecial += other.skippedSpecial
        skippedIgnored += other.skippedIgnored
        lfsPointers += other.lfsPointers
        blobsFromCache += other.blobsFromCache
    }
}
