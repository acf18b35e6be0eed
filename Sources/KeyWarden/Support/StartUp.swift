import Dispatch
import GitStore

/// The set-up every command needs whatever its arguments, started at launch so that it overlaps the
/// parsing of the command line and the first git work: the parsing and compiling of the default rules
/// (used as they are unless a configuration changes them), 4-6 ms of CPU. libgit2's initialisation is
/// already under way on its own thread (`CLibGit2StartUp`). Whoever needs either first simply waits.
///
/// Measured on git/git's pre-commit scan (2 cores): preparing the rules only after libgit2's
/// initialisation, so that two threads rather than three share the cores while the command line is
/// parsed, was slower (the rules were then still being parsed when the scan needed them).
public enum StartUp {
    public static func begin() {
        DispatchQueue.global(qos: .userInitiated).async {
            if let defaults = try? RuleSet.defaults() { _ = try? CompiledRuleSet.prepared(defaults) }
        }
    }

    /// Call before the program exits, even when it never touched git (`--version`, a usage error):
    /// waits for libgit2's start-up to end, because `exit` runs the cleanup handlers its dependencies
    /// registered (OpenSSL's among them), which must not run while they are still being initialised.
    public static func end() {
        Repository.waitForLibraryStartUp()
    }
}
