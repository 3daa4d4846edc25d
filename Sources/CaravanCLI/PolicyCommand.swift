import ArgumentParser
import CaravanExchange
import CaravanModel
import CaravanSyntax
import Foundation

/// `caravan policy`: corridor data policies, checked offline.
struct PolicyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy",
    abstract: "Check documents against a corridor data policy, as a hub would decide them.",
    subcommands: [Check.self]
  )

  /// Which way the document would cross.
  enum Direction: String, ExpressibleByArgument, CaseIterable {
    case outbound, inbound

    var request: PolicyRequest.Direction {
      switch self {
      case .outbound: .outbound
      case .inbound: .inbound
      }
    }
  }

  /// `caravan policy check --policy FILE … DOCUMENT`: the decision a hub holding the policy
  /// would make for the document, without a hub.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Decide whether a document may cross a corridor under a policy.",
      discussion: """
        Reads the policy (JSON, as PUT /v1/exchange/policy takes it) and the document (UBL \
        2.1 or CII D16B), classifies the document's data (commercial always; personal when \
        the buyer is a natural person: as --buyer-natural-person states, or else when the \
        buyer has neither a VAT identifier, BT-48, nor a legal registration identifier, \
        BT-47) and evaluates the policy: a forbid that applies overrides every permit, and \
        what no rule permits is refused. Prints the decision, the rules that made it, the \
        reason, the business terms the permits order minimised and those of them the \
        document carries. Exit 0 when permitted, 1 when refused, 2 when the policy or the \
        document cannot be read.
        """
    )

    @Option(help: "The corridor policy file (JSON).")
    var policy: String

    @Option(help: "ISO 3166-1 alpha-2 code of the hub holding the policy (the policy's own).")
    var jurisdiction: String

    @Option(help: "outbound: the document leaves the jurisdiction; inbound: it enters it.")
    var direction: Direction

    @Option(help: "ISO 3166-1 alpha-2 code of the other jurisdiction.")
    var peer: String

    @Flag(help: "The data subject's consent to the flow is on record.")
    var consent = false

    @Option(help: "The purpose of the flow, as the policy names purposes.")
    var purpose: String?

    @Option(
      name: .customLong("agreement"),
      help: "An agreement in force between the two jurisdictions (repeatable).")
    var agreements: [String] = []

    @Option(
      help: """
        Whether the buyer is a natural person, true or false (without it: a buyer with no \
        BT-47 and no BT-48 is one).
        """)
    var buyerNaturalPerson: Bool?

    @Argument(help: "The invoice file (UBL or CII), or - for standard input.")
    var document: String

    func validate() throws {
      for (option, code) in [("--jurisdiction", jurisdiction), ("--peer", peer)]
      where !CodeList.countryCodes.contains(code) {
        throw ValidationError("\(option) \(code) is not an ISO 3166-1 alpha-2 code, as KE or TH")
      }
      if let purpose,
        !(1...200).contains(purpose.utf8.count)
          || !purpose.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
      {
        throw ValidationError("--purpose must be 1 to 200 printable ASCII characters")
      }
      for agreement in agreements
      where agreement.isEmpty || agreement.contains(where: { $0.isWhitespace }) {
        throw ValidationError("--agreement \"\(agreement)\" must be a name without spaces")
      }
    }

    func run() throws {
      let policy: CorridorPolicy
      let read: ReadResult
      do {
        policy = try Self.readPolicy(self.policy, jurisdiction: jurisdiction)
        read = try DocumentInput.read(document)
      } catch {
        Console.error("caravan policy check: \(error)")
        throw ExitCode(2)
      }
      let invoice = read.invoice
      let data = DataCategory.classify(invoice, buyerIsNaturalPerson: buyerNaturalPerson)
      let decision = policy.evaluate(
        PolicyRequest(
          direction: direction.request, peer: peer, data: data, consent: consent,
          purpose: purpose, agreements: Set(agreements)))
      let carried: [String]
      do { carried = try Minimisation.minimise(invoice, terms: decision.minimise).removed } catch {
        Console.error("caravan policy check: \(self.policy): \(error)")
        throw ExitCode(2)
      }

      let person: String
      if let buyerNaturalPerson {
        person = "--buyer-natural-person \(buyerNaturalPerson)"
      } else if data.contains(.personal) {
        person = "the buyer has no BT-47 or BT-48, so is taken to be a natural person"
      } else {
        person = "the buyer has a BT-47 or BT-48, so is taken not to be a natural person"
      }
      func list(_ items: [String], separator: String = " ") -> String {
        items.isEmpty ? "(none)" : items.joined(separator: separator)
      }
      print(
        """
        decision: \(decision.permitted ? "permitted" : "refused")
        reason: \(decision.reason)
        rules: \(list(decision.determiningRules, separator: ", "))
        policy: \(policy.jurisdiction) version \(policy.version)
        flow: \(direction.rawValue), \(direction == .outbound ? "to" : "from") \(peer)
        data: \(data.sorted().map(\.rawValue).joined(separator: ", ")) (\(person))
        minimise: \(list(decision.minimise))
        carried: \(list(carried))
        """)
      if !decision.permitted { throw ExitCode(1) }
    }

    /// Reads and checks the policy file: it must be a policy, and `jurisdiction`'s.
    static func readPolicy(_ path: String, jurisdiction: String) throws(InputError)
      -> CorridorPolicy
    {
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      guard let attributes, attributes[.type] as? FileAttributeType != .typeDirectory else {
        throw InputError(
          file: path, message: "cannot open the policy: no such file or not readable")
      }
      if let size = attributes[.size] as? Int, size > CorridorPolicy.maximumLength {
        throw InputError(
          file: path,
          message: "the policy is \(size) bytes; the limit is \(CorridorPolicy.maximumLength)")
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw InputError(file: path, message: "cannot read the policy")
      }
      let policy: CorridorPolicy
      do { policy = try CorridorPolicy(decoding: Array(data)) } catch {
        throw InputError(file: path, message: "not a valid corridor policy: \(error)")
      }
      guard policy.jurisdiction == jurisdiction else {
        throw InputError(
          file: path,
          message: "the policy is \(policy.jurisdiction)'s, not \(jurisdiction)'s (--jurisdiction)")
      }
      return policy
    }
  }
}
