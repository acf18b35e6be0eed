/// `--format jsonl` written while the scan goes on: a `FindingSink` that writes each finding the
/// moment the scan makes it, one line each (the JSON report's finding object), and hands the lines
/// to the output at once, so a pipeline reading standard output sees a finding before the scan ends.
///
/// Lines come in the order the findings are made, not the report's sorted order. What the baseline
/// or the ignore file suppresses is judged finding by finding, as `FindingFilter.apply` judges the
/// whole report afterwards. A report written to a file is still renamed into place only when the
/// run ends (`finish()`).
package final class JSONLinesStream: FindingSink {
    private let output: Locked<ReportOutput>
    private let judge: FindingFilter.Judge?
    private let redacts: Bool

    package init(to output: sending ReportOutput, redacts: Bool, filter: FindingFilter?) {
        self.output = Locked(output)
        self.judge = filter?.judge
        self.redacts = redacts
    }

    package func found(_ findings: [Finding]) {
        let kept = judge.map { judge in findings.filter { judge.verdict(for: $0) != .suppressed } } ?? findings
        guard !kept.isEmpty else { return }
        output.withLock { output in
            for finding in kept {
                output.withBuffer { buffer in
                    JSONReport.reported(finding, verification: nil, redacts: redacts).write(to: &buffer, indent: 0, compact: true)
                    buffer.append(UInt8(ascii: "\n"))
                }
            }
            output.writePending()
        }
    }

    /// Writes what is pending and, for a file, renames it into place.
    package func finish() throws {
        try output.withLock { output in try output.finish() }
    }
}
