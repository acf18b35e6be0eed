/// Told of findings the moment a scan makes them, before the report is assembled and sorted: what
/// lets `--format jsonl` write each finding while the scan goes on.
///
/// A scan calls `found` with the findings of one file, blob, message or later introduction, in no
/// particular order and from whichever worker thread made them, several at once; findings an inline
/// `keywarden:allow` marks are not passed. Every finding the report of a scan that completes
/// holds is passed exactly once, and nothing else.
public protocol FindingSink: Sendable {
    func found(_ findings: [Finding])
}
