// SPDX-License-Identifier: GPL-2.0-or-later
// cluster_ops.mjs: Restart and Dissolve through the web UI (a part of
// ui-netns.mjs, run at its end on a cluster with node1 active and node2
// passive).  P1 is a page on node1's own address, P3 the operator who
// opens the failover IP.
import {
  PASSWORD, VIP, VIP_URL, ok, notOk, sleep, eventually, screenshot, text, clusterText, nodeCard,
  stateIs,
} from './lib.mjs';

const dialog = (page, name) => page.getByRole('dialog', { name });
const QUICK = { timeout: 1000 };
const result = (dlg) => dlg.getByRole('status', { name: 'Result' }).textContent(QUICK);
const VIP_ADDR = VIP.replace(/\/\d+$/, '');

// The reason beside a disabled button: its accessible description.
const describedBy = (button) => button.evaluate((b) =>
  (document.getElementById(b.getAttribute('aria-describedby')) || {}).textContent);

// Logged in on PAGE at URL, whether its session still holds or not.
async function loggedIn(page, url) {
  await page.goto(url);
  const pw = page.getByLabel('Admin password', { exact: true });
  const dash = page.getByRole('heading', { name: 'Dashboard' });
  // Both are hidden until the page has asked the node for its session.
  const t0 = Date.now();
  while (!(await pw.isVisible()) && !(await dash.isVisible())) {
    if (Date.now() - t0 > 15000) throw new Error(`${url} shows neither the login nor the dashboard`);
    await sleep(200);
  }
  if (await pw.isVisible()) {
    await pw.fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await dash.waitFor({ timeout: 10000 });
  }
}

// The standby the last-node refusal needs, through the card's button.
async function standby(page, name, on) {
  const label = on ? `Put ${name} in standby…` : `Take ${name} out of standby…`;
  await nodeCard(page, name).getByRole('button', { name: label }).click();
  const dlg = dialog(page, on ? `Put ${name} in standby` : `Take ${name} out of standby`);
  await dlg.getByRole('button', { name: on ? 'Put in standby' : 'Take out of standby', exact: true })
    .click();
  const want = `${name} ${on ? 'is in standby.' : 'is out of standby.'}`;
  const done = await eventually(`${name} ${on ? 'in standby' : 'out of standby'} (for the refusal)`,
    30000, async () => (await result(dlg)) === want || await result(dlg));
  await dlg.getByRole('button', { name: 'Close' }).click();
  // The status follows the CIB by a poll: what the page and the node
  // decide from must show it before the next step relies on it.
  return done && eventually(`${name}'s card shows it ${on ? 'in' : 'out of'} standby`, 30000,
    async () => {
      // The button offers the way back once the page's status has it.
      const back = on ? `Take ${name} out of standby…` : `Put ${name} in standby…`;
      return await nodeCard(page, name).getByRole('button', { name: back }).count() === 1 ||
        await nodeCard(page, name).textContent();
    });
}

// node2 in standby: restarting node1, the last node holding the service,
// is refused with the node's reason; only then is forcing offered, and it
// wants node1's name typed.  Not forced.
async function lastNodeRefused(p1) {
  if (!await standby(p1, 'node2', true)) return;
  const restart = nodeCard(p1, 'node1').getByRole('button', { name: 'Restart node1…' });
  await restart.click();
  const dlg = dialog(p1, 'Restart node1');
  const t = await text(dlg);
  const forceBefore = await dlg.getByRole('button', { name: 'Restart anyway' }).count();
  if (t.includes('node1 is the last node holding the service') && forceBefore === 0) {
    ok('Restart node1 with node2 in standby: the dialog says node1 is the last node holding the service, no force yet');
  } else {
    // Confirming now could restart node1 for real: not without the refusal.
    notOk('Restart node1 with node2 in standby: the dialog says so, no force yet', `${t} / force ${forceBefore}`);
    await dlg.getByRole('button', { name: 'Cancel' }).click();
    await standby(p1, 'node2', false);
    return;
  }
  await dlg.getByRole('button', { name: 'Restart', exact: true }).click();
  await eventually('node1 refuses with its reason; only then "Restart anyway" is offered, wanting "node1" typed',
    20000, async () => {
      const why = await dlg.getByRole('alert').textContent(QUICK);
      if (!why.includes('is the last node holding the service')) return why;
      const force = dlg.getByRole('button', { name: 'Restart anyway' });
      if (!(await force.isVisible())) return 'no "Restart anyway"';
      const typed = dlg.getByLabel('Type node1 to restart it anyway');
      await typed.fill('node2');
      if (!(await force.isDisabled())) return '"Restart anyway" enabled with "node2" typed';
      await typed.fill('node1');
      return await force.isEnabled() || '"Restart anyway" disabled with "node1" typed';
    });
  await screenshot(p1, 'restart-last-node-refused');
  await dlg.getByRole('button', { name: 'Cancel' }).click();
  await standby(p1, 'node2', false);
  await eventually('not forced: node1 still active and online', 10000, async () => {
    const s = await stateIs(p1, 'node1', 'online');
    if (s !== true) return s;
    const c = await clusterText(p1);
    return c.includes('Active node node1') || c;
  });
}

