// A small stand-in for the official BX24 library (//api.bitrix24.com/api/v1/), served by the portal as
// /bx24.js. It speaks the same postMessage protocol with the parent page and behaves like the published
// library where apps can tell: getAuth() gives `expires_in` as the absolute expiry in ms (false once it
// passed), refreshAuth() works once init is done and stores the portal's fresh AUTH_ID/REFRESH_ID before
// calling back with getAuth(), resizeWindow() sends only positive whole numbers, and fitWindow() measures the
// root element (so a frame sized by it never shrinks), and scrollParentWindow() asks the portal to scroll its own
// window (setScroll). Opened standalone (window.name not
// `DOMAIN|PROTOCOL|SID`), every call is a no-op that still calls its callback, like a page that must work
// without the library.

export const BX24_STANDIN = String.raw`
(function () {
  'use strict';
  var parts = String(window.name || '').split('|');
  var enabled = window.parent !== window && parts.length === 3 && parts[0] !== '' &&
    (parts[1] === '0' || parts[1] === '1') && /^[0-9A-Za-z]+$/.test(parts[2]);
  var DOMAIN = enabled ? parts[0] : '';
  var PROTOCOL = enabled ? Number(parts[1]) : 0;
  var APP_SID = enabled ? parts[2] : '';
  var ORIGIN = (PROTOCOL === 1 ? 'https' : 'http') + '://' + DOMAIN;
  var callbacks = {};
  var counter = 0;
  var initData = null;
  var initState = 0;
  var initQueue = [];

  function later(fn, value) {
    if (typeof fn === 'function') setTimeout(function () { fn(value); }, 0);
  }

  function send(command, params, cb) {
    if (!enabled) { later(cb, {}); return; }
    var id = '';
    if (typeof cb === 'function') {
      id = 'cb' + (++counter) + Math.random().toString(36).slice(2, 8);
      callbacks[id] = cb;
    }
    var text = command + ':' + (params === undefined || params === null ? '' : JSON.stringify(params)) + ':' + id + ':' + APP_SID;
    window.parent.postMessage(text, ORIGIN);
  }

  window.addEventListener('message', function (event) {
    if (!enabled || event.origin !== ORIGIN || event.source !== window.parent || typeof event.data !== 'string') return;
    var colon = event.data.indexOf(':');
    if (colon < 0) return;
    var id = event.data.slice(0, colon);
    var cb = callbacks[id];
    if (!cb) return;
    delete callbacks[id];
    var data = null;
    try { data = JSON.parse(event.data.slice(colon + 1) || 'null'); } catch (e) { data = null; }
    cb(data);
  });

  function finishInit() {
    if (initState === 2) return;
    initState = 2;
    var queue = initQueue;
    initQueue = [];
    for (var i = 0; i < queue.length; i++) queue[i]();
  }

  // ms since the epoch, as the published library keeps it (init data and refreshAuth answers say seconds).
  var authExpires = 0;

  function takeAuth(data) {
    initData.AUTH_ID = data.AUTH_ID;
    initData.REFRESH_ID = data.REFRESH_ID;
    authExpires = Date.now() + Number(data.AUTH_EXPIRES) * 1000;
  }

  function auth() {
    if (!initData || !initData.AUTH_ID || authExpires <= Date.now()) return false;
    return {
      access_token: initData.AUTH_ID,
      refresh_token: initData.REFRESH_ID,
      expires_in: authExpires,
      domain: initData.DOMAIN,
      member_id: initData.MEMBER_ID
    };
  }

  function restResult(answer, status) {
    return {
      answer: answer,
      status: status,
      data: function () { return answer.result; },
      error: function () { return answer.error ? { error: answer.error, error_description: answer.error_description, status: status } : null; },
      error_description: function () { return answer.error_description || ''; },
      more: function () { return false; },
      total: function () { return answer.total || 0; }
    };
  }

  var BX24 = {
    init: function (cb) {
      if (typeof cb === 'function') {
        if (initState === 2) { later(cb); return; }
        initQueue.push(cb);
      }
      if (initState !== 0) return;
      initState = 1;
      if (!enabled) { setTimeout(finishInit, 0); return; }
      // A page outside a portal frame gets no answer: go on without init data after a short wait.
      var timer = setTimeout(finishInit, 500);
      send('getInitData', undefined, function (data) {
        clearTimeout(timer);
        if (data && typeof data === 'object') {
          initData = data;
          if (data.AUTH_ID) takeAuth(data);
        }
        finishInit();
      });
    },
    ready: function (cb) { BX24.init(cb); },
    installFinish: function () { send('setInstallFinish'); },
    resizeWindow: function (width, height, cb) {
      width = parseInt(width, 10);
      height = parseInt(height, 10);
      if (width > 0 && height > 0) send('resizeWindow', { width: width, height: height }, cb);
    },
    getScrollSize: function () {
      var root = document.documentElement;
      return { scrollWidth: Math.max(root.scrollWidth, root.offsetWidth), scrollHeight: Math.max(root.scrollHeight, root.offsetHeight) };
    },
    fitWindow: function (cb) {
      send('resizeWindow', { width: '100%', height: BX24.getScrollSize().scrollHeight }, cb);
    },
    // The published library sends the number as given; the portal scrolls its window there (0: the very top).
    scrollParentWindow: function (scroll, cb) { send('setScroll', { scroll: scroll }, cb); },
    setTitle: function (title, cb) { send('setTitle', { title: String(title) }, cb); },
    reloadWindow: function () { send('reloadWindow'); },
    openApplication: function (params, cb) { send('openApplication', params || {}, cb); },
    closeApplication: function (cb) { send('closeApplication', {}, cb); },
    openPath: function (path, cb) { send('openPath', { path: String(path) }, cb); },
    refreshAuth: function (cb) {
      // Like the published library: nothing before init; the portal answers only when it issued new tokens.
      if (initState !== 2) return;
      send('refreshAuth', {}, function (data) {
        if (!initData) initData = {};
        if (data && data.AUTH_ID) takeAuth(data);
        if (typeof cb === 'function') cb(auth());
      });
    },
    getAuth: auth,
    getLang: function () { return initData && initData.LANG ? initData.LANG : 'en'; },
    getDomain: function () { return DOMAIN; },
    isAdmin: function () { return !!(initData && initData.IS_ADMIN); },
    placement: {
      info: function () {
        return { placement: initData ? initData.PLACEMENT : '', options: (initData && initData.PLACEMENT_OPTIONS) || {} };
      },
      call: function (command, params, cb) { send(command, params || {}, cb); }
    },
    callMethod: function (method, params, cb) {
      var token = auth();
      if (!token) { later(cb, restResult({ error: 'NO_AUTH_FOUND', error_description: 'BX24 is not initialised' }, 401)); return; }
      var body = {};
      Object.keys(params || {}).forEach(function (key) { body[key] = params[key]; });
      body.auth = token.access_token;
      fetch(ORIGIN + '/rest/' + method + '.json', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (answer) { later(cb, restResult(answer, response.status)); });
      }, function () { later(cb, restResult({ error: 'NETWORK_ERROR', error_description: 'Network error' }, 0)); });
    }
  };

  window.BX24 = BX24;
})();
`;
