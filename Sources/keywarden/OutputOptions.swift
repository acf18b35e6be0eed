import ArgumentParser
import Foundation
import KeyWarden

/// Options shared by the commands that produce a report.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Report format: text, json, sarif or csv.")
    var format: ReportFormatArgument = .text

    @Option(name: .shortAndLong, help: "Write the report to FILE (atomically) instead of standard output.")
    var output: String?

    @Flag(name: .customLong("no-redact"), help: "Show secrets in plain text. Never use this in CI logs.")
    var noRedact = false

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Print nothing when no secret is found; no summary line on stderr.")
    var quiet = false

    /// Writes `text` to the output file or standard output.
    func emit(_ text: String) throws {
        if let output {
            try AtomicFile.write(Data(text.utf8), to: output, newFilePermissions: 0o644)
        } else {
            Terminal.writeStandardOutput(text)
        }
    }

    var usesColor: Bool { output == nil && color.usesColor(for: 1) }
}
