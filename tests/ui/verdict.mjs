// SPDX-License-Identifier: GPL-2.0-or-later
// verdict.mjs: the web UI's Take over rule (hp.takeoverVerdict in
// www/ui_operate.js) and Dissolve's (hp.dissolveVerdict, www/ui_dissolve.js)
// from status documents, including what the netns lab
// cannot show (a DRBD resync, IPv6), and the dashboard's failover budget
// lines (hp.budgetText, www/ui_dashboard.js: hapairctl status's words).
// The page's own files run here in a
// bare context with just the names it touches at load; run by
// tests/ui-verdict.test.  Prints "ok - NAME" / "not ok - NAME".
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const www = process.argv[2];
const hp = { afterLogin: [], pages: {} };
const win = { hapair: hp, location: { hostname: '' }, sessionStorage: null };
const context = vm.createContext({ window: win, document: { addEventListener() {} }, URL,
  URLSearchParams });
for (const f of ['ui_operate.js', 'ui_dissolve.js', 'ui_dashboard.js']) {
  vm.runInContext(readFileSync(`${www}/${f}`, 'utf8'), context);
}

let failed = 0;
function is(name, got, want) {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g === w) console.log(`ok - ${name}`);
  else {
    failed++;
    console.log(`not ok - ${name}`);
    console.log(`# got ${g}, want ${w}`);
  }
}

const node = (name, local, extra) => Object.assign({ name, local, online: true, standby: false }, extra);
// A healthy pair seen from node1, the active node; CHANGE alters it.
function status(change) {
  const st = {
    node: 'node1', role: 'active', failover_ip: '10.98.0.10/24', job: null, drbd: null,
    cluster: { nodes: [node('node1', true), node('node2', false)], active_node: 'node1',
      maintenance_mode: false },
  };
  if (change) change(st);
  return st;
}
const VIP = '10.98.0.10';
const why = (st, host) => hp.takeoverVerdict(st, host).why;

is('healthy, through the failover IP: allowed, node1 to node2',
  hp.takeoverVerdict(status(), VIP), { shown: true, ok: true, why: '', from: 'node1', to: 'node2' });
is('healthy, through node1\'s own address: "Open https://10.98.0.10/ to take over"',
  why(status(), '10.98.0.11'), 'Open https://10.98.0.10/ to take over');
is('a standalone node shows no Take over',
  hp.takeoverVerdict(status((s) => { s.role = 'standalone'; s.failover_ip = null; }), VIP), { shown: false });
is('the peer offline: "node2 is offline"',
  why(status((s) => { s.cluster.nodes[1].online = false; }), VIP), 'node2 is offline');
is('a job running: "job 3 (create) is running"',
  why(status((s) => { s.job = { id: 3, kind: 'create' }; }), VIP), 'job 3 (create) is running');
is('maintenance mode: "maintenance mode is on"',
  why(status((s) => { s.cluster.maintenance_mode = true; }), VIP), 'maintenance mode is on');
is('the passive node in standby: "node2 is in standby"',
  why(status((s) => { s.cluster.nodes[1].standby = true; }), VIP), 'node2 is in standby');
is('the passive node still joining (Pacemaker\'s join pending): "node2 is still joining the cluster"',
  why(status((s) => { s.cluster.nodes[1].pending = true; }), VIP), 'node2 is still joining the cluster');
is('the passive node joining and in standby: the standby is the reason',
  why(status((s) => { Object.assign(s.cluster.nodes[1], { pending: true, standby: true }); }), VIP),
  'node2 is in standby');
{
  const cards = hp.nodeModel(status((s) => { Object.assign(s.cluster.nodes[1], { pending: true, links: [] }); }));
  const n2 = cards.find((c) => c.name === 'node2');
  is('a joining node\'s card: degraded, "joining the cluster", not in standby',
    { state: n2.state, reasons: n2.reasons, standby: n2.standby },
    { state: 'degraded', reasons: ['joining the cluster'], standby: false });
}
is('the cluster stack down here: says so',
  why(status((s) => { s.cluster = null; }), VIP), 'the cluster stack does not run on node1');
is('no active node: "the service runs on no node"',
  why(status((s) => { s.cluster.active_node = null; }), VIP), 'the service runs on no node');
const syncing = (s) => {
  s.drbd = { disk: 'UpToDate', peer_disk: 'Inconsistent', sync_percent: 42.7, rate_kib_s: 1024,
    out_of_sync_kib: 180 * 1024 };
};
is('the peer resyncing: "sync 42 % done, about 3 min left", even through the failover IP',
  why(status(syncing), VIP), 'sync 42 % done, about 3 min left');
is('the peer\'s data Outdated, no sync: says so',
  why(status((s) => { s.drbd = { disk: 'UpToDate', peer_disk: 'Outdated', sync_percent: null }; }), VIP),
  'node2\'s data is Outdated and no sync is running');
is('DRBD UpToDate on both: allowed',
  hp.takeoverVerdict(status((s) => { s.drbd = { disk: 'UpToDate', peer_disk: 'UpToDate', sync_percent: null }; }), VIP).ok,
  true);
is('seen from node2 (passive, the target): its own disk counts',
  why(status((s) => {
    s.node = 'node2';
    s.cluster.nodes = [node('node1', false), node('node2', true)];
    s.drbd = { disk: 'Inconsistent', peer_disk: 'UpToDate', sync_percent: 99.5, rate_kib_s: 0 };
  }), VIP), 'sync 99 % done');
