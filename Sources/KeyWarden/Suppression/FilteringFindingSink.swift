/// Passes on to another sink only the findings a filter keeps: a streamed report leaves out, one
/// finding at a time while the scan goes on, what `FindingFilter.apply` removes from the whole
/// report afterwards (a finding the baseline knows, or the ignore file names).
public struct FilteringFindingSink: FindingSink {
    public let next: any FindingSink
    private let judge: FindingFilter.Judge

    public init(_ next: any FindingSink, filter: FindingFilter) {
        self.next = next
        self.judge = filter.judge
    }

    public func found(_ findings: [Finding]) {
        let kept = findings.filter { judge.verdict(for: $0) != .suppressed }
        if !kept.isEmpty { next.found(kept) }
    }
}
