import Foundation
import Testing

@testable import KeyWarden

@Suite struct VerificationSettingsTests {
    @Test func baseURLsThatKeepKeysOffTheWireInTheClear() throws {
        for accepted in ["https://api.dev.runwayml.com", "https://api.dev.runwayml.com/", "https://proxy.example.com/runway",
            "http://127.0.0.1:8080", "http://127.5.6.7", "http://localhost:3000/", "http://[::1]:9000"]
        {
            let endpoint = try VerificationSettings(baseURL: accepted).organizationEndpoint()
            #expect(endpoint.hasSuffix("/v1/organization") && !endpoint.contains("//v1"), "\(accepted) → \(endpoint)")
        }
        for refused in ["http://api.dev.runwayml.com", "http://127.0.0.1.example.com", "http://128.0.0.1", "http://10.1.2.3",
            "ftp://127.0.0.1", "api.dev.runwayml.com", "https://user:secret@example.com", "https://example.com/?token=1", ""]
        {
            #expect(throws: VerificationError.self, "\(refused) was accepted") { try VerificationSettings(baseURL: refused).organizationEndpoint() }
        }
        #expect(VerificationSettings(baseURL: nil, environment: ["RUNWAYML_BASE_URL": "https://x.example"]).baseURL == "https://x.example")
        #expect(VerificationSettings(baseURL: "https://flag.example", environment: ["RUNWAYML_BASE_URL": "https://x.example"]).baseURL == "https://flag.example")
        #expect(VerificationSettings(baseURL: nil, environment: [:]).baseURL == VerificationSettings.defaultBaseURL)
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDate() throws {
        #expect(RunwayKeyVerifier.seconds(fromRetryAfter: "2") == 2)
        #expect(RunwayKeyVerifier.seconds(fromRetryAfter: " 0 ") == 0)
        #expect(RunwayKeyVerifier.seconds(fromRetryAfter: "-1") == nil)
        #expect(RunwayKeyVerifier.seconds(fromRetryAfter: "soon") == nil)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let later = try #require(RunwayKeyVerifier.seconds(fromRetryAfter: formatter.string(from: Date().addingTimeInterval(120))))
        #expect(later > 100 && later <= 120)
        #expect(RunwayKeyVerifier.seconds(fromRetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT") == 0)
    }

    @Test func backOffGrowsWithJitterAndStaysCapped() throws {
        var settings = VerificationSettings()
        settings.initialBackoff = 0.5
        settings.maximumBackoff = 3
        let verifier = try RunwayKeyVerifier(settings: settings)
        for _ in 0..<50 {
            let first = verifier.backoff(beforeRetry: 1)
            #expect(first >= 0.25 && first <= 0.5)
            let third = verifier.backoff(beforeRetry: 3)
            #expect(third >= 1 && third <= 2)
            #expect(verifier.backoff(beforeRetry: 10) <= 3)
        }
    }

    @Test func organizationAnswers() {
        let full = Array(#"{"tier":{"maxMonthlyCreditSpend":10000,"models":{}},"creditBalance":52.5,"usage":{}}"#.utf8)
        #expect(RunwayOrganization(json: full) == RunwayOrganization(tier: "max monthly credit spend 10000", creditBalance: 52.5))
        #expect(RunwayOrganization(json: Array(#"{"tier":"build","creditBalance":0}"#.utf8))?.tier == "build")
        #expect(RunwayOrganization(json: Array(#"{"error":"nope"}"#.utf8)) == nil)
        #expect(RunwayOrganization(json: Array("<html>welcome to the hotel wifi</html>".utf8)) == nil)
        #expect(RunwayOrganization(json: Array(#"[1,2]"#.utf8)) == nil)
    }
}
