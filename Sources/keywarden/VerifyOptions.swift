import ArgumentParser
import KeyWarden

/// `--verify`: ask Runway's API whether each Runway key found still works. Off unless given: without
/// it keywarden sends nothing anywhere.
struct VerifyOptions: ParsableArguments {
    @Flag(help: "Ask Runway's API whether each Runway key found still works (GET /v1/organization, once per key). Sends each found Runway key to that API and nowhere else.")
    var verify = false

    @Option(name: .customLong("verify-url"), help: "Base URL of the API for --verify (default: $RUNWAYML_BASE_URL, else https://api.dev.runwayml.com). HTTPS only, except to this machine.")
    var verifyURL: String?

    @Option(name: .customLong("verify-timeout"), help: "Seconds to wait for each answer with --verify (default 10).")
    var verifyTimeout: Double = 10

    func validate() throws {
        if !verify && verifyURL != nil { throw ValidationError("--verify-url needs --verify") }
        guard verifyTimeout > 0 && verifyTimeout.isFinite else { throw ValidationError("--verify-timeout must be a positive number of seconds") }
        if verify {
            do {
                _ = try settings.organizationEndpoint()
            } catch {
                throw ValidationError(error.message)
            }
        }
    }

    var settings: VerificationSettings {
        var settings = VerificationSettings(baseURL: verifyURL)
        settings.timeout = verifyTimeout
        return settings
    }

    /// The verifier when `--verify` was given.
    func makeVerifier() throws(VerificationError) -> RunwayKeyVerifier? {
        verify ? try RunwayKeyVerifier(settings: settings) : nil
    }
}
