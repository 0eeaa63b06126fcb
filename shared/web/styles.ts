/**
 * The look of every page: Bitrix24's system font stack, light cards, blue accents, compact spacing for a
 * 320-400 px panel, a visible focus ring, and text that wraps instead of scrolling sideways.
 */
export const styles = `
:root{--bg:#eef2f4;--card:#fff;--text:#333;--muted:#6a737f;--line:#e6e9ec;--accent:#2066b0;--accent-2:#2fc6f6;--ok:#3d8f00;--bad:#c62828;--radius:12px}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--text);background:var(--bg);overflow-wrap:anywhere;word-break:break-word}
main{padding:12px;max-width:720px;margin:0 auto}
.card{background:var(--card);border-radius:var(--radius);padding:14px 16px;margin:0 0 10px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h1{font-size:17px;line-height:1.3;margin:0 0 4px;font-weight:600}
h2{font-size:15px;margin:0 0 8px;font-weight:600}
p{margin:0 0 8px}
p:last-child{margin-bottom:0}
.muted{color:var(--muted);font-size:13px}
.meta{display:flex;flex-wrap:wrap;gap:4px 12px;color:var(--muted);font-size:13px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#e5f5fd;color:var(--accent);font-size:12px;font-weight:600}
.empty{text-align:center;padding:24px 12px}
.empty .icon{font-size:28px;line-height:1;margin-bottom:8px;color:var(--accent-2)}
.btn{display:inline-block;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:0;border-radius:18px;padding:7px 16px;cursor:pointer;text-decoration:none}
.btn:hover{background:#1a5697}
.btn.secondary{background:#fff;color:var(--accent);box-shadow:inset 0 0 0 1px #c2d6ec}
:focus-visible{outline:3px solid #7dc5ff;outline-offset:2px}
.status-ok{color:var(--ok);font-weight:600}
.status-bad{color:var(--bad);font-weight:600}
.error h1{color:var(--bad)}
ol,ul{margin:0 0 8px;padding-left:20px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0 0 10px}
dt{color:var(--muted)}
dd{margin:0}
.notice{border-left:4px solid var(--ok)}
`;

/** The knowledge base inside the sidebar: list, article, editor. */
export const knowledgeBaseStyles = `
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.row.spread{justify-content:space-between}
.search{display:flex;gap:6px;margin:0 0 10px}
.search input{flex:1;min-width:0}
input[type=text],input[type=search],textarea{width:100%;font:inherit;color:inherit;background:#fff;border:1px solid #c9d0d6;border-radius:8px;padding:7px 10px}
textarea{min-height:180px;resize:vertical;line-height:1.45}
label{display:block;font-weight:600;margin:0 0 4px}
.field{margin:0 0 12px}
.field .hint{font-weight:400}
.field.invalid input,.field.invalid textarea{border-color:var(--bad);background:#fff8f8}
.field-error{color:var(--bad);font-size:13px;margin:4px 0 0}
.articles{list-style:none;margin:0;padding:0}
.articles li{border-top:1px solid var(--line);padding:10px 0}
.articles li:first-child{border-top:0;padding-top:2px}
.article-link{display:block;width:100%;text-align:left;background:none;border:0;padding:0;font:inherit;font-weight:600;color:var(--accent);cursor:pointer}
.article-link:hover{text-decoration:underline}
.excerpt{margin:2px 0;color:#525c69;font-size:13px}
.text{white-space:pre-wrap;unicode-bidi:plaintext}
.user-text{unicode-bidi:plaintext}
.article-body{margin:10px 0}
.article-body a{color:var(--accent)}
.notice-ok{border-left:4px solid var(--ok)}
.notice-bad{border-left:4px solid var(--bad)}
.btn.small{padding:5px 12px;font-size:13px}
.btn.danger{background:var(--bad)}
.btn.link{background:none;color:var(--accent);padding:5px 4px}
.more{margin:8px 0 0;text-align:center}
.version{border:1px dashed #c9d0d6;border-radius:8px;padding:8px 10px;margin:6px 0 12px;max-height:240px;overflow:auto}
`;
