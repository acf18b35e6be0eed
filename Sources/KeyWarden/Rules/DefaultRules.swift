/// The rule files compiled into the binary, so keywarden works without its source tree.
/// `DefaultRules+Embedded.swift` is generated from `rules/*.toml` by `scripts/embed-rules.py`.
public enum DefaultRules {
    /// The names of the embedded rule files.
    public static var fileNames: [String] { files.map(\.name) }

    /// The text of the embedded rule file `name`, as it was in `rules/` when embedded.
    public static func text(of name: String) -> String? { files.first { $0.name == name }?.text }
}
