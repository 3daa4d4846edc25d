import ArgumentParser

/// `caravan`: the command line of the Caravan hub.
@main
struct Caravan: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "caravan",
    abstract: "Validate, convert, sign and log EN 16931 e-invoices.",
    subcommands: [
      Inspect.self, Convert.self, Keys.self, Sign.self, Verify.self, Log.self,
    ]
  )
}
