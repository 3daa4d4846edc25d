import CaravanRender
import CaravanStore

/// Escapes untrusted text for HTML content and quoted attribute values.
func esc(_ text: String) -> String { HTMLText.escape(text) }

/// The frame every page shares: skip link, header with navigation, language switch and
/// sign-out, the main content, and the footer; one inline style sheet, no script.
struct Layout {
  var language: WebLanguage
  /// The path of the page, for the language switch's links.
  var path: String
  var participant: Participant?
  var csrf: String
  /// The navigation entry of the page, if it is one.
  var current: String?

  func t(_ message: WebMessage) -> String { language.text(message) }

  func render(title: String, main: String, extraStyle: String = "") -> String {
    var html = "<!DOCTYPE html>\n<html lang=\"\(language.tag)\" dir=\"\(language.direction)\">\n"
    html += "<head>\n<meta charset=\"utf-8\">\n"
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    html += "<meta name=\"color-scheme\" content=\"light\">\n"
    html += "<title>\(esc(title)) · Caravan</title>\n<style>\(Self.style)\(extraStyle)</style>\n"
    html += "</head>\n<body>\n"
    html += "<a class=\"skip\" href=\"#main\">\(esc(t(.skipToContent)))</a>\n"
    html += "<header class=\"top\"><div class=\"bar\">"
    html +=
      "<a class=\"brand\" href=\"/\"><span class=\"mark\" aria-hidden=\"true\">◆</span>Caravan</a>"
    if let participant {
      html += "<nav class=\"nav\" aria-label=\"\(esc(t(.mainNavigation)))\"><ul>"
      for (href, key, message) in [
        ("/", "dashboard", WebMessage.navDashboard), ("/invoices/new", "new", .navNewInvoice),
        ("/upload", "upload", .navUpload), ("/verify", "verify", .navVerify),
      ] {
        let currentAttribute = current == key ? " aria-current=\"page\"" : ""
        html += "<li><a href=\"\(href)\"\(currentAttribute)>\(esc(t(message)))</a></li>"
      }
      html += "</ul></nav>"
      html += "<div class=\"who\"><span class=\"who-name\"><span class=\"sr\">"
      html += "\(esc(t(.signedInAs))) </span>\(esc(participant.name))</span>"
      html += "<span class=\"who-id\" dir=\"ltr\">\(esc(participant.id))</span>"
      html += "<form method=\"post\" action=\"/sign-out\">\(csrfField)"
      html += "<button class=\"linkish\" type=\"submit\">\(esc(t(.signOut)))</button></form></div>"
    } else {
      html += "<nav class=\"nav\" aria-label=\"\(esc(t(.mainNavigation)))\"><ul>"
      html += "<li><a href=\"/sign-in\"\(current == "sign-in" ? " aria-current=\"page\"" : "")>"
      html += "\(esc(t(.signInTitle)))</a></li>"
      html += "<li><a href=\"/verify\"\(current == "verify" ? " aria-current=\"page\"" : "")>"
      html += "\(esc(t(.navVerify)))</a></li></ul></nav>"
    }
    html += "</div>"
    html += "<nav class=\"langs\" aria-label=\"\(esc(t(.languageSwitch)))\"><ul>"
    for other in WebLanguage.allCases {
      let currentAttribute = other == language ? " aria-current=\"true\"" : ""
      html += "<li><a href=\"\(esc(path))?lang=\(other.tag)\" lang=\"\(other.tag)\" "
      html += "hreflang=\"\(other.tag)\"\(currentAttribute)>\(esc(other.nativeName))</a></li>"
    }
    html += "</ul></nav></header>\n"
    html += "<main id=\"main\" tabindex=\"-1\">\n\(main)\n</main>\n"
    html += "<footer class=\"foot\"><p>\(esc(t(.footer)))</p></footer>\n</body>\n</html>\n"
    return html
  }

  /// The hidden CSRF field every form carries.
  var csrfField: String { "<input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\">" }

  /// The style sheet of the site. System fonts; colours meet WCAG AA contrast (the lightest
  /// text, #4b5563 on white, 7.5:1); logical properties, so that right-to-left pages mirror.
  static let style = """
    *,*::before,*::after{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;background:#f3f4f6;color:#1a1d21;\
    font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",\
    "PingFang SC","Microsoft YaHei","Noto Sans Arabic","Noto Naskh Arabic",sans-serif}
    a{color:#0b4f8a;text-underline-offset:.15em}
    a:hover{color:#083a66}
    :focus-visible{outline:3px solid #0b4f8a;outline-offset:2px;border-radius:2px}
    .skip{position:absolute;inset-inline-start:.5rem;top:-3rem;padding:.5rem 1rem;background:#fff;\
    z-index:10;border:2px solid #0b4f8a;border-radius:.25rem}
    .skip:focus{top:.5rem}
    .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    .top{background:#0f2a44;color:#fff}
    .bar{max-width:72rem;margin:0 auto;padding:.75rem 1.25rem;display:flex;flex-wrap:wrap;\
    align-items:center;gap:.5rem 1.5rem}
    .brand{color:#fff;font-weight:700;font-size:1.25rem;text-decoration:none;display:flex;\
    align-items:center;gap:.4rem}
    .brand:hover{color:#fff}
    .mark{color:#f2b33d}
    .top :focus-visible{outline-color:#f2b33d}
    .nav ul,.langs ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
    .nav a{display:block;padding:.375rem .75rem;color:#e5ecf3;text-decoration:none;border-radius:.375rem}
    .nav a:hover{background:#1d3d5e;color:#fff}
    .nav a[aria-current]{background:#fff;color:#0f2a44;font-weight:600}
    .who{margin-inline-start:auto;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;\
    font-size:.875rem}
    .who-id{color:#c7d3df;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8125rem}
    .who form{margin:0}
    .linkish{font:inherit;color:#fff;background:none;border:1px solid #7d93a9;border-radius:.375rem;\
    padding:.25rem .75rem;cursor:pointer}
    .linkish:hover{background:#1d3d5e}
    .langs{background:#0b2138;font-size:.8125rem}
    .langs ul{max-width:72rem;margin:0 auto;padding:.25rem 1.25rem;gap:.125rem .75rem}
    .langs a{color:#c7d3df;text-decoration:none;padding:.125rem .25rem}
    .langs a:hover{color:#fff;text-decoration:underline}
    .langs a[aria-current]{color:#fff;font-weight:600;text-decoration:underline}
    main{display:block;max-width:72rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
    main:focus{outline:none}
    h1{font-size:1.75rem;line-height:1.25;margin:0 0 .5rem}
    h2{font-size:1.25rem;margin:0 0 .75rem}
    .lead{color:#374151;margin:0 0 1.5rem;max-width:48rem}
    .card{background:#fff;border:1px solid #d0d5db;border-radius:.5rem;padding:1.25rem;margin-bottom:1.5rem}
    .card>h2:first-child{margin-top:0}
    .tablewrap{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:.9375rem}
    th,td{padding:.5rem .625rem;text-align:start;border-bottom:1px solid #e3e6ea;vertical-align:top}
    thead th{font-size:.8125rem;color:#4b5563;font-weight:600;border-bottom:1px solid #9aa3ad}
    .num{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}
    .c-date{white-space:nowrap;font-variant-numeric:tabular-nums}
    .mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8125rem}
    .muted{color:#4b5563}
    .small{font-size:.8125rem}
    .cp{display:block}
    .cp-id{display:block;color:#4b5563;font-size:.8125rem}
    .badge{display:inline-block;padding:.0625rem .5rem;border-radius:1rem;font-size:.8125rem;\
    font-weight:600;white-space:nowrap}
    .b-accepted{background:#e6f4ea;color:#17562b}
    .b-delivered{background:#e3eefa;color:#0b4f8a}
    .b-refused{background:#fdecea;color:#8a1c12}
    .pager{display:flex;gap:1rem;margin-top:.75rem;font-size:.9375rem}
    .empty{color:#4b5563;margin:.5rem 0}
    .btn{display:inline-block;font:inherit;font-weight:600;padding:.625rem 1.25rem;border-radius:.375rem;\
    border:2px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer;text-decoration:none}
    .btn:hover{background:#083a66;border-color:#083a66;color:#fff}
    .btn2{background:#fff;color:#0b4f8a}
    .btn2:hover{background:#eef4fb;color:#083a66}
    .actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1rem}
    fieldset{border:1px solid #d0d5db;border-radius:.5rem;background:#fff;margin:0 0 1.25rem;\
    padding:1rem 1.25rem 1.25rem}
    legend{font-weight:700;font-size:1.125rem;padding:0 .375rem}
    .fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,14rem),1fr));gap:1rem 1.25rem}
    .wide{grid-column:1/-1}
    .field label{display:block;font-weight:600;margin-bottom:.25rem}
    .opt{font-weight:400;color:#4b5563;font-size:.875rem}
    .hint{margin:0 0 .25rem;color:#4b5563;font-size:.8125rem}
    input[type=text],input[type=date],input[type=password],input:not([type]),select,textarea{\
    width:100%;font:inherit;padding:.5rem .625rem;border:1px solid #6b7280;border-radius:.375rem;\
    background:#fff;color:#1a1d21;min-height:2.75rem}
    input[type=file]{font:inherit;max-width:100%}
    textarea{min-height:6rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8125rem}
    input[readonly]{background:#f3f4f6;border-style:dashed}
    .has-error input,.has-error select{border:2px solid #b3261e}
    .error{margin:0 0 .375rem;color:#b3261e;font-size:.875rem;font-weight:600}
    .error::before{content:"⚠ ";}
    .error details{font-weight:400;color:#374151;margin-top:.125rem}
    .error summary{cursor:pointer;color:#4b5563;font-size:.8125rem}
    .line{border:1px solid #e3e6ea;border-radius:.375rem;padding:.75rem 1rem 1rem;margin-top:.75rem}
    .line .field{display:flex;flex-direction:column}
    .line .field>input,.line .field>select{margin-top:auto}
    .line h3{font-size:.9375rem;margin:0 0 .5rem;color:#374151}
    .line .fields{grid-template-columns:repeat(auto-fill,minmax(min(100%,9rem),1fr))}
    .line .item{grid-column:span 2}
    @media (min-width:62rem){.line .fields{grid-template-columns:minmax(0,2.6fr) \
    minmax(0,.9fr) minmax(0,1.1fr) minmax(0,1.1fr) minmax(0,1.5fr) minmax(0,.8fr)}\
    .line .item{grid-column:auto}}
    @media (max-width:40rem){.line .item{grid-column:1/-1}}
    .summary{border:2px solid #b3261e;border-radius:.5rem;background:#fff;padding:1rem 1.25rem;\
    margin-bottom:1.5rem}
    .summary h2{color:#8a1c12;font-size:1.125rem}
    .summary ul{margin:0;padding-inline-start:1.25rem}
    .notice{border-inline-start:4px solid #17562b;background:#e6f4ea;color:#17562b;padding:.75rem 1rem;\
    border-radius:.25rem;margin-bottom:1.25rem;font-weight:600}
    .alert{border-inline-start:4px solid #b3261e;background:#fdecea;color:#8a1c12;padding:.75rem 1rem;\
    border-radius:.25rem;margin-bottom:1.25rem}
    .kv{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.375rem 1.25rem;margin:0}
    .kv dt{color:#4b5563}
    .kv dd{margin:0;overflow-wrap:anywhere}
    pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f7f9;border:1px solid #e3e6ea;\
    border-radius:.375rem;padding:.75rem;font-size:.8125rem;margin:.25rem 0 0;direction:ltr;text-align:left}
    .checks{list-style:none;margin:0;padding:0}
    .checks li{display:flex;gap:.75rem;padding:.625rem 0;border-bottom:1px solid #e3e6ea}
    .ok{color:#17562b;font-weight:700}
    .ko{color:#8a1c12;font-weight:700}
    .verdict{font-size:1.125rem;font-weight:700;padding:.75rem 1rem;border-radius:.375rem;margin:0 0 1rem}
    .v-ok{background:#e6f4ea;color:#17562b}
    .v-ko{background:#fdecea;color:#8a1c12}
    .findings{list-style:none;margin:0;padding:0}
    .findings li{padding:.75rem 0;border-bottom:1px solid #e3e6ea}
    .sev{font-weight:700;margin-inline-end:.5rem}
    .sev-fatal{color:#8a1c12}
    .sev-warning{color:#7a4b00}
    .page-head{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;justify-content:space-between;\
    align-items:flex-start;margin-bottom:1.25rem}
    .c-number{white-space:nowrap;font-weight:600}
    .docs td{vertical-align:middle}
    .doc-head{max-width:64rem;margin-inline:auto;margin-bottom:1.5rem;display:flex;flex-wrap:wrap;gap:1rem 2rem;justify-content:space-between;align-items:flex-start}
    .downloads{display:flex;flex-wrap:wrap;gap:.5rem}
    .downloads a{padding:.375rem .75rem;border:1px solid #9aa3ad;border-radius:.375rem;text-decoration:none;\
    background:#fff;font-size:.9375rem}
    .downloads a:hover{border-color:#0b4f8a;background:#eef4fb}
    .foot{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 2rem;color:#4b5563;font-size:.8125rem}
    .narrow{max-width:32rem}
    @media (max-width:40rem){body{background:#fff}.card,fieldset{border-radius:0;border-inline:0;\
    padding-inline:.75rem}main{padding:1rem .75rem 2rem}.who{margin-inline-start:0}\
    .bar{padding:.625rem .75rem}.langs ul{padding-inline:.75rem}h1{font-size:1.375rem}\
    th,td{padding:.5rem .375rem}.card{margin-bottom:.75rem}.nav a{padding:.25rem .5rem}.brand{font-size:1.125rem}\
    .docs thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\
    .docs,.docs tbody{display:block}\
    .docs tr{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:.125rem 1rem;\
    padding:.75rem 0;border-bottom:1px solid #e3e6ea}\
    .docs td{display:block;padding:0;border:0}\
    .docs .c-number{grid-area:1/1}.docs .c-amount{grid-area:1/2;font-weight:600}\
    .docs .c-party{grid-area:2/1/3/3}.docs .c-date{grid-area:3/1}\
    .docs .c-status{grid-area:3/2;text-align:end}}

    """
}
