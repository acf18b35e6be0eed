import Dispatch
import GitStore

/// The set-up every command needs whatever its arguments, started at launch so that it overlaps the
/// parsing of the command line and the first git work: the default rules' matcher (used as it is
/// unless a configuration changes the rules; its Vectorscan database comes from a cache) and libgit2's
/// initialisation (`CLibGit2StartUp`), each on a thread of its own. Whoever needs either first waits.
///
/// Measured on git/git's pre-commit scan (2 cores), when the rules were still parsed from TOML at run
/// time: preparing them only after libgit2's initialisation, so that two threads rather than three
/// share the cores while the command line is parsed, was slower (the scan then waited for the rules).
package enum StartUp {
    private static let preparation = DispatchGroup()

    package static func begin() {
        Repository.beginLibraryStartUp()
        DispatchQueue.global(qos: .userInitiated).async(group: preparation) {
            if let defaults = try? RuleSet.defaults() { _ = try? CompiledRuleSet.prepared(defaults) }
        }
    }

    /// Call before the program exits, even when it needed neither (`--version`, `hook install`, a usage
    /// error): waits for what `begin` started and for libgit2's start-up. `exit` runs the cleanup
    /// handlers libgit2's dependencies registered (OpenSSL's among them), which must not run while they
    /// are still being initialised; and a program that ends while the rules are half loaded leaves
    /// LeakSanitizer allocations it cannot account for. At most a few milliseconds, on short commands.
    package static func end() {
        preparation.wait()
        Repository.waitForLibraryStartUp()
    }
}
