/// keywarden's version, as reports and `--version` show it.
public enum KeyWardenVersion {
    public static let current = "0.1.0"
}
