// SPDX-License-Identifier: GPL-2.0-or-later
// operate.mjs: Take over, maintenance mode and standby through the web UI
// (a part of ui-netns.mjs, run on a fresh cluster: node1 active, node2
// passive).  P1 is a page on node1's own address, P3 a page opened
// through the failover IP, as the takeover rule wants.
import {
  PASSWORD, VIP_URL, ok, notOk, eventually, screenshot, text, clusterText, nodeCard, stateIs,
  login,
} from './lib.mjs';

const takeoverButton = (page) => page.getByRole('button', { name: 'Take over…' });
// What the page says beside Take over: the button's accessible description,
// so the reason is tied to the button for a screen reader too.
const takeoverWhy = (page) => takeoverButton(page).evaluate((b) =>
  (document.getElementById(b.getAttribute('aria-describedby')) || {}).textContent);
const dialog = (page, name) => page.getByRole('dialog', { name });
// Polled reads give up after 1 s: the condition is polled again anyway.
const QUICK = { timeout: 1000 };
const result = (dlg) => dlg.getByRole('status', { name: 'Result' }).textContent(QUICK);

async function takeoverDisabledBecause(page, want) {
  const b = takeoverButton(page);
  const why = await takeoverWhy(page);
  return await b.isVisible() && await b.isDisabled() && why === want ? true :
    `visible ${await b.isVisible()}, disabled ${await b.isDisabled()}: "${why}"`;
}

async function takeoverEnabled(page) {
  const b = takeoverButton(page);
  const why = await takeoverWhy(page);
  return await b.isVisible() && await b.isEnabled() && why === '' ? true :
    `visible ${await b.isVisible()}, enabled ${await b.isEnabled()}: "${why}"`;
}

// Opens the confirmation with BUTTON, checks it says SAYS, confirms with
// CONFIRM and waits for RESULT; then closes it.
async function confirmed(page, name, button, says, confirm, want) {
  await button.click();
  const dlg = dialog(page, name);
  const t = await text(dlg);
  if (t.includes(says)) ok(`the "${name}" dialog explains: ${says}`);
  else notOk(`the "${name}" dialog explains: ${says}`, t);
  await dlg.getByRole('button', { name: confirm, exact: true }).click();
  await eventually(`"${name}" confirmed: ${want}`, 30000, async () => {
    const r = await result(dlg);
    return r === want ? true : `${r} / ${await dlg.getByRole('alert').textContent(QUICK)}`;
  });
  await dlg.getByRole('button', { name: 'Close' }).click();
}

async function takeover(p1, p3) {
  await eventually(`through node1's own address Take over is disabled: "Open ${VIP_URL} to take over"`,
    60000, async () => takeoverDisabledBecause(p1, `Open ${VIP_URL} to take over`));
  await screenshot(p1, 'takeover-own-address');
  await login(p3, VIP_URL);
  await eventually('through the failover IP (node1 answers) Take over is enabled, no reason beside it',
    20000, async () => {
      const t = await nodeCard(p3, 'node1').textContent();
      if (!t.includes('node1 (this node)')) return t;
      return takeoverEnabled(p3);
    });
  await screenshot(p3, 'takeover-enabled');

  await takeoverButton(p3).click();
  const dlg = dialog(p3, 'Take over');
  await eventually('the Take over dialog says who becomes active and that a new login follows', 5000,
    async () => {
      const t = await text(dlg);
      return t.includes('node2 becomes the active node and node1 the passive one') &&
        t.includes('you are asked to log in again') ? true : t;
    });
  await screenshot(p3, 'takeover-confirm');
  await dlg.getByRole('button', { name: 'Take over', exact: true }).click();
  // The failover IP moves to node2, which knows no session of node1's.
  await eventually('the failover IP moves to node2: the page asks to log in again there, saying why',
    120000, async () => {
      const t = await p3.locator('#login-error').textContent(QUICK);
      return await p3.getByLabel('Admin password', { exact: true }).isVisible() &&
        t.includes('log in again to continue on node2') ? true : t;
    });
  await screenshot(p3, 'takeover-login-again');
  await p3.getByLabel('Admin password', { exact: true }).fill(PASSWORD);
  await p3.getByRole('button', { name: 'Log in' }).click();
  await eventually('logged in again through the failover IP: node2 answers, active, holding it', 30000,
    async () => {
      const card = await nodeCard(p3, 'node2').textContent();
      const t = await clusterText(p3);
      return card.includes('node2 (this node)') && t.includes('Active node node2') &&
        t.includes('Failover IP held by node2') ? true : `${card} / ${t}`;
    });
  await eventually('the dialog shows the takeover\'s result from node1: done, node2 active, the gap',
    60000, async () => {
      const r = await result(dialog(p3, 'Take over'));
      return /^Takeover done in [\d.]+ s; node2 is active, node1 passive; the service was unreachable for about [\d.]+ s$/
        .test(r) ? true : r;
    });
  await screenshot(p3, 'takeover-result');
  await dialog(p3, 'Take over').getByRole('button', { name: 'Close' }).click();
  await eventually('node1\'s own page shows the roles swapped: node2 active, node1 passive', 20000,
    async () => {
      const t = await clusterText(p1);
      const card = await nodeCard(p1, 'node1').textContent();
      return t.includes('Active node node2') && card.includes('Rolepassive') ? true : `${t} / ${card}`;
    });
}

