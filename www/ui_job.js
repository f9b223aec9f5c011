// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: following a job (GET /api/v1/job?id=N) until it ends, for
// every dialog that starts one.
//
// The next poll is scheduled only when the last one has answered: while a
// takeover moves the failover IP a request can hang for seconds, and
// overlapping polls would pile up behind it.
'use strict';

(function (hp) {
  const JOB_POLL_MS = 1000;

  // handlers: update(job) on each answer, end(job) once it has finished,
  // lost(error) when a poll fails (polling goes on, but not after a 401:
  // the session is gone and app.js shows the login).  Returns stop().
  hp.followJob = function (id, handlers) {
    let stopped = false;
    let timer = null;

    function stop() {
      stopped = true;
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
    }

    async function poll() {
      timer = null;
      let j;
      try {
        j = await hp.api('GET', '/job?id=' + encodeURIComponent(id));
      } catch (e) {
        if (stopped) return;
        if (e.status === 401) stop();
        if (handlers.lost) handlers.lost(e);
        if (!stopped) timer = window.setTimeout(poll, JOB_POLL_MS);
        return;
      }
      if (stopped) return;
      handlers.update(j);
      if (j.finished) {
        stop();
        handlers.end(j);
        return;
      }
      timer = window.setTimeout(poll, JOB_POLL_MS);
    }

    poll();
    return stop;
  };

  // A job a confirmation dialog (hp.confirmAction's CTL) started: its
  // progress in the dialog, then its end as the dialog's result.
  // say: done(job) and failed(job) give the result's text; node names the
  // node the job runs on, for the progress lines.  Returns stop(), for the
  // dialog's close (harmless after the end).
  hp.followJobInDialog = function (ctl, id, say) {
    const where = say.node || 'the node';
    ctl.running();
    ctl.progress('Job ' + id + ' started' + (say.node ? ' on ' + say.node : '') + '.', 0);
    return hp.followJob(id, {
      update: (j) => ctl.progress(hp.jobText(j), hp.jobPercent(j)),
      end(j) {
        if (j.state === 'done') ctl.result(say.done(j), true);
        else ctl.result(say.failed(j), false);
      },
      lost(e) {
        if (e.status !== 401) ctl.progress('Waiting for ' + where + ' to answer (' + e.message + ')…');
      },
    });
  };

  // The job's progress in percent: its own, else the share of steps done.
  hp.jobPercent = function (j) {
    if (j.percent > 0) return j.percent;
    return j.steps ? Math.round(100 * j.step_index / j.steps) : 0;
  };
})(window.hapair);
