public import CaravanHub
import CaravanModel
import CaravanRender
import CaravanRules
import CaravanStore
import CaravanSyntax
public import CaravanTrust
import Foundation
import HTTPTypes
public import Hummingbird
import Logging

/// The web pages of the hub, for participants and for anyone checking a receipt: server-made
/// HTML, no script, signed session cookies and a CSRF token in every form.
///
/// | Route | Page |
/// |---|---|
/// | `GET /` | dashboard: inbox and outbox, paged (`?in=` and `?out=` cursors) |
/// | `GET, POST /sign-in`, `POST /sign-out` | sign-in with a participant token |
/// | `GET, POST /invoices/new` | the invoice form |
/// | `GET, POST /upload` | check (and submit) a UBL or CII file |
/// | `GET /documents/{id}` | a document as a readable invoice |
/// | `GET /documents/{id}/download/{ubl,cii,json,original}` | the document in a syntax |
/// | `GET /documents/{id}/receipt` (and `/receipt.json`) | its receipt |
/// | `GET, POST /verify` | anyone checks a document against its receipt |
///
/// Every page takes `?lang=` (en, zh, ar, fr, ru, es), which is remembered in a cookie;
/// otherwise the language comes from `Accept-Language`.
public struct WebRoutes: Sendable {
  let hub: Hub
  let key: SessionKey
  let maximumDocumentBytes: Int
  let logger: Logger

  static let sessionCookie = "caravan_session"
  static let anonymousCookie = "caravan_visitor"
  static let languageCookie = "caravan_lang"
  static let pageSize = 20

  /// Web pages over `hub`. The session key is read from (or created in)
  /// `dataDirectory/keys/session.key`; when that fails, a key for this process only is used
  /// and sessions end with it.
  public init(
    hub: Hub, dataDirectory: URL, maximumDocumentBytes: Int,
    logger: Logger = Logger(label: "caravan.web")
  ) {
    self.hub = hub
    self.maximumDocumentBytes = maximumDocumentBytes
    self.logger = logger
    do {
      key = try SessionKey.loadOrCreate(folder: dataDirectory.appendingPathComponent("keys"))
    } catch {
      logger.warning("the session key could not be stored; sessions end on restart: \(error)")
      key = SessionKey.ephemeral()
    }
  }

  /// Adds the pages to `router`.
  public func register(on router: Router<BasicRequestContext>) {
    router.get("/") { request, _ in await page(request) { try await dashboard($0) } }
    router.get("/sign-in") { request, _ in await page(request) { try await signInPage($0) } }
    router.post("/sign-in") { request, _ in await page(request) { try await signIn($0) } }
    router.post("/sign-out") { request, _ in await page(request) { try await signOut($0) } }
    router.get("/invoices/new") { request, _ in await page(request) { try await newInvoice($0) } }
    router.post("/invoices/new") { request, _ in
      await page(request) { try await issueInvoice($0) }
    }
    router.get("/upload") { request, _ in await page(request) { try await uploadPage($0) } }
    router.post("/upload") { request, _ in await page(request) { try await upload($0) } }
    router.get("/documents/:document") { request, context in
      await page(request) { try await documentPage($0, id: context.parameters.get("document")) }
    }
    router.get("/documents/:document/receipt") { request, context in
      await page(request) { try await receiptPage($0, id: context.parameters.get("document")) }
    }
    router.get("/documents/:document/receipt.json") { request, context in
      await page(request) { try await receiptJSON($0, id: context.parameters.get("document")) }
    }
    router.get("/documents/:document/download/:form") { request, context in
      await page(request) {
        try await download(
          $0, id: context.parameters.get("document"), form: context.parameters.get("form"))
      }
    }
    router.get("/verify") { request, _ in await page(request) { try await verifyPage($0) } }
    router.post("/verify") { request, _ in await page(request) { try await verify($0) } }
  }

  // MARK: The visit

  /// What every page knows about the request it answers.
  struct Visit: Sendable {
    var request: Request
    var language: WebLanguage
    var setLanguage: Bool
    var session: Session?
    var participant: Participant?
    var anonymous: String
    var newAnonymous: Bool
    var secure: Bool
    var csrf: String

    func t(_ message: WebMessage) -> String { language.text(message) }

    func layout(current: String?) -> Layout {
      Layout(
        language: language, path: request.uri.path, participant: participant, csrf: csrf,
        current: current)
    }

