import Dispatch

/// `--format jsonl` written while the scan goes on: a `FindingSink` that writes each finding the
/// moment the scan makes it, one line each (the JSON report's finding object), and hands the lines
/// to the output at once, so a pipeline reading standard output sees a finding before the scan ends.
///
/// Lines come in the order the findings are made, not the report's sorted order. With a verifier
/// (`--verify`), a Runway key's line waits for its verdict: each distinct key is checked once, off
/// the scan's threads, and every finding of it is written when the answer comes; other findings are
/// written at once. Suppression is the job of a `FilteringFindingSink` in front of the stream. A
/// report written to a file is still renamed into place only when the run ends (`finish()`).
package final class JSONLinesStream: FindingSink {
    /// The keys met so far, by SHA-256: answered, or waiting (with their findings) for a check
    /// queued or under way; and the checks not yet started.
    private struct Checks {
        var answers: [String: LivenessResult] = [:]
        var waiting: [String: [Finding]] = [:]
        var queue: [(sha: String, secret: String)] = []
        var next = 0
        var lanes = 0
    }

    private let output: Locked<ReportOutput>
    private let redacts: Bool
    private let verifier: RunwayKeyVerifier?
    private let checks = Locked(Checks())
    private let checking = DispatchGroup()

    package init(to output: sending ReportOutput, redacts: Bool, verifier: RunwayKeyVerifier? = nil) {
        self.output = Locked(output)
        self.redacts = redacts
        self.verifier = verifier
    }

    package func found(_ findings: [Finding]) {
        guard let verifier else { return write(findings, verdict: nil) }
        var now: [Finding] = []
        var answered: [(Finding, LivenessResult)] = []
        let lanesToStart: Int = checks.withLock { checks in
            for finding in findings {
                guard RunwayKeyVerifier.canCheck(finding) else {
                    now.append(finding)
                    continue
                }
                let sha = finding.secretSha256
                if let result = checks.answers[sha] {
                    answered.append((finding, result))
                } else if checks.waiting[sha] != nil {
                    // Appended in place: a key found many times while it is checked stays linear.
                    checks.waiting[sha]?.append(finding)
                } else {
                    checks.waiting[sha] = [finding]
                    checks.queue.append((sha, finding.secret))
                }
            }
            let wanted = min(max(1, verifier.settings.concurrency), checks.queue.count - checks.next)
            let starting = max(0, wanted - checks.lanes)
            checks.lanes += starting
            return starting
        }
        write(now, verdict: nil)
        for (finding, result) in answered { write([finding], verdict: result) }
        for _ in 0..<lanesToStart { startLane(with: verifier) }
    }

    /// A lane checks queued keys one after another until none is left, off the scan's threads; at
    /// most `concurrency` lanes run. The findings that waited for a key are written with its verdict.
    private func startLane(with verifier: RunwayKeyVerifier) {
        DispatchQueue.global().async(group: checking) {
            while let key = self.checks.withLock({ checks -> (sha: String, secret: String)? in
                guard checks.next < checks.queue.count else {
                    checks.lanes -= 1
                    return nil
                }
                defer { checks.next += 1 }
                return checks.queue[checks.next]
            }) {
                let result = verifier.check(key.secret)
                let waiting: [Finding] = self.checks.withLock { checks in
                    checks.answers[key.sha] = result
                    return checks.waiting.removeValue(forKey: key.sha) ?? []
                }
                self.write(waiting, verdict: result)
            }
        }
    }

    private func write(_ findings: [Finding], verdict: LivenessResult?) {
        guard !findings.isEmpty else { return }
        output.withLock { output in
            for finding in findings {
                output.withBuffer { buffer in
                    JSONReport.reported(finding, verification: verdict, redacts: redacts).write(to: &buffer, indent: 0, compact: true)
                    buffer.append(UInt8(ascii: "\n"))
                }
            }
            output.writePending()
        }
    }

    /// Waits for every check started so far; the verdicts by the key's SHA-256, for the report
    /// (`RunwayKeyVerifier.record`).
    package func waitForChecks() -> [String: LivenessResult] {
        checking.wait()
        return checks.withLock { $0.answers }
    }

    /// Waits for the checks, writes what is pending and, for a file, renames it into place.
    package func finish() throws {
        checking.wait()
        try output.withLock { output in try output.finish() }
    }
}
