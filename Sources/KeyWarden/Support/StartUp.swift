import Dispatch
import GitStore

/// The set-up every command needs whatever its arguments, started at launch so that it overlaps the
/// parsing of the command line and the first git work: the parsing and compiling of the default rules
/// (used as they are unless a configuration changes them), 4-6 ms of CPU, a sixth of a pre-commit
/// hook's run on git/git. libgit2's initialisation is already under way on its own thread
/// (`CLibGit2StartUp`); the rules wait for it, so that on two cores the initialisation, which every
/// git call waits for, does not share one with them.
public enum StartUp {
    public static func begin() {
        DispatchQueue.global(qos: .userInitiated).async {
            if let defaults = try? RuleSet.defaults() { _ = try? CompiledRuleSet.prepared(defaults) }
        }
    }
}
