/// What GitHub code scanning takes in one SARIF run
/// (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit);
/// a report over them is folded to one result per secret (see `SARIFReport`).
public struct CodeScanningLimits: Sendable, Hashable {
    public var results: Int
    public var gzipBytes: UInt64
    public var locationsPerResult: Int

    public init(results: Int, gzipBytes: UInt64, locationsPerResult: Int) {
        self.results = results
        self.gzipBytes = gzipBytes
        self.locationsPerResult = locationsPerResult
    }

    /// 25,000 results a run, 10 MB gzip-compressed a file, 1,000 locations a result.
    public static let github = CodeScanningLimits(results: 25_000, gzipBytes: 10_000_000, locationsPerResult: 1_000)
}
