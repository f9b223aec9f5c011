// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: the confirmation dialog for operator actions (Take over,
// maintenance mode, standby, restart and shut down, dissolve, repair split
// brain).  It says what the action does, shows the action's own choices
// (the node to keep, the survivor...), waits for the operator's explicit
// confirmation (never the browser's confirm(), which a page can have
// suppressed and which cannot say enough), optionally asks for a word to
// be typed (YES, or a node's name to force), then shows the action's
// progress, its refusal or its result in the same place.
'use strict';

(function (hp) {
  const $ = hp.$;
  let cur = null;     // the open action: {typed, ready, run, closed}

  // The typed word matches and the action's own choices are complete.
  function typedOk() {
    return !cur || ((!cur.typed || $('op-type').value === cur.typed.word) &&
      (!cur.ready || cur.ready()));
  }

  function updateConfirm() {
    $('op-confirm').disabled = !typedOk();
  }

  // Shows the confirmation part for action O: {confirmLabel, warning,
  // typed: {label, word} | null, options(box, ctl) | null (fills the
  // choices' box; a new ask without it empties the box), ready() | null
  // (false while a choice is missing), run(ctl)}.
  function ask(o) {
    cur.typed = o.typed || null;
    cur.ready = o.ready || null;
    cur.run = o.run;
    $('op-options').replaceChildren();
    $('op-options').hidden = !o.options;
    if (o.options) o.options($('op-options'), ctl);
    $('op-warning').textContent = o.warning || '';
    $('op-warning').hidden = !o.warning;
    $('op-type-box').hidden = !cur.typed;
    $('op-type-label').textContent = cur.typed ? cur.typed.label : '';
    $('op-type').value = '';
    $('op-confirm').textContent = o.confirmLabel;
    $('op-confirm').hidden = false;
    $('op-cancel').hidden = false;
    $('op-close').hidden = true;
    updateConfirm();
    ($('op-options').querySelector('input:not([disabled])') || (cur.typed ? $('op-type') :
      $('op-cancel'))).focus();
  }

  // What o.run gets to report with.
  const ctl = {
    progress(text, percent) {
      $('op-job-box').hidden = false;
      $('op-job-text').textContent = text;
      if (percent !== undefined) $('op-job-progress').value = percent;
    },
    // Started (a job): Close is left; the job goes on without the dialog.
    running() {
      $('op-confirm').hidden = true;
      $('op-cancel').hidden = true;
      $('op-type-box').hidden = true;
      $('op-options').hidden = true;
      $('op-close').hidden = false;
    },
    // The end, good or bad: only Close is left.
    result(text, good) {
      $('op-job-box').hidden = true;   // its last step or "waiting…" is stale now
      $('op-result').textContent = text;
      $('op-result').className = good ? 'ok' : 'error';
      $('op-confirm').hidden = true;
      $('op-cancel').hidden = true;
      $('op-type-box').hidden = true;
      $('op-options').hidden = true;
      $('op-close').hidden = false;
      $('op-close').focus();
    },
    // Refused: the reason, and the confirmation again (maybe another one,
    // such as the forced standby).
    refused(text, again) {
      $('op-error').textContent = text;
      if (again) ask(again);
      else ctl.result('', false);
    },
    text(t) {
      $('op-text').textContent = t;
    },
    warning(t) {
      $('op-warning').textContent = t || '';
      $('op-warning').hidden = !t;
    },
    // A choice changed: the confirm button follows ready().
    update: () => updateConfirm(),
  };

  async function onConfirm() {
    if (!cur || !typedOk()) return;
    $('op-confirm').disabled = true;
    $('op-cancel').disabled = true;
    $('op-error').textContent = '';
    try {
      await cur.run(ctl);
    } catch (e) {
      // A 401 closed the dialog already (app.js shows the login).
      if (e.status !== 401 && cur) {
        $('op-error').textContent = e.message;
        updateConfirm();
      }
    } finally {
      $('op-cancel').disabled = false;
    }
  }

  // Opens the dialog for action O: {title, text, closed()} and what ask()
  // takes.  Returns the controller, for actions that report without a
  // confirmation first (a takeover's result after logging in again).
  hp.confirmAction = function (o) {
    const dlg = $('op-dialog');
    if (dlg.open) {
      // The close event comes later, when this action is current: the old
      // one is closed here.
      const old = cur;
      cur = null;
      dlg.close();
      if (old && old.closed) old.closed();
    }
    cur = { closed: o.closed };
    $('op-title').textContent = o.title;
    $('op-text').textContent = o.text;
    $('op-error').textContent = '';
    $('op-result').textContent = '';
    $('op-job-box').hidden = true;
    $('op-job-progress').value = 0;
    $('op-options').replaceChildren();
    $('op-options').hidden = true;
    dlg.showModal();
    if (o.run) ask(o);
    else {
      $('op-warning').hidden = true;
      $('op-type-box').hidden = true;
      $('op-confirm').hidden = true;
      $('op-cancel').hidden = true;
      $('op-close').hidden = false;
    }
    return ctl;
  };

  document.addEventListener('DOMContentLoaded', () => {
    $('op-confirm').addEventListener('click', onConfirm);
    $('op-type').addEventListener('input', updateConfirm);
    $('op-type').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        onConfirm();
      }
    });
    $('op-cancel').addEventListener('click', () => $('op-dialog').close());
    $('op-close').addEventListener('click', () => $('op-dialog').close());
    // Closed by a button, Escape or the login: whatever follows a job
    // stops; the job itself goes on and the dashboard shows it.
    $('op-dialog').addEventListener('close', () => {
      if ($('op-dialog').open) return;   // reopened for another action
      const c = cur;
      cur = null;
      if (c && c.closed) c.closed();
      if (hp.loggedIn && hp.refreshStatus) hp.refreshStatus();
    });
  });
})(window.hapair);
