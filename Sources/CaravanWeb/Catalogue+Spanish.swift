extension WebCatalogue {
  static let spanish: [WebMessage: String] = [:]
}
