import Foundation
import TestSupport
import Testing

/// A repository whose path holds a byte that is not UTF-8 (a Latin-1 `é`) is scanned in every mode:
/// its path stays bytes from the command line to libgit2 and back.
@Suite struct NonUTF8PathTests {
    /// Runs `script` in `/bin/sh` (which passes the path's bytes as they are; Swift's `Process`
    /// would have to decode them) in `directory`, with `$KW` the keywarden binary.
    static func shell(_ script: String, in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            "/bin/sh", ["-c", script], in: directory,
            environment: ["KW": KeyWardenBinary.path, "LATIN1": "caf\\351"].merging(environment) { $1 })
    }

    @Test func everyModeScansARepositoryWhosePathIsNotUTF8() throws {
        let scratch = try TemporaryDirectory("latin1")
        let key = TestKeys.runway()
        let made = try Self.shell(
            """
            set -e
            dir=$(printf "$LATIN1")
            mkdir "$dir" && cd "$dir"
            git init -q -b main . && git config user.name A && git config user.email a@example.com
            printf 'K=%s\\n' "\(key)" > app.env
            git add app.env && git commit -q -m key
            printf 'K2=%s\\n' "\(key)" > staged.env && git add staged.env
            """, in: scratch.path)
        #expect(made.status == 0, "\(made.standardError)")
        let environment = ["XDG_CACHE_HOME": scratch.path + "/cache", "KEYWARDEN_INVENTORY": scratch.path + "/inventory.toml"]
        let fromOutside = [
            "working tree": #""$KW" scan "$(printf "$LATIN1")""#,
            "history": #""$KW" scan --history "$(printf "$LATIN1")""#,
            "history, cached": #""$KW" scan --history "$(printf "$LATIN1")""#,
            "range": #""$KW" scan --range HEAD "$(printf "$LATIN1")""#,
            "audit": #""$KW" audit "$(printf "$LATIN1")""#,
        ]
        for (mode, command) in fromOutside.sorted(by: { $0.key < $1.key }) {
            let result = try Self.shell(command, in: scratch.path, environment: environment)
            #expect(result.status == 1, "\(mode): \(result.standardOutput)\(result.standardError)")
            #expect(result.standardOutput.contains("key_"), "\(mode): \(result.standardOutput)")
        }
        let inside = [
            "staged": #"cd "$(printf "$LATIN1")" && "$KW" scan --staged"#,
            "history from inside": #"cd "$(printf "$LATIN1")" && "$KW" scan --history --no-cache"#,
        ]
        for (mode, command) in inside.sorted(by: { $0.key < $1.key }) {
            let result = try Self.shell(command, in: scratch.path, environment: environment)
            #expect(result.status == 1, "\(mode): \(result.standardOutput)\(result.standardError)")
        }
        let audit = try Self.shell(#""$KW" audit "$(printf "$LATIN1")""#, in: scratch.path, environment: environment)
        #expect(audit.standardOutput.contains("(caf\u{FFFD})"), "\(audit.standardOutput)")
        let file = try Self.shell(#"touch "$(printf "x$LATIN1")"; "$KW" scan "$(printf "x$LATIN1")""#, in: scratch.path)
        #expect(file.status == 64 || file.status == 2, "\(file.standardError)")
        #expect(file.standardError.contains("not UTF-8"), "\(file.standardError)")
    }
}
