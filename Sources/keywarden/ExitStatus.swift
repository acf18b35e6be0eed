import ArgumentParser

/// keywarden's exit codes: CI must be able to tell a leak from a broken scan.
enum ExitStatus {
    static let clean = ExitCode(0)
    static let secretsFound = ExitCode(1)
    static let couldNotScan = ExitCode(2)
}