// Restart the passive node2 from its card: red while it is away, then
// green again; the dialog follows the job.
async function restart(p1) {
  await eventually('node2\'s card has Restart and Shut down buttons, enabled', 30000, async () => {
    const card = nodeCard(p1, 'node2');
    const r = card.getByRole('button', { name: 'Restart node2…' });
    const s = card.getByRole('button', { name: 'Shut down node2…' });
    return await r.isEnabled() && await s.isEnabled() || 'disabled or missing';
  });
  await nodeCard(p1, 'node2').getByRole('button', { name: 'Restart node2…' }).click();
  const dlg = dialog(p1, 'Restart node2');
  const t = await text(dlg);
  if (t.includes('the service stays on node1') && t.includes('node2 restarts and rejoins the cluster as the passive node')) {
    ok('the Restart node2 dialog says the service stays on node1 and node2 rejoins as passive');
  } else notOk('the Restart node2 dialog says the service stays on node1 and node2 rejoins as passive', t);
  await screenshot(p1, 'restart-confirm');
  await dlg.getByRole('button', { name: 'Restart', exact: true }).click();
  let sawStep = false;
  const watchSteps = async () => {
    const s = await dlg.getByRole('status', { name: 'Progress' }).textContent(QUICK).catch(() => '');
    if (/node-power: step \d+\/\d+/.test(s)) sawStep = true;
  };
  await eventually('Restart node2: node2 goes offline (red) on node1\'s page', 90000, async () => {
    await watchSteps();
    return stateIs(p1, 'node2', 'offline');
  });
  await screenshot(p1, 'restart-node2-away');
  await eventually('the dialog follows the job to its end: "Restart of node2: done in …"', 90000, async () => {
    await watchSteps();
    const r = await result(dlg);
    if (r.includes('failed')) throw new Error(r);
    return /^Restart of node2: done in [\d.]+ s\. node2 restarts/.test(r) || r;
  });
  if (sawStep) ok('the restart job\'s steps were shown while it ran');
  else notOk('the restart job\'s steps were shown while it ran', 'no "node-power: step N/M" seen');
  await dlg.getByRole('button', { name: 'Close' }).click();
  await eventually('node2 is back: online (green) and passive on node1\'s page', 180000, async () => {
    const s = await stateIs(p1, 'node2', 'online');
    if (s !== true) return s;
    const card = await nodeCard(p1, 'node2').textContent();
    return card.includes('Rolepassive') || card;
  });
  await screenshot(p1, 'restart-node2-back');
}

