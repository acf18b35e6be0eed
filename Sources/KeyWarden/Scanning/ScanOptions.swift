import Foundation

/// How a scan runs.
public struct ScanOptions: Sendable, Hashable {
    /// Files and blobs larger than this many bytes are skipped and counted.
    public var maxFileSize: Int
    /// Worker threads.
    public var threads: Int

    public static let defaultMaxFileSize = 10_000_000

    public init(maxFileSize: Int = ScanOptions.defaultMaxFileSize, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.maxFileSize = maxFileSize
        self.threads = max(1, threads)
    }
}
