import ArgumentParser
import Archives

/// How archives and compressed files are opened, and the limits against archive bombs.
struct ArchiveOptions: ParsableArguments {
    @Option(
        name: .customLong("archive-depth"),
        help: "How deep archives inside archives are opened (default 3; 0 opens no archive or compressed file).")
    var depth: Int?

    @Option(
        name: .customLong("archive-max-size"),
        help: ArgumentHelp(
            "Bytes one file or blob may expand to, nested archives included (default \(ArchiveLimits.defaultTotalBytes)).",
            valueName: "bytes"))
    var maxSize: Int?

    @Option(
        name: .customLong("archive-max-ratio"),
        help: "How many times its own size a file or blob may expand to, past its first MiB (default \(ArchiveLimits.defaultRatio)).")
    var maxRatio: Int?

    @Option(
        name: .customLong("archive-max-entries"),
        help: "Members one file or blob may hold, nested ones included (default \(ArchiveLimits.defaultEntries)).")
    var maxEntries: Int?

    func validate() throws {
        if let depth, depth < 0 { throw ValidationError("--archive-depth must be 0 or more") }
        for (name, value) in [("--archive-max-size", maxSize), ("--archive-max-ratio", maxRatio), ("--archive-max-entries", maxEntries)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
    }

    /// `limits` with the options given.
    func applied(to limits: ArchiveLimits) -> ArchiveLimits {
        var limits = limits
        if let depth { limits.depth = depth }
        if let maxSize { limits.totalBytes = maxSize }
        if let maxRatio { limits.ratio = maxRatio }
        if let maxEntries { limits.entries = maxEntries }
        return limits
    }
}
