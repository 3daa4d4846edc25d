extension InvoicePage {
  /// The style sheet of the page, every rule scoped to the `cvi` article, so that a page that
  /// embeds ``renderFragment(_:)`` can include it as it is.
  ///
  /// System fonts only; text colours meet WCAG AA contrast on their backgrounds (the lightest,
  /// `#4b5563` on white, is 7.5:1); tables scroll sideways in their wrapper on a narrow screen;
  /// numbers are right-aligned in tabular figures; print drops the frame and the scrolling.
  public static let styleSheet = """
    .cvi{box-sizing:border-box;max-width:64rem;margin:1.5rem auto;padding:2rem;\
    background:#fff;color:#1a1d21;border:1px solid #d0d5db;border-radius:.5rem;\
    font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",\
    "PingFang SC","Microsoft YaHei","Noto Sans Arabic",sans-serif}
    .cvi *,.cvi *::before,.cvi *::after{box-sizing:inherit}
    .cvi h1{font-size:1.75rem;line-height:1.2;margin:0 0 1rem}
    .cvi h2{font-size:1.125rem;margin:0 0 .75rem;padding-bottom:.375rem;\
    border-bottom:2px solid #1a1d21}
    .cvi h3{font-size:.8125rem;letter-spacing:.04em;text-transform:uppercase;color:#4b5563;\
    margin:0 0 .25rem}
    .cvi section{margin-top:2rem}
    .cvi p{margin:0}
    .cvi-head{display:flex;flex-wrap:wrap;gap:1.5rem;justify-content:space-between;\
    align-items:flex-start;padding-bottom:1.5rem;border-bottom:1px solid #d0d5db}
    .cvi-ident{flex:1 1 26rem;min-width:0}
    .cvi-from{font-size:1.125rem;font-weight:600;margin-bottom:.25rem}
    .cvi-facts,.cvi-kv,.cvi-details{display:grid;grid-template-columns:max-content minmax(0,1fr);\
    gap:.25rem 1rem;margin:0}
    .cvi dt{color:#4b5563}
    .cvi dd{margin:0;overflow-wrap:break-word}
    .cvi-party .cvi-kv{display:block}
    .cvi-party dt{margin-top:.375rem;font-size:.8125rem}
    .cvi-due{flex:0 1 17rem;padding:1rem 1.25rem;text-align:end;background:#eef4fb;\
    border:1px solid #b6cde6;border-radius:.375rem;color:#0b3d6b}
    .cvi-due-label{font-weight:600}
    .cvi-due-amount{font-size:1.75rem;font-weight:700;line-height:1.3}
    .cvi-due .cvi-cur{color:#0b3d6b}
    .cvi-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1.5rem 2rem}
    .cvi-party{min-width:0}
    .cvi-name{font-weight:600}
    .cvi-addr{margin:.25rem 0 .5rem}
    .cvi-muted,.cvi-cur{color:#4b5563;font-weight:400}
    .cvi-code{display:inline-block;padding:0 .3em;border-radius:.25rem;background:#eef1f4;\
    color:#374151;font:.8125em/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
    .cvi-acct{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
    overflow-wrap:anywhere}
    .cvi-table{overflow-x:auto}
    .cvi-table:focus-visible{outline:2px solid #0b4f8a;outline-offset:2px}
    .cvi table{border-collapse:collapse;width:100%;font-size:.9375rem}
    .cvi th,.cvi td{padding:.5rem .625rem;text-align:start;vertical-align:top;\
    border-bottom:1px solid #dde1e6}
    .cvi thead th{background:#f1f3f5;border-bottom-color:#9aa3ad}
    .cvi thead .cvi-num{white-space:normal}
    .cvi .cvi-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .cvi-amt,.cvi .cvi-num{font-variant-numeric:tabular-nums;unicode-bidi:isolate;direction:ltr}
    .cvi-amt{white-space:nowrap}
    .cvi-id{white-space:nowrap}
    .cvi-item{min-width:16rem}
    .cvi-item-name{display:block;font-weight:600}
    .cvi-desc{display:block;white-space:pre-line}
    .cvi-sub{display:block;color:#4b5563;font-size:.8125rem;white-space:normal}
    .cvi-details{display:block;margin-top:.25rem;font-size:.8125rem}
    .cvi-details dt{display:inline;margin-inline-end:.5em}
    .cvi-details dd{display:inline}
    .cvi-details dd::after{content:"";display:block}
    .cvi-num .cvi-sub{white-space:nowrap}
    .cvi-adj{list-style:none;margin:0;padding:0;font-size:.875rem}
    .cvi-nowrap{white-space:nowrap}
    .cvi abbr[title]{text-decoration:underline dotted;text-underline-offset:.15em}
    .cvi-totals table{width:auto;min-width:min(100%,24rem);margin-inline-start:auto}
    .cvi-totals th{font-weight:400}
    .cvi-grand th,.cvi-grand td{font-weight:700;border-top:2px solid #1a1d21;border-bottom:0}
    .cvi-notes{margin:0;padding-inline-start:1.25rem}
    .cvi-notes li{white-space:pre-line;margin-bottom:.375rem}
    .cvi-break{overflow-wrap:anywhere;min-width:10rem}
    .cvi-foot{margin-top:2rem;padding-top:1rem;border-top:1px solid #d0d5db;font-size:.8125rem}
    @media (max-width:40rem){.cvi{margin:0;padding:1rem;border:0;border-radius:0}\
    .cvi h1{font-size:1.375rem}.cvi-due{flex-basis:100%;text-align:start}}
    @media print{.cvi{max-width:none;margin:0;padding:0;border:0;font-size:10pt}\
    .cvi-table{overflow:visible}.cvi tr,.cvi-party{break-inside:avoid}.cvi h2{break-after:avoid}\
    .cvi-due{background:none;border-color:#1a1d21;color:#1a1d21}}

    """

  /// The rules of a whole page outside the article.
  static let pageStyle = """
    body{margin:0;background:#f3f4f6}
    @media (max-width:40rem){body{background:#fff}}
    @media print{body{background:#fff}}

    """
}
