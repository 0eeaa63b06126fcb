/**
 * The look of every page, after Bitrix24's own chat sidebar ("About chat"): white rounded cards on the
 * panel's own background (the page itself is transparent), grey section titles, light "+ Add" pill buttons,
 * the system font stack, compact spacing for a 320 px panel, a visible focus ring, and text that wraps
 * instead of scrolling sideways (dates and buttons never wrap inside). Text colours keep WCAG AA's 4.5:1 against
 * what they are written on (Bitrix24's own greys are lighter; these are the nearest that read well).
 */
export const styles = `
:root{--card:#fff;--text:#333;--muted:#6a737f;--section:#6d7580;--line:#edeef0;--link:#2067b0;--pill:#e9f8fe;--pill-hover:#d5f1fd;--pill-text:#0d72a8;--primary:#1277b3;--primary-hover:#0f6ea6;--ok:#3f7d0c;--ok-bg:#f1fae6;--bad:#c62828;--bad-bg:#fff1f0;--radius:12px}
*{box-sizing:border-box}
html,body{margin:0;padding:0;background:transparent}
body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--text);overflow-wrap:anywhere;word-break:break-word}
main{padding:8px;max-width:720px;margin:0 auto}
.card{background:var(--card);border-radius:var(--radius);padding:12px 14px;margin:0 0 8px}
h1{font-size:16px;line-height:1.3;margin:0 0 6px;font-weight:600}
h2{font-size:15px;line-height:1.3;margin:0 0 8px;font-weight:600}
h2.section{color:var(--section);font-weight:600;margin:0}
p{margin:0 0 8px}
p:last-child{margin-bottom:0}
.muted{color:var(--muted);font-size:13px}
.meta{display:flex;flex-wrap:wrap;gap:2px 10px;color:var(--muted);font-size:12px}
time,.nowrap{white-space:nowrap}
.head{display:flex;align-items:center;justify-content:space-between;gap:8px;margin:0 0 10px}
.actions{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:10px 0 0}
.actions form{margin:0}
.empty{text-align:center;padding:12px 4px 4px;color:var(--muted)}
.empty .icon{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;border-radius:50%;background:#f1f3f5;color:#a8adb4;margin:0 0 8px}
.empty p{margin:0 0 10px}
.btn{display:inline-flex;align-items:center;gap:4px;font:inherit;font-size:13px;font-weight:500;line-height:18px;color:var(--pill-text);background:var(--pill);border:0;border-radius:14px;padding:4px 12px;cursor:pointer;text-decoration:none;white-space:nowrap}
.btn:hover{background:var(--pill-hover)}
.btn.primary{color:#fff;background:var(--primary);padding:6px 16px;border-radius:16px}
.btn.primary:hover{background:var(--primary-hover)}
.btn.danger{color:var(--bad);background:var(--bad-bg)}
.btn.danger.strong{color:#fff;background:var(--bad)}
.btn.link{background:none;color:var(--link);padding:4px 2px;border-radius:4px}
.btn.link:hover{text-decoration:underline}
/* A link-like button may carry a title ("← <article>"): it wraps like a link rather than leave the panel. */
.btn.link{white-space:normal;text-align:start}
.foot-note{margin:12px 0 0}
/* The secondary actions' "⋯" menu: <details>, so it opens without JavaScript too. */
.menu{position:relative;display:inline-block}
.menu>summary{list-style:none;cursor:pointer;padding:4px 10px;letter-spacing:1px}
.menu>summary::-webkit-details-marker{display:none}
.menu-items{position:absolute;right:0;top:calc(100% + 4px);z-index:2;display:flex;flex-direction:column;align-items:stretch;gap:2px;min-width:160px;padding:6px;background:var(--card);border-radius:10px;box-shadow:0 4px 16px rgba(0,0,0,.16)}
.menu-items form{margin:0}
.menu-items .btn{width:100%;justify-content:flex-start}
.menu-items .btn.link{padding:6px 8px}
.btn.link.danger{color:var(--bad)}
.article-actions{margin-bottom:12px}
.btn[aria-disabled="true"]{color:var(--muted);background:#f1f3f5;cursor:default}
.plus{font-weight:400;font-size:15px;line-height:1}
:focus-visible{outline:3px solid #7dc5ff;outline-offset:2px}
.status-ok{color:var(--ok);font-weight:600}
.status-bad{color:var(--bad);font-weight:600}
.error h1{color:var(--bad)}
ol,ul{margin:0 0 8px;padding-left:20px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0 0 10px}
dt{color:var(--muted)}
dd{margin:0}
.notice{border-left:4px solid var(--ok)}
.notice-ok{background:var(--ok-bg);color:#2f5b08}
.notice-bad{background:var(--bad-bg);color:#8e1c1c}
div.notice-ok form,div.notice-bad form{display:inline}
.working{color:var(--muted)}
`;

