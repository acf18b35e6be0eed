import GitStore

/// A path given on a command line whose bytes are not UTF-8.
package enum PathArgument {
    /// A `String` path naming the directory whose path is `bytes`, usable everywhere keywarden takes
    /// a path (see `PathAliases`); nil when `bytes` do not name a directory that can be opened.
    package static func alias(forDirectory bytes: [UInt8]) -> String? {
        PathAliases.register(directory: bytes)
    }
}
