// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: the Create cluster dialog.
//
// The same order as `hapairctl create`: the preflight first (every check
// with what to do), then the warning and the typed YES, then the job, whose
// progress the dialog follows through GET /api/v1/job until it ends.  The
// Create button stays disabled until the preflight passed for exactly the
// fields as they are and YES is typed; changing a field asks for a new
// preflight.  The peer's password is cleared from the form once sent.
'use strict';

(function (hp) {
  const JOB_POLL_MS = 1000;
  const CONFIRM_WORD = 'YES';

  const $ = hp.$;
  let passedFor = null;   // the fields the last passed preflight was run with
  let jobTimer = null;

  const BMC_FIELDS = { address: 'cr-bmc-address', peer_address: 'cr-bmc-peer',
    user: 'cr-bmc-user', password: 'cr-bmc-password' };

  // The request body; "bmc" only when a BMC field is filled (the node then
  // asks for all four and checks them in the preflight).
  function fields() {
    const f = {
      peer: $('cr-peer').value.trim(),
      password: $('cr-password').value,
      failover_ip: $('cr-vip').value.trim(),
      interface: $('cr-interface').value.trim() || 'eth0',
    };
    const bmc = {};
    for (const [k, id] of Object.entries(BMC_FIELDS)) {
      bmc[k] = k === 'password' ? $(id).value : $(id).value.trim();
    }
    if (Object.values(bmc).some((v) => v !== '')) f.bmc = bmc;
    return f;
  }

  function sameFields(a, b) {
    return !!a && !!b && JSON.stringify(a) === JSON.stringify(b);
  }

  function updateCreateButton() {
    $('cr-create').disabled = !(sameFields(passedFor, fields()) &&
      $('cr-yes').value === CONFIRM_WORD);
  }

  function resetDialog() {
    passedFor = null;
    $('cr-password').value = '';
    $('cr-bmc-password').value = '';
    $('cr-yes').value = '';
    $('cr-error').textContent = '';
    $('cr-checks').replaceChildren();
    $('cr-verdict').textContent = '';
    $('cr-checks-box').hidden = true;
    $('cr-confirm-box').hidden = true;
    $('cr-job-box').hidden = true;
    $('cr-close').hidden = true;
    $('cr-job-result').textContent = '';
    for (const id of ['cr-peer', 'cr-password', 'cr-vip', 'cr-interface', 'cr-preflight']) {
      $(id).disabled = false;
    }
    updateCreateButton();
  }

  function renderChecks(report) {
    const items = (report.checks || []).map((c) => {
      const li = hp.el('li', null, 'check check-' + c.state);
      li.append(hp.el('span', c.state === 'ok' ? 'ok' : c.state === 'failed' ? 'FAILED' : c.state,
        'check-state'));
      li.append(hp.el('span', c.check + (c.node ? ' (' + c.node + ')' : ''), 'check-name'));
      li.append(hp.el('span', c.message, 'check-msg'));
      return li;
    });
    $('cr-checks').replaceChildren(...items);
    $('cr-checks-box').hidden = false;
    $('cr-verdict').textContent = report.passed ?
      'Preflight passed: the cluster can be created. Nothing was changed yet.' :
      'Preflight failed: ' + report.failed + ' check' + (report.failed === 1 ? '' : 's') +
      ' failed. Fix what they say and run the preflight again; nothing was changed.';
    $('cr-verdict').className = report.passed ? 'ok' : 'error';
  }

  async function onPreflight(ev) {
    ev.preventDefault();
    const f = fields();
    $('cr-error').textContent = '';
    if (!f.peer || !f.password || !f.failover_ip) {
      $('cr-error').textContent = 'Give the peer address, its admin password and the failover IP.';
      return;
    }
    passedFor = null;
    $('cr-confirm-box').hidden = true;
    $('cr-preflight').disabled = true;
    $('cr-verdict').textContent = 'Running the preflight on both nodes…';
    $('cr-checks-box').hidden = false;
    $('cr-checks').replaceChildren();
    try {
      const report = await hp.api('POST', '/cluster/preflight', f);
      renderChecks(report);
      if (report.passed) {
        passedFor = f;
        $('cr-warning').textContent = 'Creating the cluster OVERWRITES the settings and ALL ' +
          'DATA of ' + (report.peer || 'the peer') + ' (' + f.peer + ') with this node\'s. ' +
          'Its own data cannot be recovered afterwards.';
        $('cr-confirm-box').hidden = false;
        $('cr-yes').focus();
      }
    } catch (e) {
      $('cr-checks-box').hidden = true;
      $('cr-error').textContent = e.message;
    } finally {
      $('cr-preflight').disabled = false;
      updateCreateButton();
    }
  }

  function stopJobPoll() {
    if (jobTimer !== null) window.clearInterval(jobTimer);
    jobTimer = null;
  }

  async function pollJob(id) {
    let j;
    try {
      j = await hp.api('GET', '/job?id=' + encodeURIComponent(id));
    } catch (e) {
      if (e.status !== 401) $('cr-job-text').textContent = 'Cannot read job ' + id + ': ' + e.message;
      else stopJobPoll();
      return;
    }
    $('cr-job-text').textContent = hp.jobText(Object.assign({ steps: 0, percent: 0, rate_kib_s: 0 }, j));
    if (j.steps) {
      $('cr-job-progress').value = j.percent > 0 ? j.percent :
        Math.round(100 * j.step_index / j.steps);
    }
    if (!j.finished) return;
    stopJobPoll();
    const done = j.state === 'done';
    $('cr-job-progress').value = done ? 100 : $('cr-job-progress').value;
    $('cr-job-result').textContent = done ?
      'The cluster was created' + (j.result ? ': ' + j.result : '.') :
      'Creating the cluster failed (' + j.state + '): ' + (j.error || 'see the event log');
    $('cr-job-result').className = done ? 'ok' : 'error';
    $('cr-close').hidden = false;
    $('cr-close').focus();
  }

  async function onCreate() {
    const f = fields();
    if (!sameFields(passedFor, f) || $('cr-yes').value !== CONFIRM_WORD) return;
    $('cr-create').disabled = true;
    $('cr-error').textContent = '';
    try {
      const res = await hp.api('POST', '/cluster', Object.assign({ confirm: CONFIRM_WORD }, f));
      $('cr-password').value = '';
      $('cr-bmc-password').value = '';
      passedFor = null;
      for (const id of ['cr-peer', 'cr-password', 'cr-vip', 'cr-interface', 'cr-preflight']) {
        $(id).disabled = true;
      }
      $('cr-confirm-box').hidden = true;
      $('cr-job-box').hidden = false;
      $('cr-job-text').textContent = 'Job ' + res.job + ' started.';
      pollJob(res.job);
      jobTimer = window.setInterval(() => pollJob(res.job), JOB_POLL_MS);
    } catch (e) {
      $('cr-error').textContent = e.message;
      updateCreateButton();
    }
  }

  function close() {
    stopJobPoll();
    resetDialog();
    $('create-dialog').close();
    if (hp.refreshStatus) hp.refreshStatus();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('create-open').addEventListener('click', () => {
      resetDialog();
      $('create-dialog').showModal();
      $('cr-peer').focus();
    });
    $('create-form').addEventListener('submit', onPreflight);
    $('create-form').addEventListener('input', updateCreateButton);
    $('cr-create').addEventListener('click', onCreate);
    // Enter in the YES field means Create, not another preflight.
    $('cr-yes').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        onCreate();
      }
    });
    $('cr-cancel').addEventListener('click', close);
    $('cr-close').addEventListener('click', close);
    // Escape closes the dialog; a running job goes on and the dashboard
    // shows it.
    $('create-dialog').addEventListener('close', () => {
      stopJobPoll();
      resetDialog();
    });
  });
})(window.hapair);
