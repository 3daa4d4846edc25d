public import Foundation
public import Logging
public import PostgresNIO

/// The server store: PostgreSQL through a PostgresNIO `PostgresClient` (a connection pool).
///
/// The store owns its client: the initialiser starts a task running the client's `run()`, and
/// ``close()`` cancels that task and waits for the pool to shut down. Nothing else needs to run
/// it.
///
/// Dates are stored as whole microseconds since the epoch in `BIGINT` columns (see
/// ``StoreTime``), log indexes as `BIGINT`, bytes as `BYTEA`. ``migrate()`` keeps applied
/// versions in `schema_migrations`; each migration runs in its own transaction under a
/// transaction-level advisory lock, so hubs starting together do not race.
public final class PostgresStore: HubStore {
  private let client: PostgresClient
  private let runner: Task<Void, Never>
  private let logger: Logger

  /// A logger that drops everything, the default for the client's background work.
  public static let silentLogger = Logger(
    label: "caravan.store",
    factory: { _ in
      SwiftLogNoOpLogHandler()
    })

  /// Connects to the database at `url`: `postgres://user:password@host:port/database`, with
  /// an optional `sslmode` query item (`disable`, `prefer`, `require`, `verify-ca`,
  /// `verify-full`; `disable` by default on a loopback host, `prefer` elsewhere). Connections
  /// are made on first use. Fails with ``StoreError/unavailable(_:)`` when the URL is not one.
  public convenience init(url: String, logger: Logger = PostgresStore.silentLogger)
    throws(StoreError)
  {
    self.init(configuration: try Self.configuration(url: url), logger: logger)
  }

  /// Connects with an explicit client configuration.
  public init(
    configuration: PostgresClient.Configuration, logger: Logger = PostgresStore.silentLogger
  ) {
    let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    self.client = client
    self.logger = logger
    self.runner = Task { await client.run() }
  }

  /// The client configuration a `postgres://` URL describes.
  public static func configuration(url text: String) throws(StoreError)
    -> PostgresClient.Configuration
  {
    guard let components = URLComponents(string: text) else {
      throw .unavailable("not a URL: the PostgreSQL URL cannot be parsed")
    }
    guard let scheme = components.scheme?.lowercased(),
      scheme == "postgres" || scheme == "postgresql"
    else {
      throw .unavailable("the PostgreSQL URL must start with postgres://")
    }
    var host = components.host ?? ""
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty else { throw .unavailable("the PostgreSQL URL names no host") }
    let port = components.port ?? 5432
    guard (1...65_535).contains(port) else {
      throw .unavailable("the PostgreSQL URL's port \(port) is out of range")
    }
    guard let user = components.user, !user.isEmpty else {
      throw .unavailable("the PostgreSQL URL names no user")
    }
    var database = components.path
    if database.hasPrefix("/") { database.removeFirst() }
    guard !database.contains("/") else {
      throw .unavailable("the PostgreSQL URL's path must be one database name")
    }
    if database.isEmpty { database = user }

    let loopback = ["localhost", "127.0.0.1", "::1"].contains(host.lowercased())
    var tls: PostgresClient.Configuration.TLS = loopback ? .disable : .prefer(.clientDefault)
    for item in components.queryItems ?? [] {
      guard item.name == "sslmode" else {
        throw .unavailable("the PostgreSQL URL's parameter \(item.name) is not supported")
      }
      switch item.value ?? "" {
      case "disable": tls = .disable
      case "allow", "prefer":
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        tls = .prefer(configuration)
      case "require":
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        tls = .require(configuration)
      case "verify-ca":
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .noHostnameVerification
        tls = .require(configuration)
      case "verify-full":
        tls = .require(.makeClientConfiguration())
      case let other:
        throw .unavailable(
          "the PostgreSQL URL's sslmode \(other) is not one of disable, allow, "
            + "prefer, require, verify-ca, verify-full")
      }
    }
    return PostgresClient.Configuration(
      host: host, port: port, username: user, password: components.password,
      database: database, tls: tls)
  }

  // MARK: Schema

