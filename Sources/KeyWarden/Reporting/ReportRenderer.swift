/// Renders a scan report in any `ReportFormat`.
public enum ReportRenderer {
    /// Writes `report` to `output` as it is rendered; call `output.finish()` afterwards.
    public static func write(_ report: ScanReport, format: ReportFormat, options: ReportOptions, to output: ReportOutput) {
        switch format {
        case .text: TextReport(report: report, options: options).write(to: output)
        case .json: JSONReport.write(report, options: options, to: output)
        case .sarif: SARIFReport.write(report, options: options, to: output)
        case .jsonl: JSONLinesReport.write(report, options: options, to: output)
        case .csv: CSVReport.write(report, options: options, to: output)
        case .gitlab: GitLabReport.write(report, options: options, to: output)
        }
    }

    /// The whole report as a string (for small reports and tests; `write(_:format:options:to:)`
    /// streams).
    public static func render(_ report: ScanReport, format: ReportFormat, options: ReportOptions) -> String {
        let output = ReportOutput.inMemory()
        write(report, format: format, options: options, to: output)
        return output.text
    }
}

extension ReportRenderer {
    /// The one-line summary of the text report (findings, what was scanned, what was skipped).
    public static func summary(of report: ScanReport, options: ReportOptions) -> String {
        TextReport(report: report, options: options).summary()
    }
}
