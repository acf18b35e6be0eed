import Foundation

/// A stand-in for Runway's API on 127.0.0.1 (`Tests/Fixtures/runway-api-stub.py`), answering each key
/// the way its scenario says; stopped when released. Nothing in the test suite reaches the internet.
public final class RunwayAPIStub: Sendable {
    public enum Scenario: String, Sendable {
        case live, invalid, throttledOnce = "throttled-once", unavailable, slow, malformed, redirect
        case badGateway = "bad-gateway", gatewayTimeout = "gateway-timeout", throttledLong = "throttled-long"
    }

    /// One request the stub received.
    public struct Request: Sendable {
        public var path: String
        public var keySha256: String
        public var version: String?
        public var time: Double
    }

    public let baseURL: String
    private let process: Process
    private let directory: TemporaryDirectory

    /// Starts the stub; `scenarios` maps keys to how their requests are answered.
    public init(_ scenarios: [String: Scenario]) throws {
        directory = try TemporaryDirectory("runway-stub")
        var byDigest: [String: String] = [:]
        for (key, scenario) in scenarios { byDigest[IndependentDigest.sha256(key)] = scenario.rawValue }
        try Data(JSONSerialization.data(withJSONObject: byDigest)).write(to: URL(fileURLWithPath: directory.path + "/scenarios.json"))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", KeyWardenBinary.packageRoot + "/Tests/Fixtures/runway-api-stub.py",
            directory.path + "/scenarios.json", directory.path + "/requests.jsonl",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            throw StubError.didNotStart
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    enum StubError: Error { case didNotStart }

    deinit {
        // SIGKILL: a child of the test runner may be started with SIGTERM blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Every request received so far, in order.
    public func requests() throws -> [Request] {
        let path = directory.path + "/requests.jsonl"
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Request(
                path: object["path"] as? String ?? "", keySha256: object["keySha256"] as? String ?? "",
                version: object["version"] as? String, time: object["time"] as? Double ?? 0)
        }
    }

    /// The requests that carried `key`.
    public func requests(for key: String) throws -> [Request] {
        let digest = IndependentDigest.sha256(key)
        return try requests().filter { $0.keySha256 == digest }
    }
}