is('an IPv6 failover IP matches the browser\'s [bracketed] host name',
  hp.takeoverVerdict(status((s) => { s.failover_ip = 'fd00:0::a/64'; }), '[fd00::a]').ok, true);
is('an IPv6 failover IP: the reason names its URL',
  why(status((s) => { s.failover_ip = 'fd00::a/64'; }), '[fd00::b]'), 'Open https://[fd00::a]/ to take over');

// Dissolve: the opposite address rule (refused through the failover IP).
is('dissolve through node1\'s own address: allowed',
  hp.dissolveVerdict(status(), '10.98.0.11'), { shown: true, ok: true, why: '' });
is('dissolve through the failover IP: disabled saying why',
  hp.dissolveVerdict(status(), VIP).why,
  'Dissolving is refused through the failover IP: open a node\'s own address');
is('dissolve while a job runs: "job 3 (create) is running"',
  hp.dissolveVerdict(status((s) => { s.job = { id: 3, kind: 'create' }; }), '10.98.0.11').why,
  'job 3 (create) is running');
is('dissolve with the peer offline: allowed (only this node can be kept)',
  hp.dissolveVerdict(status((s) => { s.cluster.nodes[1].online = false; }), '10.98.0.11').ok, true);
is('a standalone node shows no Dissolve',
  hp.dissolveVerdict(status((s) => { s.role = 'standalone'; s.failover_ip = null; }), '10.98.0.11'),
  { shown: false });

// The failover budget: the same sentences as hapairctl status
// (tests/unit/test_budget.c pins the C side from the same document).
const gateBudget = {
  crash_ms: 2050, worst_ms: 12300,
  parts: { detection_ms: 500, priority_delay_ms: 0, gate_ms: 50, listen_ms: 250,
    tiebreak_ms: 10000, fence_ms: 500, start_ms: 1000 },
  tiebreak_on_crash: false, error: null,
  last_failover_ms: 1400, last_failover_at: '2026-12-07T04:12:03Z', last_failover_lost: 'node2',
};
is('budget: a gate pair with its last failover, in hapairctl\'s words',
  hp.budgetText(gateBudget), {
    budget: '2.1 s after a crash (detection 0.5, gate 0.1, fence 0.5, start 1.0), 12.3 s at ' +
      'worst (a lost node still answering: +0.3 listening, +10.0 tie-break)',
    last: '1.4 s from node2\'s loss seen to the service here (2026-12-07 04:12:03 UTC)',
  });
is('budget: a gate without ping targets pays the tie-break after a crash, says why, and ' +
  'only the listening at worst (test_budget, the same document)',
  hp.budgetText(Object.assign({}, gateBudget, { crash_ms: 12050, tiebreak_on_crash: true }))
    .budget,
  '12.1 s after a crash (detection 0.5, gate 0.1, tie-break 10.0, fence 0.5, start 1.0; ' +
  'the gate has no ping targets: it waits its tie-break after a crash too), 12.3 s at worst ' +
  '(a lost node still answering: +0.3 listening)');
is('budget: an older pair pays priority-fencing-delay after a crash, none recorded',
  hp.budgetText({
    crash_ms: 13700, worst_ms: 13700,
    parts: { detection_ms: 2200, priority_delay_ms: 10000, gate_ms: 0, listen_ms: 0,
      tiebreak_ms: 0, fence_ms: 500, start_ms: 1000 },
    tiebreak_on_crash: false, error: null,
    last_failover_ms: null, last_failover_at: null, last_failover_lost: null,
  }),
  { budget: '13.7 s after a crash (detection 2.2, priority-fencing-delay 10.0, fence 0.5, ' +
    'start 1.0), the same at worst', last: 'none recorded' });
is('budget: no fencing says so',
  hp.budgetText(Object.assign({}, gateBudget, { crash_ms: 3200, worst_ms: 3200,
    parts: { detection_ms: 2200, priority_delay_ms: 0, gate_ms: 0, listen_ms: 0, tiebreak_ms: 0,
      fence_ms: 0, start_ms: 1000 } })).budget,
  '3.2 s after a crash (detection 2.2, start 1.0; no fencing), the same at worst');
is('budget: settings unknown shows the reason, the last failover stays',
  hp.budgetText(Object.assign({}, gateBudget, { crash_ms: null, worst_ms: null, parts: null,
    tiebreak_on_crash: null, error: 'the cluster stack does not run on this node: its ' +
    'settings cannot be read here' })),
  { budget: 'unknown: the cluster stack does not run on this node: its settings cannot be ' +
    'read here',
  last: '1.4 s from node2\'s loss seen to the service here (2026-12-07 04:12:03 UTC)' });
is('budget: standalone (null) shows dashes', hp.budgetText(null), { budget: '–', last: '–' });
is('budget: halves round up as hapairctl rounds them (test_budget, the same document)',
  hp.budgetText({
    crash_ms: 3250, worst_ms: 3250,
    parts: { detection_ms: 1250, priority_delay_ms: 0, gate_ms: 0, listen_ms: 0, tiebreak_ms: 0,
      fence_ms: 1049, start_ms: 951 },
    tiebreak_on_crash: false, error: null,
    last_failover_ms: null, last_failover_at: null, last_failover_lost: null,
  }).budget,
  '3.3 s after a crash (detection 1.3, fence 1.0, start 1.0), the same at worst');

process.exit(failed ? 1 : 0);