    /// The signed-in participant, or the sign-in page.
    func signedIn() throws(WebFailure) -> Participant {
      guard let participant else { throw .signInRequired }
      return participant
    }
  }

  /// Why a page is not shown.
  enum WebFailure: Error, Sendable {
    case signInRequired
    case notFound
    case csrf
    case tooLarge
    case badForm
    case unavailable(String)
  }

  func visit(_ request: Request) async -> Visit {
    var language: WebLanguage?
    var setLanguage = false
    if let tag = request.uri.queryParameters["lang"],
      let chosen = WebLanguage(rawValue: String(tag))
    {
      language = chosen
      setLanguage = true
    } else if let tag = request.cookies[Self.languageCookie]?.value {
      language = WebLanguage(rawValue: tag)
    }
    if language == nil, let header = request.headers[.acceptLanguage] {
      language = WebLanguage.negotiate(acceptLanguage: header)
    }
    var session: Session?
    var participant: Participant?
    if let cookie = request.cookies[Self.sessionCookie]?.value, let opened = key.open(cookie) {
      // A session lives while the token it was opened with does: revoking it ends the session.
      if let holder = try? await hub.store.participant(tokenHash: opened.tokenHash),
        holder.id == opened.participantID
      {
        session = opened
        participant = holder
      }
    }
    var anonymous = request.cookies[Self.anonymousCookie]?.value ?? ""
    let newAnonymous = anonymous.utf8.count != 22
    if newAnonymous { anonymous = Base64URL.random(count: 16) }
    let forwarded = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased()
    let secure = request.uri.scheme == .https || forwarded == "https"
    return Visit(
      request: request, language: language ?? .english, setLanguage: setLanguage,
      session: session, participant: participant, anonymous: anonymous,
      newAnonymous: newAnonymous, secure: secure,
      csrf: key.csrfToken(binding: session?.cookie ?? anonymous))
  }

  /// Runs a page: builds the visit, turns failures into pages, adds the headers and cookies
  /// every page has.
  func page(_ request: Request, _ body: (Visit) async throws -> Response) async -> Response {
    let visit = await visit(request)
    var response: Response
    do {
      response = try await body(visit)
    } catch let failure as WebFailure {
      response = failurePage(failure, visit)
    } catch let error as HubError {
      switch error {
      case .notFound: response = failurePage(.notFound, visit)
      default: response = failurePage(.unavailable(error.description), visit)
      }
    } catch {
      logger.error("web page failed", metadata: ["error": "\(error)"])
      response = failurePage(.unavailable("\(error)"), visit)
    }
    if response.headers[.contentType] == nil
      || response.headers[.contentType]!.hasPrefix("text/html")
    {
      response.headers[.contentSecurityPolicy] =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"
    }
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
    response.headers[.cacheControl] = "no-store"
    response.headers[.contentLanguage] = visit.language.tag
    response.headers[.vary] = "Accept-Language, Cookie"
    let secure = visit.secure ? "; Secure" : ""
    if visit.setLanguage {
      response.headers.append(
        HTTPField(
          name: .setCookie,
          value: "\(Self.languageCookie)=\(visit.language.tag); Path=/; Max-Age=31536000; "
            + "SameSite=Lax\(secure)"))
    }
    if visit.newAnonymous {
      response.headers.append(
        HTTPField(
          name: .setCookie,
          value: "\(Self.anonymousCookie)=\(visit.anonymous); Path=/; HttpOnly; "
            + "SameSite=Strict\(secure)"))
    }
    return response
  }

