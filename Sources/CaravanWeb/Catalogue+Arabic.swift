extension WebCatalogue {
  static let arabic: [WebMessage: String] = [:]
}
