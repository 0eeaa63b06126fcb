import { PORTAL_SCRIPT } from './portalScript';

// The portal's web face: one self-contained page (no external resources, so it works offline and in
// headless browsers). Stable ids and data-* attributes are the contract with browser tests.

const STYLE = String.raw`
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;color:#333;background:#eef2f4}
header.top{display:flex;align-items:center;gap:20px;padding:0 24px;height:56px;background:#fff;border-bottom:1px solid #dfe5e8}
.logo{font-weight:700;font-size:18px;color:#2067b0;white-space:nowrap}
.logo b{color:#2fc6f6}
header nav{display:flex;gap:16px;flex:1}
header nav a{color:#2067b0;text-decoration:none;font-weight:600}
header nav a:hover{color:#2fc6f6}
header label{color:#828b95;font-size:13px}
select,input[type=text]{font:inherit;padding:6px 8px;border:1px solid #c6cdd3;border-radius:6px;background:#fff}
button{font:inherit;cursor:pointer;border:0;border-radius:6px;padding:8px 16px;background:#2fc6f6;color:#fff;font-weight:600}
button:hover{background:#2067b0}
button.plain{background:#eef2f4;color:#2067b0}
button.plain:hover{background:#dfe5e8}
button.danger{background:#ff5752}
main{padding:20px 24px;display:flex;flex-direction:column;gap:20px}
.card{background:#fff;border-radius:12px;padding:16px 20px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card h2,.card h3{margin:0 0 12px;font-size:16px}
.app-row{display:flex;align-items:center;gap:14px}
.app-icon{width:44px;height:44px;border-radius:10px;background:linear-gradient(135deg,#2fc6f6,#2067b0)}
.app-name{flex:1}
.app-name small{display:block;color:#828b95}
.status{margin-top:8px;color:#2067b0;font-weight:600}
.status.error{color:#ff5752}
iframe{border:1px solid #dfe5e8;border-radius:8px;background:#fff;display:block}
#install-frame{width:100%;height:420px;margin-top:12px}
#messenger{display:grid;grid-template-columns:240px 1fr 352px;gap:0;min-height:560px;padding:0;overflow:hidden}
#chat-list{border-right:1px solid #eef2f4;padding:8px;overflow:auto}
.chat-item{display:block;width:100%;text-align:left;background:transparent;color:#333;font-weight:400;padding:10px 12px;border-radius:8px}
.chat-item:hover{background:#eef2f4}
.chat-item.active{background:#e5f7fe;color:#2067b0;font-weight:600}
.chat-item small{display:block;color:#828b95;font-weight:400}
#chat-main{display:flex;flex-direction:column;background:#f5f8f9}
#chat-title{margin:0;padding:14px 18px;font-size:16px;background:#fff;border-bottom:1px solid #eef2f4;overflow-wrap:anywhere}
#messages{flex:1;list-style:none;margin:0;padding:16px;overflow:auto;display:flex;flex-direction:column;gap:8px}
#messages li{background:#fff;border-radius:10px;padding:8px 12px;max-width:80%;box-shadow:0 1px 1px rgba(0,0,0,.05);overflow-wrap:anywhere}
#messages li .author{display:block;color:#2067b0;font-size:12px;font-weight:600}
#messages .text{white-space:pre-wrap}
#messages a{color:#2067b0}
#messages code{display:block;white-space:pre-wrap;background:#f5f7f8;border-radius:6px;padding:6px 8px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
#messages .mention{color:#2067b0;font-weight:600}
#messages .command{display:inline-block;border:1px solid #c6cdd3;border-radius:12px;padding:0 8px;font-size:12px;color:#525c69}
#messages .empty{background:transparent;box-shadow:none;color:#828b95}
#messages li{position:relative;padding-right:36px}
#messages li.focused{box-shadow:0 0 0 2px #2fc6f6}
#messages .attach{margin-top:6px;padding:6px 10px;border-left:3px solid #2fc6f6;border-radius:4px;background:#f5fbfe}
#messages .attach-text{white-space:pre-wrap}
#messages .attach hr{border:0;border-top:1px solid #c6cdd3;margin:6px 0}
#messages .attach-grid{display:flex;flex-wrap:wrap;gap:2px 8px;margin:0;font-size:12px}
#messages .attach-grid dt{color:#828b95}
#messages .attach-grid dd{margin:0 8px 0 0}
.message-text .quote-line{display:inline-block;border-left:3px solid #2fc6f6;padding-left:8px;color:#525c69}
.message-menu{position:absolute;top:4px;right:4px}
.message-menu-button{padding:0 8px;line-height:22px;font-size:16px}
.message-menu-list{position:absolute;right:0;top:26px;z-index:5;background:#fff;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.18);padding:4px;min-width:220px}
.message-menu-list button{display:block;width:100%;text-align:left;background:#fff;color:#333;font-weight:400}
.message-menu-list button:hover{background:#e5f7fe}
#message-form{display:flex;gap:8px;padding:12px;background:#fff;border-top:1px solid #eef2f4}
#message-input{flex:1}
#chat-sidebar{border-left:1px solid #e6ecef;padding:12px 16px;overflow:auto;background:#f4f9fc}
#chat-sidebar h3{margin:0 0 10px;font-size:16px}
#chat-sidebar h4{margin:16px 0 8px;font-size:14px;font-weight:600;color:#333}
#chat-info{background:#fff;border-radius:12px;padding:12px 14px}
#chat-info{color:#525c69;overflow-wrap:anywhere}
.placement-item{display:flex;align-items:center;gap:10px;width:100%;text-align:left;background:#fff;color:#333;border:1px solid #dfe5e8;margin-bottom:6px}
.placement-item:hover{background:#e5f7fe;color:#2067b0}
.placement-item .icon{width:24px;height:24px;border-radius:6px;background:#2fc6f6;flex:none}
#app-panel{margin-top:12px}
#app-panel-head{display:flex;align-items:center;justify-content:space-between;margin-bottom:6px;font-weight:600}
/* The messenger's sidebar frame is 320 px wide; the app's page is transparent, so the panel shows through. */
#app-frame{width:320px;height:480px;border:0;border-radius:0;background:transparent}
.toolbar{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
#app-page{position:fixed;inset:0 0 0 10%;background:#fff;box-shadow:-8px 0 24px rgba(0,0,0,.2);padding:16px;display:flex;flex-direction:column;gap:10px;z-index:10}
#app-page[hidden],[hidden]{display:none!important}
#app-page-head{display:flex;align-items:center;justify-content:space-between;font-weight:600}
#app-page-frame{width:100%;height:600px;flex:1}
#bx24-log{margin:0;padding-left:18px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:#525c69;max-height:180px;overflow:auto}
`;

