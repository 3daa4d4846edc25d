import CaravanExchange
import CaravanHub
import CaravanLog
import CaravanRules
import CaravanStore
import CaravanSyntax
import CaravanTrust
import CaravanXML
import Crypto
import Foundation

/// The phases of one submission, as `Hub.submit` and the sequencer run them, timed one at a
/// time on one thread (CPU time of the thread) over `count` distinct invoices.
enum Phases {
  static func run(_ options: Options) async throws {
    let count = max(1, try options.int("count", default: 2000))
    let invoice = URL(
      fileURLWithPath: options.string("invoice", default: "examples/kiondo-baskets-ubl.xml"))
    let template = try InvoiceTemplate(contentsOf: invoice)
    let documents = (0..<count).map { i in
      template.invoice(
        number: "PH-\(i)", issueDate: "2026-11-20", seller: "6164000000011",
        buyer: "8850000000018")
    }
    let key = SigningKey.ed25519(Curve25519.Signing.PrivateKey())
    let signer = try NoteSigner.generate(name: "caravan-ke.localhost")
    let validator = Validator()
    let time = Date()

    func phase(_ name: String, _ body: (Int) throws -> Void) rethrows {
      for i in 0..<min(count, 50) { try body(i) }  // warm-up
      let start = cpuNow()
      for i in 0..<count { try body(i) }
      let perDocument = (cpuNow() - start) / Double(count) * 1e6
      report("phase_\(name)", perDocument, "us/doc", "documents=\(count) clock=thread-cpu")
    }

    var sink = 0
    phase("sha256") { i in sink &+= Int(SHA256.hash(data: documents[i]).first { _ in true }!) }
    var trees: [XMLTree] = []
    trees.reserveCapacity(count)
    try phase("parse") { i in
      let tree = try XMLDocumentReader.parse(documents[i], limits: .standard)
      if trees.count < count { trees.append(tree) }
    }
    try phase("validate") { i in
      let report = validator.validate(tree: trees[i], file: "submission")
      guard report.isValid else { throw UsageError(description: "invalid: \(report.findings)") }
    }
    try phase("read_model") { i in sink &+= try InvoiceDocument.read(trees[i]).invoice.number.count
    }
    try phase("sign_jws") { i in
      sink &+=
        try DetachedJWS.sign(
          document: documents[i], key: key, documentType: "en16931:380", signingTime: time
        ).compact.utf8.count
    }
    var entries: [[UInt8]] = []
    try phase("log_entry") { i in
      let entry = try LogEntry(
        document: documents[i], documentType: "en16931:380", sender: "0088:6164000000011",
        receiver: "0088:8850000000018", jurisdiction: "KE", time: time
      ).encoded()
      if entries.count < count { entries.append(entry) }
    }

    // A delivery's envelope, as a sending hub writes it and both hubs read it.
    let sender = ParticipantIdentifier("0088:6164000000011")!
    let receiver = ParticipantIdentifier("0088:8850000000018")!
    var envelopes: [[UInt8]] = []
    try phase("envelope_encode") { i in
      let read = try InvoiceDocument.read(trees[i])
      let envelope = try Envelope(
        wrapping: documents[i], invoice: read.invoice, syntax: read.syntax, sender: sender,
        receiver: receiver, from: "KE", to: "TH", created: time
      ).encoded()
      if envelopes.count < count { envelopes.append(envelope) }
    }
    try phase("envelope_decode") { i in sink &+= try Envelope(decoding: envelopes[i]).payload.count
    }

    // Inclusion proofs in trees of the two store sizes, one reader per 32 documents as in a
    // group commit of 32.
    for size in [1_000, 1_000_000] {
      var log = try await TileLog.create(origin: signer.name, storage: MemoryTileStorage())
      for i in 0..<size { try log.append(entries[i % entries.count]) }
      let base = UInt64(size)
      for i in 0..<count { try log.append(entries[i]) }
      let checkpoint = try await log.publish(signer: signer)
      var proofs: [InclusionProof] = []
      let start = cpuNow()
      var reader = log.reader()
      for i in 0..<count {
        if i % 32 == 0 { reader = log.reader() }
        proofs.append(try await reader.inclusionProof(index: base + UInt64(i)))
      }
      report(
        "phase_inclusion_proof", (cpuNow() - start) / Double(count) * 1e6, "us/doc",
        "tree_size=\(size) proof_hashes=\(proofs[0].hashes.count) clock=thread-cpu")
      // As the sequencer builds them: the hashes shared by a batch's proofs computed once.
      let batchedStart = cpuNow()
      var batched = BatchInclusionProofs(reader: log.reader())
      for i in 0..<count {
        if i % 32 == 0 { batched = BatchInclusionProofs(reader: log.reader()) }
        let proof = try await batched.inclusionProof(index: base + UInt64(i))
        guard proof == proofs[i] else { throw UsageError(description: "proofs differ at \(i)") }
      }
      report(
        "phase_inclusion_proof_batched", (cpuNow() - batchedStart) / Double(count) * 1e6,
        "us/doc", "tree_size=\(size) batch=32 clock=thread-cpu")
      let receiptStart = cpuNow()
      var receipts: [String] = []
      for i in 0..<count {
        receipts.append(
          Receipt(
            extra: entries[i], index: base + UInt64(i), proof: proofs[i].hashes,
            checkpoint: checkpoint
          ).encoded)
      }
      report(
        "phase_receipt_encode", (cpuNow() - receiptStart) / Double(count) * 1e6, "us/doc",
        "tree_size=\(size) clock=thread-cpu")
      // The answer to the sender: the receipt read back into its JSON form and encoded.
      let record = DocumentRecord(
        id: UUID().uuidString.lowercased(), sender: "0088:6164000000011",
        receiver: "0088:8850000000018", invoiceNumber: "PH-0", typeCode: "380", syntax: "ubl",
        issueDate: "2026-11-20", currency: "USD", totalAmount: "1140.00", status: .accepted,
        digest: Array(SHA256.hash(data: documents[0])), bytes: documents[0], signature: "x",
        logIndex: base, logEntry: entries[0], receipt: receipts[0], idempotencyKey: nil,
        receivedAt: time)
      let encoder = JSONEncoder()
      let answerStart = cpuNow()
      for i in 0..<count {
        var copy = record
        copy.receipt = receipts[i]
        copy.logIndex = base + UInt64(i)
        sink &+= try encoder.encode(ReceiptDocument(copy)).count
      }
      report(
        "phase_receipt_json", (cpuNow() - answerStart) / Double(count) * 1e6, "us/doc",
        "tree_size=\(size) clock=thread-cpu")
      // As a submission now answers: from the receipt the sequencer built, not read back.
      let treeSize = try Checkpoint(text: checkpoint.text).treeSize
      let parsed = try receipts.map { try Receipt(parsing: $0) }
      let loggedStart = cpuNow()
      for i in 0..<count {
        var copy = record
        copy.receipt = receipts[i]
        copy.logIndex = base + UInt64(i)
        sink &+=
          try encoder.encode(ReceiptDocument(copy, receipt: parsed[i], treeSize: treeSize)).count
      }
      report(
        "phase_receipt_json_logged", (cpuNow() - loggedStart) / Double(count) * 1e6, "us/doc",
        "tree_size=\(size) clock=thread-cpu")
    }
    if sink == 42 { print("") }
  }
}
