// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI, the core: API calls, login and logout, pages.
//
// The session lives in an HttpOnly cookie the page never sees; every
// state-changing request also carries the CSRF token from the login response
// (or from GET /api/v1/session after a reload) in X-CSRF-Token.  Everything
// is put into the page with textContent, never innerHTML: status text comes
// from the network.  The pages (ui_*.js) register in hapair.pages; app.js
// shows one at a time, picked by the URL's #fragment.
'use strict';

window.hapair = (function () {
  const API = '/api/v1';
  const DEFAULT_PAGE = 'dashboard';

  const hp = {
    csrf: null,
    pages: {},          // name -> {view: element id, enter(), leave()}
    current: null,
    loggedIn: false,
  };

  hp.$ = (id) => document.getElementById(id);

  // fetch + JSON, with the API's {"error": "..."} turned into an Error.
  // A 401 anywhere means the session has ended: back to the login.
  hp.api = async function (method, path, body) {
    const opts = { method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    if (method !== 'GET' && hp.csrf) {
      opts.headers['X-CSRF-Token'] = hp.csrf;
    }
    const res = await fetch(API + path, opts);
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      const err = new Error((data && data.error) || ('HTTP ' + res.status));
      err.status = res.status;
      if (res.status === 401 && hp.loggedIn && path !== '/login') {
        showLogin('Your session has ended (' + err.message + ').');
      }
      throw err;
    }
    return data;
  };

  // One element with text (and a class): the building block of every table.
  hp.el = function (tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };

  hp.formatRate = function (kibs) {
    if (kibs === null || kibs === undefined) return '–';
    if (kibs >= 1024) return (kibs / 1024).toFixed(1) + ' MiB/s';
    return Math.round(kibs) + ' KiB/s';
  };

  function pageFromHash() {
    const name = (window.location.hash || '').replace(/^#/, '');
    return hp.pages[name] ? name : DEFAULT_PAGE;
  }

  function showPage(name) {
    if (hp.current && hp.current !== name && hp.pages[hp.current].leave) {
      hp.pages[hp.current].leave();
    }
    for (const [n, p] of Object.entries(hp.pages)) {
      hp.$(p.view).hidden = n !== name;
      const link = hp.$('nav-' + n);
      if (link) {
        if (n === name) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    }
    hp.current = name;
    if (hp.pages[name].enter) hp.pages[name].enter();
  }

  function leaveAll() {
    if (hp.current && hp.pages[hp.current].leave) hp.pages[hp.current].leave();
    hp.current = null;
    for (const p of Object.values(hp.pages)) hp.$(p.view).hidden = true;
  }

  function showLogin(message) {
    hp.loggedIn = false;
    hp.csrf = null;
    leaveAll();
    const dlg = hp.$('create-dialog');
    if (dlg.open) dlg.close();
    hp.$('nav').hidden = true;
    hp.$('logout').hidden = true;
    hp.$('bar-node').textContent = '';
    hp.$('login-view').hidden = false;
    hp.$('login-error').textContent = message || '';
    hp.$('password').value = '';
    hp.$('password').focus();
  }

  function showApp() {
    hp.loggedIn = true;
    hp.$('login-view').hidden = true;
    hp.$('nav').hidden = false;
    hp.$('logout').hidden = false;
    showPage(pageFromHash());
  }

  async function onLogin(ev) {
    ev.preventDefault();
    const button = hp.$('login-button');
    const password = hp.$('password').value;
    if (!password) {
      hp.$('login-error').textContent = 'Enter the admin password.';
      return;
    }
    button.disabled = true;
    hp.$('login-error').textContent = '';
    try {
      const res = await hp.api('POST', '/login', { password });
      hp.csrf = res.csrf;
      hp.$('password').value = '';
      showApp();
    } catch (e) {
      hp.$('login-error').textContent = e.message;
      hp.$('password').select();
    } finally {
      button.disabled = false;
    }
  }

  async function onLogout() {
    try {
      await hp.api('POST', '/logout');
    } catch (e) {
      if (e.status !== 401) {
        hp.$('dashboard-error').textContent = 'Logout failed: ' + e.message;
        return;
      }
    }
    showLogin('Logged out.');
  }

  async function start() {
    hp.$('login-form').addEventListener('submit', onLogin);
    hp.$('logout').addEventListener('click', onLogout);
    window.addEventListener('hashchange', () => {
      if (hp.loggedIn) showPage(pageFromHash());
    });
    // Still logged in from before (reload, new tab)?  Then fetch the
    // session's CSRF token, which the cookie alone does not give us.
    try {
      const s = await hp.api('GET', '/session');
      hp.csrf = s.csrf;
      showApp();
    } catch (e) {
      showLogin(e.status === 401 ? '' : 'Cannot reach the node: ' + e.message);
    }
  }

  document.addEventListener('DOMContentLoaded', start);
  return hp;
})();
