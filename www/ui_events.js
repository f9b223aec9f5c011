// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: the event log page.  GET /api/v1/events with the filters of
// the form; the answer merges both nodes' events, and when the peer's part
// is missing the page says so above the table (the events shown are then
// this node's only).  Refreshed every few seconds while the page is open.
'use strict';

(function (hp) {
  const REFRESH_MS = 3000;
  const $ = hp.$;
  let timer = null;
  let seq = 0;          // answers to older requests are dropped

  function query() {
    const q = new URLSearchParams();
    for (const [key, id] of [['node', 'ev-node'], ['severity', 'ev-severity'], ['text', 'ev-text']]) {
      const v = $(id).value.trim();
      if (v) q.set(key, v);
    }
    return q.toString();
  }

  // The node filter lists the nodes the status knows (this one, its peer,
  // the cluster's), keeping the choice across refreshes.
  function fillNodes() {
    const st = hp.lastStatus && hp.lastStatus();
    const names = new Set();
    if (st) {
      names.add(st.node);
      if (st.peer && st.peer.node) names.add(st.peer.node);
      for (const n of (st.cluster && st.cluster.nodes) || []) names.add(n.name);
    }
    const sel = $('ev-node');
    const chosen = sel.value;
    const have = new Set([...sel.options].map((o) => o.value));
    for (const n of [...names].sort()) {
      if (!have.has(n)) sel.append(new Option(n, n));
    }
    sel.value = chosen;
  }

  function row(e) {
    const tr = hp.el('tr', null, 'sev-' + e.severity);
    tr.append(hp.el('td', (e.time || '').replace('T', ' ').replace('Z', '')),
      hp.el('td', e.node), hp.el('td', e.severity), hp.el('td', e.subsystem),
      hp.el('td', e.message));
    return tr;
  }

  async function refresh() {
    const my = ++seq;
    let res;
    try {
      res = await hp.api('GET', '/events?' + query());
    } catch (e) {
      if (my === seq && e.status !== 401) $('ev-error').textContent = e.message;
      return;
    }
    if (my !== seq) return;
    $('ev-error').textContent = '';
    $('ev-table').querySelector('tbody').replaceChildren(...res.events.map(row));
    const missing = (res.sources || []).filter((s) => !s.ok);
    $('ev-warning').hidden = missing.length === 0;
    $('ev-warning').textContent = missing.map((s) => 'The events of ' + (s.node || 'the peer') +
      ' could not be fetched; only ' + res.sources[0].node + '\'s are shown. ' + s.error).join(' ');
    const from = (res.sources || []).filter((s) => s.ok).map((s) => s.node).join(' and ');
    $('ev-count').textContent = res.events.length + ' event' + (res.events.length === 1 ? '' : 's') +
      ' from ' + from + ', newest first.';
    for (const s of res.sources || []) {
      const sel = $('ev-node');
      if (s.node && ![...sel.options].some((o) => o.value === s.node)) sel.append(new Option(s.node, s.node));
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('ev-filters').addEventListener('submit', (ev) => {
      ev.preventDefault();
      refresh();
    });
    $('ev-node').addEventListener('change', refresh);
    $('ev-severity').addEventListener('change', refresh);
  });

  hp.pages.events = {
    view: 'events-view',
    enter() {
      fillNodes();
      refresh();
      if (timer === null) timer = window.setInterval(refresh, REFRESH_MS);
    },
    leave() {
      if (timer !== null) window.clearInterval(timer);
      timer = null;
    },
  };
})(window.hapair);
