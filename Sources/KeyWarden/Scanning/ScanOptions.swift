import Archives
import Foundation
import Matching

/// How a scan runs.
public struct ScanOptions: Sendable, Hashable {
    /// Files and blobs larger than this many bytes are skipped, and named in the report. The
    /// default, 1 GiB, bounds the memory one history blob takes (libgit2 reads a blob whole); text
    /// of any size below it is scanned (working-tree files in chunks).
    public var maxFileSize: Int
    /// Binary content larger than this is skipped and named: it cannot be text, and reading its
    /// printable runs is work for little.
    public var maxBinarySize: Int
    /// How archives and compressed files are opened: nesting depth (0: not at all) and the limits
    /// against bombs, per blob or file.
    public var archiveLimits = ArchiveLimits()
    /// History scans also read what no reference reaches (`--include-unreachable`); without it such
    /// objects are counted in a note. The history cache is not used then.
    public var includeUnreachable = false
    /// Worker threads.
    public var threads: Int
    /// Where history scans remember what they found (see `HistoryCache`), so that a scan of an
    /// unchanged history reads only the blobs with findings; nil reads everything every time.
    public var historyCacheDirectory: String?

    public static let defaultMaxFileSize = 1 << 30
    public static let defaultMaxBinarySize = 10_000_000

    /// The directory compiled matchers are cached in (`$XDG_CACHE_HOME/keywarden`, else
    /// `~/.cache/keywarden`); nil when `KEYWARDEN_NO_CACHE` is set or no home is known.
    public static var defaultCacheDirectory: String? { MatcherDatabase.defaultCacheDirectory }

    public init(
        maxFileSize: Int = ScanOptions.defaultMaxFileSize, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        historyCacheDirectory: String? = nil
    ) {
        self.maxFileSize = maxFileSize
        self.maxBinarySize = ScanOptions.defaultMaxBinarySize
        self.threads = max(1, threads)
        self.historyCacheDirectory = historyCacheDirectory
    }
}
