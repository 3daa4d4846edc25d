import CaravanModel
enum CIIBinding: SyntaxBinding {
  static let syntax = Syntax.cii
  static func read(_ context: ReadContext) -> Invoice { Invoice() }
  static func write(_ invoice: Invoice) -> [UInt8] { [] }
}
