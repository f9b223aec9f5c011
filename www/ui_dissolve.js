// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: Dissolve cluster (POST /api/v1/cluster/dissolve {"keep",
// "keep_address", "shutdown", "confirm": "YES"}).
//
// Both nodes become standalone appliances again; the operator picks the
// node that runs on, whether it keeps the failover IP as its own address
// and whether the other node is shut down, reads the warnings and types
// YES.  The node refuses a dissolve that reached it through the failover
// IP (the address may be gone from under the request): the button is then
// disabled saying so, the opposite of Take over's rule (ui_operate.js).
'use strict';

(function (hp) {
  const $ = hp.$;
  const CONFIRM_WORD = 'YES';
  // The daemon's own words (DISSOLVE_WARNING, daemon/job_dissolve.h).
  const WARNING = 'Afterwards both nodes are standalone appliances with the same data. Do not ' +
    'run the mail services on both: mail queued on both would be sent twice.';

  let stopFollow = null;

  function stopFollowing() {
    if (stopFollow) stopFollow();
    stopFollow = null;
  }

  // {shown, ok, why} for status ST and the page's HOSTNAME.
  hp.dissolveVerdict = function (st, hostname) {
    if (st.role === 'standalone' || !st.failover_ip) return { shown: false };
    const v = { shown: true, ok: false, why: '' };
    if (st.job) v.why = 'job ' + st.job.id + ' (' + st.job.kind + ') is running';
    else if (hp.viaFailoverIp(st, hostname)) {
      v.why = 'Dissolving is refused through the failover IP: open a node\'s own address';
    } else v.ok = true;
    return v;
  };

  // The pair's node names, this node first, and which of them are online.
  function nodesOf(st) {
    const cl = (st.cluster && st.cluster.nodes) || [];
    if (cl.length) {
      return cl.map((n) => ({ name: n.name, online: n.online, local: n.local }))
        .sort((a, b) => (b.local ? 1 : 0) - (a.local ? 1 : 0));
    }
    const out = [{ name: st.node, online: true, local: true }];
    if (st.peer) out.push({ name: st.peer.node, online: st.peer.reachable !== false, local: false });
    return out;
  }

  // What happens with the choices C: {keep, keepAddress, shutdown}.
  function describe(c, names, vip) {
    if (!c.keep) {
      return 'Choose the node that runs on as a standalone appliance with the data. The other ' +
        'node is shut down unless you choose otherwise.';
    }
    const other = names.find((n) => n !== c.keep) || 'the other node';
    let t = c.keep + ' runs on as a standalone appliance and starts the services itself';
    t += c.keepAddress ? ', with the failover IP ' + vip + ' as its own address (also after ' +
      'a reboot): mail servers and firewalls that use ' + vip + ' keep working unchanged.' :
      '. Nobody answers the failover IP ' + vip + ' any more: mail servers and firewalls that ' +
      'use it must be pointed at ' + c.keep + '\'s own address.';
    t += c.shutdown ? ' ' + other + ' is shut down.' : ' ' + other + ' keeps running, ' +
      'standalone, without the failover IP.';
    return t;
  }

  function choice(type, name, id, label) {
    const row = hp.el('div', null, 'choice');
    const input = hp.el('input');
    input.type = type;
    input.name = name;
    input.id = id;
    const l = hp.el('label', label);
    l.htmlFor = id;
    row.append(input, l);
    return { row, input };
  }

  async function dissolve(ctl, st, c) {
    let res;
    try {
      res = await hp.api('POST', '/cluster/dissolve', { keep: c.keep, keep_address: c.keepAddress,
        shutdown: c.shutdown, confirm: CONFIRM_WORD });
    } catch (e) {
      if (e.status !== 400 && e.status !== 403 && e.status !== 409) throw e;
      ctl.refused(e.message);
      return;
    }
    stopFollow = hp.followJobInDialog(ctl, res.job, {
      node: st.node,
      done: (j) => 'The cluster is dissolved (' + j.result + '): ' + c.keep + ' runs on as a ' +
        'standalone appliance' + (c.keepAddress ? ' with the failover IP as its address.' : '.'),
      failed: (j) => 'Dissolving the cluster failed: ' + j.error,
    });
  }

  function onDissolve() {
    const st = hp.lastStatus();
    const v = st && hp.dissolveVerdict(st, window.location.hostname);
    if (!v || !v.ok) return;
    const nodes = nodesOf(st);
    const names = nodes.map((n) => n.name);
    const vip = st.failover_ip.replace(/\/\d+$/, '');
    const c = { keep: null, keepAddress: false, shutdown: true };
    hp.confirmAction({
      title: 'Dissolve cluster',
      text: describe(c, names, vip),
      warning: WARNING,
      options(box, ctl) {
        const changed = () => {
          ctl.text(describe(c, names, vip));
          ctl.update();
        };
        const keep = hp.el('fieldset', null, 'choices');
        keep.append(hp.el('legend', 'Node to keep (it runs on with the data)'));
        for (const n of nodes) {
          const r = choice('radio', 'dissolve-keep', 'dissolve-keep-' + n.name, n.name +
            (n.local ? ' (this node)' : '') + (n.online ? '' : ' (offline)'));
          // With the peer offline only this node can be kept (it
          // dissolves alone; the peer follows when it returns).
          r.input.disabled = !n.online;
          r.input.value = n.name;
          r.input.addEventListener('change', () => {
            c.keep = r.input.value;
            changed();
          });
          keep.append(r.row);
        }
        const more = hp.el('fieldset', null, 'choices');
        more.append(hp.el('legend', 'Afterwards'));
        const addr = choice('checkbox', 'dissolve-address', 'dissolve-address',
          'Keep the failover IP ' + vip + ' as the kept node\'s own address');
        addr.input.addEventListener('change', () => {
          c.keepAddress = addr.input.checked;
          changed();
        });
        const down = choice('checkbox', 'dissolve-no-shutdown', 'dissolve-no-shutdown',
          'Don\'t shut down the other node');
        down.input.addEventListener('change', () => {
          c.shutdown = !down.input.checked;
          changed();
        });
        more.append(addr.row, down.row);
        box.append(keep, more);
      },
      ready: () => c.keep !== null,
      typed: { label: 'Type YES to dissolve the cluster', word: CONFIRM_WORD },
      confirmLabel: 'Dissolve cluster',
      run: (ctl) => dissolve(ctl, st, c),
      closed: stopFollowing,
    });
  }

  hp.renderDissolve = function (st) {
    const v = hp.dissolveVerdict(st, window.location.hostname);
    $('op-dissolve-box').hidden = !v.shown;
    $('op-dissolve').disabled = !v.ok;
    $('op-dissolve-why').textContent = v.ok ? '' : v.why;
  };

  document.addEventListener('DOMContentLoaded', () => {
    $('op-dissolve').classList.add('quiet');
    $('op-dissolve').addEventListener('click', onDissolve);
  });
})(window.hapair);