async function maintenance(p3) {
  await confirmed(p3, 'Turn maintenance mode on', p3.getByRole('button', { name: 'Turn maintenance mode on…' }),
    'nothing fails over', 'Turn on', 'Maintenance mode is on.');
  await eventually('maintenance on: the dashboard says so, Take over disabled: "maintenance mode is on"',
    20000, async () => {
      const banner = await p3.getByRole('status').filter({ hasText: 'Maintenance mode is on' }).count();
      const t = await clusterText(p3);
      if (banner !== 1 || !t.includes('Maintenance mode on')) return `banner ${banner}: ${t}`;
      return takeoverDisabledBecause(p3, 'maintenance mode is on');
    });
  await screenshot(p3, 'maintenance-on');
  await confirmed(p3, 'Turn maintenance mode off', p3.getByRole('button', { name: 'Turn maintenance mode off…' }),
    'manages the resources again', 'Turn off', 'Maintenance mode is off.');
  await eventually('maintenance off: no banner, Take over enabled again', 20000, async () => {
    const banner = await p3.getByRole('status').filter({ hasText: 'Maintenance mode is on' }).count();
    const t = await clusterText(p3);
    if (banner !== 0 || !t.includes('Maintenance mode off')) return `banner ${banner}: ${t}`;
    return takeoverEnabled(p3);
  });
}

async function standby(p3) {
  await confirmed(p3, 'Put node1 in standby',
    nodeCard(p3, 'node1').getByRole('button', { name: 'Put node1 in standby…' }),
    'The service stays on node2', 'Put in standby', 'node1 is in standby.');
  await eventually('node1 in standby: its card says so (yellow), Take over disabled: "node1 is in standby"',
    20000, async () => {
      const s = await stateIs(p3, 'node1', 'degraded');
      if (s !== true) return s;
      const card = nodeCard(p3, 'node1');
      if (!(await card.textContent()).includes('in standby')) return await card.textContent();
      if (await card.getByRole('button', { name: 'Take node1 out of standby…' }).count() !== 1) {
        return 'no "Take node1 out of standby…" button';
      }
      return takeoverDisabledBecause(p3, 'node1 is in standby');
    });
  await screenshot(p3, 'standby-node1');

  // node2 too would stop the service: refused, and forcing it wants the name.
  await nodeCard(p3, 'node2').getByRole('button', { name: 'Put node2 in standby…' }).click();
  const dlg = dialog(p3, 'Put node2 in standby');
  const says = await text(dlg);
  if (says.includes('with node2 in standby too it stops')) ok('the dialog for node2 says the service would stop');
  else notOk('the dialog for node2 says the service would stop', says);
  await dlg.getByRole('button', { name: 'Put in standby', exact: true }).click();
  await eventually('standby of node2 as well is refused with the reason, and forcing it wants "node2" typed',
    20000, async () => {
      const why = await dlg.getByRole('alert').textContent();
      if (!why.includes('the service would stop')) return why;
      const force = dlg.getByRole('button', { name: 'Force standby' });
      await dlg.getByLabel('Type node2 to put it in standby anyway').fill('node');
      if (!(await force.isDisabled())) return 'Force standby enabled with "node" typed';
      return true;
    });
  await screenshot(p3, 'standby-refused-force');
  await dlg.getByRole('button', { name: 'Cancel' }).click();
  await eventually('not forced: node2 stays active, online, not in standby', 10000, async () => {
    const s = await stateIs(p3, 'node2', 'online');
    if (s !== true) return s;
    const card = nodeCard(p3, 'node2');
    const t = await card.textContent();
    return t.includes('Roleactive') &&
      await card.getByRole('button', { name: 'Put node2 in standby…' }).count() === 1 ? true : t;
  });

  await confirmed(p3, 'Take node1 out of standby',
    nodeCard(p3, 'node1').getByRole('button', { name: 'Take node1 out of standby…' }),
    'Nothing moves now', 'Take out of standby', 'node1 is out of standby.');
  await eventually('node1 out of standby: online (green) again, Take over enabled', 20000, async () => {
    const s = await stateIs(p3, 'node1', 'online');
    if (s !== true) return s;
    return takeoverEnabled(p3);
  });
}

export async function operate(p1, p3) {
  await takeover(p1, p3);
  await maintenance(p3);
  await standby(p3);
}