  /// The schema, one migration per version; a migration's statements run in order.
  private static let migrations: [(version: Int, statements: [String])] = [
    (
      1,
      [
        """
        CREATE TABLE settings (
          name TEXT PRIMARY KEY,
          value TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE participants (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          jurisdiction TEXT NOT NULL,
          size_class TEXT NOT NULL,
          sector TEXT NOT NULL,
          women_owned BOOLEAN NOT NULL,
          created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE tokens (
          id TEXT PRIMARY KEY,
          participant_id TEXT NOT NULL REFERENCES participants(id),
          hash BYTEA NOT NULL CONSTRAINT tokens_hash_key UNIQUE,
          created_at BIGINT NOT NULL,
          revoked_at BIGINT
        )
        """,
        "CREATE INDEX tokens_participant ON tokens (participant_id)",
        """
        CREATE TABLE documents (
          id TEXT PRIMARY KEY,
          sender TEXT NOT NULL,
          receiver TEXT,
          invoice_number TEXT NOT NULL,
          type_code TEXT NOT NULL,
          syntax TEXT NOT NULL,
          issue_date TEXT NOT NULL,
          currency TEXT NOT NULL,
          total_amount TEXT NOT NULL,
          status TEXT NOT NULL,
          digest BYTEA NOT NULL,
          bytes BYTEA NOT NULL,
          signature TEXT NOT NULL,
          log_index BIGINT NOT NULL CONSTRAINT documents_log_index_key UNIQUE,
          log_entry BYTEA NOT NULL,
          receipt TEXT NOT NULL,
          idempotency_key TEXT,
          received_at BIGINT NOT NULL,
          CONSTRAINT documents_sender_invoice_number_key UNIQUE (sender, invoice_number),
          CONSTRAINT documents_sender_idempotency_key_key UNIQUE (sender, idempotency_key)
        )
        """,
        "CREATE INDEX documents_outbox ON documents (sender, log_index DESC)",
        "CREATE INDEX documents_inbox ON documents (receiver, log_index DESC)",
        """
        CREATE TABLE log_resources (
          key TEXT PRIMARY KEY,
          bytes BYTEA NOT NULL
        )
        """,
      ]
    ),
    (
      2,
      [
        "ALTER TABLE participants ADD COLUMN receive_syntax TEXT NOT NULL DEFAULT 'ubl'",
        """
        CREATE TABLE deliveries (
          id TEXT NOT NULL,
          direction TEXT NOT NULL,
          document_id TEXT NOT NULL,
          sender TEXT NOT NULL,
          receiver TEXT NOT NULL,
          peer TEXT NOT NULL,
          status TEXT NOT NULL,
          attempts INTEGER NOT NULL,
          next_attempt_at BIGINT NOT NULL,
          created_at BIGINT NOT NULL,
          updated_at BIGINT NOT NULL,
          reason TEXT,
          decision BYTEA NOT NULL,
          envelope BYTEA NOT NULL,
          receipt BYTEA,
          receipt_signature TEXT,
          receipt_log_index BIGINT,
          PRIMARY KEY (direction, id)
        )
        """,
        """
        CREATE INDEX deliveries_due ON deliveries (next_attempt_at)
        WHERE direction = 'outbound' AND status IN ('queued', 'sent')
        """,
        "CREATE INDEX deliveries_created ON deliveries (created_at DESC)",
        "CREATE INDEX deliveries_sender ON deliveries (sender, created_at DESC)",
        "CREATE INDEX deliveries_document ON deliveries (document_id)",
      ]
    ),
  ]

  /// The advisory lock key that serialises migrations (ASCII "caravan!").
  private static let migrationLock: Int64 = 0x6361_7261_7661_6E21

