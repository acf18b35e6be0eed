/// One place a key was found, in one repository.
public struct KeyOccurrence: Sendable, Hashable {
    public var repository: String
    public var path: String
    public var line: Int
    public var source: Finding.Source
    public var commit: String?
    public var authorName: String?
    public var authorEmail: String?
    /// ISO 8601 author date of the commit.
    public var date: String?
    /// Seconds since 1970 of the commit, for ordering; nil for the working tree.
    public var time: Int64?
    /// The Kubernetes namespace the file declares, if it is a manifest.
    public var namespace: String?
    /// For a committed occurrence: which references hold its commit and how long HEAD kept it; nil
    /// for the working tree (and in reports made before it was recorded).
    public var exposure: OccurrenceExposure? {
        get { heldBy?.value }
        set { heldBy = newValue.map(Indirect.init) }
    }
    /// `exposure`, shared by the occurrences of one commit and path (and by a finding and its key).
    package var heldBy: Indirect<OccurrenceExposure>?

    public init(
        repository: String, path: String, line: Int, source: Finding.Source, commit: String? = nil,
        authorName: String? = nil, authorEmail: String? = nil, date: String? = nil, time: Int64? = nil
    ) {
        self.repository = repository
        self.path = path
        self.line = line
        self.source = source
        self.commit = commit
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.date = date
        self.time = time
    }

    init(_ finding: Finding, repository: String) {
        self.init(
            repository: repository, path: finding.path, line: finding.line, source: finding.source,
            commit: finding.commit?.id, authorName: finding.commit?.authorName, authorEmail: finding.commit?.authorEmail,
            date: finding.commit?.date, time: finding.commit?.time)
        namespace = finding.namespace
    }
}
