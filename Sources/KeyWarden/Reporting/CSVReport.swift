/// One row per finding, then one per file not scanned for its size; RFC 4180 quoting. `offset` is
/// the byte offset of a secret found in binary content (where a line number says little).
enum CSVReport {
    static let columns = [
        "rule", "path", "line", "column", "secretSha256", "redacted", "fingerprint", "source", "commit", "author",
        "email", "date", "encoding", "offset", "liveness",
    ]

    /// Written row by row.
    static func write(_ report: ScanReport, options: ReportOptions, to output: ReportOutput) {
        output.write((columns + (options.redacts ? [] : ["secret"])).joined(separator: ",") + "\r\n")
        for finding in report.findings {
            var fields = [
                finding.ruleID, finding.path, String(finding.line), String(finding.column), finding.secretSha256,
                finding.redacted, finding.fingerprint, finding.source.rawValue, finding.commit?.id ?? "",
                finding.commit?.authorName ?? "", finding.commit?.authorEmail ?? "", finding.commit?.date ?? "",
                finding.encoding ?? "", finding.byteOffset.map(String.init) ?? "", report.liveness(of: finding).rawValue,
            ]
            if !options.redacts { fields.append(finding.secret) }
            output.write(fields.map(quote).joined(separator: ",") + "\r\n")
        }
        // What was not scanned for its size, one row each, so that a spreadsheet of findings does not
        // read as complete: the rule column says so, the other secret columns stay empty.
        for skip in report.statistics.sizeSkips {
            var fields = Array(repeating: "", count: columns.count + (options.redacts ? 0 : 1))
            fields[0] = "keywarden/not-scanned-\(skip.reason.rawValue)"
            fields[1] = skip.path
            fields[8] = skip.object ?? ""
            fields[12] = "\(skip.bytes) bytes, limit \(skip.limit)"
            output.write(fields.map(quote).joined(separator: ",") + "\r\n")
        }
    }

    static func quote(_ field: String) -> String {
        var field = field
        // A leading = + - @ makes spreadsheets evaluate the cell, and so can a leading TAB or CR
        // before one: neutralise it (OWASP's advice on CSV injection).
        if let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
