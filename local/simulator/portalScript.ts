// The portal page's script: renders state from /sim/state, opens the app in iframes by POSTing the forms
// /sim/form builds, and plays the parent side of the BX24 postMessage protocol. All names and texts from
// the server go through textContent: chat names are hostile on purpose.

export const PORTAL_SCRIPT = String.raw`
(function () {
  'use strict';
  var query = new URLSearchParams(location.search);
  var state = null;
  var stateText = '';
  // The messenger's own links to a message (/online/?IM_DIALOG=…&IM_MESSAGE=…) open that chat at that message,
  // for the user signed in (the last one picked in this tab: a portal knows its user by a cookie).
  var remembered = null;
  try { remembered = sessionStorage.getItem('sim-user'); } catch (e) { remembered = null; }
  var userId = Number(query.get('user')) || (query.get('IM_DIALOG') ? Number(remembered) : 0) || 1;
  var lang = query.get('lang') || '';
  var dialogId = query.get('IM_DIALOG') || query.get('dialog') || 'chat2';
  var focusMessage = query.get('IM_MESSAGE') || '';
  try { sessionStorage.setItem('sim-user', String(userId)); } catch (e) { /* private mode: links open as Anna */ }
  var installSession = false;
  var frames = [];
  var messagesText = '';

  function byId(id) { return document.getElementById(id); }

  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function call(method, path, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch(path, init).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
    });
  }

  function log(text) {
    byId('bx24-log').appendChild(make('li', {}, text));
  }

  function setStatus(id, text, isError) {
    var node = byId(id);
    node.textContent = text;
    node.classList.toggle('error', !!isError);
  }

  // ---- frames and the BX24 protocol ----

  function submitInto(frameName, payload) {
    var form = make('form', { method: 'POST', action: payload.url, target: frameName });
    form.style.display = 'none';
    payload.body.forEach(function (pair) { form.appendChild(make('input', { type: 'hidden', name: pair[0], value: pair[1] })); });
    document.body.appendChild(form);
    form.submit();
    form.remove();
  }

  // A new iframe each time: browsers do not reliably rename a frame that already has a browsing context.
  function openFrame(slotId, frameId, kind, payload) {
    var slot = byId(slotId);
    var old = byId(frameId);
    if (old) { forget(old); old.remove(); }
    var frame = document.createElement('iframe');
    frame.id = frameId;
    frame.name = payload.frameName;
    frame.setAttribute('data-testid', frameId);
    frame.setAttribute('data-app-sid', payload.appSid);
    slot.appendChild(frame);
    frames.push({ el: frame, kind: kind, sid: payload.appSid, init: payload.init, userId: payload.userId });
    submitInto(payload.frameName, payload);
    return frame;
  }

  function forget(frameEl) {
    frames = frames.filter(function (item) { return item.el !== frameEl; });
  }

  function requestForm(request) {
    request.userId = userId;
    request.lang = lang;
    return call('POST', '/sim/form', request);
  }

  // command:params:callbackId:appSid; params is JSON and may itself contain colons, the ids never do.
  function parseMessage(text) {
    var parts = text.split(':');
    var message = { command: parts[0], params: '', callback: '', sid: '' };
    if (parts.length >= 4) {
      message.sid = parts[parts.length - 1];
      message.callback = parts[parts.length - 2];
      message.params = parts.slice(1, parts.length - 2).join(':');
    } else {
      message.params = parts[1] || '';
      message.callback = parts[2] || '';
    }
    try { message.data = message.params ? JSON.parse(message.params) : null; } catch (e) { message.data = message.params; }
    return message;
  }

  function reply(source, callback, data) {
    if (callback) source.postMessage(callback + ':' + JSON.stringify(data === undefined ? {} : data), '*');
  }

  window.addEventListener('message', function (event) {
    var frame = frames.filter(function (item) { return item.el.contentWindow === event.source; })[0];
    if (!frame || typeof event.data !== 'string') return;
    var message = parseMessage(event.data);
    if (message.sid && message.sid !== frame.sid) return;
    handleCommand(frame, message, event.source);
  });

  function handleCommand(frame, message, source) {
    var data = message.data || {};
    switch (message.command) {
      case 'getInitData':
        log('getInitData');
        var init = Object.assign({}, frame.init, { INSTALL: !state.installed });
        reply(source, message.callback, init);
        return;
      case 'setInstallFinish':
        log('setInstallFinish');
        finishInstall(frame);
        reply(source, message.callback, {});
        return;
      case 'resizeWindow':
        log('resizeWindow ' + data.width + 'x' + data.height);
        resize(frame, data);
        reply(source, message.callback, {});
        return;
      case 'setScroll':
        // As the portal's app layout does: its own window to that vertical position, where it was sideways.
        log('setScroll ' + data.scroll);
        var scroll = parseInt(data.scroll, 10);
        if (scroll >= 0) window.scrollTo(window.pageXOffset, scroll);
        reply(source, message.callback, data);
        return;
      case 'setTitle':
        log('setTitle ' + (data.title || ''));
        if (frame.kind === 'app') byId('app-page-title').textContent = String(data.title || '');
        reply(source, message.callback, {});
        return;
      case 'openApplication':
        log('openApplication');
        openAppPage(data && typeof data === 'object' ? data : undefined);
        reply(source, message.callback, {});
        return;
      case 'closeApplication':
        log('closeApplication');
        closeAppPage();
        return;
      case 'refreshAuth':
        log('refreshAuth');
        call('POST', '/sim/auth', { userId: frame.userId }).then(function (answer) {
          Object.assign(frame.init, answer.data);
          reply(source, message.callback, answer.data);
        });
        return;
      default:
        log(message.command + (message.params ? ' ' + message.params : ''));
        reply(source, message.callback, {});
    }
  }

  function resize(frame, data) {
    var height = parseInt(data.height, 10);
    if (height > 0) frame.el.style.height = height + 'px';
    // The sidebar panel has a fixed width, as in the messenger; only wide frames follow the app.
    if (frame.kind === 'sidebar') return;
    if (typeof data.width === 'string' && /%$/.test(data.width)) frame.el.style.width = data.width;
    else if (parseInt(data.width, 10) > 0) frame.el.style.width = parseInt(data.width, 10) + 'px';
  }

  function finishInstall(frame) {
    if (state.installed) return;
    call('POST', '/sim/install-finish', { userId: frame.userId }).then(function (answer) {
      var status = answer.data.eventStatus;
      setStatus('install-status', 'Installed', false);
      byId('install-status').setAttribute('data-event-status', String(status));
      return loadState();
    });
  }

  // ---- install / uninstall / app page ----

  byId('install').addEventListener('click', function () {
    setStatus('install-status', 'Installing\u2026', false);
    requestForm({ kind: 'install' }).then(function (answer) {
      if (!answer.ok) { setStatus('install-status', answer.data.error || 'Cannot install', true); return; }
      installSession = true;
      openFrame('install-frame-slot', 'install-frame', 'install', answer.data);
    });
  });

  byId('uninstall').addEventListener('click', function () {
    var clean = byId('uninstall-clean').checked;
    setStatus('uninstall-status', 'Uninstalling\u2026', false);
    call('POST', '/sim/uninstall', { clean: clean }).then(function (answer) {
      closeSidebarApp();
      closeAppPage();
      installSession = false;
      var old = byId('install-frame');
      if (old) { forget(old); old.remove(); }
      setStatus('install-status', '', false);
      setStatus('uninstall-status', 'Uninstalled (event status ' + answer.data.eventStatus + ')', false);
      return loadState();
    });
  });

  byId('install-close').addEventListener('click', function () {
    installSession = false;
    var old = byId('install-frame');
    if (old) { forget(old); old.remove(); }
    render();
  });

  function openAppPage(placementOptions) {
    requestForm({ kind: 'app', placementOptions: placementOptions }).then(function (answer) {
      if (!answer.ok) { log('error: ' + (answer.data.error || answer.status)); return; }
      byId('app-page').hidden = false;
      byId('app-page-title').textContent = 'Application';
      openFrame('app-page-slot', 'app-page-frame', 'app', answer.data);
    });
  }

  function closeAppPage() {
    var old = byId('app-page-frame');
    if (old) { forget(old); old.remove(); }
    byId('app-page').hidden = true;
  }

  byId('open-app').addEventListener('click', function (event) { event.preventDefault(); openAppPage(); });
  byId('app-page-close').addEventListener('click', closeAppPage);

  // ---- messenger ----

  // Chat markup as the messenger renders it: [b] [i] [u] [s], [url] and [url=...] (http and https only),
  // [code] (its inside literal), [br], ">>" quote lines, [user=ID]...[/user] mentions, [color]/[size], and the
  // command tags ([send] [put] [call] [chat] [context]) as inert buttons; [icon] and [disk] show nothing. Only
  // well-formed pairs are markup; the rest stays text. Everything becomes DOM nodes with textContent: nothing
  // a message says is ever parsed as HTML. Pairing and rendering are linear in the message.
  var BB_PAIRED = { b: 'b', i: 'i', u: 'u', s: 's', url: 'a', color: 'span', size: 'span', user: 'span', send: 'span', put: 'span', call: 'span', chat: 'span', context: 'span' };
  var BB_DROPPED = { icon: true, disk: true };

  function safeHttp(value) {
    try { var url = new URL(value); return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null; } catch (e) { return null; }
  }

  function bbTokens(text) {
    var pattern = /\[(\/?)([a-zA-Z]+)(?:=([^\]\n]{0,500}))?\]/g;
    var tokens = [];
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) tokens.push({ text: text.slice(last, match.index) });
      tokens.push({ raw: match[0], close: match[1] === '/', name: match[2].toLowerCase(), value: match[3] });
      last = pattern.lastIndex;
    }
    if (last < text.length) tokens.push({ text: text.slice(last) });
    // Where the next [/code] is, from every place (one pass from the end).
    var nextCodeEnd = new Array(tokens.length + 1);
    nextCodeEnd[tokens.length] = -1;
    for (var n = tokens.length - 1; n >= 0; n--) {
      nextCodeEnd[n] = tokens[n].name === 'code' && tokens[n].close ? n : nextCodeEnd[n + 1];
    }
    // A closing tag pairs with the nearest open one of its name (closing what was opened inside it); [code]
    // swallows everything up to its end. Each open tag is pushed and popped once.
    var open = [];
    var openCount = {};
    for (var i = 0; i < tokens.length; i++) {
      var token = tokens[i];
      if (token.text !== undefined) continue;
      if (token.name === 'code' && !token.close) {
        var end = nextCodeEnd[i + 1];
        if (end >= 0) { token.pair = end; tokens[end].paired = true; i = end; }
        continue;
      }
      if (!BB_PAIRED[token.name]) continue;
      if (!token.close) { open.push(i); openCount[token.name] = (openCount[token.name] || 0) + 1; continue; }
      if (!openCount[token.name]) continue;
      while (open.length > 0) {
        var opened = tokens[open.pop()];
        openCount[opened.name] -= 1;
        if (opened.name === token.name) { opened.pair = i; token.paired = true; break; }
      }
    }
    return tokens;
  }

  function renderBbCode(text, into) {
    var tokens = bbTokens(String(text));
    var stack = [{ node: into, end: tokens.length }];
    var lineStart = true;
    function addText(parent, value) {
      value.split('\n').forEach(function (line, index) {
        if (index > 0) { parent.appendChild(document.createTextNode('\n')); lineStart = true; }
        if (line === '') return;
        if (lineStart && line.slice(0, 2) === '>>') parent.appendChild(make('span', { 'class': 'quote-line' }, line.slice(2)));
        else parent.appendChild(document.createTextNode(line));
        lineStart = false;
      });
    }
    for (var i = 0; i < tokens.length; i++) {
      while (stack.length > 1 && i >= stack[stack.length - 1].end) stack.pop();
      var parent = stack[stack.length - 1].node;
      var token = tokens[i];
      if (token.text !== undefined) { addText(parent, token.text); continue; }
      if (token.name === 'br' && !token.close) { parent.appendChild(document.createElement('br')); lineStart = true; continue; }
      if (BB_DROPPED[token.name]) continue;
      if (token.name === 'code' && token.pair !== undefined) {
        var literal = tokens.slice(i + 1, token.pair).map(function (t) { return t.text !== undefined ? t.text : t.raw; }).join('');
        parent.appendChild(make('code', {}, literal));
        i = token.pair;
        lineStart = false;
        continue;
      }
      if (token.pair === undefined) {
        if (!token.paired) addText(parent, token.raw);
        continue;
      }
      var node = make(BB_PAIRED[token.name], {});
      if (token.name === 'url') {
        // [url]address[/url] links its own text; [url=address] its value.
        var own = token.pair === i + 2 && tokens[i + 1].text !== undefined ? tokens[i + 1].text : '';
        var target = safeHttp(token.value !== undefined ? token.value : own);
        if (!target) node = make('span', {});
        else { node.setAttribute('href', target); node.setAttribute('target', '_blank'); node.setAttribute('rel', 'noopener noreferrer'); }
      } else if (token.name === 'color' && /^#[0-9a-fA-F]{3,6}$/.test(token.value || '')) {
        node.style.color = token.value;
      } else if (token.name === 'size' && /^\d{1,2}$/.test(token.value || '')) {
        node.style.fontSize = Math.min(Number(token.value), 24) + 'px';
      } else if (token.name === 'user') {
        node.className = 'mention';
      } else if (token.name !== 'b' && token.name !== 'i' && token.name !== 'u' && token.name !== 's' && token.name !== 'color' && token.name !== 'size') {
        node.className = 'command';
        node.setAttribute('data-command', token.name);
      }
      parent.appendChild(node);
      stack.push({ node: node, end: token.pair });
    }
  }

  // A message's card (ATTACH) as the chat shows it: text blocks with their BB-code, GRID rows of name and value,
  // delimiters, and LINK blocks to http(s) or to the portal's own pages. DOM text only, as for messages.
  function renderAttach(attach) {
    var blocks = Array.isArray(attach) ? attach : (attach && typeof attach === 'object' ? attach.BLOCKS : null);
    if (blocks && !Array.isArray(blocks) && typeof blocks === 'object') blocks = Object.keys(blocks).map(function (key) { return blocks[key]; });
    var card = make('div', { 'class': 'attach', 'data-testid': 'message-card' });
    (Array.isArray(blocks) ? blocks : []).slice(0, 50).forEach(function (block) {
      if (!block || typeof block !== 'object') return;
      if (typeof block.MESSAGE === 'string') {
        var text = make('div', { 'class': 'attach-text', 'data-testid': 'card-text' });
        renderBbCode(block.MESSAGE, text);
        card.appendChild(text);
      } else if (block.DELIMITER) {
        card.appendChild(make('hr', {}));
      } else if (block.GRID && typeof block.GRID === 'object') {
        var grid = make('dl', { 'class': 'attach-grid', 'data-testid': 'card-grid' });
        var rows = Array.isArray(block.GRID) ? block.GRID : Object.keys(block.GRID).map(function (key) { return block.GRID[key]; });
        rows.slice(0, 50).forEach(function (row) {
          if (!row || typeof row !== 'object') return;
          grid.appendChild(make('dt', {}, String(row.NAME || '')));
          var value = make('dd', {});
          renderBbCode(String(row.VALUE || ''), value);
          grid.appendChild(value);
        });
        card.appendChild(grid);
      } else if (block.LINK && typeof block.LINK === 'object') {
        var target = String(block.LINK.LINK || '');
        var href = /^\/(?!\/)/.test(target) ? location.origin + target : safeHttp(target);
        card.appendChild(href ? make('a', { href: href, 'data-testid': 'card-link' }, String(block.LINK.NAME || target)) : make('span', {}, String(block.LINK.NAME || '')));
      }
    });
    return card;
  }

  function conversations() {
    var list = state.chats.map(function (chat) {
      return { dialogId: chat.dialogId, name: chat.name, group: true, member: chat.members.indexOf(userId) >= 0 };
    });
    state.users.forEach(function (user) {
      if (user.id !== userId) list.push({ dialogId: String(user.id), name: user.name, group: false, member: true });
    });
    return list;
  }

  function currentConversation() {
    return conversations().filter(function (item) { return item.dialogId === dialogId; })[0];
  }

  function renderChatList() {
    var listEl = byId('chat-list');
    listEl.textContent = '';
    conversations().forEach(function (item) {
      var button = make('button', { type: 'button', 'class': 'chat-item', 'data-dialog-id': item.dialogId });
      if (item.dialogId === dialogId) { button.classList.add('active'); button.setAttribute('aria-current', 'true'); }
      button.appendChild(make('span', { 'class': 'chat-name' }, item.name));
      button.appendChild(make('small', {}, item.group ? (item.member ? 'Group chat' : 'Group chat (not a member)') : 'Private chat'));
      button.addEventListener('click', function () { selectDialog(item.dialogId); });
      listEl.appendChild(button);
    });
  }

  function placementTitle(placement) {
    var all = placement.langAll || {};
    var own = all[lang] && all[lang].TITLE;
    return own || placement.title || (all.en && all.en.TITLE) || 'Application';
  }

  function placementVisible(placement, conversation) {
    var options = placement.options || {};
    var admin = state.users.filter(function (user) { return user.id === userId; })[0].admin;
    if (String(options.role || 'USER').toUpperCase() === 'ADMIN' && !admin) return false;
    var contexts = String(options.context || 'ALL').toUpperCase().split(';');
    if (contexts.indexOf('ALL') >= 0) return true;
    return contexts.indexOf(conversation.group ? 'CHAT' : 'USER') >= 0;
  }

  function renderSidebar() {
    var conversation = currentConversation();
    byId('chat-title').textContent = conversation ? conversation.name : '';
    var info = byId('chat-info');
    info.textContent = '';
    if (!conversation) return;
    info.appendChild(make('div', { 'class': 'chat-info-name' }, conversation.name));
    info.appendChild(make('div', {}, conversation.group ? 'Group chat' : 'Private chat'));
    var apps = byId('sidebar-apps');
    apps.textContent = '';
    var visible = state.placements.filter(function (placement) {
      return placement.placement === 'IM_SIDEBAR' && placementVisible(placement, conversation);
    });
    if (visible.length === 0) apps.appendChild(make('div', { 'class': 'empty' }, 'No applications'));
    visible.forEach(function (placement) {
      var button = make('button', { type: 'button', 'class': 'placement-item', 'data-placement-item': '', 'data-handler': placement.handler });
      button.appendChild(make('span', { 'class': 'icon', 'data-icon': String((placement.options || {}).iconName || '') }));
      button.appendChild(make('span', { 'class': 'title' }, placementTitle(placement)));
      button.addEventListener('click', function () { openSidebarApp(placement); });
      apps.appendChild(button);
    });
  }

  function openSidebarApp(placement) {
    requestForm({ kind: 'sidebar', dialogId: dialogId, handler: placement.handler }).then(function (answer) {
      if (!answer.ok) { log('error: ' + (answer.data.error || answer.status)); return; }
      byId('app-panel').hidden = false;
      byId('app-panel-title').textContent = placementTitle(placement);
      openFrame('app-frame-slot', 'app-frame', 'sidebar', answer.data);
    });
  }

  function closeSidebarApp() {
    var old = byId('app-frame');
    if (old) { forget(old); old.remove(); }
    byId('app-panel').hidden = true;
  }

  byId('app-close').addEventListener('click', closeSidebarApp);

  // Reloading the simulator keeps the user, language and chat: they live in the page's query string.
  function rememberSelection() {
    var params = new URLSearchParams(location.search);
    params.set('user', String(userId));
    params.set('dialog', dialogId);
    if (lang) params.set('lang', lang); else params.delete('lang');
    params.delete('IM_DIALOG');
    params.delete('IM_MESSAGE');
    history.replaceState(null, '', location.pathname + '?' + params.toString());
    try { sessionStorage.setItem('sim-user', String(userId)); } catch (e) { /* private mode: the query string keeps it */ }
  }

  function selectDialog(id) {
    dialogId = id;
    rememberSelection();
    closeSidebarApp();
    renderChatList();
    renderSidebar();
    loadMessages();
  }

  function loadMessages() {
    if (!state || !state.installed) return Promise.resolve();
    var requested = dialogId + '|' + userId;
    var path = '/sim/messages?dialogId=' + encodeURIComponent(dialogId) + '&userId=' + userId;
    return call('GET', path).then(function (answer) {
      // An answer for a chat or user no longer shown is late: a newer request shows the right one.
      if (requested !== dialogId + '|' + userId) return;
      // Redrawn only when something shows differently (an open message menu stays open): the messages, the
      // chat, the user, what is bound (the state) or the language.
      var text = requested + '|' + JSON.stringify(answer.data) + '|' + stateText + '|' + lang;
      if (text === messagesText) return;
      messagesText = text;
      var listEl = byId('messages');
      listEl.textContent = '';
      if (!answer.ok || !answer.data.member) {
        listEl.appendChild(make('li', { 'class': 'empty' }, 'You are not a member of this chat'));
        return;
      }
      if (answer.data.messages.length === 0) listEl.appendChild(make('li', { 'class': 'empty' }, 'No messages yet'));
      var menuItems = state.placements.filter(function (placement) {
        return placement.placement === 'IM_CONTEXT_MENU' && placementVisible(placement, currentConversation());
      });
      answer.data.messages.forEach(function (message) {
        var item = make('li', { 'data-message-id': String(message.id) });
        item.appendChild(make('span', { 'class': 'author' }, message.author));
        var text = make('div', { 'class': 'text message-text', 'data-testid': 'message-text' });
        if (message.deleted) text.appendChild(make('i', {}, 'This message was deleted'));
        else renderBbCode(message.message, text);
        item.appendChild(text);
        if (message.attach && !message.deleted) item.appendChild(renderAttach(message.attach));
        if (menuItems.length > 0 && !message.deleted) item.appendChild(messageMenu(message, menuItems));
        listEl.appendChild(item);
      });
      showFocusedMessage();
    });
  }

  // The message a link pointed at, once its chat is shown: scrolled to and marked.
  function showFocusedMessage() {
    if (!focusMessage) return;
    var item = document.querySelector('#messages [data-message-id="' + String(Number(focusMessage)) + '"]');
    focusMessage = '';
    if (!item) return;
    item.classList.add('focused');
    item.setAttribute('data-focused', '');
    item.scrollIntoView({ block: 'center' });
  }

  // A message's "..." menu: the items apps bound to IM_CONTEXT_MENU, opening the app in the slider.
  function messageMenu(message, menuItems) {
    var wrap = make('div', { 'class': 'message-menu' });
    var button = make('button', { type: 'button', 'class': 'plain message-menu-button', 'aria-label': 'Message menu', 'aria-expanded': 'false', 'data-message-menu': String(message.id) }, '\u22ef');
    var list = make('div', { 'class': 'message-menu-list', role: 'menu' });
    list.hidden = true;
    menuItems.forEach(function (placement) {
      var entry = make('button', { type: 'button', role: 'menuitem', 'class': 'plain', 'data-message-menu-item': '', 'data-handler': placement.handler }, placementTitle(placement));
      entry.addEventListener('click', function () {
        list.hidden = true;
        openMessageMenuApp(placement, message.id);
      });
      list.appendChild(entry);
    });
    button.addEventListener('click', function () {
      list.hidden = !list.hidden;
      button.setAttribute('aria-expanded', String(!list.hidden));
    });
    wrap.appendChild(button);
    wrap.appendChild(list);
    return wrap;
  }

  function openMessageMenuApp(placement, messageId) {
    requestForm({ kind: 'message-menu', dialogId: dialogId, messageId: String(messageId), handler: placement.handler }).then(function (answer) {
      if (!answer.ok) { log('error: ' + (answer.data.error || answer.status)); return; }
      byId('app-page').hidden = false;
      byId('app-page-title').textContent = placementTitle(placement);
      openFrame('app-page-slot', 'app-page-frame', 'app', answer.data);
    });
  }

  byId('message-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = byId('message-input');
    if (!input.value.trim()) return;
    call('POST', '/sim/messages', { dialogId: dialogId, userId: userId, message: input.value }).then(function () {
      input.value = '';
      return loadMessages();
    });
  });

  // ---- header and state ----

  byId('user-select').addEventListener('change', function (event) {
    userId = Number(event.target.value);
    rememberSelection();
    closeSidebarApp();
    closeAppPage();
    stateText = '';
    messagesText = '';
    render();
    loadMessages();
  });

  byId('lang-select').addEventListener('change', function (event) {
    lang = event.target.value;
    rememberSelection();
    render();
    loadMessages();
  });

  function render() {
    var userSelect = byId('user-select');
    if (userSelect.options.length === 0) {
      state.users.forEach(function (user) {
        userSelect.appendChild(make('option', { value: String(user.id) }, user.name + (user.admin ? ' (admin)' : '')));
      });
    }
    userSelect.value = String(userId);
    byId('lang-select').value = lang;
    byId('app-client-id').textContent = state.clientId;
    byId('install-card').hidden = state.installed && !installSession;
    byId('install').hidden = state.installed;
    byId('install-close').hidden = !state.installed;
    byId('messenger').hidden = !state.installed;
    byId('app-admin').hidden = !state.installed;
    byId('open-app').hidden = !state.installed;
    if (!currentConversation()) dialogId = 'chat2';
    renderChatList();
    renderSidebar();
  }

  function loadState() {
    return call('GET', '/sim/state').then(function (answer) {
      var text = JSON.stringify(answer.data);
      if (text === stateText) return;
      var wasInstalled = state && state.installed;
      stateText = text;
      state = answer.data;
      if (!lang) lang = state.lang;
      if (state.installed && installSession && !wasInstalled) setStatus('install-status', 'Installed', false);
      render();
      return loadMessages();
    });
  }

  loadState();
  setInterval(function () { loadState(); loadMessages(); }, 2000);
})();
`;
