import Foundation
import GitStore

/// Path questions about the repository holding a directory, for the command line.
package enum RepositoryPaths {
    /// The working directory (with a trailing slash) of the repository holding `path`, else `path/`
    /// itself when it is a directory outside any repository.
    package static func repositoryRoot(for path: String) -> String? {
        if let root = try? Repository(discoveringFrom: path).workingDirectory {
            return root
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return path.hasSuffix("/") ? path : path + "/"
        }
        return nil
    }

    /// `path` (relative to the current directory, or absolute) as a path relative to the root of
    /// the repository at `repositoryPath`, as the index names files.
    package static func relativeToRoot(_ path: String, repositoryAt repositoryPath: String) throws(ScanError) -> String {
        let repository = try SecretScanner.openRepository(at: repositoryPath, for: .staged)
        guard let workdir = repository.workingDirectory else { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let root = URL(fileURLWithPath: workdir).standardizedFileURL.resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: (standardized as NSString).deletingLastPathComponent).resolvingSymlinksInPath().path
            + "/" + (standardized as NSString).lastPathComponent
        if resolved.hasPrefix(root + "/") { return String(resolved.dropFirst(root.count + 1)) }
        if resolved == root { return "" }
        return path
    }

    /// Whether `revision` names a commit in the repository at `repositoryPath`.
    package static func resolves(_ revision: String, repositoryAt repositoryPath: String) -> Bool {
        guard let repository = try? SecretScanner.openRepository(at: repositoryPath) else { return false }
        return (try? repository.resolveCommit(revision)) != nil
    }
}
