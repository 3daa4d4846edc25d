import ArgumentParser
import CaravanRules

/// `caravan`: the command line of the Caravan hub.
@main
struct Caravan: AsyncParsableCommand {
  /// The version of Caravan.
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "caravan",
    abstract: "Validate, convert, sign and log EN 16931 e-invoices.",
    version: "\(version) (EN 16931 validation artefacts \(Validator.artefactVersion))",
    subcommands: [
      Validate.self, Inspect.self, Convert.self, Keys.self, Sign.self, Verify.self, Log.self,
      Serve.self, Peers.self, Deliveries.self, PolicyCommand.self,
    ]
  )
}
