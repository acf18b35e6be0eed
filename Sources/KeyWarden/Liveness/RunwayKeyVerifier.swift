import Foundation
import Transport

/// Asks Runway's API whether found keys still work: `GET {base}/v1/organization`, which costs no
/// credits. Only on request (`--verify`); the key goes into the Authorization header of a request to
/// the configured base URL and nowhere else (no redirects are followed, nothing is logged).
public struct RunwayKeyVerifier: Sendable {
    /// The API version header every Runway request carries.
    public static let apiVersion = "2024-11-06"

    public let settings: VerificationSettings
    /// `{base}/v1/organization`.
    public let endpoint: String
    private let client: HTTPClient
    private let pacer: RequestPacer

    /// Checks the base URL (HTTPS, or loopback) and that HTTP is available.
    public init(settings: VerificationSettings) throws(VerificationError) {
        self.settings = settings
        endpoint = try settings.organizationEndpoint()
        do {
            try HTTPClient.checkAvailable()
        } catch {
            throw VerificationError("cannot check keys: \(error)")
        }
        client = HTTPClient(userAgent: "keywarden/\(KeyWardenVersion.current)")
        pacer = RequestPacer(perSecond: settings.requestsPerSecond)
    }

    /// Whether this verifier knows how to check the secret a finding holds.
    public static func canCheck(_ finding: Finding) -> Bool { finding.provider.lowercased() == "runway" }

    /// Checks each distinct secret once, a few at a time; results by the secret's SHA-256.
    public func check(_ secrets: [String]) -> [String: LivenessResult] {
        var seen: Set<String> = []
        var distinct: [(sha: String, secret: String)] = []
        for secret in secrets {
            let sha = SecretDigest.sha256Hex(secret)
            if seen.insert(sha).inserted { distinct.append((sha, secret)) }
        }
        let work = distinct
        let (results, _) = ParallelWork.run(
            count: work.count, threads: max(1, settings.concurrency),
            makeWorker: {},
            body: { _, index in [work[index].sha: self.check(work[index].secret)] },
            combine: { total, part in total.merge(part) { first, _ in first } },
            initial: [String: LivenessResult]())
        return results
    }

    /// Checks the Runway keys among a report's findings and records the verdicts in the report.
    public func verify(_ report: inout ScanReport) {
        record(check(report.findings.filter(Self.canCheck).map(\.secret)), in: &report)
    }

    /// Records verdicts already reached (as a streamed report reaches them while the scan goes on)
    /// in a report, as `verify` does.
    public func record(_ results: [String: LivenessResult], in report: inout ScanReport) {
        report.liveness = results
        let others = Set(report.findings.filter { !Self.canCheck($0) }.map(\.secretSha256)).count
        if others > 0 {
            report.notes.append("--verify checks Runway keys only: \(others) other secret\(others == 1 ? " is" : "s are") unchecked")
        }
    }

    /// Checks one key, retrying what is worth retrying.
    public func check(_ secret: String) -> LivenessResult {
        let request = HTTPRequest(
            url: endpoint,
            headers: [("Authorization", "Bearer \(secret)"), ("X-Runway-Version", Self.apiVersion), ("Accept", "application/json")],
            timeout: settings.timeout)
        var attempt = 1
        while true {
            pacer.waitForTurn()
            let response: HTTPResponse
            do {
                response = try client.get(request)
            } catch .timedOut {
                return result(.unknown, "no answer within \(LivenessResult.number(settings.timeout)) s")
            } catch {
                return result(.unknown, "request failed: \(error)")
            }
            switch response.status {
            case 200:
                guard let organization = RunwayOrganization(json: response.body) else {
                    return result(.unknown, "HTTP 200 without an organization in the body: is \(settings.baseURL) Runway's API?")
                }
                var live = result(.live, "HTTP 200")
                live.tier = organization.tier
                live.creditBalance = organization.creditBalance
                return live
            case 401:
                return result(.invalid, "HTTP 401: Runway does not accept this key")
            case 429, 502, 503, 504:
                let tries = "HTTP \(response.status) after \(attempt) attempt\(attempt == 1 ? "" : "s")"
                if attempt >= settings.maxAttempts { return result(.unknown, tries) }
                let retryAfter = response.header("Retry-After").flatMap(Self.seconds(fromRetryAfter:))
                if let retryAfter, retryAfter > settings.maximumRetryAfter {
                    return result(.unknown, "\(tries); asked to retry after \(LivenessResult.number(retryAfter.rounded(.up))) s")
                }
                Thread.sleep(forTimeInterval: retryAfter ?? backoff(beforeRetry: attempt))
                attempt += 1
            case 300..<400:
                return result(.unknown, "HTTP \(response.status): redirected, not followed (the key goes to \(settings.baseURL) only)")
            default:
                return result(.unknown, "HTTP \(response.status)")
            }
        }
    }

    private func result(_ liveness: Liveness, _ detail: String) -> LivenessResult {
        LivenessResult(liveness: liveness, detail: detail, checkedAt: ISODate.format(seconds: Int64(Date().timeIntervalSince1970), offsetMinutes: 0))
    }

    /// Exponential back-off with full jitter in its upper half: base·2^(n-1), capped, times 0.5–1.
    func backoff(beforeRetry retry: Int) -> Double {
        let ceiling = min(settings.maximumBackoff, settings.initialBackoff * pow(2, Double(retry - 1)))
        return ceiling * Double.random(in: 0.5...1)
    }

    /// `Retry-After` as seconds from now: a number of seconds or an HTTP date.
    static func seconds(fromRetryAfter value: String) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }
}
