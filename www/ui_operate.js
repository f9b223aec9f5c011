// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: Take over, maintenance mode and standby, with the rules
// the appliance's operators know (DESIGN.md, "Jobs").
//
// takeoverVerdict() decides from one status document whether Take over is
// possible and, if not, the one reason shown next to the disabled button;
// the node decides again on the request (POST /api/v1/cluster/takeover)
// and its refusal is shown as it comes.  A takeover is allowed only through
// the failover IP, so the page that starts one loses its node as the IP
// moves: the other node answers the same address but knows nothing of this
// session (sessions are per node) and says 401.  The page then shows the
// login saying so, and once logged in there reads the job's end from the
// merged event log (the job ran on the old node) and shows it.  What it
// waits for is kept in sessionStorage, so a reload in between loses nothing.
'use strict';

(function (hp) {
  const $ = hp.$;
  const PENDING_KEY = 'hapair.takeover';
  // The old node reports the job's end over the peer channel's event
  // query; a takeover takes seconds, this is far beyond a healthy pair.
  const RESULT_WAIT_MS = 180000;
  const RESULT_POLL_MS = 2000;

  let pending = null;   // {job, node, from, to}: a takeover this page started
  let stopFollow = null;

  function urlOf(addr) {
    return 'https://' + (addr.includes(':') ? '[' + addr + ']' : addr) + '/';
  }

  // The host part as the browser writes it ("10.98.0.10", "[fd00::a]"),
  // so that it compares with location.hostname whatever the spelling.
  function hostOf(url) {
    try {
      return new URL(url).hostname;
    } catch (e) {
      return null;
    }
  }

  function etaText(s) {
    if (s < 60) return 'about ' + Math.max(1, Math.round(s)) + ' s';
    if (s < 3600) return 'about ' + Math.round(s / 60) + ' min';
    return 'about ' + Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min';
  }

  // The data of the node to become active, or why it is not good enough.
  function dataWhy(st, to) {
    const d = st.drbd;
    if (!d) return null;
    const disk = to.local ? d.disk : d.peer_disk;
    if (disk === 'UpToDate') return null;
    if (d.sync_percent === null || d.sync_percent === undefined) {
      return to.name + '\'s data is ' + (disk || 'unknown') + ' and no sync is running';
    }
    let why = 'sync ' + Math.floor(d.sync_percent) + ' % done';
    if (d.rate_kib_s > 0 && d.out_of_sync_kib >= 0) {
      why += ', ' + etaText(d.out_of_sync_kib / d.rate_kib_s) + ' left';
    }
    return why;
  }

  // Whether the page was opened through the cluster's failover IP: Take
  // over wants it, Dissolve refuses it (ui_dissolve.js).
  hp.viaFailoverIp = function (st, hostname) {
    if (!st.failover_ip) return false;
    return hostname === hostOf(urlOf(st.failover_ip.replace(/\/\d+$/, '')));
  };
  hp.urlOf = urlOf;

  // {shown, ok, why, from, to} for status ST and this page's address.
  // The same conditions as the node's own check (daemon/takeover.c), the
  // address last: opening the failover IP helps only when all else holds.
  hp.takeoverVerdict = function (st, hostname) {
    if (st.role === 'standalone' || !st.failover_ip) return { shown: false };
    const v = { shown: true, ok: false, why: '' };
    const cl = st.cluster;
    const nodes = (cl && cl.nodes) || [];
    const vip = st.failover_ip.replace(/\/\d+$/, '');
    if (st.job) {
      v.why = 'job ' + st.job.id + ' (' + st.job.kind + ') is running';
    } else if (!cl || nodes.length < 2) {
      v.why = 'the cluster stack does not run on ' + st.node;
    } else if (nodes.some((n) => !n.online)) {
      v.why = nodes.filter((n) => !n.online).map((n) => n.name).join(' and ') + ' is offline';
    } else if (cl.maintenance_mode) {
      v.why = 'maintenance mode is on';
    } else if (!cl.active_node) {
      v.why = 'the service runs on no node';
    } else {
      const to = nodes.find((n) => n.name !== cl.active_node);
      const data = dataWhy(st, to);
      v.from = cl.active_node;
      v.to = to.name;
      if (to.standby) v.why = to.name + ' is in standby';
      else if (to.pending) v.why = to.name + ' is still joining the cluster';
      else if (data) v.why = data;
      else if (!hp.viaFailoverIp(st, hostname)) v.why = 'Open ' + urlOf(vip) + ' to take over';
      else v.ok = true;
    }
    return v;
  };

  function forget() {
    pending = null;
    window.sessionStorage.removeItem(PENDING_KEY);
  }

  function stopFollowing() {
    if (stopFollow) stopFollow();
    stopFollow = null;
  }

  // The job's end: RESULT is "done in 4.2 s; node2 is active, ..." or the
  // error.
  function showEnd(ctl, done, text) {
    forget();
    ctl.result(done ? 'Takeover ' + text : 'The takeover failed: ' + text, done);
  }

  async function takeover(ctl, node, v) {
    const res = await hp.api('POST', '/cluster/takeover', {});
    pending = { job: res.job, node, from: v.from, to: v.to };
    window.sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    ctl.running();
    ctl.progress('Job ' + res.job + ' started on ' + node + '.', 0);
    stopFollow = hp.followJob(res.job, {
      update: (j) => ctl.progress(hp.jobText(Object.assign({ steps: 0, percent: 0 }, j)),
        hp.jobPercent(j)),
      end: (j) => showEnd(ctl, j.state === 'done', j.state === 'done' ? j.result : j.error),
      lost(e) {
        if (e.status !== 401) {
          ctl.progress('The failover IP is moving to ' + v.to + '; waiting for it to answer (' +
            e.message + ')…');
        }
      },
    });
  }

  function onTakeover() {
    const st = hp.lastStatus();
    const v = st && hp.takeoverVerdict(st, window.location.hostname);
    if (!v || !v.ok) return;
    hp.confirmAction({
      title: 'Take over',
      text: v.to + ' becomes the active node and ' + v.from + ' the passive one. The service ' +
        'is unreachable for a few seconds while it moves.',
      warning: 'This page reaches the cluster through the failover IP, which moves to ' + v.to +
        ' with the service. Each node has its own sessions: when ' + v.to + ' answers, you ' +
        'are asked to log in again, and the takeover\'s result is shown after that.',
      confirmLabel: 'Take over',
      run: (ctl) => takeover(ctl, st.node, v),
      closed: stopFollowing,
    });
  }

  // After logging in (on the new node, normally): the job's end from the
  // old node's events, which the event query fetches over the peer channel.
  async function pollResult(ctl, p, t0) {
    stopFollow = null;
    const prefix = 'job ' + p.job + ' (takeover) ';
    let events = [];
    try {
      const q = new URLSearchParams({ node: p.node, text: prefix.trim(), limit: '20' });
      events = (await hp.api('GET', '/events?' + q.toString())).events || [];
    } catch (e) {
      if (e.status === 401) return;
      ctl.progress('Cannot read the event log: ' + e.message);
    }
    if (pending !== p) return;   // closed meanwhile
    const end = events.find((e) => e.message.startsWith(prefix + 'done') ||
      e.message.startsWith(prefix + 'failed: '));
    if (end) {
      const text = end.message.slice(prefix.length);
      showEnd(ctl, text.startsWith('done'), text.replace(/^failed: /, ''));
      return;
    }
    if (Date.now() - t0 > RESULT_WAIT_MS) {
      forget();
      ctl.result(p.node + ' has not reported the end of job ' + p.job + ' for ' +
        RESULT_WAIT_MS / 60000 + ' min: see the event log and the dashboard.', false);
      return;
    }
    const timer = window.setTimeout(() => pollResult(ctl, p, t0), RESULT_POLL_MS);
    stopFollow = () => window.clearTimeout(timer);
  }

  function resume() {
    let p = pending;
    try {
      p = p || JSON.parse(window.sessionStorage.getItem(PENDING_KEY) || 'null');
    } catch (e) {
      p = null;
    }
    if (!p || !p.job || !p.node) return;
    pending = p;
    const ctl = hp.confirmAction({
      title: 'Take over',
      text: 'The takeover you started moves the service from ' + p.from + ' to ' + p.to + '.',
      closed() {
        stopFollowing();
        // Closing it means: no need to tell me again.
        forget();
      },
    });
    ctl.progress('Waiting for ' + p.node + ' to report the end of job ' + p.job + '…');
    pollResult(ctl, p, Date.now());
  }

  hp.sessionEndNote = () => (pending ? 'The failover IP has moved to ' + pending.to +
    ' with the takeover. Each node has its own sessions: log in again to continue on ' +
    pending.to + '; the takeover\'s result is shown then.' : null);
  hp.afterLogin.push(resume);

  // -- maintenance mode ----------------------------------------------------------

  function onMaintenance() {
    const st = hp.lastStatus();
    const on = !(st && st.cluster && st.cluster.maintenance_mode);
    hp.confirmAction({
      title: on ? 'Turn maintenance mode on' : 'Turn maintenance mode off',
      text: on ? 'Pacemaker stops managing the resources: the service keeps running where ' +
        'it runs, but nothing is started, stopped or moved any more and nothing fails over, ' +
        'not even when a node fails. For work on the services; no takeover meanwhile.' :
        'Pacemaker manages the resources again: it checks them and starts, stops or moves ' +
        'them by its rules. A service stopped by hand meanwhile is started again.',
      confirmLabel: on ? 'Turn on' : 'Turn off',
      async run(ctl) {
        try {
          await hp.api('POST', '/cluster/maintenance', { on });
        } catch (e) {
          if (e.status !== 409) throw e;
          ctl.refused(e.message);
          return;
        }
        ctl.result('Maintenance mode is ' + (on ? 'on.' : 'off.'), true);
      },
    });
  }

  // -- standby -----------------------------------------------------------------

  // The node's own rule (daemon/operate.c): with the other node offline,
  // in standby too or still joining, the service would stop.
  function otherNodeAway(st, name) {
    const other = ((st.cluster && st.cluster.nodes) || []).find((n) => n.name !== name);
    return !other || !other.online || other.standby || !!other.pending;
  }

  function standbyText(st, name, on) {
    const cl = st.cluster;
    const other = (cl.nodes || []).find((n) => n.name !== name);
    const otherName = other ? other.name : 'the other node';
    if (!on) {
      return name + ' may run the service again. Nothing moves now: the service stays where ' +
        'it runs (no failback).';
    }
    const rest = ' ' + name + ' runs nothing until standby is turned off, even after a ' +
      'restart.';
    if (otherNodeAway(st, name) && other && other.online && !other.standby) {
      return otherName + ' is still joining the cluster, so it cannot run the service yet: ' +
        'with ' + name + ' in standby it stops until ' + otherName + ' has joined (a few ' +
        'seconds).' + rest;
    }
    if (otherNodeAway(st, name)) {
      return otherName + ' is offline or in standby, so no node could run the service: ' +
        'with ' + name + ' in standby too it stops.' + rest;
    }
    if (cl.active_node === name) {
      return name + ' is active: the service moves to ' + otherName + ' first (unreachable ' +
        'for a few seconds).' + rest;
    }
    return 'The service stays on ' + (cl.active_node || otherName) + ', but while ' + name +
      ' is in standby nothing can fail over to it.' + rest;
  }

  async function standby(ctl, name, on, force) {
    try {
      await hp.api('POST', '/node/standby', { node: name, on, force });
    } catch (e) {
      if (e.status === 409 && on && !force && otherNodeAway(hp.lastStatus(), name)) {
        ctl.refused(e.message, {
          confirmLabel: 'Force standby',
          warning: 'Forcing it STOPS THE SERVICE: no node runs it until a node is online and ' +
            'out of standby again.',
          typed: { label: 'Type ' + name + ' to put it in standby anyway', word: name },
          run: (c) => standby(c, name, on, true),
        });
        return;
      }
      if (e.status !== 409 && e.status !== 400) throw e;
      ctl.refused(e.message);
      return;
    }
    ctl.result(name + (on ? ' is in standby.' : ' is out of standby.'), true);
  }

  function onStandby(name, on) {
    const st = hp.lastStatus();
    if (!st || !st.cluster) return;
    hp.confirmAction({
      title: on ? 'Put ' + name + ' in standby' : 'Take ' + name + ' out of standby',
      text: standbyText(st, name, on),
      confirmLabel: on ? 'Put in standby' : 'Take out of standby',
      run: (ctl) => standby(ctl, name, on, false),
    });
  }

  // -- the dashboard's buttons ------------------------------------------------------

  hp.renderClusterActions = function (st) {
    const v = hp.takeoverVerdict(st, window.location.hostname);
    $('op-takeover-box').hidden = !v.shown;
    $('op-takeover').disabled = !v.ok;
    $('op-takeover-why').textContent = v.ok ? '' : v.why;
    const cl = st.cluster;
    $('op-maint').hidden = st.role === 'standalone' || !cl;
    $('op-maint').textContent = cl && cl.maintenance_mode ? 'Turn maintenance mode off…' :
      'Turn maintenance mode on…';
    if (hp.renderDissolve) hp.renderDissolve(st);
    if (hp.renderSplitBrain) hp.renderSplitBrain(st);
  };

  // The node card's button for action ACT, made once: the card keeps its
  // elements (ui_dashboard.js), so a button keeps its focus across refreshes.
  hp.nodeButton = function (box, act, onClick) {
    let b = box.querySelector('button[data-act="' + act + '"]');
    if (!b) {
      b = hp.el('button', null, 'secondary');
      b.type = 'button';
      b.dataset.act = act;
      b.addEventListener('click', () => onClick(b));
      box.append(b);
    }
    return b;
  };

  // A node card's buttons: Standby here, Restart and Shut down (ui_power.js).
  hp.renderNodeActions = function (box, m, st) {
    box.hidden = !(m.clustered && st.cluster);
    if (box.hidden) return;
    const b = hp.nodeButton(box, 'standby', (x) => onStandby(x.dataset.node, x.dataset.on === '1'));
    if (hp.renderPowerActions) hp.renderPowerActions(box, m, st);
    b.dataset.node = m.name;
    b.dataset.on = m.standby ? '0' : '1';
    b.textContent = (m.standby ? 'Take ' + m.name + ' out of standby…' :
      'Put ' + m.name + ' in standby…');
  };

  document.addEventListener('DOMContentLoaded', () => {
    $('op-takeover').classList.add('quiet');
    $('op-takeover').addEventListener('click', onTakeover);
    $('op-maint').addEventListener('click', onMaintenance);
  });
})(window.hapair);
