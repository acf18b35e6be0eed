/// A regular file found in the working tree.
struct WorkingTreeFile: Sendable {
    /// Path relative to the scanned directory, `/`-separated, as reports show it.
    var path: String
    /// Path to open.
    var absolutePath: String
    var size: Int
}
