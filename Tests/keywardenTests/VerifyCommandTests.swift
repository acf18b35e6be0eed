import Foundation
import TestSupport
import Testing

/// `--verify` against a stand-in for Runway's API on 127.0.0.1: every answer the real one can give.
@Suite struct VerifyCommandTests {
    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func eachAnswerBecomesAVerdictAndEachKeyIsAskedOnce() throws {
        var keys: [RunwayAPIStub.Scenario: String] = [:]
        let scenarios: [RunwayAPIStub.Scenario] = [.live, .invalid, .throttledOnce, .unavailable, .slow, .malformed, .redirect]
        for scenario in scenarios { keys[scenario] = TestKeys.runway() }
        let stub = try RunwayAPIStub(Dictionary(uniqueKeysWithValues: keys.map { ($1, $0) }))
        let directory = try TemporaryDirectory("verify")
        var text = ""
        for scenario in scenarios { text += "RUNWAYML_API_SECRET_\(scenario.rawValue.uppercased().replacingOccurrences(of: "-", with: "_"))=\(keys[scenario]!)\n" }
        try directory.write("config/.env", text)
        // The live key a second time, elsewhere: still one request.
        try directory.write("app/settings.py", "RUNWAY = \"\(keys[.live]!)\"\n")
        let secret = TestKeys.random(40, from: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        try directory.write("aws.txt", "aws_secret_access_key = \(secret)\n")

        let result = try KeyWardenBinary.run(
            ["scan", directory.path, "--verify", "--verify-url", stub.baseURL, "--verify-timeout", "1", "--format", "json"])
        #expect(result.status == 1, "\(result.standardError)")
        for key in keys.values {
            #expect(!result.standardOutput.contains(key) && !result.standardError.contains(key))
        }
        let document = try json(result.standardOutput)
        let findings = try #require(document["findings"] as? [[String: Any]])
        func verdict(_ scenario: RunwayAPIStub.Scenario) -> String? {
            let sha = IndependentDigest.sha256(keys[scenario]!)
            return findings.first { $0["secretSha256"] as? String == sha }?["liveness"] as? String
        }
        #expect(verdict(.live) == "live")
        #expect(verdict(.invalid) == "invalid")
        #expect(verdict(.throttledOnce) == "live")
        #expect(verdict(.unavailable) == "unknown")
        #expect(verdict(.slow) == "unknown")
        #expect(verdict(.malformed) == "unknown")
        #expect(verdict(.redirect) == "unknown")
        let liveFinding = try #require(findings.first { $0["liveness"] as? String == "live" })
        let details = try #require(liveFinding["verification"] as? [String: Any])
        #expect(details["creditBalance"] as? Int == 1234)
        #expect(details["tier"] as? String == "max monthly credit spend 10000")
        let others = findings.filter { $0["provider"] as? String != "Runway" }
        #expect(!others.isEmpty && others.allSatisfy { $0["liveness"] as? String == "unchecked" })
        #expect((document["notes"] as? [String] ?? []).contains { $0.contains("Runway keys only") })

        let requests = try stub.requests()
        #expect(requests.allSatisfy { $0.path == "/v1/organization" && $0.version == "2024-11-06" }, "a redirect was followed or a header is missing")
        #expect(try stub.requests(for: keys[.live]!).count == 1)
        #expect(try stub.requests(for: keys[.invalid]!).count == 1)
        #expect(try stub.requests(for: keys[.unavailable]!).count == 3)
        let throttled = try stub.requests(for: keys[.throttledOnce]!)
        #expect(throttled.count == 2)
        if throttled.count == 2 { #expect(throttled[1].time - throttled[0].time >= 0.95, "Retry-After: 1 was not honoured") }
        #expect(!requests.contains { $0.keySha256 == IndependentDigest.sha256(secret) }, "a non-Runway secret was sent")

        let text2 = try KeyWardenBinary.run(["scan", directory.path + "/app", "--verify", "--verify-url", stub.baseURL])
        #expect(text2.standardOutput.contains("liveness: live (tier: max monthly credit spend 10000; 1234 credits)"))
    }

    /// `--format jsonl --verify` gives each line the verdict the JSON report gives its finding, and
    /// still asks about each key once, though its lines are written while the scan goes on.
    @Test func jsonLinesCarryTheVerdictsTheJSONReportHas() throws {
        let live = TestKeys.runway()
        let invalid = TestKeys.runway()
        let directory = try TemporaryDirectory("verify-jsonl")
        try directory.write("config/.env", "RUNWAYML_API_SECRET=\(live)\nOLD_RUNWAY_KEY=\(invalid)\n")
        try directory.write("app/settings.py", "RUNWAY = \"\(live)\"\n")
        let aws = TestKeys.random(40, from: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        try directory.write("aws.txt", "aws_secret_access_key = \(aws)\n")
        func rows(_ format: String) throws -> (rows: [String], requests: Int) {
            let stub = try RunwayAPIStub([live: .live, invalid: .invalid])
            let result = try KeyWardenBinary.run(["scan", directory.path, "--verify", "--verify-url", stub.baseURL, "--format", format])
            #expect(result.status == 1, "\(result.standardError)")
            #expect(!result.standardOutput.contains(live) && !result.standardOutput.contains(invalid))
            let findings: [[String: Any]] =
                format == "json"
                ? try #require(try json(result.standardOutput)["findings"] as? [[String: Any]])
                : try result.standardOutput.split(separator: "\n").map { try json(String($0)) }
            let described = findings.map { finding in
                let verification = (finding["verification"] as? [String: Any])?["creditBalance"] as? Int
                return ["path", "line", "fingerprint", "liveness"].map { "\(finding[$0] ?? "-")" }.joined(separator: " ")
                    + " \(verification.map(String.init) ?? "-")"
            }
            return (described.sorted(), try stub.requests(for: live).count)
        }
        let lines = try rows("jsonl")
        let report = try rows("json")
        #expect(lines.rows.count == 4 && lines.rows == report.rows, "\(lines.rows) against \(report.rows)")
        #expect(lines.rows.filter { $0.hasSuffix(" live 1234") }.count == 2)
        #expect(lines.rows.contains { $0.hasPrefix("aws.txt") && $0.hasSuffix(" unchecked -") })
        #expect(lines.requests == 1, "the live key, found twice, was asked about \(lines.requests) times")
    }

    /// Eight keys that each hold a connection past the 1 s timeout: four at a time, started at most
    /// five a second. A refused connection is "unknown", never "invalid".
    @Test func requestsAreLimitedInFlightAndPerSecondAndARefusedConnectionIsUnknown() throws {
        let keys = (0..<8).map { _ in TestKeys.runway() }
        let stub = try RunwayAPIStub(Dictionary(uniqueKeysWithValues: keys.map { ($0, RunwayAPIStub.Scenario.slow) }))
        let directory = try TemporaryDirectory("verify-limits")
        try directory.write(".env", keys.enumerated().map { "KEY_\($0.offset)=\($0.element)\n" }.joined())
        let result = try KeyWardenBinary.run(
            ["scan", directory.path, "--verify", "--verify-url", stub.baseURL, "--verify-timeout", "1", "--format", "json"])
        #expect(result.status == 1)
        let firstTries = Dictionary(try stub.requests().map { ($0.keySha256, $0.time) }, uniquingKeysWith: min).values.sorted()
        #expect(firstTries.count == keys.count)
        if firstTries.count == keys.count {
            for (earlier, later) in zip(firstTries, firstTries.dropFirst()) {
                #expect(later - earlier >= 0.15, "more than five requests a second")
            }
            // The fifth can only start once one of the first four has given up, a second after it began.
            #expect(firstTries[4] - firstTries[0] >= 0.95, "more than four requests in flight")
        }

        // A port nobody listens on: the connection is refused.
        let closed = try TemporaryPort.unused()
        let refused = try KeyWardenBinary.run(
            ["scan", directory.path, "--verify", "--verify-url", "http://127.0.0.1:\(closed)", "--verify-timeout", "1", "--format", "json"])
        #expect(refused.status == 1)
        let findings = try #require(try json(refused.standardOutput)["findings"] as? [[String: Any]])
        #expect(findings.count == keys.count && findings.allSatisfy { $0["liveness"] as? String == "unknown" })
        for key in keys { #expect(!refused.standardOutput.contains(key) && !refused.standardError.contains(key)) }
    }

    /// 502 and 504 are retried like 503; a `Retry-After` longer than 30 s is not waited for.
    @Test func gatewayErrorsAreRetriedAndALongRetryAfterIsNotWaitedFor() throws {
        let keys: [RunwayAPIStub.Scenario: String] = [
            .badGateway: TestKeys.runway(), .gatewayTimeout: TestKeys.runway(), .throttledLong: TestKeys.runway(),
        ]
        let stub = try RunwayAPIStub(Dictionary(uniqueKeysWithValues: keys.map { ($1, $0) }))
        let directory = try TemporaryDirectory("verify-gateways")
        try directory.write(".env", keys.values.enumerated().map { "KEY_\($0.offset)=\($0.element)\n" }.joined())
        let started = Date()
        let result = try KeyWardenBinary.run(["scan", directory.path, "--verify", "--verify-url", stub.baseURL, "--format", "json"])
        #expect(Date().timeIntervalSince(started) < 20, "a 120 s Retry-After was waited for")
        #expect(result.status == 1)
        let findings = try #require(try json(result.standardOutput)["findings"] as? [[String: Any]])
        func verdict(_ scenario: RunwayAPIStub.Scenario) -> String? {
            findings.first { $0["secretSha256"] as? String == IndependentDigest.sha256(keys[scenario]!) }?["liveness"] as? String
        }
        #expect(verdict(.badGateway) == "unknown")
        #expect(verdict(.gatewayTimeout) == "live")
        #expect(verdict(.throttledLong) == "unknown")
        #expect(try stub.requests(for: keys[.badGateway]!).count == 3)
        #expect(try stub.requests(for: keys[.gatewayTimeout]!).count == 2)
        #expect(try stub.requests(for: keys[.throttledLong]!).count == 1)
    }

    /// SARIF carries the verdict as a property, and a report written with `-o` under `--verify` holds
    /// the verdict, not the key.
    @Test func sarifAndOutputFilesCarryTheVerdictNotTheKey() throws {
        let key = TestKeys.runway()
        let stub = try RunwayAPIStub([key: .live])
        let directory = try TemporaryDirectory("verify-sarif")
        try directory.write("app.env", "RUNWAYML_API_SECRET=\(key)\n")
        let output = directory.path + "/report.sarif"
        let result = try KeyWardenBinary.run(
            ["scan", directory.path + "/app.env", "--verify", "--verify-url", stub.baseURL, "--format", "sarif", "-o", output])
        #expect(result.status == 1)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(!text.contains(key) && !text.contains(String(key.dropFirst(4))))
        let sarif = try json(text)
        let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == 1)
        #expect((results.first?["properties"] as? [String: Any])?["liveness"] as? String == "live")
    }

    @Test func nothingIsSentWithoutVerifyAndPlainHTTPGoesOnlyToLoopback() throws {
        let key = TestKeys.runway()
        let stub = try RunwayAPIStub([key: .live])
        let directory = try TemporaryDirectory("verify-off")
        try directory.write(".env", "RUNWAYML_API_SECRET=\(key)\n")
        let unchecked = try KeyWardenBinary.run(["scan", directory.path, "--format", "json"], environment: ["RUNWAYML_BASE_URL": stub.baseURL])
        #expect(unchecked.status == 1)
        let findings = try #require(try json(unchecked.standardOutput)["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { $0["liveness"] as? String == "unchecked" })
        #expect(try stub.requests().isEmpty)

        // RUNWAYML_BASE_URL is where the SDKs look for the base URL, and so does --verify.
        let fromEnvironment = try KeyWardenBinary.run(["scan", directory.path, "--verify", "--format", "csv"], environment: ["RUNWAYML_BASE_URL": stub.baseURL])
        #expect(fromEnvironment.standardOutput.contains(",live"))
        #expect(try stub.requests().count == 1)

        for refused in ["http://example.com", "http://10.0.0.1:8080", "ftp://127.0.0.1", "https://user:pw@example.com"] {
            let result = try KeyWardenBinary.run(["scan", directory.path, "--verify", "--verify-url", refused])
            #expect(result.status == 64, "\(refused) was accepted")
            #expect(!result.standardOutput.contains(key) && !result.standardError.contains(key))
        }
        let plain = try KeyWardenBinary.run(["scan", directory.path, "--verify", "--verify-url", "http://example.com"])
        #expect(plain.standardError.contains("plain HTTP"))
        #expect(try KeyWardenBinary.run(["scan", directory.path, "--verify-url", stub.baseURL]).status == 64)
    }

    @Test func auditPutsLiveKeysFirstAndCatchesADisabledKeyThatStillWorks() throws {
        let repository = try RepositoryBuilder()
        let (live, dead, disabledButLive) = (TestKeys.runway(), TestKeys.runway(), TestKeys.runway())
        let stub = try RunwayAPIStub([live: .live, dead: .invalid, disabledButLive: .live])
        // The dead key is the oldest and in the working tree: without --verify it would come first.
        try repository.write("old.env", "RUNWAYML_API_SECRET=\(dead)\n")
        try repository.commit("old")
        try repository.write(".env.production", "RUNWAYML_API_SECRET=\(live)\n")
        try repository.commit("production key")
        try repository.write("staging.env", "RUNWAYML_API_SECRET=\(disabledButLive)\n")
        try repository.commit("staging key")
        try repository.remove("staging.env")
        try repository.commit("remove staging key")
        let scratch = try TemporaryDirectory("verify-audit")
        let inventory = scratch.path + "/inventory.toml"
        let added = try ProcessRunner.run(
            KeyWardenBinary.path, ["inventory", "add", "--env", "staging", "--owner", "ops@example.com", "--id", "staging", "--stdin", "--inventory", inventory],
            input: disabledButLive + "\n")
        #expect(added.status == 0, "\(added.standardError)")
        #expect(try KeyWardenBinary.run(["inventory", "disable", "staging", "--inventory", inventory]).status == 0)

        let result = try KeyWardenBinary.run(
            ["audit", repository.path, "--verify", "--verify-url", stub.baseURL, "--format", "json", "--inventory", inventory])
        #expect(result.status == 1, "\(result.standardError)")
        let document = try json(result.standardOutput)
        let keys = try #require(document["keys"] as? [[String: Any]])
        #expect(keys.count == 3)
        #expect(keys.prefix(2).allSatisfy { $0["liveness"] as? String == "live" }, "live keys are not first")
        func audit(_ key: String) -> [String: Any]? { keys.first { $0["secretSha256"] as? String == IndependentDigest.sha256(key) } }
        func actions(_ key: String) -> [String] {
            (audit(key)?["recommendations"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        }
        let stillLive = try #require((audit(disabledButLive)?["recommendations"] as? [[String: Any]])?.first)
        #expect(stillLive["action"] as? String == "disable-now")
        #expect((stillLive["reason"] as? String ?? "").contains("STILL LIVE"))
        #expect(audit(dead)?["liveness"] as? String == "invalid")
        #expect(!actions(dead).contains("disable-now") && actions(dead).contains("remove-from-code"))
        #expect((audit(dead)?["note"] as? String ?? "").contains("401"))
        #expect(actions(live).first == "disable-now")
        #expect(!result.standardOutput.contains(live) && !result.standardError.contains(live))

        // Merging keeps the recorded verdicts: the reports hold no key to ask about again.
        try Data(result.standardOutput.utf8).write(to: URL(fileURLWithPath: scratch.path + "/audit.json"))
        let before = try stub.requests().count
        let merged = try KeyWardenBinary.run(
            ["audit", "--merge", scratch.path + "/audit.json", "--verify", "--verify-url", stub.baseURL, "--inventory", inventory])
        #expect(merged.status == 1)
        #expect(merged.standardOutput.contains("STILL LIVE"))
        #expect(merged.standardOutput.contains("cannot check keys again"))
        #expect(try stub.requests().count == before)
    }
}
