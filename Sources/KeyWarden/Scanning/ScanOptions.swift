import Foundation
import Matching

/// How a scan runs.
public struct ScanOptions: Sendable, Hashable {
    /// Files and blobs larger than this many bytes are skipped and counted.
    public var maxFileSize: Int
    /// Worker threads.
    public var threads: Int
    /// Where history scans remember what they found (see `HistoryCache`), so that a scan of an
    /// unchanged history reads only the blobs with findings; nil reads everything every time.
    public var historyCacheDirectory: String?

    public static let defaultMaxFileSize = 10_000_000

    /// The directory compiled matchers are cached in (`$XDG_CACHE_HOME/keywarden`, else
    /// `~/.cache/keywarden`); nil when `KEYWARDEN_NO_CACHE` is set or no home is known.
    public static var defaultCacheDirectory: String? { MatcherDatabase.defaultCacheDirectory }

    public init(
        maxFileSize: Int = ScanOptions.defaultMaxFileSize, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        historyCacheDirectory: String? = nil
    ) {
        self.maxFileSize = maxFileSize
        self.threads = max(1, threads)
        self.historyCacheDirectory = historyCacheDirectory
    }
}
