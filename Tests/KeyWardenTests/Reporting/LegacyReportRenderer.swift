import Foundation

@testable import KeyWarden

/// The report renderers as they were before reports were streamed: each document built whole as one
/// value and rendered into one `String`. Kept only to check that the streaming writers produce the
/// same documents, byte for byte (`StreamingReportTests`).
enum LegacyReportRenderer {
    /// The formats that are documents for programs (the text report is for people). SARIF is no
    /// longer compared: it has since taken what GitHub code scanning reads (regions with ends, line
    /// hashes, severities, folding over GitHub's limits), which `CodeScanningTests` checks.
    static let formats: [ReportFormat] = [.json, .csv]

    static func render(_ report: ScanReport, format: ReportFormat, options: ReportOptions) -> String? {
        switch format {
        case .text: nil
        case .json: json(report, options: options)
        case .sarif, .jsonl, .gitlab: nil
        case .csv: csv(report, options: options)
        }
    }

    static func json(_ report: ScanReport, options: ReportOptions) -> String {
        let document: JSONValue = [
            "version": 1,
            "findings": .array(
                report.findings.map { finding in
                    var object = JSONReport.object(for: finding, redacts: options.redacts)
                    object["liveness"] = .string(report.liveness(of: finding).rawValue)
                    if let result = report.liveness[finding.secretSha256] { object["verification"] = JSONReport.verification(result) }
                    return .object(object)
                }),
            "stats": statisticsCountingGroups(report),
            "problems": .array(report.problems.map { ["subject": .string($0.subject), "reason": .string($0.reason)] }),
            "notes": JSONValue(report.notes),
        ]
        return LegacyJSON.rendered(document)
    }

    /// The statistics with `secrets` counted by grouping, as the old renderer did.
    private static func statisticsCountingGroups(_ report: ScanReport) -> JSONValue {
        guard case .object(var members) = JSONReport.statistics(report) else { return .null }
        members["secrets"] = .integer(report.secrets.count)
        return .object(members)
    }

    static func csv(_ report: ScanReport, options: ReportOptions) -> String {
        var lines = [(CSVReport.columns + (options.redacts ? [] : ["secret"])).joined(separator: ",")]
        for finding in report.findings {
            var fields = [
                finding.ruleID, finding.path, String(finding.line), String(finding.column), finding.secretSha256,
                finding.redacted, finding.fingerprint, finding.source.rawValue, finding.commit?.id ?? "",
                finding.commit?.authorName ?? "", finding.commit?.authorEmail ?? "", finding.commit?.date ?? "",
                finding.encoding ?? "", finding.byteOffset.map(String.init) ?? "", report.liveness(of: finding).rawValue,
            ]
            if !options.redacts { fields.append(finding.secret) }
            lines.append(fields.map(CSVReport.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// `JSONValue.rendered()` as it was: recursive, appending to a `String` scalar by scalar.
enum LegacyJSON {
    static func rendered(_ value: JSONValue) -> String {
        var output = ""
        write(value, to: &output, indent: 0)
        output.append("\n")
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String, indent: Int) {
        switch value {
        case .null: output.append("null")
        case .bool(let value): output.append(value ? "true" : "false")
        case .integer(let value): output.append(String(value))
        case .number(let value):
            if !value.isFinite {
                output.append("null")
            } else if value == value.rounded(), abs(value) < 1e15 {
                output.append(String(Int(value)))
            } else {
                output.append(String(value))
            }
        case .string(let value): write(string: value, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else { return output.append("[]") }
            output.append("[\n")
            for (position, element) in elements.enumerated() {
                output.append(String(repeating: "  ", count: indent + 1))
                write(element, to: &output, indent: indent + 1)
                output.append(position == elements.count - 1 ? "\n" : ",\n")
            }
            output.append(String(repeating: "  ", count: indent))
            output.append("]")
        case .object(let members):
            guard !members.isEmpty else { return output.append("{}") }
            output.append("{\n")
            let keys = members.keys.sorted()
            for (position, key) in keys.enumerated() {
                output.append(String(repeating: "  ", count: indent + 1))
                write(string: key, to: &output)
                output.append(" : ")
                write(members[key]!, to: &output, indent: indent + 1)
                output.append(position == keys.count - 1 ? "\n" : ",\n")
            }
            output.append(String(repeating: "  ", count: indent))
            output.append("}")
        }
    }

    private static func write(string: String, to output: inout String) {
        output.append("\"")
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "\u{08}": output.append("\\b")
            case "\u{0C}": output.append("\\f")
            case "\u{0}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{FEFF}":
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}
