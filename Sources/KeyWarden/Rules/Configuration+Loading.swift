import Foundation
import GitStore

extension Configuration {
    /// Reads and parses the configuration file at `path`.
    /// - Throws: `RuleFileError` when it cannot be read or is not valid.
    public static func load(from path: String) throws(RuleFileError) -> Configuration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RuleFileError(file: path, message: "cannot read the configuration: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleFileError(file: path, message: "the configuration is not UTF-8 text")
        }
        return try RuleFileParser.parseConfiguration(text, origin: path)
    }

    /// The `.keywarden.toml` that applies to a scan of `scanPath`: in the root of the repository that
    /// holds it, else in `scanPath` itself when it is a directory. Nil when there is none.
    public static func discover(for scanPath: String) throws(RuleFileError) -> Configuration? {
        var candidates: [String] = []
        if let workdir = try? Repository(discoveringFrom: scanPath).workingDirectory {
            candidates.append(workdir + fileName)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: scanPath, isDirectory: &isDirectory), isDirectory.boolValue {
            candidates.append((scanPath as NSString).appendingPathComponent(fileName))
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate) {
            return try load(from: candidate)
        }
        return nil
    }
}
