import Foundation
import KeyWarden

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output goes and whether it is a terminal.
enum Terminal {
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Writes a line to standard error (diagnostics, warnings, progress). `message` is keywarden's
    /// own (it may carry colour); quote what a user or repository wrote through `quoting`.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// User content for a message on standard error: any secret in it redacted, control characters
    /// escaped.
    static func quoting(_ text: String) -> String { DisplayText.message(text) }

    /// `keywarden: error: …` for an error whose text may quote user content (a line of an ignore
    /// file, a regular expression, a path).
    static func printError(_ error: any Error) {
        printError("keywarden: error: " + quoting(error.localizedDescription))
    }

    static func writeStandardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
