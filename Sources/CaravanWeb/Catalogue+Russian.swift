extension WebCatalogue {
  static let russian: [WebMessage: String] = [:]
}
