import KeyWarden

/// `--format text|json|jsonl|sarif|csv`.
enum ReportFormatArgument: String, CaseIterable {
    case text, json, jsonl, sarif, csv

    var format: ReportFormat { ReportFormat(rawValue: rawValue)! }
}
