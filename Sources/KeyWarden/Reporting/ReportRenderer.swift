/// Renders a scan report in any `ReportFormat`.
public enum ReportRenderer {
    public static func render(_ report: ScanReport, format: ReportFormat, options: ReportOptions) -> String {
        switch format {
        case .text: return TextReport(report: report, options: options).render()
        case .json: return JSONReport.render(report, options: options)
        case .sarif: return SARIFReport.render(report, options: options)
        case .csv: return CSVReport.render(report, options: options)
        }
    }
}

extension ReportRenderer {
    /// The one-line summary of the text report (findings, what was scanned, what was skipped).
    public static func summary(of report: ScanReport, options: ReportOptions) -> String {
        TextReport(report: report, options: options).summary()
    }
}
