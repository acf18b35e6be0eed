import Foundation

/// A real browser for the tests that render keywarden's HTML: headless Chromium (Debian's `chromium`,
/// installed by `make setup-test`), each run with its own throw-away profile.
public enum HeadlessChromium {
    /// The browser's executable; nil when none is installed.
    public static var path: String? {
        ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(ProcessRunner.which).first
    }

    /// The DOM of `file` after Chromium has parsed and laid it out, serialized (`--dump-dom`).
    public static func dumpDOM(of file: String) throws -> String {
        try run(["--dump-dom", URL(fileURLWithPath: file).absoluteString]).standardOutput
    }

    /// Renders `file` and writes a PNG screenshot of the first `height` pixels to `image`.
    public static func screenshot(of file: String, to image: String, width: Int = 1280, height: Int = 3000) throws {
        try run(["--screenshot=\(image)", "--window-size=\(width),\(height)", URL(fileURLWithPath: file).absoluteString])
    }

    @discardableResult
    private static func run(_ arguments: [String]) throws -> ProcessResult {
        guard let path else { throw ChromiumError(message: "no chromium is installed (make setup-test installs Debian's chromium)") }
        let profile = try TemporaryDirectory("chromium")
        // --no-sandbox: the sandbox refuses to start as root, which CI machines run as.
        let result = try ProcessRunner.run(
            path,
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=\(profile.path)"]
                + arguments,
            environment: ["HOME": profile.path])
        guard result.status == 0 else {
            throw ChromiumError(message: "chromium \(arguments.first ?? "") failed (\(result.status)): \(result.standardError.suffix(2000))")
        }
        return result
    }

    public struct ChromiumError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