/** The knowledge base inside the sidebar: list, article, editor. */
export const knowledgeBaseStyles = `
.search{position:relative;margin:0 0 8px}
.search input{padding-right:36px}
.search .go{position:absolute;right:2px;top:2px;bottom:2px;width:32px;display:flex;align-items:center;justify-content:center;background:none;border:0;border-radius:6px;color:var(--muted);cursor:pointer;padding:0}
.search .go:hover{color:var(--link)}
input[type=text],input[type=search],textarea{width:100%;font:inherit;color:inherit;background:#fff;border:1px solid #dfe3e6;border-radius:8px;padding:6px 10px}
input[type=text]:focus,input[type=search]:focus,textarea:focus{border-color:#7dc5ff;outline:0}
textarea{min-height:180px;resize:vertical;line-height:1.45}
label{display:block;font-size:13px;font-weight:600;color:#525c69;margin:0 0 4px}
.field{margin:0 0 12px}
.hint{font-size:12px;font-weight:400;color:var(--muted);margin:4px 0 0}
.counter{font-size:12px;color:var(--muted);margin:4px 0 0;text-align:right}
.counter.low{color:var(--bad)}
.field.invalid input,.field.invalid textarea{border-color:var(--bad);background:#fff8f8}
.field-error{color:var(--bad);font-size:13px;margin:4px 0 0}
.count{font-size:12px;color:var(--muted);margin:0 0 4px}
.limit{font-size:12px;color:#8a5a00;background:#fff7e0;border-radius:8px;padding:6px 8px;margin:0 0 8px}
.articles{list-style:none;margin:0;padding:0}
.articles li{border-top:1px solid var(--line);padding:8px 0}
.articles li:first-child{border-top:0}
.article-link{display:block;width:100%;text-align:left;background:none;border:0;padding:0;font:inherit;font-weight:600;color:var(--link);cursor:pointer}
.article-link:hover{text-decoration:underline}
.excerpt{margin:2px 0;color:#525c69;font-size:13px}
.text{white-space:pre-wrap;unicode-bidi:plaintext}
.user-text{unicode-bidi:plaintext}
.article-title{font-size:16px;margin:6px 0 4px}
.article-body{margin:10px 0 0}
.article-body a{color:var(--link)}
.more{margin:8px 0 0;text-align:center}
.version{border:1px dashed #c9d0d6;border-radius:8px;padding:8px 10px;margin:6px 0 12px;max-height:240px;overflow:auto}
label.check{display:flex;align-items:center;gap:6px;font-weight:500;margin:8px 0 0}
.format-help{margin:6px 0 0;font-size:13px}
.format-help summary{cursor:pointer;color:var(--link)}
.format-help dl{margin:6px 0}
.format-help code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f4f6;border-radius:4px;padding:1px 4px;white-space:nowrap}
.source a{color:var(--link)}
.preview{border:1px dashed #c9d0d6}
.history,.trash{list-style:none;margin:0;padding:0}
.history li,.trash li{border-top:1px solid var(--line);padding:8px 0}
.history li:first-child,.trash li:first-child{border-top:0}
.history .actions,.trash .actions{margin:4px 0 0}
`;
