import Dispatch
import GitStore

/// The set-up every command needs whatever its arguments, started on other threads at launch so that
/// it overlaps the parsing of the command line and the first git work: libgit2's initialisation
/// (which loads the system's CA certificates) and the parsing and compiling of the default rules
/// (used as they are unless a configuration changes them): together ~10 ms of CPU, a fifth of a
/// pre-commit hook's run on git/git. Whoever needs either first simply waits for it.
public enum StartUp {
    public static func begin() {
        DispatchQueue.global(qos: .userInitiated).async { Repository.prepareLibrary() }
        DispatchQueue.global(qos: .userInitiated).async {
            if let defaults = try? RuleSet.defaults() { _ = try? CompiledRuleSet.prepared(defaults) }
        }
    }
}
