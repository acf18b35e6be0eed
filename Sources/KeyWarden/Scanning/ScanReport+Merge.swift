extension ScanReport {
    /// Adds another partial report's findings, statistics and problems to this one.
    mutating func merge(_ other: ScanReport) {
        findings += other.findings
        inlineAllowed += other.inlineAllowed
        statistics.add(other.statistics)
        problems += other.problems
        notes += other.notes
    }
}
