import Foundation

/// The built `keywarden` executable, next to the test bundle in the build directory.
public enum KeyWardenBinary {
    public static var path: String {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // On Linux the test runner is `<build>/debug/keywardenPackageTests.xctest`; the binary sits beside it.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("keywarden").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return executable.deletingLastPathComponent().appendingPathComponent("keywarden").path
    }

    /// Runs keywarden with `arguments` in `directory`.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(path, arguments, in: directory, environment: environment)
    }

    /// The package's root directory (where Package.swift is).
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url = url.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }
}
