import Foundation
import Synchronization

/// Runs a program and captures its output: git to build fixtures, keywarden for end-to-end tests.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

public enum ProcessRunner {
    /// SIGPIPE ignored in the test process, once: a write to a child that has gone fails with EPIPE.
    private static let ignoresBrokenPipes: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        input: String? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let error = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = inputPipe
        _ = ignoresBrokenPipes
        try process.run()
        // A child that exits without reading all its input (one killed by a resource limit, on purpose)
        // closes the pipe: that is the child's outcome to check, not a signal that ends the test run.
        if let input { try? inputPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
        try? inputPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let errorData = ErrorCollector(handle: error.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.finish(), as: UTF8.self))
    }

    /// Finds `name` on PATH.
    public static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Drains a pipe on a background thread.
private final class ErrorCollector: Sendable {
    private let data = Mutex<Data>(Data())
    private let done = DispatchSemaphore(value: 0)

    init(handle: FileHandle) {
        Thread { self.drain(handle) }.start()
    }

    private func drain(_ handle: FileHandle) {
        let bytes = handle.readDataToEndOfFile()
        data.withLock { $0 = bytes }
        done.signal()
    }

    func finish() -> Data {
        done.wait()
        return data.withLock { $0 }
    }
}
