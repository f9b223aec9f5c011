// SPDX-License-Identifier: GPL-2.0-or-later
// ui-uml.mjs: Repair split brain through the web UI, in Debian's chromium
// against the uml lab (real DRBD), driven by playwright-core.  Run by
// tests/create-uml.test for its first split brain, once it has made the
// split brain by hand; HAPAIR_UI_SB_KEEP is the node the nodes recommend
// ("none" when they leave the choice to the operator),
// HAPAIR_UI_SB_PASSIVE the node that was passive at the split (the one
// kept when there is no recommendation).
//
// Prints one line per point: "ok - NAME" or "not ok - NAME" then "# why".
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import {
  env, PASSWORD, SCREENS, NODE1, ok, notOk, failures, eventually, screenshot, text,
} from './lib.mjs';

const KEEP = env('HAPAIR_UI_SB_KEEP');
const PASSIVE = env('HAPAIR_UI_SB_PASSIVE');
const NODES = ['node1', 'node2'];
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const QUICK = { timeout: 1000 };
// A uml node forks slowly: a login's password check takes seconds there.
const LOGIN_MS = 60000;

const sbRegion = (page) => page.getByRole('region', { name: 'Split brain: the survivor recommendation' });
const drbdRegion = (page) => page.getByRole('region', { name: 'Replicated data (DRBD)' });
const sbBanner = (page) => page.getByRole('alert').filter({ hasText: 'DRBD split brain with' });

