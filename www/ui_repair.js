// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: Repair split brain (POST /api/v1/cluster/repair-split-brain
// {"survivor", "confirm": "YES"}).
//
// Shown on the DRBD card only while status.drbd.split_brain is an object:
// the nodes' survivor recommendation (its explanation, and per node how
// much it changed since the split and when it last wrote), then the
// dialog: the operator picks the survivor (the recommended node is
// preselected; none when the recommendation names nobody), types YES, and
// the dialog follows the repair job.  A failed repair's error ends with the
// way out (dissolve keeping the survivor, create again): shown as it is.
'use strict';

(function (hp) {
  const $ = hp.$;
  const CONFIRM_WORD = 'YES';

  let stopFollow = null;

  function stopFollowing() {
    if (stopFollow) stopFollow();
    stopFollow = null;
  }

  function kibText(kib) {
    if (kib === null || kib === undefined) return 'unknown';
    if (kib >= 1024) return kib + ' KiB (' + (kib / 1024).toFixed(1) + ' MiB)';
    return kib + ' KiB';
  }

  // Seconds since the epoch as the event log shows times: UTC.
  function timeText(s) {
    if (!s) return 'none recorded';
    return new Date(s * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  }

  function splitBrainOf(st) {
    const sb = st && st.drbd && st.drbd.split_brain;
    return sb && typeof sb === 'object' ? sb : null;
  }

  // The nodes to choose from: the recommendation's, else the cluster's.
  function nodeNames(st, rec) {
    if (rec && rec.nodes && rec.nodes.length) return rec.nodes.map((n) => n.node);
    const cl = (st.cluster && st.cluster.nodes) || [];
    if (cl.length) return cl.map((n) => n.name);
    const sb = splitBrainOf(st);
    return [st.node].concat(sb && sb.peer ? [sb.peer] : []);
  }

  function factsOf(rec, name) {
    return ((rec && rec.nodes) || []).find((n) => n.node === name) || null;
  }

  function explanation(rec) {
    return rec ? rec.explanation : 'No recommendation yet: the nodes\' facts are being collected.';
  }

  hp.renderSplitBrain = function (st) {
    const sb = splitBrainOf(st);
    $('db-sb').hidden = !sb;
    if (!sb) return;
    const rec = sb.recommendation || null;
    $('db-sb-explanation').textContent = explanation(rec);
    const rows = ((rec && rec.nodes) || []).map((n) => {
      const tr = hp.el('tr');
      tr.append(hp.el('td', n.node + (rec.keep === n.node ? ' (recommended)' : '')),
        hp.el('td', kibText(n.changed_kib)), hp.el('td', timeText(n.last_write_s)));
      return tr;
    });
    $('db-sb-nodes').querySelector('tbody').replaceChildren(...rows);
    $('db-sb-nodes').hidden = rows.length === 0;
    $('op-repair').disabled = !!st.job;
    $('op-repair-why').textContent = st.job ? 'job ' + st.job.id + ' (' + st.job.kind +
      ') is running' : '';
  };

  function victimWarning(names, survivor, rec) {
    if (!survivor) return 'Every change the other node made since the split brain is discarded.';
    const victim = names.find((n) => n !== survivor) || 'the other node';
    const f = factsOf(rec, victim);
    return 'Every change ' + victim + ' made since the split brain is discarded' +
      (f && f.changed_kib !== null ? ' (' + f.changed_kib + ' KiB)' : '') + ': it resyncs ' +
      'from ' + survivor + ', which runs the service.';
  }

  async function repair(ctl, survivor) {
    let res;
    try {
      res = await hp.api('POST', '/cluster/repair-split-brain', { survivor,
        confirm: CONFIRM_WORD });
    } catch (e) {
      if (e.status !== 400 && e.status !== 409) throw e;
      ctl.refused(e.message);
      return;
    }
    stopFollow = hp.followJobInDialog(ctl, res.job, {
      done: (j) => 'Split brain repaired (' + j.result + '): ' + survivor + ' kept its data ' +
        'and runs the service; the other node resynced from it.',
      failed: (j) => 'The repair failed: ' + j.error,
    });
  }

  function onRepair() {
    const st = hp.lastStatus();
    const sb = splitBrainOf(st);
    if (!sb) return;
    const rec = sb.recommendation || null;
    const names = nodeNames(st, rec);
    const c = { survivor: rec && names.includes(rec.keep) ? rec.keep : null };
    hp.confirmAction({
      title: 'Repair split brain',
      text: explanation(rec),
      warning: victimWarning(names, c.survivor, rec),
      options(box, ctl) {
        const set = hp.el('fieldset', null, 'choices');
        set.append(hp.el('legend', 'Node whose data is kept (the survivor)'));
        for (const name of names) {
          const row = hp.el('div', null, 'choice');
          const input = hp.el('input');
          input.type = 'radio';
          input.name = 'repair-survivor';
          input.id = 'repair-survivor-' + name;
          input.value = name;
          input.checked = name === c.survivor;
          const label = hp.el('label', name + (rec && rec.keep === name ? ' (recommended)' : ''));
          label.htmlFor = input.id;
          row.append(input, label);
          const f = factsOf(rec, name);
          if (f) {
            const d = hp.el('span', 'changed ' + kibText(f.changed_kib) + ' since the split, ' +
              'last write ' + timeText(f.last_write_s) + (f.last_write_s ? ' UTC' : ''), 'muted');
            d.id = input.id + '-facts';
            input.setAttribute('aria-describedby', d.id);
            row.append(d);
          }
          input.addEventListener('change', () => {
            c.survivor = input.value;
            ctl.warning(victimWarning(names, c.survivor, rec));
            ctl.update();
          });
          set.append(row);
        }
        box.append(set);
      },
      ready: () => c.survivor !== null,
      typed: { label: 'Type YES to repair the split brain', word: CONFIRM_WORD },
      confirmLabel: 'Repair split brain',
      run: (ctl) => repair(ctl, c.survivor),
      closed: stopFollowing,
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('op-repair').classList.add('quiet');
    $('op-repair').addEventListener('click', onRepair);
  });
})(window.hapair);
