import Foundation

extension SecretScanner {
    /// A report of one buffer scanned as the content at `path`: standard input, a commit message
    /// file. Binary content over the binary size limit is a named skip, as for a file.
    func scanBuffer(_ bytes: [UInt8], path: String, source: Finding.Source, started: Date) throws(ScanError) -> ScanReport {
        var report = ScanReport()
        report.rulesApplied = rules.ruleSet.rules.count
        do {
            let detector = try SecretDetector(rules: rules)
            let found = try bytes.withUnsafeBytes { buffer in
                try findings(in: buffer, path: path, detector: detector, source: source, commit: nil)
            }
            if let found {
                report.findings = found
                stream(found)
            } else {
                report.statistics.skippedBinary += 1
                report.statistics.sizeSkips.append(binarySkip(path: path, bytes: bytes.count))
            }
        } catch {
            throw .engine("\(error)")
        }
        report.statistics.filesScanned = 1
        report.statistics.bytesScanned = bytes.count
        report.sortFindings()
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        return report
    }
}
