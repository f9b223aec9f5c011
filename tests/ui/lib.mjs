// SPDX-License-Identifier: GPL-2.0-or-later
// lib.mjs: what the UI test's parts share (ui-netns.mjs, operate.mjs): the
// lab's addresses from the environment, TAP-style points, polling for a
// condition, screenshots, and the dashboard read by role and name.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const env = (k) => {
  if (!process.env[k]) throw new Error(`${k} is not set`);
  return process.env[k];
};
export const LAB = env('HAPAIR_UI_LAB');
export const PASSWORD = env('HAPAIR_LAB_PASSWORD');
export const SCREENS = env('HAPAIR_UI_SCREENS');
export const NODE1 = `https://${env('HAPAIR_UI_NODE1')}/`;
export const NODE2 = `https://${env('HAPAIR_UI_NODE2')}/`;
export const VIP = env('HAPAIR_UI_VIP');                    // "10.98.0.10/24"
export const VIP_URL = `https://${VIP.replace(/\/\d+$/, '')}/`;

let failed = 0;
export const failures = () => failed;
export const ok = (name) => console.log(`ok - ${name}`);
export const notOk = (name, why) => {
  failed++;
  console.log(`not ok - ${name}`);
  for (const l of String(why).split('\n')) console.log(`# ${l}`);
};
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const lab = (...args) => execFileSync(LAB, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

// One point that passes once FN returns true within TIMEOUT_MS; FN's last
// other answer (or exception) is the diagnostic.
export async function eventually(name, timeoutMs, fn) {
  const t0 = Date.now();
  let last = 'never checked';
  for (;;) {
    try {
      const r = await fn();
      if (r === true) {
        ok(`${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        return true;
      }
      last = r;
    } catch (e) {
      last = e.message.split('\n')[0];
    }
    if (Date.now() - t0 > timeoutMs) {
      notOk(name, `after ${timeoutMs / 1000} s: ${last}`);
      return false;
    }
    await sleep(200);
  }
}

let shot = 0;
export async function screenshot(page, name) {
  shot++;
  await page.screenshot({ path: join(SCREENS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

// Text content with runs of white space as one space, as a reader sees it.
export const text = async (loc) => (await loc.textContent()).replace(/\s+/g, ' ').trim();
export const clusterText = (page) => text(page.getByRole('region', { name: 'Cluster', exact: true }));
export const nodeCard = (page, name) => page.getByRole('region', { name: `Node ${name}` });
export const nodeState = (page, name) => page.getByRole('status', { name: `${name} state` });
export async function stateIs(page, name, want) {
  const card = nodeCard(page, name);
  if (await card.count() !== 1) return `no card for ${name}`;
  const t = await nodeState(page, name).textContent();
  const cls = await card.getAttribute('class');
  return t === want && cls.includes(`state-${want}`) ? true : `${name}: "${t}" (${cls})`;
}

export async function login(page, url) {
  await page.goto(url);
  await page.getByLabel('Admin password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 10000 });
}
