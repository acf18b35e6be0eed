/// JSON Lines (`--format jsonl`): one finding a line, each the object the JSON report has in
/// `findings`, for `jq -c`, `grep` and log pipelines. What is not a finding (notes, problems,
/// skips) goes to the summary on standard error, as for every format.
enum JSONLinesReport {
    static func write(_ report: ScanReport, options: ReportOptions, to output: ReportOutput) {
        for finding in report.findings {
            output.withBuffer { buffer in
                JSONReport.reported(finding, in: report, options: options).write(to: &buffer, indent: 0, compact: true)
                buffer.append(UInt8(ascii: "\n"))
            }
        }
    }
}
