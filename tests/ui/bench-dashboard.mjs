// SPDX-License-Identifier: GPL-2.0-or-later
// bench-dashboard.mjs: the browser half of tests/bench/reaction (issue 6
// point 3: the dashboard "updates by itself within 1 s of a change, without
// reloading").  Here, not in tests/bench/, because playwright-core is
// installed in tests/ui/node_modules and the login is lib.mjs's.
//
// Debian's chromium runs in the lab's client namespace (chromium-client).
// Per trial, four changes:
//   maintenance on, then off, with hapairctl on the page's node;
//   maintenance on, then off, with hapairctl on the peer.
// For each change a fresh browser context logs in to HAPAIR_BENCH_PAGE_NODE's
// own address after a random pause of 0-1 s, and the change comes after a
// further random 1-2 s on the dashboard, which is not reloaded from then
// on.  The page asks for the status 250 ms after each answer and hapaird
// reads the cluster every 250 ms while a page asks: both clocks run on
// their own, and one page for all changes would see them at one phase
// only; the pauses spread the changes over both.
// Before each change a MutationObserver is put on the dashboard's
// "Maintenance mode" value (#db-maint, "on"/"off"); it notes Date.now() the
// moment the text becomes the new value.  The browser and this script read
// the same clock (the netns lab shares the host's), so
//   from start  = page time - Date.now() just before hapairctl was started,
//   after return = page time - Date.now() when hapairctl had returned.
// The paint follows the DOM change at the next frame (<= 17 ms later).
//
// Prints one line per change on standard output:
//   dash-WHERE-STATE TRIAL FROM_START AFTER_RETURN CMD_S NOTE
// (WHERE page|peer, STATE on|off; "nan" when the page never showed it),
// which tests/bench/reaction tabulates.
import { execFile } from 'node:child_process';
import { chromium } from 'playwright-core';
import { env, login, sleep } from './lib.mjs';

const LAB_CMD = env('HAPAIR_UI_LAB');
const PAGE_NODE = env('HAPAIR_BENCH_PAGE_NODE');
const PEER_NODE = env('HAPAIR_BENCH_PEER_NODE');
const PAGE_URL = `https://${env('HAPAIR_BENCH_PAGE_ADDR')}/`;
const TRIALS = Number(env('HAPAIR_BENCH_TRIALS'));
// How long the page may take before a change counts as not shown: far
// beyond the requirement, only so that a broken page ends the wait.
const SHOW_LIMIT_MS = 15000;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

const ctl = (node, ...args) => new Promise((resolve) => {
  execFile(LAB_CMD, ['exec', node, 'hapairctl', ...args], (err, stdout, stderr) => {
    resolve(err ? `${String(stderr || stdout || err.message).trim().split('\n').pop()}` : null);
  });
});

const maintText = (page) => page.evaluate(() => document.getElementById('db-maint').textContent.trim());

async function shows(page, want, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await maintText(page) === want) return true;
    await sleep(100);
  }
  return false;
}

// One change: hapairctl maintenance STATE on NODE, timed against a page
// logged in for it.
async function change(browser, key, i, node, state) {
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 900 } });
  try {
    await sleep(Math.random() * 1000);
    const page = await ctx.newPage();
    await login(page, PAGE_URL);
    await timeChange(page, key, i, node, state);
  } finally {
    await ctx.close();
  }
}

async function timeChange(page, key, i, node, state) {
  const before = state === 'on' ? 'off' : 'on';
  if (!await shows(page, before, SHOW_LIMIT_MS)) {
    console.log(`${key} ${i} nan nan nan the page did not show "${before}" before the change`);
    return;
  }
  await sleep(1000 + Math.random() * 1000);
  await page.evaluate((want) => {
    const el = document.getElementById('db-maint');
    if (window.hpBenchObs) window.hpBenchObs.disconnect();
    window.hpBenchSeen = null;
    window.hpBenchObs = new MutationObserver(() => {
      if (window.hpBenchSeen === null && el.textContent.trim() === want) window.hpBenchSeen = Date.now();
    });
    window.hpBenchObs.observe(el, { childList: true, characterData: true, subtree: true });
  }, state);
  const t0 = Date.now();
  const err = await ctl(node, 'maintenance', state);
  const t1 = Date.now();
  const cmd = ((t1 - t0) / 1000).toFixed(3);
  if (err !== null) {
    console.log(`${key} ${i} nan nan ${cmd} hapairctl on ${node} failed: ${err}`);
    return;
  }
  try {
    await page.waitForFunction(() => window.hpBenchSeen !== null, null,
      { timeout: SHOW_LIMIT_MS, polling: 50 });
  } catch (e) {
    console.log(`${key} ${i} nan nan ${cmd} not shown within ${SHOW_LIMIT_MS / 1000} s`);
    return;
  }
  const seen = await page.evaluate(() => window.hpBenchSeen);
  console.log(`${key} ${i} ${((seen - t0) / 1000).toFixed(3)} ${((seen - t1) / 1000).toFixed(3)} ${cmd} -`);
}

async function run() {
  const browser = await chromium.launch({
    executablePath: env('HAPAIR_UI_CHROMIUM'), args: CHROMIUM_ARGS, timeout: 60000,
  });
  try {
    for (let i = 1; i <= TRIALS; i++) {
      await change(browser, 'dash-page-on', i, PAGE_NODE, 'on');
      await change(browser, 'dash-page-off', i, PAGE_NODE, 'off');
      await change(browser, 'dash-peer-on', i, PEER_NODE, 'on');
      await change(browser, 'dash-peer-off', i, PEER_NODE, 'off');
    }
  } finally {
    await ctl(PAGE_NODE, 'maintenance', 'off');
    await browser.close();
  }
}

run().catch((e) => {
  console.error(`bench-dashboard: ${e.stack || e}`);
  process.exit(1);
});
