/// A regular file found in the working tree.
struct WorkingTreeFile: Sendable {
    /// Path relative to the scanned directory, `/`-separated, as reports show it.
    var path: String
    /// Path to open, as the file system spells it (NUL-terminated; names need not be UTF-8).
    var absolutePath: [CChar]
    var size: Int
}
