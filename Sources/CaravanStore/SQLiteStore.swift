public import Foundation
import GRDB

/// The embedded store: one SQLite file, opened as a GRDB `DatabasePool` in WAL mode with
/// `synchronous=FULL` (a commit is on disk when it returns), foreign keys on and a busy timeout.
///
/// Dates are stored as whole microseconds since the epoch (see ``StoreTime``), log indexes as
/// signed 64-bit integers.
public final class SQLiteStore: HubStore {
  private let pool: DatabasePool

  /// How long a connection waits for a lock held by another before it fails.
  public static let busyTimeout: TimeInterval = 10

  /// Opens (and creates, with its parent folder, when missing) the database file at `path`.
  /// Call ``migrate()`` before anything else.
  public init(path: String) throws(StoreError) {
    let url = URL(fileURLWithPath: path)
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch {
      throw .unavailable("cannot create the folder of \(path): \(error.localizedDescription)")
    }
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.journalMode = .wal
    configuration.busyMode = .timeout(Self.busyTimeout)
    configuration.label = "caravan.store"
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw .unavailable("cannot open SQLite database \(path): \(Self.message(of: error))")
    }
  }

  // MARK: Schema

  private static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("1-schema") { db in
      try db.execute(
        sql: """
          CREATE TABLE settings (
            name TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
          );
          CREATE TABLE participants (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            size_class TEXT NOT NULL,
            sector TEXT NOT NULL,
            women_owned INTEGER NOT NULL,
            created_at INTEGER NOT NULL
          );
          CREATE TABLE tokens (
            id TEXT PRIMARY KEY NOT NULL,
            participant_id TEXT NOT NULL REFERENCES participants(id),
            hash BLOB NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
          );
          CREATE INDEX tokens_participant ON tokens(participant_id);
          CREATE TABLE documents (
            id TEXT PRIMARY KEY NOT NULL,
            sender TEXT NOT NULL,
            receiver TEXT,
            invoice_number TEXT NOT NULL,
            type_code TEXT NOT NULL,
            syntax TEXT NOT NULL,
            issue_date TEXT NOT NULL,
            currency TEXT NOT NULL,
            total_amount TEXT NOT NULL,
            status TEXT NOT NULL,
            digest BLOB NOT NULL,
            bytes BLOB NOT NULL,
            signature TEXT NOT NULL,
            log_index INTEGER NOT NULL UNIQUE,
            log_entry BLOB NOT NULL,
            receipt TEXT NOT NULL,
            idempotency_key TEXT,
            received_at INTEGER NOT NULL,
            UNIQUE (sender, invoice_number),
            UNIQUE (sender, idempotency_key)
          );
          CREATE INDEX documents_outbox ON documents(sender, log_index DESC);
          CREATE INDEX documents_inbox ON documents(receiver, log_index DESC);
          CREATE TABLE log_resources (
            key TEXT PRIMARY KEY NOT NULL,
            bytes BLOB NOT NULL
          );
          """)
    }
    migrator.registerMigration("2-exchange") { db in
      try db.execute(
        sql: """
          ALTER TABLE participants ADD COLUMN receive_syntax TEXT NOT NULL DEFAULT 'ubl';
          CREATE TABLE deliveries (
            id TEXT NOT NULL,
            direction TEXT NOT NULL,
            document_id TEXT NOT NULL,
            sender TEXT NOT NULL,
            receiver TEXT NOT NULL,
            peer TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            reason TEXT,
            decision BLOB NOT NULL,
            envelope BLOB NOT NULL,
            receipt BLOB,
            receipt_signature TEXT,
            receipt_log_index INTEGER,
            PRIMARY KEY (direction, id)
          );
          CREATE INDEX deliveries_due ON deliveries(next_attempt_at)
            WHERE direction = 'outbound' AND status IN ('queued', 'sent');
          CREATE INDEX deliveries_created ON deliveries(created_at DESC);
          CREATE INDEX deliveries_sender ON deliveries(sender, created_at DESC);
          CREATE INDEX deliveries_document ON deliveries(document_id);
          """)
    }
    // A document's bytes, signature, log entry and receipt, and a delivery's envelope, are
    // kilobytes each, and SQLite keeps what does not fit a row's page in overflow pages: an
    // update of a row (a status, an attempt) rewrote all of them, and a listing that read a
    // column stored after them walked them. Kept in tables of their own, they are written
    // once; the rows that change and are listed stay a few hundred bytes.
    migrator.registerMigration("3-contents-apart") { db in
      try db.execute(
        sql: """
          CREATE TABLE document_contents (
            log_index INTEGER PRIMARY KEY NOT NULL,
            bytes BLOB NOT NULL,
            signature TEXT NOT NULL,
            log_entry BLOB NOT NULL,
            receipt TEXT NOT NULL
          );
          INSERT INTO document_contents (log_index, bytes, signature, log_entry, receipt)
            SELECT log_index, bytes, signature, log_entry, receipt FROM documents;
          CREATE TABLE documents_apart (
            id TEXT PRIMARY KEY NOT NULL,
            sender TEXT NOT NULL,
            receiver TEXT,
            invoice_number TEXT NOT NULL,
            type_code TEXT NOT NULL,
            syntax TEXT NOT NULL,
            issue_date TEXT NOT NULL,
            currency TEXT NOT NULL,
            total_amount TEXT NOT NULL,
            status TEXT NOT NULL,
            digest BLOB NOT NULL,
            log_index INTEGER NOT NULL UNIQUE,
            idempotency_key TEXT,
            received_at INTEGER NOT NULL,
            UNIQUE (sender, invoice_number),
            UNIQUE (sender, idempotency_key)
          );
          INSERT INTO documents_apart (\(documentRowColumns))
            SELECT \(documentRowColumns) FROM documents;
          DROP TABLE documents;
          ALTER TABLE documents_apart RENAME TO documents;
          CREATE INDEX documents_outbox ON documents(sender, log_index DESC);
          CREATE INDEX documents_inbox ON documents(receiver, log_index DESC);

          CREATE TABLE deliveries_apart (
            seq INTEGER PRIMARY KEY NOT NULL,
            id TEXT NOT NULL,
            direction TEXT NOT NULL,
            document_id TEXT NOT NULL,
            sender TEXT NOT NULL,
            receiver TEXT NOT NULL,
            peer TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            reason TEXT,
            decision BLOB NOT NULL,
            receipt BLOB,
            receipt_signature TEXT,
            receipt_log_index INTEGER,
            UNIQUE (direction, id)
          );
          INSERT INTO deliveries_apart (\(deliveryRowColumns))
            SELECT \(deliveryRowColumns) FROM deliveries ORDER BY created_at, direction, id;
          CREATE TABLE delivery_envelopes (
            seq INTEGER PRIMARY KEY NOT NULL,
            envelope BLOB NOT NULL
          );
          INSERT INTO delivery_envelopes (seq, envelope)
            SELECT a.seq, d.envelope FROM deliveries_apart a
            JOIN deliveries d ON d.direction = a.direction AND d.id = a.id;
          DROP TABLE deliveries;
          ALTER TABLE deliveries_apart RENAME TO deliveries;
          CREATE INDEX deliveries_due ON deliveries(next_attempt_at)
            WHERE direction = 'outbound' AND status IN ('queued', 'sent');
          CREATE INDEX deliveries_created ON deliveries(created_at DESC);
          CREATE INDEX deliveries_sender ON deliveries(sender, created_at DESC);
          CREATE INDEX deliveries_document ON deliveries(document_id);
          """)
    }
    // Tiles and entry bundles grow by appending, and each group commit rewrote the partial
    // ones whole: an entry bundle reaches about 60 KB, so a commit wrote about 35 KB of log
    // on average, its overflow pages included, for the few hundred bytes it appended. In
    // chunks, only the chunk that changed and the new ones are written.
    migrator.registerMigration("4-log-chunks") { db in
      try db.execute(
        sql: """
          CREATE TABLE log_chunks (
            key TEXT NOT NULL,
            part INTEGER NOT NULL,
            bytes BLOB NOT NULL,
            PRIMARY KEY (key, part)
          )
          """)
      let rows = try Row.fetchCursor(db, sql: "SELECT key, bytes FROM log_resources")
      while let row = try rows.next() {
        try writeLogResource(
          key: try text(row, 0, "log_resources.key"),
          bytes: try blob(row, 1, "log_resources.bytes"), db)
      }
      try db.execute(sql: "DROP TABLE log_resources")
    }
    return migrator
  }

  /// Applies the migrations up to and including `last` only (tests of a migration).
  func migrate(upTo last: String) throws {
    let migrator = Self.migrator
    try migrator.migrate(pool, upTo: last)
  }

  /// Applies the pending migrations, each in its own immediate transaction. When another store
  /// on the same file migrates at the same moment, one of the two loses the race on a
  /// migration the other applied; it then finds the schema complete and succeeds.
  public func migrate() async throws(StoreError) {
    let migrator = Self.migrator
    let pool = pool
    do {
      try await withCheckedThrowingContinuation {
        (continuation: CheckedContinuation<Void, any Error>) in
        migrator.asyncMigrate(pool) { result in
          continuation.resume(with: result.map { _ in () })
        }
      }
    } catch {
      let complete = try? await pool.read { db in try migrator.hasCompletedMigrations(db) }
      if complete == true { return }
      throw Self.storeError(error)
    }
  }

  // MARK: Settings

  public func setting(_ name: String) async throws(StoreError) -> String? {
    try await read { db in
      let statement = try db.cachedStatement(sql: "SELECT value FROM settings WHERE name = ?")
      guard let row = try Row.fetchOne(statement, arguments: [name]) else { return nil }
      return try Self.text(row, 0, "settings.value")
    }
  }

  public func initializeSetting(_ name: String, to value: String) async throws(StoreError) -> Bool {
    try await write { db in
      let statement = try db.cachedStatement(
        sql: "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
      try statement.execute(arguments: [name, value])
      return db.changesCount > 0
    }
  }

  // MARK: Participants

  private static let participantColumns =
    "id, name, jurisdiction, size_class, sector, women_owned, created_at, receive_syntax"

  public func insertParticipant(_ participant: Participant, token: TokenRecord)
    async throws(StoreError)
  {
    try await write { db in
      let statement = try db.cachedStatement(
        sql:
          "INSERT INTO participants (\(Self.participantColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      )
      do {
        try statement.execute(arguments: [
          participant.id, participant.name, participant.jurisdiction,
          participant.sizeClass.rawValue, participant.sector, participant.womenOwned,
          StoreTime.microseconds(participant.createdAt), participant.receiveSyntax,
        ])
      } catch let error as DatabaseError where Self.isUniqueViolation(error) {
        throw StoreError.conflict("participant \(participant.id) is already registered")
      }
      try Self.insert(token, db)
    }
  }

  public func participant(id: String) async throws(StoreError) -> Participant? {
    try await read { db in
      let statement = try db.cachedStatement(
        sql: "SELECT \(Self.participantColumns) FROM participants WHERE id = ?")
      return try Row.fetchOne(statement, arguments: [id]).map(Self.participant)
    }
  }

  public func participants() async throws(StoreError) -> [Participant] {
    try await read { db in
      let statement = try db.cachedStatement(
        sql: "SELECT \(Self.participantColumns) FROM participants ORDER BY id")
      return try Row.fetchAll(statement).map(Self.participant)
    }
  }

  public func participant(tokenHash: [UInt8]) async throws(StoreError) -> Participant? {
    try await read { db in
      let statement = try db.cachedStatement(
        sql: """
          SELECT p.id, p.name, p.jurisdiction, p.size_class, p.sector, p.women_owned,
            p.created_at, p.receive_syntax
          FROM tokens t JOIN participants p ON p.id = t.participant_id
          WHERE t.hash = ? AND t.revoked_at IS NULL
          """)
      return try Row.fetchOne(statement, arguments: [Data(tokenHash)]).map(Self.participant)
    }
  }

  public func insertToken(_ token: TokenRecord) async throws(StoreError) {
    try await write { db in try Self.insert(token, db) }
  }

  public func revokeTokens(participantID: String, at time: Date) async throws(StoreError) -> Int {
    try await write { db in
      let statement = try db.cachedStatement(
        sql: "UPDATE tokens SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL")
      try statement.execute(arguments: [StoreTime.microseconds(time), participantID])
      return db.changesCount
    }
  }

  private static func insert(_ token: TokenRecord, _ db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO tokens (id, participant_id, hash, created_at, revoked_at)
        VALUES (?, ?, ?, ?, ?)
        """)
    do {
      try statement.execute(arguments: [
        token.id, token.participantID, Data(token.hash), StoreTime.microseconds(token.createdAt),
        token.revokedAt.map(StoreTime.microseconds),
      ])
    } catch let error as DatabaseError where isUniqueViolation(error) {
      let rule = error.message ?? ""
      throw StoreError.conflict(
        rule.contains("hash")
          ? "a token with this hash is already registered"
          : "token \(token.id) is already registered")
    } catch let error as DatabaseError
      where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY
    {
      throw StoreError.database("participant \(token.participantID) is not registered")
    }
  }

  private static func participant(_ row: Row) throws -> Participant {
    Participant(
      id: try text(row, 0, "participants.id"),
      name: try text(row, 1, "participants.name"),
      jurisdiction: try text(row, 2, "participants.jurisdiction"),
      sizeClass: try decodedSizeClass(text(row, 3, "participants.size_class")),
      sector: try text(row, 4, "participants.sector"),
      womenOwned: try integer(row, 5, "participants.women_owned") != 0,
      createdAt: StoreTime.date(microseconds: try integer(row, 6, "participants.created_at")),
      receiveSyntax: try text(row, 7, "participants.receive_syntax"))
  }

  // MARK: Documents

  /// The columns of a row of `documents`; the rest of a document is in `document_contents`.
  private static let documentRowColumns = """
    id, sender, receiver, invoice_number, type_code, syntax, issue_date, currency, \
    total_amount, status, digest, log_index, idempotency_key, received_at
    """

  /// A whole document, its row and its contents, in the order ``document(_:)`` reads them.
  private static let documentSelect = """
    SELECT d.id, d.sender, d.receiver, d.invoice_number, d.type_code, d.syntax, d.issue_date, \
    d.currency, d.total_amount, d.status, d.digest, c.bytes, c.signature, d.log_index, \
    c.log_entry, c.receipt, d.idempotency_key, d.received_at
    FROM documents d JOIN document_contents c ON c.log_index = d.log_index
    """

  private static let summaryColumns = """
    id, sender, receiver, invoice_number, type_code, syntax, issue_date, currency, \
    total_amount, status, log_index, received_at
    """

  public func commit(_ batch: CommitBatch) async throws(StoreError) {
    let resources = lastWriteWins(batch.logResources)
    var indexes: [Int64] = []
    indexes.reserveCapacity(batch.documents.count)
    for document in batch.documents { indexes.append(try storedLogIndex(document.logIndex)) }
    let logIndexes = indexes
    try await write { db in
      let insertDocument = try db.cachedStatement(
        sql: """
          INSERT INTO documents (\(Self.documentRowColumns))
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      let insertContents = try db.cachedStatement(
        sql: """
          INSERT INTO document_contents (log_index, bytes, signature, log_entry, receipt)
          VALUES (?, ?, ?, ?, ?)
          """)
      for (document, logIndex) in zip(batch.documents, logIndexes) {
        do {
          try insertDocument.execute(arguments: [
            document.id, document.sender, document.receiver, document.invoiceNumber,
            document.typeCode, document.syntax, document.issueDate, document.currency,
            document.totalAmount, document.status.rawValue, Data(document.digest), logIndex,
            document.idempotencyKey, StoreTime.microseconds(document.receivedAt),
          ])
        } catch let error as DatabaseError where Self.isUniqueViolation(error) {
          throw StoreError.conflict(
            documentConflict(rule: error.message ?? "", document: document))
        }
        try insertContents.execute(arguments: [
          logIndex, Data(document.bytes), document.signature, Data(document.logEntry),
          document.receipt,
        ])
      }
      for resource in resources {
        try Self.writeLogResource(key: resource.key, bytes: resource.bytes, db)
      }
      for delivery in batch.deliveries { try Self.save(delivery, db) }
      if !batch.documentStatuses.isEmpty {
        let update = try db.cachedStatement(sql: "UPDATE documents SET status = ? WHERE id = ?")
        for change in batch.documentStatuses {
          try update.execute(arguments: [change.status.rawValue, change.id])
        }
      }
      if !batch.settings.isEmpty {
        let set = try db.cachedStatement(
          sql: """
            INSERT INTO settings (name, value) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """)
        for setting in batch.settings { try set.execute(arguments: [setting.name, setting.value]) }
      }
    }
  }

  public func document(id: String) async throws(StoreError) -> DocumentRecord? {
    try await read { db in
      let statement = try db.cachedStatement(
        sql: "\(Self.documentSelect) WHERE d.id = ?")
      return try Row.fetchOne(statement, arguments: [id]).map(Self.document)
    }
  }

  public func document(sender: String, invoiceNumber: String) async throws(StoreError)
    -> DocumentRecord?
  {
    try await read { db in
      let statement = try db.cachedStatement(
        sql: """
          \(Self.documentSelect) WHERE d.sender = ? AND d.invoice_number = ?
          """)
      return try Row.fetchOne(statement, arguments: [sender, invoiceNumber]).map(Self.document)
    }
  }

  public func document(sender: String, idempotencyKey: String) async throws(StoreError)
    -> DocumentRecord?
  {
    try await read { db in
      let statement = try db.cachedStatement(
        sql: """
          \(Self.documentSelect) WHERE d.sender = ? AND d.idempotency_key = ?
          """)
      return try Row.fetchOne(statement, arguments: [sender, idempotencyKey]).map(Self.document)
    }
  }

  public func documents(_ query: DocumentQuery) async throws(StoreError) -> DocumentPage {
    let limit = clampedLimit(query.limit)
    let (owner, other) =
      query.box == .outbox ? ("sender", "receiver") : ("receiver", "sender")
    var conditions = ["\(owner) = ?"]
    var arguments: [(any DatabaseValueConvertible)?] = [query.participant]
    if let from = query.issuedFrom {
      conditions.append("issue_date >= ?")
      arguments.append(from)
    }
    if let to = query.issuedTo {
      conditions.append("issue_date <= ?")
      arguments.append(to)
    }
    if let status = query.status {
      conditions.append("status = ?")
      arguments.append(status.rawValue)
    }
    if let counterparty = query.counterparty {
      conditions.append("\(other) = ?")
      arguments.append(counterparty)
    }
    if let before = query.before {
      // Every stored index fits Int64; a larger cursor bounds nothing.
      if let bound = Int64(exactly: before) {
        conditions.append("log_index < ?")
        arguments.append(bound)
      }
    }
    arguments.append(limit + 1)
    let sql = """
      SELECT \(Self.summaryColumns) FROM documents
      WHERE \(conditions.joined(separator: " AND "))
      ORDER BY log_index DESC LIMIT ?
      """
    let statementArguments = StatementArguments(arguments)
    let rows = try await read { db in
      let statement = try db.cachedStatement(sql: sql)
      return try Row.fetchAll(statement, arguments: statementArguments).map(Self.summary)
    }
    if rows.count > limit {
      let page = Array(rows.prefix(limit))
      return DocumentPage(documents: page, next: page.last?.logIndex)
    }
    return DocumentPage(documents: rows, next: nil)
  }

  public func documentCount() async throws(StoreError) -> Int {
    try await read { db in
      let statement = try db.cachedStatement(sql: "SELECT count(*) FROM documents")
      guard let row = try Row.fetchOne(statement) else { return 0 }
      return Int(try Self.integer(row, 0, "count"))
    }
  }

  private static func document(_ row: Row) throws -> DocumentRecord {
    DocumentRecord(
      id: try text(row, 0, "documents.id"),
      sender: try text(row, 1, "documents.sender"),
      receiver: try optionalText(row, 2, "documents.receiver"),
      invoiceNumber: try text(row, 3, "documents.invoice_number"),
      typeCode: try text(row, 4, "documents.type_code"),
      syntax: try text(row, 5, "documents.syntax"),
      issueDate: try text(row, 6, "documents.issue_date"),
      currency: try text(row, 7, "documents.currency"),
      totalAmount: try text(row, 8, "documents.total_amount"),
      status: try decodedStatus(text(row, 9, "documents.status")),
      digest: try blob(row, 10, "documents.digest"),
      bytes: try blob(row, 11, "documents.bytes"),
      signature: try text(row, 12, "documents.signature"),
      logIndex: try decodedLogIndex(integer(row, 13, "documents.log_index")),
      logEntry: try blob(row, 14, "documents.log_entry"),
      receipt: try text(row, 15, "documents.receipt"),
      idempotencyKey: try optionalText(row, 16, "documents.idempotency_key"),
      receivedAt: StoreTime.date(microseconds: try integer(row, 17, "documents.received_at")))
  }

  private static func summary(_ row: Row) throws -> DocumentSummary {
    DocumentSummary(
      id: try text(row, 0, "documents.id"),
      sender: try text(row, 1, "documents.sender"),
      receiver: try optionalText(row, 2, "documents.receiver"),
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

  /// The columns of a row of `deliveries` but its number (`seq`, which keys its envelope in
  /// `delivery_envelopes`, so that envelopes are appended in order rather than inserted at
  /// random places of an index of identifiers).
  private static let deliveryRowColumns = """
    id, direction, document_id, sender, receiver, peer, status, attempts, next_attempt_at, \
    created_at, updated_at, reason, decision, receipt, receipt_signature, receipt_log_index
    """

  /// A whole delivery, its row (`d`) and its envelope (`e`), in the order ``delivery(_:)``
  /// reads them; `from` names the table of rows, with an index to use.
  private static func deliverySelect(from rows: String = "deliveries d") -> String {
    """
    SELECT d.id, d.direction, d.document_id, d.sender, d.receiver, d.peer, d.status, \
    d.attempts, d.next_attempt_at, d.created_at, d.updated_at, d.reason, d.decision, \
    e.envelope, d.receipt, d.receipt_signature, d.receipt_log_index
    FROM \(rows) JOIN delivery_envelopes e ON e.seq = d.seq
    """
  }

  public func saveDelivery(_ delivery: DeliveryRecord) async throws(StoreError) {
    try await write { db in try Self.save(delivery, db) }
  }

  private static func save(_ delivery: DeliveryRecord, _ db: Database) throws {
    // An upsert, not `INSERT OR REPLACE`: a replaced row is deleted and inserted again, with
    // every index entry. The envelope is written only when it is new or differs.
    let row = try db.cachedStatement(
      sql: """
        INSERT INTO deliveries (\(deliveryRowColumns))
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (direction, id) DO UPDATE SET
          document_id = excluded.document_id, sender = excluded.sender,
          receiver = excluded.receiver, peer = excluded.peer, status = excluded.status,
          attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
          created_at = excluded.created_at, updated_at = excluded.updated_at,
          reason = excluded.reason, decision = excluded.decision, receipt = excluded.receipt,
          receipt_signature = excluded.receipt_signature,
          receipt_log_index = excluded.receipt_log_index
        RETURNING seq
        """)
    let seq = try Int64.fetchOne(
      row,
      arguments: [
        delivery.id, delivery.direction.rawValue, delivery.documentID, delivery.sender,
        delivery.receiver, delivery.peer, delivery.status.rawValue, delivery.attempts,
        StoreTime.microseconds(delivery.nextAttemptAt), StoreTime.microseconds(delivery.createdAt),
        StoreTime.microseconds(delivery.updatedAt), delivery.reason, Data(delivery.decision),
        delivery.receipt.map { Data($0) }, delivery.receiptSignature,
        try delivery.receiptLogIndex.map(storedLogIndex),
      ])
    guard let seq else { throw StoreError.database("saving delivery \(delivery.id) gave no row") }
    let envelope = try db.cachedStatement(
      sql: """
        INSERT INTO delivery_envelopes (seq, envelope) VALUES (?, ?)
        ON CONFLICT (seq) DO UPDATE SET envelope = excluded.envelope
          WHERE envelope IS NOT excluded.envelope
        """)
    try envelope.execute(arguments: [seq, Data(delivery.envelope)])
  }

  public func delivery(id: String) async throws(StoreError) -> DeliveryRecord? {
    try await read { db in
      let statement = try db.cachedStatement(
        sql: """
          \(Self.deliverySelect()) WHERE d.id = ?
          ORDER BY d.direction DESC LIMIT 1
          """)
      return try Row.fetchOne(statement, arguments: [id]).map(Self.delivery)
    }
  }

  public func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> DeliveryPage {
    let limit = clampedLimit(query.limit)
    var conditions: [String] = []
    var arguments: [(any DatabaseValueConvertible)?] = []
    if let direction = query.direction {
      conditions.append("d.direction = ?")
      arguments.append(direction.rawValue)
    }
    if let sender = query.sender {
      conditions.append("d.sender = ?")
      arguments.append(sender)
    }
    if let documentID = query.documentID {
      conditions.append("d.document_id = ?")
      arguments.append(documentID)
    }
    if let status = query.status {
      conditions.append("d.status = ?")
      arguments.append(status.rawValue)
    }
    if let before = query.before {
      conditions.append("d.created_at < ?")
      arguments.append(StoreTime.microseconds(before))
    }
    arguments.append(limit + 1)
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let sql = """
      \(Self.deliverySelect()) \(filter)
      ORDER BY d.created_at DESC, d.id DESC LIMIT ?
      """
    let statementArguments = StatementArguments(arguments)
    let rows = try await read { db in
      try Row.fetchAll(db.cachedStatement(sql: sql), arguments: statementArguments)
        .map(Self.delivery)
    }
    return deliveryPage(rows, limit: limit)
  }

  public func leaseDueDeliveries(at time: Date, until: Date, limit: Int)
    async throws(StoreError) -> [DeliveryRecord]
  {
    let now = StoreTime.microseconds(time)
    let lease = StoreTime.microseconds(until)
    let pool = pool
    // A lease lost in a crash only makes its deliveries due again sooner (a repeated delivery
    // answers its first receipt), so it is committed without waiting for the disk.
    do {
      return try await pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
        var leased: [DeliveryRecord] = []
        try db.inTransaction(.immediate) {
          leased = try Self.lease(db, now: now, until: lease, limit: limit)
          return .commit
        }
        return leased
      }
    } catch {
      throw Self.storeError(error)
    }
  }

  /// The due deliveries, through the partial index of due ones. Without `INDEXED BY`,
  /// SQLite's planner (which has no statistics) chose the primary key: every lease read every
  /// outbound delivery ever made, delivered ones included, and the cost of a delivery grew with
  /// the outbox (a profile of a sending hub under load spent 15 % of its CPU in those reads).
  /// With it, a statement that could not use the index fails instead of scanning.
  static let leaseSQL = """
    \(deliverySelect(from: "deliveries d INDEXED BY deliveries_due"))
    WHERE d.direction = 'outbound' AND d.status IN ('queued', 'sent') AND d.next_attempt_at <= ?
    ORDER BY d.next_attempt_at LIMIT ?
    """

  /// SQLite's plan for ``leaseSQL``, one line per step (for tests).
  func leasePlan() async throws -> [String] {
    try await pool.read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.leaseSQL, arguments: [0, 1])
        .map { $0["detail"] as String }
    }
  }

  private static func lease(_ db: Database, now: Int64, until lease: Int64, limit: Int) throws
    -> [DeliveryRecord]
  {
    let select = try db.cachedStatement(sql: leaseSQL)
    let due = try Row.fetchAll(select, arguments: [now, limit]).map(Self.delivery)
    let update = try db.cachedStatement(
      sql: "UPDATE deliveries SET next_attempt_at = ? WHERE direction = 'outbound' AND id = ?")
    for delivery in due { try update.execute(arguments: [lease, delivery.id]) }
    return due
  }

  private static func delivery(_ row: Row) throws -> DeliveryRecord {
    let receipt: DatabaseValue = row[14]
    return DeliveryRecord(
      id: try text(row, 0, "deliveries.id"),
      direction: try decodedDirection(text(row, 1, "deliveries.direction")),
      documentID: try text(row, 2, "deliveries.document_id"),
      sender: try text(row, 3, "deliveries.sender"),
      receiver: try text(row, 4, "deliveries.receiver"),
      peer: try text(row, 5, "deliveries.peer"),
      status: try decodedDeliveryStatus(text(row, 6, "deliveries.status")),
      attempts: Int(try integer(row, 7, "deliveries.attempts")),
      nextAttemptAt: StoreTime.date(
        microseconds: try integer(row, 8, "deliveries.next_attempt_at")),
      createdAt: StoreTime.date(microseconds: try integer(row, 9, "deliveries.created_at")),
      updatedAt: StoreTime.date(microseconds: try integer(row, 10, "deliveries.updated_at")),
      reason: try optionalText(row, 11, "deliveries.reason"),
      decision: try blob(row, 12, "deliveries.decision"),
      envelope: try blob(row, 13, "deliveries.envelope"),
      receipt: receipt.isNull ? nil : try blob(row, 14, "deliveries.receipt"),
      receiptSignature: try optionalText(row, 15, "deliveries.receipt_signature"),
      receiptLogIndex: try optionalInteger(row, 16, "deliveries.receipt_log_index").map {
        try decodedLogIndex($0, column: "deliveries.receipt_log_index")
      })
  }

  // MARK: Log

  /// The size of the chunks a log resource is stored in: a row of this size stays on its
  /// leaf page (no overflow page), and a commit rewrites at most one chunk that already was.
  static let logChunkSize = 2048

  /// Stores `bytes` as the log resource `key`, in chunks of ``logChunkSize`` (at least one, so
  /// that an empty resource exists). A chunk whose bytes are unchanged is not written.
  private static func writeLogResource(key: String, bytes: [UInt8], _ db: Database) throws {
    let upsert = try db.cachedStatement(
      sql: """
        INSERT INTO log_chunks (key, part, bytes) VALUES (?, ?, ?)
        ON CONFLICT (key, part) DO UPDATE SET bytes = excluded.bytes
          WHERE bytes IS NOT excluded.bytes
        """)
    let parts = max(1, (bytes.count + logChunkSize - 1) / logChunkSize)
    for part in 0..<parts {
      let start = part * logChunkSize
      let chunk = bytes[start..<min(bytes.count, start + logChunkSize)]
      try upsert.execute(arguments: [key, part, Data(chunk)])
    }
    let trim = try db.cachedStatement(sql: "DELETE FROM log_chunks WHERE key = ? AND part >= ?")
    try trim.execute(arguments: [key, parts])
  }

  public func logResource(_ key: LogKey) async throws(StoreError) -> [UInt8]? {
    let name = key.description
    return try await read { db in
      let statement = try db.cachedStatement(
        sql: "SELECT bytes FROM log_chunks WHERE key = ? ORDER BY part")
      let rows = try Row.fetchCursor(statement, arguments: [name])
      guard let first = try rows.next() else { return nil }
      var bytes = try Self.blob(first, 0, "log_chunks.bytes")
      while let row = try rows.next() {
        bytes.append(contentsOf: try Self.blob(row, 0, "log_chunks.bytes"))
      }
      return bytes
    }
  }

  public func close() async {
    try? pool.close()
  }

  /// Runs one statement outside the schema's operations (administration, tests).
  func execute(_ sql: String) async throws(StoreError) {
    try await write { db in try db.execute(sql: sql) }
  }

  // MARK: Plumbing

  private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
    async throws(StoreError) -> T
  {
    do {
      return try await pool.read(body)
    } catch {
      throw Self.storeError(error)
    }
  }

  private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
    async throws(StoreError) -> T
  {
    do {
      return try await pool.write(body)
    } catch {
      throw Self.storeError(error)
    }
  }

  private static func isUniqueViolation(_ error: DatabaseError) -> Bool {
    error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
      || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
  }

  private static func message(of error: any Error) -> String {
    if let error = error as? DatabaseError {
      return "\(error.message ?? "SQLite error") (code \(error.extendedResultCode.rawValue))"
    }
    return "\(error)"
  }

  private static func storeError(_ error: any Error) -> StoreError {
    if let error = error as? StoreError { return error }
    if let error = error as? DatabaseError {
      switch error.resultCode {
      case .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_FULL,
        .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_LOCKED:
        return .unavailable(message(of: error))
      case .SQLITE_CORRUPT:
        return .corrupt(message(of: error))
      case .SQLITE_CONSTRAINT where isUniqueViolation(error):
        return .conflict(message(of: error))
      default:
        return .database(message(of: error))
      }
    }
    return .database(message(of: error))
  }

  private static func text(_ row: Row, _ index: Int, _ column: String) throws -> String {
    let value: DatabaseValue = row[index]
    guard case .string(let text) = value.storage else {
      throw StoreError.corrupt("\(column) is \(value), not text")
    }
    return text
  }

  private static func optionalText(_ row: Row, _ index: Int, _ column: String) throws -> String? {
    let value: DatabaseValue = row[index]
    if value.isNull { return nil }
    return try text(row, index, column)
  }

  private static func optionalInteger(_ row: Row, _ index: Int, _ column: String) throws
    -> Int64?
  {
    let value: DatabaseValue = row[index]
    if value.isNull { return nil }
    return try integer(row, index, column)
  }

  private static func integer(_ row: Row, _ index: Int, _ column: String) throws -> Int64 {
    let value: DatabaseValue = row[index]
    guard case .int64(let integer) = value.storage else {
      throw StoreError.corrupt("\(column) is \(value), not an integer")
    }
    return integer
  }

  private static func blob(_ row: Row, _ index: Int, _ column: String) throws -> [UInt8] {
    let value: DatabaseValue = row[index]
    guard case .blob(let data) = value.storage else {
      throw StoreError.corrupt("\(column) is \(value), not bytes")
    }
    return [UInt8](data)
  }
}
