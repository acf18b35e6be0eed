/// The formats a scan report can be written in.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, sarif, csv, gitlab
}
