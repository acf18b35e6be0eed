import Clibgit2
import Foundation

/// An open git repository. Not thread-safe: each thread opens its own (libgit2 handles other than
/// the object database must stay on one thread).
public final class Repository {
    let handle: OpaquePointer
    private var objectDatabase: OpaquePointer?
    private var index: OpaquePointer?
    private var indexLoaded = false
    /// Where the packs hold each object, read on first use by `packOrder(of:)`.
    var packLayout: PackLayout?

    /// Opens the repository at `path`, or the one that contains it (searching parent directories).
    /// - Throws: `GitError` when no repository is there or it cannot be opened (corrupt, not owned by
    ///   the current user, …).
    ///
    /// With `GIT_DIR` set, the repository is found as git finds it (`GIT_DIR`, `GIT_WORK_TREE`,
    /// `GIT_CEILING_DIRECTORIES`, …): what a bare repository with a separate work tree, as dotfile
    /// managers keep one, and git's own hooks rely on.
    public init(discoveringFrom path: String) throws(GitError) {
        try LibGit2.waitUntilInitialized()
        var handle: OpaquePointer?
        let environment = ProcessInfo.processInfo.environment
        if let gitDirectory = environment["GIT_DIR"], !gitDirectory.isEmpty {
            // libgit2 1.5's GIT_REPOSITORY_OPEN_FROM_ENV refuses GIT_WORK_TREE ("unimplemented"):
            // open GIT_DIR itself and set the work tree as git would.
            let status = git_repository_open_ext(&handle, gitDirectory, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
            guard status == 0, let handle else { throw Self.openError(status, path: gitDirectory) }
            if let workTree = environment["GIT_WORK_TREE"], !workTree.isEmpty {
                let set = git_repository_set_workdir(handle, workTree, 0)
                guard set == 0 else {
                    let error = LibGit2.lastError(code: set, operation: "use GIT_WORK_TREE \(workTree)")
                    git_repository_free(handle)
                    throw error
                }
            }
            self.handle = handle
            return
        }
        let status = git_repository_open_ext(&handle, path, 0, nil)
        guard status == 0, let handle else { throw Self.openError(status, path: path) }
        self.handle = handle
    }

    /// Opens exactly the repository at `path` (a working directory or a git directory), without
    /// searching parent directories.
    public init(at path: String) throws(GitError) {
        try LibGit2.waitUntilInitialized()
        var handle: OpaquePointer?
        let status = git_repository_open_ext(&handle, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        guard status == 0, let handle else { throw Self.openError(status, path: path) }
        self.handle = handle
    }

    /// The error for a failed open, made clear where libgit2's is not: libgit2 1.5 refuses a
    /// repository owned by another user with a message about a missing `safe.directory` setting.
    private static func openError(_ status: Int32, path: String) -> GitError {
        var error = LibGit2.lastError(code: status, operation: "open repository \(path)")
        var directory = URL(fileURLWithPath: path).standardizedFileURL.path
        while true {
            for candidate in [directory + "/.git", directory] where FileManager.default.fileExists(atPath: candidate + "/HEAD") || candidate.hasSuffix("/.git") {
                var info = stat()
                guard stat(candidate, &info) == 0 else { continue }
                if info.st_uid != geteuid() {
                    error.code = -36
                    error.message = "the repository at \(candidate) belongs to user id \(info.st_uid), not to you (\(geteuid())); "
                        + "libgit2 refuses it for safety. If you trust it: git config --global --add safe.directory \(directory)"
                }
                return error
            }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || parent.isEmpty { return error }
            directory = parent
        }
    }

    deinit {
        if let index { git_index_free(index) }
        if let objectDatabase { git_odb_free(objectDatabase) }
        git_repository_free(handle)
    }

    /// Starts libgit2's initialisation (Debian's parses the system's CA certificates: 6-9 ms of CPU)
    /// on a thread of its own, so that a command can parse its arguments meanwhile; the first
    /// repository call waits for it. Whoever calls this calls `waitForLibraryStartUp()` before exiting.
    public static func beginLibraryStartUp() {
        LibGit2.startInitialising()
    }

    /// Returns once the initialisation `beginLibraryStartUp()` started, if it did, has ended and its
    /// thread has exited (initialising nothing otherwise). A program calls this before it exits: `exit`
    /// runs the handlers that libgit2's dependencies registered (OpenSSL's cleanup among them), which
    /// must not run while another thread is still initialising them.
    public static func waitForLibraryStartUp() {
        LibGit2.endStartUp()
    }

    /// Whether `path` is inside a git repository's working directory or git directory.
    public static func exists(containing path: String) -> Bool {
        guard (try? LibGit2.waitUntilInitialized()) != nil else { return false }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        return git_repository_discover(&buffer, path, 0, nil) == 0
    }

    /// HEAD's commit or tree (`type`), which the caller frees. Not through revparse: libgit2 1.5
    /// leaks a reference when HEAD's object cannot be read (found by LeakSanitizer on a truncated pack).
    func peelHead(to type: git_object_t) throws(GitError) -> OpaquePointer {
        var head: OpaquePointer?
        try LibGit2.check(git_repository_head(&head, handle), "read HEAD")
        defer { git_reference_free(head) }
        var object: OpaquePointer?
        try LibGit2.check(git_reference_peel(&object, head, type), "read HEAD")
        return object!
    }

    /// The git directory (`.git/`, or the repository itself when bare), with a trailing slash.
    public var gitDirectory: String { PathAliases.string(git_repository_path(handle)) }

    /// The working directory with a trailing slash; nil for a bare repository.
    public var workingDirectory: String? { git_repository_workdir(handle).map(PathAliases.string) }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
    /// True when HEAD names a branch that has no commit yet (a new repository).
    public var isHeadUnborn: Bool { git_repository_head_unborn(handle) == 1 }

    /// Whether `.gitignore` rules (and `info/exclude`, `core.excludesFile`) ignore `relativePath`.
    /// Directories are asked about with a trailing slash.
    public func isIgnored(_ relativePath: String) -> Bool {
        var ignored: Int32 = 0
        guard git_ignore_path_is_ignored(&ignored, handle, relativePath) == 0 else { return false }
        return ignored == 1
    }

    /// Whether the index holds `relativePath` (a tracked file is scanned even when ignore rules match it).
    public func isTracked(_ relativePath: String) -> Bool {
        guard let index = loadedIndex() else { return false }
        return git_index_get_bypath(index, relativePath, 0) != nil
    }

    /// Whether the index holds any path starting with `prefix` (a directory path ending in `/`).
    public func hasTrackedFiles(under prefix: String) -> Bool {
        guard let index = loadedIndex() else { return false }
        var position = 0
        return git_index_find_prefix(&position, index, prefix) == 0
    }

    private func loadedIndex() -> OpaquePointer? {
        if !indexLoaded {
            indexLoaded = true
            var index: OpaquePointer?
            if git_repository_index(&index, handle) == 0 { self.index = index }
        }
        return index
    }

    func database() throws(GitError) -> OpaquePointer {
        if let objectDatabase { return objectDatabase }
        var database: OpaquePointer?
        try LibGit2.check(git_repository_odb(&database, handle), "open object database")
        objectDatabase = database
        return database!
    }

    /// The size in bytes of a blob, read from its header without inflating it.
    public func blobSize(_ id: ObjectID) throws(GitError) -> Int {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_ANY
        try LibGit2.check(git_odb_read_header(&size, &type, try database(), &oid), "read object \(id)")
        return size
    }

    /// Reads a blob's bytes and passes them to `body`; they are valid only during the call.
    public func withBlob<Result>(
        _ id: ObjectID, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result {
        var oid = id.oid
        var object: OpaquePointer?
        try LibGit2.check(git_odb_read(&object, try database(), &oid), "read object \(id)")
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        guard let data = git_odb_object_data(object) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: data, count: size))
    }
}