async function steps(page) {
  await page.goto(NODE1);
  await page.getByLabel('Admin password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: LOGIN_MS });
  ok('logged in to node1\'s own address');

  const survivor = KEEP === 'none' ? PASSIVE : KEEP;
  const victim = NODES.find((n) => n !== survivor);
  await eventually('the dashboard shows the split brain banner', 60000, async () =>
    await sbBanner(page).count() === 1 || 'no banner');
  await eventually('the DRBD card shows the recommendation: its explanation and each node\'s changes and last write',
    120000, async () => {
      const region = sbRegion(page);
      if (!(await region.isVisible())) return 'no split brain section';
      const expl = await page.locator('#db-sb-explanation').textContent(QUICK);
      if (!expl || expl.startsWith('No recommendation yet') || expl.startsWith('no recommendation')) return expl;
      const rows = await region.getByRole('table', { name: 'Changes since the split brain' })
        .locator('tbody').getByRole('row').allTextContents();
      if (rows.length !== 2) return `${rows.length} rows: ${rows}`;
      for (const n of NODES) {
        const r = rows.find((x) => x.startsWith(n));
        if (!r || !/\d+ KiB/.test(r) || !/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|none recorded/.test(r)) return `${n}: ${r}`;
      }
      const marked = rows.filter((r) => r.includes('(recommended)'));
      if (KEEP === 'none' ? marked.length !== 0 : marked.length !== 1 || !marked[0].startsWith(KEEP)) {
        return `recommended rows: ${marked}`;
      }
      return true;
    });
  console.log(`# the page says: ${await page.locator('#db-sb-explanation').textContent()}`);
  await screenshot(page, 'split-brain-dashboard');

  await sbRegion(page).getByRole('button', { name: 'Repair split brain…' }).click();
  const dlg = page.getByRole('dialog', { name: 'Repair split brain' });
  const radios = {};
  for (const n of NODES) radios[n] = dlg.getByRole('radio', { name: n });
  const checked = [];
  for (const n of NODES) if (await radios[n].isChecked()) checked.push(n);
  if (KEEP === 'none') {
    if (checked.length === 0) ok('no recommendation names a node: no survivor preselected');
    else notOk('no recommendation names a node: no survivor preselected', `checked: ${checked}`);
  } else {
    const label = await dlg.locator(`label[for="repair-survivor-${KEEP}"]`).textContent();
    if (checked.length === 1 && checked[0] === KEEP && label === `${KEEP} (recommended)`) {
      ok(`the recommended survivor ${KEEP} is preselected and marked "recommended"`);
    } else notOk(`the recommended survivor ${KEEP} is preselected and marked "recommended"`, `checked ${checked}, label "${label}"`);
  }
  await radios[survivor].check();
  const t = await text(dlg);
  if (t.includes(`Every change ${victim} made since the split brain is discarded`)) {
    ok(`the dialog warns that ${victim}'s changes since the split are discarded`);
  } else notOk(`the dialog warns that ${victim}'s changes since the split are discarded`, t);
  const repair = dlg.getByRole('button', { name: 'Repair split brain', exact: true });
  if (await repair.isDisabled()) ok('without YES Repair split brain is disabled');
  else notOk('without YES Repair split brain is disabled', 'enabled');
  await dlg.getByLabel('Type YES to repair the split brain').fill('YES');
  if (await repair.isEnabled()) ok('YES typed: Repair split brain is enabled');
  else notOk('YES typed: Repair split brain is enabled', 'disabled');
  await screenshot(page, 'split-brain-repair-confirm');
  await repair.click();

  let sawStep = false;
  let sawSync = '';
  await eventually(`the dialog follows the repair job to its end: ${survivor} kept its data`, 900000, async () => {
    const s = await dlg.getByRole('status', { name: 'Progress' }).textContent(QUICK).catch(() => '');
    if (/repair[\w-]*: step \d+\/\d+/.test(s)) sawStep = true;
    // The resync of the changed blocks (behind the lab's slow cable, so
    // that it lasts): the DRBD card's bar, percent and rate meanwhile.
    if (!sawSync) {
      // one read of all three: the page refreshes every 250 ms
      const card = await page.evaluate(() => ({
        pct: document.getElementById('db-drbd-percent').textContent,
        bar: document.getElementById('db-drbd-progress').value,
        rate: document.getElementById('db-drbd-rate').textContent,
      })).catch(() => ({ pct: '', bar: -1, rate: '' }));
      if (/^\d+(\.\d)? %$/.test(card.pct) && parseFloat(card.pct) === card.bar &&
          card.bar > 0 && card.bar < 100) {
        sawSync = `${card.pct}, the bar at ${card.bar}, ${card.rate}; the dialog: ${s}`;
        await screenshot(page, 'split-brain-resync');
      }
    }
    const r = await dlg.getByRole('status', { name: 'Result' }).textContent(QUICK);
    if (r.startsWith('The repair failed')) throw new Error(r);
    return r.startsWith(`Split brain repaired (done in `) && r.includes(`${survivor} kept its data`) || `${s} / ${r}`;
  });
  if (sawStep) ok('the repair job\'s steps were shown while it ran');
  else notOk('the repair job\'s steps were shown while it ran', 'no "step N/M" seen');
  if (sawSync) ok(`the DRBD card showed the resync's progress bar and percent while it ran (${sawSync})`);
  else notOk('the DRBD card showed the resync\'s progress bar and percent while it ran', 'never seen between 0 and 100 %');
  await screenshot(page, 'split-brain-repaired');
  await dlg.getByRole('button', { name: 'Close' }).click();

  await eventually('the banner and the split brain section are gone; DRBD Connected, both UpToDate', 180000,
    async () => {
      const banner = await sbBanner(page).count();
      const section = await sbRegion(page).isVisible();
      const d = await text(drbdRegion(page));
      return banner === 0 && !section && d.includes('Connection Connected') &&
        d.includes('Disk UpToDate') && d.includes('Peer disk UpToDate') ? true :
        `banner ${banner}, section ${section}: ${d}`;
    });
  await screenshot(page, 'split-brain-gone');
}

async function run() {
  mkdirSync(SCREENS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: env('HAPAIR_UI_CHROMIUM'), args: CHROMIUM_ARGS, timeout: 60000,
  });
  try {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 900 } });
    await steps(await ctx.newPage());
  } finally {
    await browser.close();
  }
}

try {
  await run();
} catch (e) {
  notOk('the UI test ran to its end', e.stack || e.message);
}
process.exit(failures() ? 1 : 0);