export function portalPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bitrix24 simulator</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top">
  <div class="logo">Bitrix<b>24</b> simulator</div>
  <nav><a href="#" id="open-app" hidden>Application</a></nav>
  <label>User <select id="user-select" data-testid="user-select"></select></label>
  <label>Language <select id="lang-select" data-testid="lang-select">
    <option value="en">English</option><option value="ru">Русский</option><option value="de">Deutsch</option>
  </select></label>
</header>
<main>
  <section class="card" id="install-card" hidden>
    <h2>Applications</h2>
    <div class="app-row">
      <div class="app-icon"></div>
      <div class="app-name">Local application<small id="app-client-id"></small></div>
      <button id="install" data-testid="install">Install</button>
      <button class="plain" id="install-close" type="button" hidden>Close</button>
    </div>
    <div id="install-status" class="status" role="status"></div>
    <div id="install-frame-slot"></div>
  </section>
  <section class="card" id="messenger" hidden>
    <nav id="chat-list" aria-label="Chats"></nav>
    <section id="chat-main">
      <h2 id="chat-title"></h2>
      <ul id="messages"></ul>
      <form id="message-form"><input type="text" id="message-input" placeholder="Type a message" autocomplete="off"><button id="send-message" type="submit">Send</button></form>
    </section>
    <aside id="chat-sidebar">
      <h3>About chat</h3>
      <div id="chat-info"></div>
      <h4>Applications</h4>
      <div id="sidebar-apps"></div>
      <div id="app-panel" hidden>
        <div id="app-panel-head"><span id="app-panel-title"></span><button class="plain" id="app-close" type="button">Close</button></div>
        <div id="app-frame-slot"></div>
      </div>
    </aside>
  </section>
  <section class="card toolbar" id="app-admin" hidden>
    <strong>Application settings</strong>
    <label><input type="checkbox" id="uninstall-clean"> delete data</label>
    <button class="danger" id="uninstall" data-testid="uninstall">Uninstall</button>
    <span id="uninstall-status" class="status" role="status"></span>
  </section>
  <section class="card">
    <h3>BX24 messages</h3>
    <ul id="bx24-log"></ul>
  </section>
</main>
<div id="app-page" hidden>
  <div id="app-page-head"><span id="app-page-title">Application</span><button class="plain" id="app-page-close" type="button">Close</button></div>
  <div id="app-page-slot"></div>
</div>
<script>${PORTAL_SCRIPT}</script>
</body>
</html>
`;
}