  public func migrate() async throws(StoreError) {
    let logger = logger
    let lock = Self.migrationLock
    try await transaction { connection in
      try await connection.query("SELECT pg_advisory_xact_lock(\(lock))", logger: logger)
      try await connection.query(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY,
          applied_at BIGINT NOT NULL
        )
        """, logger: logger)
    }
    for migration in Self.migrations {
      try await transaction { connection in
        try await connection.query("SELECT pg_advisory_xact_lock(\(lock))", logger: logger)
        let applied = try await connection.query(
          "SELECT 1 FROM schema_migrations WHERE version = \(migration.version)", logger: logger
        ).collect()
        guard applied.isEmpty else { return }
        for statement in migration.statements {
          try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        let now = StoreTime.microseconds(Date())
        try await connection.query(
          "INSERT INTO schema_migrations (version, applied_at) VALUES (\(migration.version), \(now))",
          logger: logger)
      }
    }
  }

  // MARK: Settings

  public func setting(_ name: String) async throws(StoreError) -> String? {
    let rows = try await query("SELECT value FROM settings WHERE name = \(name)")
    guard let row = rows.first else { return nil }
    return try Self.text(row, 0, "settings.value")
  }

  public func initializeSetting(_ name: String, to value: String) async throws(StoreError) -> Bool {
    let rows = try await query(
      """
      INSERT INTO settings (name, value) VALUES (\(name), \(value))
      ON CONFLICT (name) DO NOTHING RETURNING name
      """)
    return !rows.isEmpty
  }

  // MARK: Participants

  private static let participantColumns =
    "id, name, jurisdiction, size_class, sector, women_owned, created_at, receive_syntax"

  public func insertParticipant(_ participant: Participant, token: TokenRecord)
    async throws(StoreError)
  {
    let logger = logger
    let createdAt = StoreTime.microseconds(participant.createdAt)
    do {
      try await transaction { connection in
        try await connection.query(
          """
          INSERT INTO participants (\(unescaped: Self.participantColumns))
          VALUES (\(participant.id), \(participant.name), \(participant.jurisdiction),
            \(participant.sizeClass.rawValue), \(participant.sector), \(participant.womenOwned),
            \(createdAt), \(participant.receiveSyntax))
          """, logger: logger)
        try await connection.query(Self.insertTokenQuery(token), logger: logger)
      }
    } catch .conflict(let rule) {
      throw .conflict(Self.tokenConflict(rule: rule, participant: participant.id, token: token))
    }
  }

  public func participant(id: String) async throws(StoreError) -> Participant? {
    let rows = try await query(
      "SELECT \(unescaped: Self.participantColumns) FROM participants WHERE id = \(id)")
    return try rows.first.map { row throws(StoreError) in try Self.participant(row) }
  }

  public func participants() async throws(StoreError) -> [Participant] {
    let rows = try await query(
      """
      SELECT \(unescaped: Self.participantColumns) FROM participants ORDER BY id COLLATE "C"
      """)
    var participants: [Participant] = []
    participants.reserveCapacity(rows.count)
    for row in rows { participants.append(try Self.participant(row)) }
    return participants
  }

  public func participant(tokenHash: [UInt8]) async throws(StoreError) -> Participant? {
    let rows = try await execute(TokenLookup(hash: tokenHash))
    return try rows.first.map { row throws(StoreError) in try Self.participant(row) }
  }

  public func insertToken(_ token: TokenRecord) async throws(StoreError) {
    do {
      _ = try await query(Self.insertTokenQuery(token))
    } catch .conflict(let rule) {
      throw .conflict(Self.tokenConflict(rule: rule, participant: nil, token: token))
    }
  }

  public func revokeTokens(participantID: String, at time: Date) async throws(StoreError) -> Int {
    let revokedAt = StoreTime.microseconds(time)
    let rows = try await query(
      """
      UPDATE tokens SET revoked_at = \(revokedAt)
      WHERE participant_id = \(participantID) AND revoked_at IS NULL RETURNING id
      """)
    return rows.count
  }

  private static func insertTokenQuery(_ token: TokenRecord) -> PostgresQuery {
    let hash = ByteBuffer(bytes: token.hash)
    let createdAt = StoreTime.microseconds(token.createdAt)
    let revokedAt = token.revokedAt.map(StoreTime.microseconds)
    return """
      INSERT INTO tokens (id, participant_id, hash, created_at, revoked_at)
      VALUES (\(token.id), \(token.participantID), \(hash), \(createdAt), \(revokedAt))
      """
  }

  private static func tokenConflict(rule: String, participant: String?, token: TokenRecord)
    -> String
  {
    if rule.contains("participants_pkey"), let participant {
      return "participant \(participant) is already registered"
    }
    if rule.contains("tokens_hash_key") { return "a token with this hash is already registered" }
    if rule.contains("tokens_pkey") { return "token \(token.id) is already registered" }
    return rule
  }

  private static func participant(_ row: PostgresRow) throws(StoreError) -> Participant {
    let row = row.makeRandomAccess()
    return Participant(
      id: try text(row, 0, "participants.id"),
      name: try text(row, 1, "participants.name"),
      jurisdiction: try text(row, 2, "participants.jurisdiction"),
      sizeClass: try decodedSizeClass(text(row, 3, "participants.size_class")),
      sector: try text(row, 4, "participants.sector"),
      womenOwned: try decode(Bool.self, row, 5, "participants.women_owned"),
      createdAt: StoreTime.date(microseconds: try integer(row, 6, "participants.created_at")),
      receiveSyntax: try text(row, 7, "participants.receive_syntax"))
  }

  // MARK: Documents

  static let documentColumns = """
    id, sender, receiver, invoice_number, type_code, syntax, issue_date, currency, \
    total_amount, status, digest, bytes, signature, log_index, log_entry, receipt, \
    idempotency_key, received_at
    """
  private static let documentColumnCount = 18

  private static let summaryColumns = """
    id, sender, receiver, invoice_number, type_code, syntax, issue_date, currency, \
    total_amount, status, log_index, received_at
    """

  public func commit(_ batch: CommitBatch) async throws(StoreError) {
    var statements: [PostgresQuery] = []
    if !batch.documents.isEmpty {
      var binds = PostgresBindings(capacity: batch.documents.count * Self.documentColumnCount)
      var rows: [String] = []
      rows.reserveCapacity(batch.documents.count)
      for document in batch.documents {
        let first = binds.count + 1
        let placeholders = (first..<first + Self.documentColumnCount).map { "$\($0)" }
        rows.append("(" + placeholders.joined(separator: ", ") + ")")
        binds.append(document.id)
        binds.append(document.sender)
        binds.append(document.receiver)
        binds.append(document.invoiceNumber)
        binds.append(document.typeCode)
        binds.append(document.syntax)
        binds.append(document.issueDate)
        binds.append(document.currency)
        binds.append(document.totalAmount)
        binds.append(document.status.rawValue)
        binds.append(ByteBuffer(bytes: document.digest))
        binds.append(ByteBuffer(bytes: document.bytes))
        binds.append(document.signature)
        binds.append(try storedLogIndex(document.logIndex))
        binds.append(ByteBuffer(bytes: document.logEntry))
        binds.append(document.receipt)
        binds.append(document.idempotencyKey)
        binds.append(StoreTime.microseconds(document.receivedAt))
      }
      statements.append(
        PostgresQuery(
          unsafeSQL: "INSERT INTO documents (\(Self.documentColumns)) VALUES "
            + rows.joined(separator: ", "),
          binds: binds))
    }
    let resources = lastWriteWins(batch.logResources)
    if !resources.isEmpty {
      var binds = PostgresBindings(capacity: resources.count * 2)
      var rows: [String] = []
      for resource in resources {
        rows.append("($\(binds.count + 1), $\(binds.count + 2))")
        binds.append(resource.key)
        binds.append(ByteBuffer(bytes: resource.bytes))
      }
      statements.append(
        PostgresQuery(
          unsafeSQL: "INSERT INTO log_resources (key, bytes) VALUES "
            + rows.joined(separator: ", ")
            + " ON CONFLICT (key) DO UPDATE SET bytes = excluded.bytes",
          binds: binds))
    }
    for delivery in batch.deliveries { statements.append(try Self.saveQuery(delivery)) }
    for change in batch.documentStatuses {
      statements.append(
        "UPDATE documents SET status = \(change.status.rawValue) WHERE id = \(change.id)")
    }
    for setting in batch.settings {
      statements.append(
        """
        INSERT INTO settings (name, value) VALUES (\(setting.name), \(setting.value))
        ON CONFLICT (name) DO UPDATE SET value = excluded.value
        """)
    }
    guard !statements.isEmpty else { return }
    let logger = logger
    let work = statements
    do {
      try await transaction { connection in
        for statement in work { try await connection.query(statement, logger: logger) }
      }
    } catch .conflict(let rule) {
      throw .conflict(Self.documentConflict(rule: rule, batch: batch))
    }
  }

  /// Names the document of a broken rule, from the key values the server reported.
  private static func documentConflict(rule: String, batch: CommitBatch) -> String {
    for document in batch.documents {
      let values: [String]
      if rule.contains("documents_sender_idempotency_key_key") {
        guard let key = document.idempotencyKey else { continue }
        values = ["(\(document.sender), \(key))"]
      } else if rule.contains("documents_sender_invoice_number_key") {
        values = ["(\(document.sender), \(document.invoiceNumber))"]
      } else if rule.contains("documents_log_index_key") {
        values = ["(\(document.logIndex))"]
      } else if rule.contains("documents_pkey") {
        values = ["(\(document.id))"]
      } else {
        return rule
      }
      if values.allSatisfy({ rule.contains("=\($0)") }) {
        return CaravanStore.documentConflict(rule: rule, document: document)
      }
    }
    return rule
  }

  public func document(id: String) async throws(StoreError) -> DocumentRecord? {
    let rows = try await query(
      "SELECT \(unescaped: Self.documentColumns) FROM documents WHERE id = \(id)")
    return try rows.first.map { row throws(StoreError) in try Self.document(row) }
  }

  public func document(sender: String, invoiceNumber: String) async throws(StoreError)
    -> DocumentRecord?
  {
    let rows = try await execute(InvoiceLookup(sender: sender, invoiceNumber: invoiceNumber))
    return try rows.first.map { row throws(StoreError) in try Self.document(row) }
  }

  public func document(sender: String, idempotencyKey: String) async throws(StoreError)
    -> DocumentRecord?
  {
    let rows = try await execute(IdempotencyLookup(sender: sender, key: idempotencyKey))
    return try rows.first.map { row throws(StoreError) in try Self.document(row) }
  }

  public func documents(_ query: DocumentQuery) async throws(StoreError) -> DocumentPage {
    let limit = clampedLimit(query.limit)
    let (owner, other) =
      query.box == .outbox ? ("sender", "receiver") : ("receiver", "sender")
    var binds = PostgresBindings()
    binds.append(query.participant)
    var conditions = ["\(owner) = $1"]
    if let from = query.issuedFrom {
      binds.append(from)
      conditions.append("issue_date >= $\(binds.count)")
    }
    if let to = query.issuedTo {
      binds.append(to)
      conditions.append("issue_date <= $\(binds.count)")
    }
    if let status = query.status {
      binds.append(status.rawValue)
      conditions.append("status = $\(binds.count)")
    }
    if let counterparty = query.counterparty {
      binds.append(counterparty)
      conditions.append("\(other) = $\(binds.count)")
    }
    // Every stored index fits Int64; a larger cursor bounds nothing.
    if let before = query.before, let bound = Int64(exactly: before) {
      binds.append(bound)
      conditions.append("log_index < $\(binds.count)")
    }
    binds.append(Int64(limit + 1))
    let sql = """
      SELECT \(Self.summaryColumns) FROM documents
      WHERE \(conditions.joined(separator: " AND "))
      ORDER BY log_index DESC LIMIT $\(binds.count)
      """
    let rows = try await self.query(PostgresQuery(unsafeSQL: sql, binds: binds))
    var summaries: [DocumentSummary] = []
    summaries.reserveCapacity(min(rows.count, limit))
    for row in rows.prefix(limit) { summaries.append(try Self.summary(row)) }
    return DocumentPage(
      documents: summaries, next: rows.count > limit ? summaries.last?.logIndex : nil)
  }

  public func documentCount() async throws(StoreError) -> Int {
    let rows = try await query("SELECT count(*) FROM documents")
    guard let row = rows.first else { return 0 }
    return Int(try Self.integer(row.makeRandomAccess(), 0, "count"))
  }

  private static func document(_ row: PostgresRow) throws(StoreError) -> DocumentRecord {
    let row = row.makeRandomAccess()
    return DocumentRecord(
      id: try text(row, 0, "documents.id"),
      sender: try text(row, 1, "documents.sender"),
      receiver: try decode(String?.self, row, 2, "documents.receiver"),
      invoiceNumber: try text(row, 3, "documents.invoice_number"),
      typeCode: try text(row, 4, "documents.type_code"),
      syntax: try text(row, 5, "documents.syntax"),
      issueDate: try text(row, 6, "documents.issue_date"),
      currency: try text(row, 7, "documents.currency"),
      totalAmount: try text(row, 8, "documents.total_amount"),
      status: try decodedStatus(text(row, 9, "documents.status")),
      digest: try bytes(row, 10, "documents.digest"),
      bytes: try bytes(row, 11, "documents.bytes"),
      signature: try text(row, 12, "documents.signature"),
      logIndex: try decodedLogIndex(integer(row, 13, "documents.log_index")),
      logEntry: try bytes(row, 14, "documents.log_entry"),
      receipt: try text(row, 15, "documents.receipt"),
      idempotencyKey: try decode(String?.self, row, 16, "documents.idempotency_key"),
      receivedAt: StoreTime.date(microseconds: try integer(row, 17, "documents.received_at")))
  }

  private static func summary(_ row: PostgresRow) throws(StoreError) -> DocumentSummary {
    let row = row.makeRandomAccess()
    return DocumentSummary(
      id: try text(row, 0, "documents.id"),
      sender: try text(row, 1, "documents.sender"),
      receiver: try decode(String?.self, row, 2, "documents.receiver"),
      invoiceNumber: try text(row, 3, "documents.invoice_number"),
      typeCode: try text(row, 4, "documents.type_code"),
      syntax: try text(row, 5, "documents.syntax"),
      issueDate: try text(row, 6, "documents.issue_date"),
      currency: try text(row, 7, "documents.currency"),
      totalAmount: try text(row, 8, "documents.total_amount"),
      status: try decodedStatus(text(row, 9, "documents.status")),
      logIndex: try decodedLogIndex(integer(row, 10, "documents.log_index")),
      receivedAt: StoreTime.date(microseconds: try integer(row, 11, "documents.received_at")))
  }

  // MARK: Deliveries

  private static let deliveryColumns = """
    id, direction, document_id, sender, receiver, peer, status, attempts, next_attempt_at, \
    created_at, updated_at, reason, decision, envelope, receipt, receipt_signature, \
    receipt_log_index
    """

  public func saveDelivery(_ delivery: DeliveryRecord) async throws(StoreError) {
    _ = try await query(try Self.saveQuery(delivery))
  }

  private static func saveQuery(_ delivery: DeliveryRecord) throws(StoreError) -> PostgresQuery {
    let receiptLogIndex = try delivery.receiptLogIndex.map {
      index throws(StoreError) in try storedLogIndex(index)
    }
    let nextAttemptAt = StoreTime.microseconds(delivery.nextAttemptAt)
    let createdAt = StoreTime.microseconds(delivery.createdAt)
    let updatedAt = StoreTime.microseconds(delivery.updatedAt)
    let decision = ByteBuffer(bytes: delivery.decision)
    let envelope = ByteBuffer(bytes: delivery.envelope)
    let receipt = delivery.receipt.map { ByteBuffer(bytes: $0) }
    return """
      INSERT INTO deliveries (\(unescaped: deliveryColumns))
      VALUES (\(delivery.id), \(delivery.direction.rawValue), \(delivery.documentID),
        \(delivery.sender), \(delivery.receiver), \(delivery.peer), \(delivery.status.rawValue),
        \(Int64(delivery.attempts)), \(nextAttemptAt), \(createdAt), \(updatedAt),
        \(delivery.reason), \(decision), \(envelope), \(receipt), \(delivery.receiptSignature),
        \(receiptLogIndex))
      ON CONFLICT (direction, id) DO UPDATE SET
        document_id = excluded.document_id, sender = excluded.sender,
        receiver = excluded.receiver, peer = excluded.peer, status = excluded.status,
        attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
        created_at = excluded.created_at, updated_at = excluded.updated_at,
        reason = excluded.reason, decision = excluded.decision, envelope = excluded.envelope,
        receipt = excluded.receipt, receipt_signature = excluded.receipt_signature,
        receipt_log_index = excluded.receipt_log_index
      """
  }

  public func delivery(id: String) async throws(StoreError) -> DeliveryRecord? {
    let rows = try await query(
      """
      SELECT \(unescaped: Self.deliveryColumns) FROM deliveries WHERE id = \(id)
      ORDER BY direction DESC LIMIT 1
      """)
    return try rows.first.map { row throws(StoreError) in try Self.delivery(row) }
  }

  public func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> DeliveryPage {
    let limit = clampedLimit(query.limit)
    var binds = PostgresBindings()
    var conditions: [String] = []
    if let direction = query.direction {
      binds.append(direction.rawValue)
      conditions.append("direction = $\(binds.count)")
    }
    if let sender = query.sender {
      binds.append(sender)
      conditions.append("sender = $\(binds.count)")
    }
    if let documentID = query.documentID {
      binds.append(documentID)
      conditions.append("document_id = $\(binds.count)")
    }
    if let status = query.status {
      binds.append(status.rawValue)
      conditions.append("status = $\(binds.count)")
    }
    if let before = query.before {
      binds.append(StoreTime.microseconds(before))
      conditions.append("created_at < $\(binds.count)")
    }
    binds.append(Int64(limit + 1))
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let sql = """
      SELECT \(Self.deliveryColumns) FROM deliveries \(filter)
      ORDER BY created_at DESC, id DESC LIMIT $\(binds.count)
      """
    let rows = try await self.query(PostgresQuery(unsafeSQL: sql, binds: binds))
    var deliveries: [DeliveryRecord] = []
    for row in rows { deliveries.append(try Self.delivery(row)) }
    return deliveryPage(deliveries, limit: limit)
  }

  public func leaseDueDeliveries(at time: Date, until: Date, limit: Int)
    async throws(StoreError) -> [DeliveryRecord]
  {
    let now = StoreTime.microseconds(time)
    let lease = StoreTime.microseconds(until)
    // The rows as they were (the subquery's snapshot), locked and moved on in one statement;
    // rows another hub process holds are skipped. A lease lost in a crash only makes its
    // deliveries due again sooner, so the commit does not wait for the disk.
    let logger = logger
    let leaseQuery: PostgresQuery = """
      WITH due AS (
        SELECT direction, id FROM deliveries
        WHERE direction = 'outbound' AND status IN ('queued', 'sent')
          AND next_attempt_at <= \(now)
        ORDER BY next_attempt_at LIMIT \(Int64(limit))
        FOR UPDATE SKIP LOCKED
      ), before AS (
        SELECT \(unescaped: Self.deliveryColumns) FROM deliveries
        WHERE (direction, id) IN (SELECT direction, id FROM due)
      ), leased AS (
        UPDATE deliveries SET next_attempt_at = \(lease)
        WHERE (direction, id) IN (SELECT direction, id FROM due)
      )
      SELECT * FROM before ORDER BY next_attempt_at
      """
    var rows: [PostgresRow] = []
    try await transaction { connection in
      try await connection.query("SET LOCAL synchronous_commit TO OFF", logger: logger)
      rows = try await connection.query(leaseQuery, logger: logger).collect()
    }
    var deliveries: [DeliveryRecord] = []
    for row in rows { deliveries.append(try Self.delivery(row)) }
    return deliveries
  }

  private static func delivery(_ row: PostgresRow) throws(StoreError) -> DeliveryRecord {
    let row = row.makeRandomAccess()
    let receipt = try decode(ByteBuffer?.self, row, 14, "deliveries.receipt")
    let receiptLogIndex = try decode(Int64?.self, row, 16, "deliveries.receipt_log_index")
    return DeliveryRecord(
      id: try text(row, 0, "deliveries.id"),
      direction: try decodedDirection(text(row, 1, "deliveries.direction")),
      documentID: try text(row, 2, "deliveries.document_id"),
      sender: try text(row, 3, "deliveries.sender"),
      receiver: try text(row, 4, "deliveries.receiver"),
      peer: try text(row, 5, "deliveries.peer"),
      status: try decodedDeliveryStatus(text(row, 6, "deliveries.status")),
      attempts: Int(try decode(Int32.self, row, 7, "deliveries.attempts")),
      nextAttemptAt: StoreTime.date(
        microseconds: try integer(row, 8, "deliveries.next_attempt_at")),
      createdAt: StoreTime.date(microseconds: try integer(row, 9, "deliveries.created_at")),
      updatedAt: StoreTime.date(microseconds: try integer(row, 10, "deliveries.updated_at")),
      reason: try decode(String?.self, row, 11, "deliveries.reason"),
      decision: try bytes(row, 12, "deliveries.decision"),
      envelope: try bytes(row, 13, "deliveries.envelope"),
      receipt: receipt.map { Array($0.readableBytesView) },
      receiptSignature: try decode(String?.self, row, 15, "deliveries.receipt_signature"),
      receiptLogIndex: try receiptLogIndex.map { value throws(StoreError) in
        try decodedLogIndex(value, column: "deliveries.receipt_log_index")
      })
  }

  // MARK: Log

  public func logResource(_ key: LogKey) async throws(StoreError) -> [UInt8]? {
    let rows = try await query("SELECT bytes FROM log_resources WHERE key = \(key.description)")
    guard let row = rows.first else { return nil }
    return try Self.bytes(row.makeRandomAccess(), 0, "log_resources.bytes")
  }

  public func close() async {
    runner.cancel()
    await runner.value
  }

  /// Runs one statement outside the schema's operations (administration, tests).
  func execute(_ sql: String) async throws(StoreError) {
    _ = try await query(PostgresQuery(unsafeSQL: sql))
  }

  // MARK: Plumbing

  private func query(_ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
    do {
      return try await client.query(query, logger: logger).collect()
    } catch {
      throw Self.storeError(error)
    }
  }

  /// Runs a named prepared statement (parsed once per connection).
  private func execute<Statement: PostgresPreparedStatement>(_ statement: Statement)
    async throws(StoreError) -> [PostgresRow] where Statement.Row == PostgresRow
  {
    do {
      var rows: [PostgresRow] = []
      for try await row in try await client.execute(statement, logger: logger) {
        rows.append(row)
      }
      return rows
    } catch {
      throw Self.storeError(error)
    }
  }

  /// Runs `body` in one transaction on one leased connection: BEGIN, the body, COMMIT; or
  /// ROLLBACK when the body throws.
  private func transaction(
    _ body: nonisolated(nonsending) (PostgresConnection) async throws -> Void
  )
    async throws(StoreError)
  {
    do {
      try await client.withTransaction(logger: logger) { connection in try await body(connection) }
    } catch {
      throw Self.storeError(error)
    }
  }

  private static func storeError(_ error: any Error) -> StoreError {
    if let error = error as? StoreError { return error }
    if let error = error as? PostgresTransactionError {
      if let inner = error.beginError ?? error.closureError ?? error.commitError {
        return storeError(inner)
      }
      return .database("transaction failed: \(String(reflecting: error))")
    }
    if let error = error as? PSQLError {
      if let info = error.serverInfo {
        let state = info[.sqlState] ?? ""
        var message = info[.message] ?? "server error"
        if let detail = info[.detail] { message += " (\(detail))" }
        if let constraint = info[.constraintName] { message += " [\(constraint)]" }
        message += " SQLSTATE \(state)"
        switch state {
        case "23505": return .conflict(message)
        case let code
        where code.hasPrefix("08") || code.hasPrefix("28") || code.hasPrefix("57P")
          || code == "3D000" || code == "53300":
          return .unavailable(message)
        case let code where code.hasPrefix("XX"):
          return .corrupt(message)
        default: return .database(message)
        }
      }
      let underlying = error.underlying.map { ": \($0)" } ?? ""
      switch error.code {
      case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed,
        .sslUnsupported, .failedToAddSSLHandler, .uncleanShutdown, .authMechanismRequiresPassword,
        .unsupportedAuthMechanism, .saslError:
        return .unavailable("\(error.code)\(underlying)")
      default:
        return .database("\(error.code)\(underlying)")
      }
    }
    if error is CancellationError { return .unavailable("the operation was cancelled") }
    let text = String(describing: error)
    if text.contains("poolShutdown") || text.contains("CircuitBreaker") {
      return .unavailable("no connection to PostgreSQL: \(text)")
    }
    return .database(text)
  }

  private static func decode<T: PostgresDecodable>(
    _ type: T.Type, _ row: PostgresRandomAccessRow, _ index: Int, _ column: String
  ) throws(StoreError) -> T {
    guard index < row.count else { throw .corrupt("\(column) is missing from the row") }
    do {
      return try row[index].decode(T.self)
    } catch {
      throw .corrupt("\(column) (\(row[index].dataType)) does not decode as \(T.self)")
    }
  }

  private static func text(_ row: PostgresRandomAccessRow, _ index: Int, _ column: String)
    throws(StoreError) -> String
  {
    try decode(String.self, row, index, column)
  }

  private static func text(_ row: PostgresRow, _ index: Int, _ column: String)
    throws(StoreError) -> String
  {
    try decode(String.self, row.makeRandomAccess(), index, column)
  }

  private static func integer(_ row: PostgresRandomAccessRow, _ index: Int, _ column: String)
    throws(StoreError) -> Int64
  {
    try decode(Int64.self, row, index, column)
  }

  private static func bytes(_ row: PostgresRandomAccessRow, _ index: Int, _ column: String)
    throws(StoreError) -> [UInt8]
  {
    let buffer = try decode(ByteBuffer.self, row, index, column)
    return Array(buffer.readableBytesView)
  }
}

extension TLSConfiguration {
  fileprivate static var clientDefault: TLSConfiguration {
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.certificateVerification = .none
    return configuration
  }
}

// MARK: Prepared statements of the hot reads

/// The participant of a live token: the token's unique hash index, then the participant's key.
private struct TokenLookup: PostgresPreparedStatement {
  typealias Row = PostgresRow
  static let name = "caravan_token_lookup"
  static let sql = """
    SELECT p.id, p.name, p.jurisdiction, p.size_class, p.sector, p.women_owned, p.created_at,
      p.receive_syntax
    FROM tokens t JOIN participants p ON p.id = t.participant_id
    WHERE t.hash = $1 AND t.revoked_at IS NULL
    """
  var hash: [UInt8]

  func makeBindings() -> PostgresBindings {
    var bindings = PostgresBindings(capacity: 1)
    bindings.append(ByteBuffer(bytes: hash))
    return bindings
  }

  func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// A sender's document by invoice number, through the (sender, invoice_number) unique index.
private struct InvoiceLookup: PostgresPreparedStatement {
  typealias Row = PostgresRow
  static let name = "caravan_invoice_lookup"
  static let sql =
    "SELECT \(PostgresStore.documentColumns) FROM documents "
    + "WHERE sender = $1 AND invoice_number = $2"
  var sender: String
  var invoiceNumber: String

  func makeBindings() -> PostgresBindings {
    var bindings = PostgresBindings(capacity: 2)
    bindings.append(sender)
    bindings.append(invoiceNumber)
    return bindings
  }

  func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// A sender's document by idempotency key, through the (sender, idempotency_key) unique index.
private struct IdempotencyLookup: PostgresPreparedStatement {
  typealias Row = PostgresRow
  static let name = "caravan_idempotency_lookup"
  static let sql =
    "SELECT \(PostgresStore.documentColumns) FROM documents "
    + "WHERE sender = $1 AND idempotency_key = $2"
  var sender: String
  var key: String

  func makeBindings() -> PostgresBindings {
    var bindings = PostgresBindings(capacity: 2)
    bindings.append(sender)
    bindings.append(key)
    return bindings
  }

  func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

extension PostgresStore {
  /// Creates an empty database `name` (lowercase letters, digits and `_`) on the server that
  /// `serverURL` reaches, for tests and first-time setup.
  public static func createDatabase(named name: String, serverURL: String) async throws(StoreError)
  {
    guard !name.isEmpty, name.count <= 63,
      name.utf8.allSatisfy({
        ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F
      })
    else { throw .database("database name \(name.prefix(70)) must be 1-63 of a-z, 0-9 and _") }
    let admin = try PostgresStore(url: serverURL)
    do {
      try await admin.execute("CREATE DATABASE \(name)")
    } catch {
      await admin.close()
      throw error
    }
    await admin.close()
  }
}