// Dissolve: refused through the failover IP (the button and the node),
// done through node1's own address keeping node1 with the failover IP.
async function dissolve(p1, p3) {
  await loggedIn(p3, VIP_URL);
  const why = 'Dissolving is refused through the failover IP: open a node\'s own address';
  await eventually(`through the failover IP Dissolve is disabled: "${why}"`, 30000, async () => {
    const card = await nodeCard(p3, 'node1').textContent();
    if (!card.includes('node1 (this node)')) return card;
    const b = p3.getByRole('button', { name: 'Dissolve cluster…' });
    const w = await describedBy(b);
    return await b.isVisible() && await b.isDisabled() && w === why || `disabled ${await b.isDisabled()}: "${w}"`;
  });
  await screenshot(p3, 'dissolve-failover-ip');
  // The node's own rule, whatever the page shows: 403, nothing changed.
  const r = await p3.evaluate(() => window.hapair.api('POST', '/cluster/dissolve',
    { keep: 'node1', keep_address: false, shutdown: false, confirm: 'YES' })
    .then(() => 'accepted', (e) => `${e.status} ${e.message}`));
  if (r.startsWith('403 ')) ok('node1 refuses a dissolve through the failover IP (403)');
  else notOk('node1 refuses a dissolve through the failover IP (403)', r);

  const button = p1.getByRole('button', { name: 'Dissolve cluster…' });
  await eventually('through node1\'s own address Dissolve is enabled, no reason beside it', 20000,
    async () => await button.isEnabled() && await describedBy(button) === '' ||
      `enabled ${await button.isEnabled()}: "${await describedBy(button)}"`);
  await button.click();
  const dlg = dialog(p1, 'Dissolve cluster');
  const confirm = dlg.getByRole('button', { name: 'Dissolve cluster', exact: true });
  const t0 = await text(dlg);
  if (t0.includes('mail queued on both would be sent twice') && t0.includes('The other node is shut down unless')) {
    ok('the Dissolve dialog warns of mail sent twice and that the other node is shut down');
  } else notOk('the Dissolve dialog warns of mail sent twice and that the other node is shut down', t0);
  await dlg.getByLabel('Type YES to dissolve the cluster').fill('YES');
  if (await confirm.isDisabled()) ok('YES typed but no node chosen: Dissolve cluster stays disabled');
  else notOk('YES typed but no node chosen: Dissolve cluster stays disabled', 'enabled');
  await dlg.getByRole('radio', { name: 'node1' }).check();
  await dlg.getByLabel('Keep the failover IP').check();
  const t1 = await text(dlg);
  if (t1.includes(`with the failover IP ${VIP_ADDR} as its own address`) &&
      t1.includes('keep working unchanged') && t1.includes('node2 is shut down')) {
    ok('keeping node1 with the failover IP: the dialog says mail servers keep working and node2 is shut down');
  } else notOk('keeping node1 with the failover IP: the dialog says mail servers keep working and node2 is shut down', t1);
  await dlg.getByLabel('Type YES to dissolve the cluster').fill('yes');
  if (await confirm.isDisabled()) ok('"yes" in lower case leaves Dissolve cluster disabled');
  else notOk('"yes" in lower case leaves Dissolve cluster disabled', 'enabled');
  await dlg.getByLabel('Type YES to dissolve the cluster').fill('YES');
  if (await confirm.isEnabled()) ok('node1 chosen and YES typed: Dissolve cluster enabled');
  else notOk('node1 chosen and YES typed: Dissolve cluster enabled', 'disabled');
  await screenshot(p1, 'dissolve-confirm');
  await confirm.click();
  let sawStep = false;
  await eventually('the dialog follows the dissolve job to its end: dissolved, node1 runs on with the failover IP',
    300000, async () => {
      const s = await dlg.getByRole('status', { name: 'Progress' }).textContent(QUICK).catch(() => '');
      if (/dissolve: step \d+\/\d+/.test(s)) sawStep = true;
      const res = await result(dlg);
      if (res.startsWith('Dissolving the cluster failed')) throw new Error(res);
      return /^The cluster is dissolved \(done in [\d.]+ s\): node1 runs on as a standalone appliance with the failover IP as its address\.$/
        .test(res) || `${s} / ${res}`;
    });
  if (sawStep) ok('the dissolve job\'s steps were shown while it ran');
  else notOk('the dissolve job\'s steps were shown while it ran', 'no "dissolve: step N/M" seen');
  await screenshot(p1, 'dissolve-done');
  await dlg.getByRole('button', { name: 'Close' }).click();
  await eventually('node1\'s dashboard: standalone, Create cluster offered, no Dissolve', 60000, async () => {
    const c = await clusterText(p1);
    const create = await p1.getByRole('button', { name: 'Create cluster…' }).isVisible();
    const diss = await p1.getByRole('button', { name: 'Dissolve cluster…' }).isVisible();
    return c.includes('standalone appliance') && create && !diss || `${c}; create ${create}, dissolve ${diss}`;
  });
  await screenshot(p1, 'dissolve-standalone');
  // The failover IP is node1's own address now: the page through it is node1's.
  await loggedIn(p3, VIP_URL);
  await eventually(`${VIP_URL} is node1's own address now: its page shows node1, standalone`, 30000,
    async () => {
      const card = await nodeCard(p3, 'node1').textContent();
      const c = await clusterText(p3);
      return card.includes('node1 (this node)') && c.includes('standalone appliance') || `${card} / ${c}`;
    });
}

export async function clusterOps(p1, p3) {
  await lastNodeRefused(p1);
  await restart(p1);
  await dissolve(p1, p3);
}
