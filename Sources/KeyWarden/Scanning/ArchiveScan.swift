/// What opening content as an archive or compressed file gave (`SecretScanner.memberFindings`).
enum ArchiveScan {
    /// libarchive does not take it for an archive: the content is scanned as it is.
    case notAnArchive
    /// The findings in its members (what stopped the expansion, if anything, is with the detector's
    /// problems).
    case members([Finding])
    /// Damaged, and streamed from a file: the findings in its members before the damage; its raw
    /// bytes are still to be scanned, by the caller that reads the file. (Raw bytes in memory are
    /// scanned at once and come back as `members`.)
    case damagedFile([Finding])
}
