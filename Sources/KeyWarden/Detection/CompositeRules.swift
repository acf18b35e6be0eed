/// gitleaks' composite rules (`[[rules.required]]`) and `skipReport`, applied to one buffer's
/// detections: a composite rule's detection stays only when each rule it requires also found
/// something near it; a rule marked `skipReport` only serves as such a requirement.
enum CompositeRules {
    static func resolve(
        _ detections: [Detection], rules: [Rule], composites: [Int], skipped: Set<Int>, in buffer: UnsafeRawBufferPointer
    ) -> [Detection] {
        let compositeSet = Set(composites)
        guard detections.contains(where: { compositeSet.contains($0.ruleIndex) || skipped.contains($0.ruleIndex) }) else {
            return detections
        }
        let locations = LineLocator(buffer: buffer).locations(of: detections.map(\.offset))
        var byRuleID: [String: [LineLocator.Location]] = [:]
        for (detection, location) in zip(detections, locations) {
            byRuleID[rules[detection.ruleIndex].id, default: []].append(location)
        }
        return zip(detections, locations).compactMap { detection, location in
            if skipped.contains(detection.ruleIndex) { return nil }
            guard compositeSet.contains(detection.ruleIndex) else { return detection }
            let satisfied = rules[detection.ruleIndex].required.allSatisfy { requirement in
                (byRuleID[requirement.ruleID] ?? []).contains { other in
                    if let lines = requirement.withinLines, abs(other.line - location.line) > lines { return false }
                    if let columns = requirement.withinColumns, abs(other.column - location.column) > columns { return false }
                    return true
                }
            }
            return satisfied ? detection : nil
        }
    }
}
