import ArgumentParser

/// keywarden's exit codes: CI must be able to tell a leak from a broken scan.
enum ExitStatus {
    static let clean = ExitCode(0)
    static let secretsFound = ExitCode(1)
    static let couldNotScan = ExitCode(2)

    /// Runs `body`; an error it throws is printed as `keywarden: error: …` and becomes exit status 2
    /// (an exit code it throws passes through).
    static func orCouldNotScan<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.printError(error)
            throw couldNotScan
        }
    }
}
