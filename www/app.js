// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: log in, show this node's status every second, log out.
//
// The session lives in an HttpOnly cookie the page never sees; state-changing
// requests also carry the CSRF token from the login response (or from
// GET /api/v1/session after a reload).  Everything is put into the page with
// textContent, never innerHTML: status text comes from the network.
'use strict';

(function () {
  const API = '/api/v1';
  const REFRESH_MS = 1000;

  let csrf = null;
  let timer = null;

  const $ = (id) => document.getElementById(id);

  // fetch + JSON, with the API's {"error": "..."} turned into an Error.
  async function api(method, path, body) {
    const opts = { method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    if (method !== 'GET' && csrf) {
      opts.headers['X-CSRF-Token'] = csrf;
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
      throw err;
    }
    return data;
  }

  function formatUptime(s) {
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    const parts = [];
    if (d) parts.push(d + ' d');
    if (d || h) parts.push(h + ' h');
    if (d || h || m) parts.push(m + ' min');
    parts.push((s % 60) + ' s');
    return parts.join(' ');
  }

  function formatHeartbeat(hb) {
    if (!hb) return '–';
    let text = hb.interface || '?';
    if (hb.error) return text + ' (' + hb.error + ')';
    if (hb.exists === false) return text + ' (missing)';
    text += hb.up ? ' (up' : ' (down';
    if (hb.addresses && hb.addresses.length) text += ', ' + hb.addresses.join(', ');
    return text + ')';
  }

  function showLogin(message) {
    stopRefresh();
    csrf = null;
    $('dashboard-view').hidden = true;
    $('logout').hidden = true;
    $('bar-node').textContent = '';
    $('login-view').hidden = false;
    $('login-error').textContent = message || '';
    $('password').value = '';
    $('password').focus();
  }

  function showDashboard() {
    $('login-view').hidden = true;
    $('dashboard-view').hidden = false;
    $('logout').hidden = false;
    refresh();
    stopRefresh();
    timer = window.setInterval(refresh, REFRESH_MS);
  }

  function stopRefresh() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  async function refresh() {
    try {
      const st = await api('GET', '/status');
      $('st-node').textContent = st.node;
      $('st-role').textContent = st.role;
      $('st-version').textContent = st.version;
      $('st-uptime').textContent = formatUptime(st.uptime_s);
      $('st-heartbeat').textContent = formatHeartbeat(st.heartbeat);
      $('st-updated').textContent = new Date().toLocaleTimeString();
      $('bar-node').textContent = st.node + ' · ' + st.role;
      $('dashboard-error').textContent = '';
    } catch (e) {
      if (e.status === 401) {
        showLogin('Your session has ended: log in again.');
      } else {
        // Keep the last values and say why they are old.
        $('dashboard-error').textContent = 'Cannot reach the node: ' + e.message;
      }
    }
  }

  async function onLogin(ev) {
    ev.preventDefault();
    const button = $('login-button');
    const password = $('password').value;
    if (!password) {
      $('login-error').textContent = 'Enter the admin password.';
      return;
    }
    button.disabled = true;
    $('login-error').textContent = '';
    try {
      const res = await api('POST', '/login', { password });
      csrf = res.csrf;
      $('password').value = '';
      showDashboard();
    } catch (e) {
      $('login-error').textContent = e.message;
      $('password').select();
    } finally {
      button.disabled = false;
    }
  }

  async function onLogout() {
    try {
      await api('POST', '/logout');
    } catch (e) {
      if (e.status !== 401) {
        $('dashboard-error').textContent = 'Logout failed: ' + e.message;
        return;
      }
    }
    showLogin('Logged out.');
  }

  async function start() {
    $('login-form').addEventListener('submit', onLogin);
    $('logout').addEventListener('click', onLogout);
    // Still logged in from before (reload, new tab)?  Then fetch the
    // session's CSRF token, which the cookie alone does not give us.
    try {
      const s = await api('GET', '/session');
      csrf = s.csrf;
      showDashboard();
    } catch (e) {
      showLogin(e.status === 401 ? '' : 'Cannot reach the node: ' + e.message);
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
