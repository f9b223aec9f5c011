// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: the dashboard.  GET /api/v1/status every second, turned
// into node cards (green online, yellow degraded or isolated, red offline),
// the cluster facts, DRBD with its progress bar and rate plot, resources and
// the running job.  nodeModel() decides each node's colour from the status
// document alone, so what the page shows follows from one JSON snapshot.
'use strict';

(function (hp) {
  // The next status request this long after the last answer (never two at
  // once): with hapaird reading the cluster every 250 ms while a page
  // watches, a change shows within about half a second.
  const REFRESH_MS = 250;
  // The preflight's own limit (DESIGN.md): clocks further apart than this
  // break the pair's timing assumptions.
  const CLOCK_LIMIT_MS = 1000;
  // A snapshot older than this means corosync stopped answering.
  const STALE_MS = 5000;
  // hapair's corosync.conf: link 0 is the heartbeat cable, link 1 the LAN.
  const LINK_NAMES = { 0: 'heartbeat (eth1)', 1: 'LAN (eth0)' };

  let timer = null;
  let chain = 0;        // the refresh chain running; 0 while not shown
  let chains = 0;       // chains started, for each its own number
  let plot = null;
  let last = null;

  const $ = hp.$;

  function linkName(n) {
    return 'link ' + n + ' · ' + (LINK_NAMES[n] || 'link ' + n);
  }

  function formatOffset(ms) {
    if (ms === null || ms === undefined) return 'unknown';
    const abs = Math.abs(ms);
    const text = abs >= 1000 ? (abs / 1000).toFixed(2) + ' s' : abs.toFixed(1) + ' ms';
    return ms < 0 ? text + ' behind' : text + ' ahead';
  }

  function failedResourcesOn(cl, name) {
    return (cl.resources || []).filter((r) => r.failed && (r.nodes || []).includes(name));
  }

  // One card's facts and colour from the status document.
  function clusterNode(st, n) {
    const cl = st.cluster;
    const peer = st.peer && st.peer.node === n.name ? st.peer : null;
    const m = {
      name: n.name,
      local: n.local,
      clustered: true,
      online: n.online,
      standby: !!n.standby,
      role: '–',
      version: n.local ? st.version : (peer && peer.version) || 'unknown',
      clock: n.local ? 'this node (reference)' : formatOffset(peer ? peer.clock_offset_ms : null),
      links: n.local ? [] : (n.links || []),
      reasons: [],
      state: 'online',
    };
    if (n.online) m.role = n.name === cl.active_node ? 'active' : 'passive';
    if (!n.online) {
      m.state = 'offline';
      m.reasons.push(n.member ? 'Pacemaker does not run there' : 'not a cluster member');
      return m;
    }
    if (n.local && cl.isolated) {
      m.state = 'isolated';
      m.reasons.push('reaches its peer on no heartbeat link');
      return m;
    }
    for (const l of m.links) {
      if (!l.up) m.reasons.push(linkName(l.link) + ' is down');
    }
    // online, but Pacemaker's join is not complete: a node that just came back
    if (n.pending) m.reasons.push('joining the cluster');
    if (n.standby) m.reasons.push('in standby');
    if (n.maintenance) m.reasons.push('in maintenance');
    for (const r of failedResourcesOn(cl, n.name)) m.reasons.push(r.id + ' failed');
    if (peer) {
      if (peer.reachable === false) m.reasons.push('its hapaird does not answer');
      if (peer.version && peer.version !== st.version) {
        m.reasons.push('runs hapair ' + peer.version + ', this node ' + st.version);
      }
      if (peer.clock_offset_ms !== null && Math.abs(peer.clock_offset_ms) > CLOCK_LIMIT_MS) {
        m.reasons.push('clock ' + formatOffset(peer.clock_offset_ms) + ' (over 1 s)');
      }
    }
    if (m.reasons.length) m.state = 'degraded';
    return m;
  }

  hp.nodeModel = function (st) {
    if (st.cluster && st.cluster.nodes && st.cluster.nodes.length) {
      return st.cluster.nodes.map((n) => clusterNode(st, n));
    }
    // No cluster stack here: this node alone, and what its peer's hapaird says.
    const self = {
      name: st.node, local: true, role: st.role, version: st.version,
      clock: 'this node (reference)', links: [], reasons: [], state: 'online',
    };
    const cards = [self];
    if (st.role !== 'standalone') {
      self.state = 'degraded';
      self.reasons.push('its cluster stack does not run');
    }
    if (st.peer) {
      const p = st.peer;
      cards.push({
        name: p.node, local: false, role: '–', version: p.version || 'unknown',
        clock: formatOffset(p.clock_offset_ms), links: [],
        reasons: p.reachable === false ? ['its hapaird does not answer'] : [],
        state: p.reachable === false ? 'offline' : 'degraded',
      });
    }
    return cards;
  };

  function fact(dl, term, value) {
    dl.append(hp.el('dt', term), hp.el('dd', value));
  }

  // The cards stay the same elements from one refresh to the next, only
  // their contents change: a button that is re-created every second would
  // lose its keyboard focus and slip from under the pointer.
  const cards = new Map();   // node name -> {card, body, actions}

  function cardFor(name) {
    let c = cards.get(name);
    if (!c) {
      c = { card: hp.el('section'), body: hp.el('div'), actions: hp.el('div', null, 'actions') };
      c.card.setAttribute('aria-label', 'Node ' + name);
      c.card.append(c.body, c.actions);
      cards.set(name, c);
    }
    return c;
  }

  function renderNodes(st) {
    const models = hp.nodeModel(st);
    const els = models.map((m) => {
      const c = cardFor(m.name);
      c.card.className = 'card node state-' + m.state;
      c.body.replaceChildren(...renderNode(m));
      if (hp.renderNodeActions) hp.renderNodeActions(c.actions, m, st);
      return c.card;
    });
    for (const name of [...cards.keys()]) {
      if (!models.some((m) => m.name === name)) cards.delete(name);
    }
    const box = $('db-nodes');
    const same = box.children.length === els.length && els.every((e, i) => box.children[i] === e);
    if (!same) box.replaceChildren(...els);
  }

  function renderNode(m) {
    const head = hp.el('div', null, 'node-head');
    head.append(hp.el('h3', m.name + (m.local ? ' (this node)' : '')));
    const badge = hp.el('p', m.state, 'badge');
    badge.setAttribute('role', 'status');
    badge.setAttribute('aria-label', m.name + ' state');
    head.append(badge);
    const out = [head];
    const dl = hp.el('dl', null, 'facts');
    fact(dl, 'Role', m.role);
    fact(dl, 'Version', m.version);
    fact(dl, 'Clock offset', m.clock);
    for (const l of m.links) fact(dl, linkName(l.link), l.up ? 'up' : 'down');
    out.push(dl);
    if (m.reasons.length) out.push(hp.el('p', m.reasons.join('; '), 'reasons'));
    // Standby, Restart and Shut down are in the card's actions
    // (ui_operate.js, ui_power.js).
    return out;
  }

  function banner(text, cls) {
    const p = hp.el('p', text, 'banner ' + cls);
    p.setAttribute('role', cls === 'banner-error' ? 'alert' : 'status');
    return p;
  }

  function renderBanners(st) {
    const out = [];
    const cl = st.cluster;
    if (cl && cl.isolated) {
      out.push(banner('This node is isolated: it reaches its peer on no heartbeat link. ' +
        'Check the eth1 cable and the LAN.', 'banner-error'));
    }
    if (cl && cl.error) out.push(banner('Cluster status: ' + cl.error, 'banner-warning'));
    if (cl && cl.age_ms > STALE_MS) {
      out.push(banner('The cluster status is ' + Math.round(cl.age_ms / 1000) + ' s old.',
        'banner-warning'));
    }
    if (cl && cl.maintenance_mode) {
      out.push(banner('Maintenance mode is on: Pacemaker leaves the resources as they are ' +
        'and moves nothing, not even when a node fails. Turn it off when the work is done.',
      'banner-warning'));
    }
    if (st.drbd && st.drbd.split_brain) {
      out.push(banner('DRBD split brain with ' + (st.drbd.split_brain.peer || 'the peer') +
        ' since ' + (st.drbd.split_brain.since || '?') + '.', 'banner-error'));
    }
    $('db-banners').replaceChildren(...out);
  }

  // ms as seconds with one decimal, halves up: hapairctl's rounding
  // (daemon/budget.c), so that both say the same number.
  function seconds(ms) {
    return (Math.round(ms / 100) / 10).toFixed(1);
  }

  // The status document's failover_budget (daemon/budget.h) as the two
  // lines of the cluster panel, in hapairctl status's words: the budget
  // with its parts, and the last failover measured in the event log.
  hp.budgetText = function (fb) {
    if (!fb) return { budget: '–', last: '–' };
    let budget;
    const p = fb.parts;
    if (!p || fb.crash_ms === null) {
      budget = 'unknown: ' + (fb.error || 'no cluster settings');
    } else {
      const parts = ['detection ' + seconds(p.detection_ms)];
      if (p.priority_delay_ms > 0) parts.push('priority-fencing-delay ' + seconds(p.priority_delay_ms));
      if (p.gate_ms > 0) parts.push('gate ' + seconds(p.gate_ms));
      if (fb.tiebreak_on_crash && p.tiebreak_ms > 0) parts.push('tie-break ' + seconds(p.tiebreak_ms));
      if (p.fence_ms > 0) parts.push('fence ' + seconds(p.fence_ms));
      parts.push('start ' + seconds(p.start_ms));
      let why = '';
      if (!(p.fence_ms > 0)) {
        why = '; no fencing';
      } else if (fb.tiebreak_on_crash && p.tiebreak_ms > 0) {
        why = '; the gate has no ping targets: it waits its tie-break after a crash too';
      }
      budget = seconds(fb.crash_ms) + ' s after a crash (' + parts.join(', ') + why + ')';
      if (fb.worst_ms > fb.crash_ms) {
        // what only a lost node that still answers costs: the gate
        // listens for it, then gives it its tie-break
        const more = [];
        if (p.listen_ms > 0) more.push('+' + seconds(p.listen_ms) + ' listening');
        if (!fb.tiebreak_on_crash && p.tiebreak_ms > 0) {
          more.push('+' + seconds(p.tiebreak_ms) + ' tie-break');
        }
        budget += ', ' + seconds(fb.worst_ms) + ' s at worst (a lost node still answering: ' +
          more.join(', ') + ')';
      } else {
        budget += ', the same at worst';
      }
    }
    const last = fb.last_failover_ms === null || !fb.last_failover_at ? 'none recorded' :
      seconds(fb.last_failover_ms) + ' s from ' + (fb.last_failover_lost || 'a node') +
      "'s loss seen to the service here (" +
      fb.last_failover_at.replace('T', ' ').replace('Z', '') + ' UTC)';
    return { budget, last };
  };

  function renderCluster(st) {
    const cl = st.cluster;
    if (st.role === 'standalone') {
      $('db-cluster-state').textContent = 'standalone appliance (no cluster)';
    } else if (!cl) {
      $('db-cluster-state').textContent = 'clustered, but the cluster stack does not run here';
    } else {
      const names = (cl.nodes || []).map((n) => n.name).join(' and ');
      $('db-cluster-state').textContent = 'cluster of ' + (names || '?');
    }
    $('db-active').textContent = (cl && cl.active_node) || '–';
    $('db-vip').textContent = (cl && cl.failover_ip_node) || 'nobody';
    $('db-quorum').textContent = cl ? (cl.quorate ? 'quorate' : 'not quorate') : '–';
    $('db-maint').textContent = cl ? (cl.maintenance_mode ? 'on' : 'off') : '–';
    const fb = hp.budgetText(st.failover_budget);
    $('db-budget').textContent = fb.budget;
    $('db-last-failover').textContent = fb.last;
    $('create-open').hidden = !(st.role === 'standalone' && !st.job);
  }

  function renderDrbd(st, now) {
    const d = st.drbd;
    $('db-drbd-none').hidden = !!d;
    $('db-drbd').hidden = !d;
    let rate = null;
    if (d) {
      $('db-drbd-role').textContent = (d.role || '–') + (d.peer_role ? ' (peer ' + d.peer_role + ')' : '');
      $('db-drbd-conn').textContent = (d.connection || '–') + (d.replication ? ', ' + d.replication : '');
      $('db-drbd-disk').textContent = d.disk || '–';
      $('db-drbd-pdisk').textContent = d.peer_disk || '–';
      const pct = d.sync_percent;
      $('db-drbd-progress').value = pct === null ? (d.disk === 'UpToDate' ? 100 : 0) : pct;
      $('db-drbd-percent').textContent = pct === null ?
        (d.disk === 'UpToDate' && d.peer_disk === 'UpToDate' ? 'in sync' : '–') : pct + ' %';
      $('db-drbd-rate').textContent = hp.formatRate(d.rate_kib_s);
      $('db-drbd-sb').textContent = d.split_brain ? 'Split brain detected.' : '';
      rate = d.rate_kib_s === null ? 0 : d.rate_kib_s;
    }
    // The create job's initial sync reports its rate too (before DRBD's
    // watcher has one on a fresh pair).
    if (st.job && st.job.rate_kib_s > 0) rate = st.job.rate_kib_s;
    plot.push(now, rate);
    $('db-rate-caption').textContent = 'Transfer rate, last 2 minutes: ' +
      (rate === null ? 'no replication' : hp.formatRate(rate));
  }

  function renderResources(st) {
    const rs = (st.cluster && st.cluster.resources) || [];
    const rows = rs.map((r) => {
      const tr = hp.el('tr', null, r.failed ? 'failed' : '');
      tr.append(hp.el('td', r.id), hp.el('td', r.role),
        hp.el('td', (r.nodes || []).join(', ') || '–'), hp.el('td', r.failed ? 'failed' : 'ok'));
      return tr;
    });
    $('db-rsc').querySelector('tbody').replaceChildren(...rows);
    $('db-rsc').hidden = rs.length === 0;
    $('db-rsc-none').hidden = rs.length !== 0;
  }

  hp.jobText = function (j) {
    let text = 'Job ' + j.id + ' ' + j.kind + ': step ' + (j.step_index + 1) +
      (j.steps ? '/' + j.steps : '') + ', ' + j.step;
    if (j.percent > 0) text += ', ' + j.percent + ' %';
    if (j.rate_kib_s > 0) text += ' at ' + hp.formatRate(j.rate_kib_s);
    return text;
  };

  function renderJob(st) {
    const j = st.job;
    $('db-job-none').hidden = !!j;
    $('db-job').hidden = !j;
    if (!j) return;
    $('db-job-text').textContent = hp.jobText(j);
    // Without a percent of its own, the step count is the progress.
    $('db-job-progress').value = hp.jobPercent(j);
  }

  async function refresh() {
    try {
      const st = await hp.api('GET', '/status');
      last = st;
      const now = Date.now();
      $('bar-node').textContent = st.node + ' · ' + st.role;
      renderBanners(st);
      renderCluster(st);
      renderNodes(st);
      if (hp.renderClusterActions) hp.renderClusterActions(st);
      renderDrbd(st, now);
      renderResources(st);
      renderJob(st);
      $('st-updated').textContent = new Date(now).toLocaleTimeString();
      $('dashboard-error').textContent = '';
    } catch (e) {
      // 401 went back to the login already; anything else keeps the last
      // values and says why they are old.
      if (e.status !== 401) $('dashboard-error').textContent = 'Cannot reach the node: ' + e.message;
    }
  }

  hp.lastStatus = () => last;
  hp.refreshStatus = refresh;

  hp.pages.dashboard = {
    view: 'dashboard-view',
    enter() {
      if (!plot) plot = new hp.RatePlot($('db-rate-plot'));
      if (chain) return;
      // a request still out from before a leave() ends its own chain
      const mine = ++chains;
      chain = mine;
      const next = async () => {
        timer = null;
        await refresh();
        if (chain === mine) timer = window.setTimeout(next, REFRESH_MS);
      };
      next();
    },
    leave() {
      chain = 0;
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
    },
  };
})(window.hapair);
