import KeyWarden

/// `--format text|json|jsonl|sarif|csv|gitlab`.
enum ReportFormatArgument: String, CaseIterable {
    case text, json, jsonl, sarif, csv, gitlab

    var format: ReportFormat { ReportFormat(rawValue: rawValue)! }
}
