import KeyWarden

/// `--format text|json|sarif|csv`.
enum ReportFormatArgument: String, CaseIterable {
    case text, json, sarif, csv

    var format: ReportFormat { ReportFormat(rawValue: rawValue)! }
}
