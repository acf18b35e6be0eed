import Foundation
import GitStore

extension Configuration {
    /// Reads and parses the configuration file at `path`.
    /// - Parameter root: when the file is a repository's own, that repository's root: an
    ///   `[extend] path` may not lead outside it.
    /// - Throws: `RuleFileError` when it cannot be read or is not valid.
    public static func load(from path: String, confinedTo root: String? = nil) throws(RuleFileError) -> Configuration {
        try RuleFileParser.parseConfiguration(try text(at: path), origin: path, include: diskIncluder(confinedTo: root))
    }

    private static func text(at path: String) throws(RuleFileError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RuleFileError(file: path, message: "cannot read the configuration: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleFileError(file: path, message: "the configuration is not UTF-8 text")
        }
        return text
    }

    /// Reads the file an `[extend] path` names: relative to the configuration naming it, else (as
    /// gitleaks reads it) to the current directory.
    static func diskIncluder(confinedTo root: String?) -> RuleFileParser.Includer {
        { path, from throws(RuleFileError) in
            let directory = (from as NSString).deletingLastPathComponent
            var joined = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
            if !path.hasPrefix("/") && !FileManager.default.fileExists(atPath: joined)
                && FileManager.default.fileExists(atPath: path)
            {
                joined = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
            }
            let resolved = URL(fileURLWithPath: joined).standardizedFileURL.resolvingSymlinksInPath().path
            if let root {
                let base = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path + "/"
                guard resolved.hasPrefix(base) else {
                    throw RuleFileError(file: from, message: "[extend] path \(path.debugDescription) leads outside the repository: not read")
                }
            }
            return (try text(at: resolved), resolved)
        }
    }

    /// The configuration that applies to a scan of `scanPath`: the `.keywarden.toml` in the root of
    /// the repository that holds it, else in `scanPath` itself when it is a directory; failing both,
    /// a `.gitleaks.toml` there, read as gitleaks reads it (and a note says so). Nil when there is none.
    public static func discover(for scanPath: String) throws(RuleFileError) -> Configuration? {
        var directories: [String] = []
        let workdir = try? Repository(discoveringFrom: scanPath).workingDirectory
        if let workdir { directories.append(workdir) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: scanPath, isDirectory: &isDirectory), isDirectory.boolValue {
            directories.append(scanPath.hasSuffix("/") ? scanPath : scanPath + "/")
        }
        for name in [fileName, gitleaksFileName] {
            for directory in directories where FileManager.default.fileExists(atPath: directory + name) {
                var configuration = try load(from: directory + name, confinedTo: workdir ?? directory)
                if name == gitleaksFileName { configuration.notes.insert(gitleaksNote(for: directory + name), at: 0) }
                return configuration
            }
        }
        return nil
    }

    /// What a report says when a repository's `.gitleaks.toml` stands in for `.keywarden.toml`.
    static func gitleaksNote(for name: String) -> String {
        "no \(fileName): \(name) was read as a gitleaks configuration, with gitleaks' meaning (see docs/rule-format.md)"
    }
}
