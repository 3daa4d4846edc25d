extension WebCatalogue {
  static let french: [WebMessage: String] = [:]
}
