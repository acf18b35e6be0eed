import Foundation

/// Where and how keys are checked: the API's base URL, time limits, retries, and how hard keywarden
/// may lean on the API in one run.
public struct VerificationSettings: Sendable {
    public static let defaultBaseURL = "https://api.dev.runwayml.com"
    /// The environment variable the Runway SDKs read the base URL from.
    public static let baseURLVariable = "RUNWAYML_BASE_URL"

    public var baseURL: String
    /// Seconds for one request, connection included.
    public var timeout: Double = 10
    /// Requests per key at most: the first and the retries after 429, 502, 503 or 504.
    public var maxAttempts: Int = 3
    /// Back-off before the first retry, doubled for each further one, with jitter.
    public var initialBackoff: Double = 0.5
    public var maximumBackoff: Double = 8
    /// A `Retry-After` longer than this is not waited for: the key's liveness is then unknown.
    public var maximumRetryAfter: Double = 30
    /// Keys checked at the same time.
    public var concurrency: Int = 4
    /// Requests started per second across the run.
    public var requestsPerSecond: Double = 5

    public init(baseURL: String = Self.defaultBaseURL) {
        self.baseURL = baseURL
    }

    /// The base URL from `--verify-url`, else `RUNWAYML_BASE_URL`, else Runway's.
    public init(baseURL flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let fromEnvironment = environment[Self.baseURLVariable].flatMap { $0.isEmpty ? nil : $0 }
        self.init(baseURL: flag ?? fromEnvironment ?? Self.defaultBaseURL)
    }

    /// The organization endpoint, after checking the base URL: HTTPS, or plain HTTP to this machine
    /// only, so a key never crosses a network in the clear.
    public func organizationEndpoint() throws(VerificationError) -> String {
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw VerificationError("the verification base URL \"\(baseURL)\" is not an absolute http(s) URL")
        }
        guard components.user == nil && components.password == nil else {
            throw VerificationError("the verification base URL must not carry a user name or password")
        }
        guard components.query == nil && components.fragment == nil else {
            throw VerificationError("the verification base URL must not carry a query or fragment")
        }
        switch scheme {
        case "https": break
        case "http" where Self.isLoopback(host): break
        case "http":
            throw VerificationError("refusing to send keys over plain HTTP to \(host): use https (plain http is allowed only to this machine's loopback address)")
        default:
            throw VerificationError("the verification base URL must be https, not \(scheme)")
        }
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/v1/organization"
    }

    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if name == "localhost" || name == "::1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
