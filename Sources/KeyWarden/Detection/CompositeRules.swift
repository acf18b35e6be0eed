/// gitleaks' composite rules (`[[rules.required]]`) and `skipReport`, applied to one buffer's
/// detections: a composite rule's detection stays only when each rule it requires also found
/// something near it; a rule marked `skipReport` only serves as such a requirement. Distances are
/// measured between the matches' starts, as gitleaks measures them.
enum CompositeRules {
    static func resolve(
        _ detections: [Detection], rules: [Rule], composites: [Int], skipped: Set<Int>, in buffer: UnsafeRawBufferPointer
    ) -> [Detection] {
        let compositeSet = Set(composites)
        guard detections.contains(where: { compositeSet.contains($0.ruleIndex) || skipped.contains($0.ruleIndex) }) else {
            return detections
        }
        let locations = LineLocator(buffer: buffer).locations(of: detections.map(\.matchStart))
        // Each rule's matches sorted by line: a requirement within N lines is a binary search, so a
        // file of thousands of matches costs n log n, not n squared. A match on a line allowed inline
        // (`gitleaks:allow`) satisfies nothing, as in gitleaks.
        var byRuleID: [String: [LineLocator.Location]] = [:]
        for (detection, location) in zip(detections, locations) where !detection.isInlineAllowed {
            byRuleID[rules[detection.ruleIndex].id, default: []].append(location)
        }
        for key in byRuleID.keys { byRuleID[key]?.sort { ($0.line, $0.column) < ($1.line, $1.column) } }
        return zip(detections, locations).compactMap { detection, location in
            if skipped.contains(detection.ruleIndex) { return nil }
            guard compositeSet.contains(detection.ruleIndex) else { return detection }
            let satisfied = rules[detection.ruleIndex].required.allSatisfy { requirement in
                guard let candidates = byRuleID[requirement.ruleID], !candidates.isEmpty else { return false }
                let lines: ClosedRange<Int>
                if let distance = requirement.withinLines {
                    // Saturating: a configuration may say any distance.
                    let (low, lowOverflow) = location.line.subtractingReportingOverflow(distance)
                    let (high, highOverflow) = location.line.addingReportingOverflow(distance)
                    lines = (lowOverflow ? Int.min : low)...(highOverflow ? Int.max : high)
                } else {
                    lines = Int.min...Int.max
                }
                var index = firstIndex(in: candidates, atOrAfterLine: lines.lowerBound)
                while index < candidates.count && candidates[index].line <= lines.upperBound {
                    guard let columns = requirement.withinColumns else { return true }
                    if abs(candidates[index].column - location.column) <= columns { return true }
                    index += 1
                }
                return false
            }
            return satisfied ? detection : nil
        }
    }

    /// The first index of `sorted` whose line is at least `line`.
    private static func firstIndex(in sorted: [LineLocator.Location], atOrAfterLine line: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].line < line { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
