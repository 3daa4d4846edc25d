import CaravanModel
enum UBLBinding: SyntaxBinding {
  static let syntax = Syntax.ubl
  static func read(_ context: ReadContext) -> Invoice { Invoice() }
  static func write(_ invoice: Invoice) -> [UInt8] { [] }
}