  func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }

  func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
  }

  func failurePage(_ failure: WebFailure, _ visit: Visit) -> Response {
    let title: WebMessage
    let text: WebMessage
    let status: HTTPResponse.Status
    var detail: String?
    switch failure {
    case .signInRequired: return redirect("/sign-in")
    case .notFound: (title, text, status) = (.notFoundTitle, .notFoundText, .notFound)
    case .csrf: (title, text, status) = (.expiredTitle, .expiredText, .forbidden)
    case .tooLarge: (title, text, status) = (.errorTitle, .tooLargeText, .contentTooLarge)
    case .badForm: (title, text, status) = (.errorTitle, .errorText, .badRequest)
    case .unavailable(let message):
      (title, text, status) = (.errorTitle, .errorText, .serviceUnavailable)
      detail = message
    }
    var main =
      "<div class=\"card narrow\"><h1>\(esc(visit.t(title)))</h1><p>\(esc(visit.t(text)))</p>"
    if let detail {
      main += "<p class=\"small muted\" lang=\"en\">\(esc(String(detail.prefix(300))))</p>"
    }
    main += "<p><a href=\"/\">\(esc(visit.t(.backToDashboard)))</a></p></div>"
    return html(
      visit.layout(current: nil).render(title: visit.t(title), main: main), status: status)
  }

  /// The posted form, after its CSRF token is checked.
  func postedForm(_ visit: Visit, limit: Int = 64 * 1024) async throws(WebFailure) -> FormData {
    let buffer: ByteBuffer
    do {
      buffer = try await visit.request.body.collect(upTo: limit)
    } catch {
      throw .tooLarge
    }
    let form: FormData
    do {
      form = try FormData.parse(
        contentType: visit.request.headers[.contentType], body: Array(buffer: buffer))
    } catch {
      throw .badForm
    }
    guard key.checkCSRF(form.raw("csrf"), binding: visit.session?.cookie ?? visit.anonymous)
    else { throw .csrf }
    return form
  }

  // MARK: Sign-in

  func signInPage(_ visit: Visit, error: WebMessage? = nil, notice: WebMessage? = nil)
    async throws -> Response
  {
    if visit.participant != nil, error == nil { return redirect("/") }
    let notice =
      notice ?? (visit.request.uri.queryParameters["signed-out"] != nil ? .signedOut : nil)
    var main = "<div class=\"card narrow\"><h1>\(esc(visit.t(.signInTitle)))</h1>"
    if let notice { main += "<p class=\"notice\" role=\"status\">\(esc(visit.t(notice)))</p>" }
    main += "<p class=\"lead\">\(esc(visit.t(.signInIntro)))</p>"
    main += "<form method=\"post\" action=\"/sign-in\">\(visit.layout(current: nil).csrfField)"
    main += "<div class=\"field\(error == nil ? "" : " has-error")\">"
    main += "<label for=\"f-token\">\(esc(visit.t(.tokenLabel)))</label>"
    main += "<p class=\"hint\" id=\"f-token-hint\">\(esc(visit.t(.tokenHint)))</p>"
    var describedBy = "f-token-hint"
    if let error {
      main += "<div class=\"error\" id=\"f-token-error\">\(esc(visit.t(error)))</div>"
      describedBy += " f-token-error"
    }
    main += "<input type=\"password\" id=\"f-token\" name=\"token\" autocomplete=\"off\" "
    main += "spellcheck=\"false\" dir=\"ltr\" required aria-describedby=\"\(describedBy)\""
    main += error == nil ? ">" : " aria-invalid=\"true\">"
    main += "</div><div class=\"actions\"><button class=\"btn\" type=\"submit\">"
    main += "\(esc(visit.t(.signInButton)))</button></div></form>"
    main +=
      "<p class=\"small muted\" style=\"margin-top:1.5rem\">\(esc(visit.t(.verifyPublicLink)))"
    main += " <a href=\"/verify\">\(esc(visit.t(.verifyTitle)))</a></p></div>"
    let status: HTTPResponse.Status = error == nil ? .ok : .unauthorized
    return html(
      visit.layout(current: "sign-in").render(title: visit.t(.signInTitle), main: main),
      status: status)
  }

  func signIn(_ visit: Visit) async throws -> Response {
    let form = try await postedForm(visit, limit: 8 * 1024)
    let token = form["token"]
    guard !token.isEmpty else { return try await signInPage(visit, error: .errorTokenMissing) }
    let participant: Participant
    do {
      participant = try await hub.authenticate(token: token)
    } catch .unauthorized {
      return try await signInPage(visit, error: .errorBadToken)
    }
    let session = key.issue(participantID: participant.id, tokenHash: Tokens.hash(token))
    var response = redirect("/")
    response.headers.append(
      HTTPField(
        name: .setCookie,
        value: "\(Self.sessionCookie)=\(session.cookie); Path=/; HttpOnly; SameSite=Strict; "
          + "Max-Age=\(Int(SessionKey.lifetime))\(visit.secure ? "; Secure" : "")"))
    return response
  }

  func signOut(_ visit: Visit) async throws -> Response {
    _ = try await postedForm(visit, limit: 8 * 1024)
    var response = redirect("/sign-in?signed-out=1")
    response.headers.append(
      HTTPField(
        name: .setCookie,
        value: "\(Self.sessionCookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
          + (visit.secure ? "; Secure" : "")))
    return response
  }
}
