// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: Restart and Shut down on each node's card
// (POST /api/v1/node/restart, /api/v1/node/shutdown {"node", "force"}).
//
// A job stops the node's cluster stack cleanly (Pacemaker moves its service
// to the other node first), then restarts or powers the node off; the
// dialog follows it to its end.  The node refuses (409) to take away the
// last node holding the service; the dialog then shows the node's reason,
// and only after it offers to force it, as `hapairctl node restart
// --force` does, which stops the service: forcing wants the node's name
// typed, as a forced standby does.
'use strict';

(function (hp) {
  let stopFollow = null;

  function stopFollowing() {
    if (stopFollow) stopFollow();
    stopFollow = null;
  }

  function otherOf(st, name) {
    return ((st.cluster && st.cluster.nodes) || []).find((n) => n.name !== name) || null;
  }

  // The node's own rule (daemon/job_power.c): NAME runs the service and the
  // other node cannot take it (offline, in standby or still joining).
  function lastNode(st, name) {
    if (!st || !st.cluster || st.cluster.active_node !== name) return false;
    const other = otherOf(st, name);
    return !other || !other.online || other.standby || !!other.pending;
  }

  function dialogText(st, name, reboot) {
    const other = otherOf(st, name);
    const otherName = other ? other.name : 'the other node';
    const cl = st.cluster;
    let t;
    if (lastNode(st, name) && other && other.online && !other.standby) {
      t = otherName + ' is still joining the cluster: ' + name + ' is the last node holding ' +
        'the service until it has, which would stop. The node refuses unless forced; try ' +
        'again in a few seconds.';
    } else if (lastNode(st, name)) {
      t = otherName + ' is offline or in standby: ' + name + ' is the last node holding the ' +
        'service, which would stop. The node refuses unless forced.';
    } else if (cl.active_node === name) {
      t = name + ' is active: its cluster stack stops cleanly and the service moves to ' +
        otherName + ' first (unreachable for a few seconds).';
    } else {
      t = name + '\'s cluster stack stops cleanly; the service stays on ' +
        (cl.active_node || otherName) + '.';
    }
    t += reboot ? ' Then ' + name + ' restarts and rejoins the cluster as the passive node.' :
      ' Then ' + name + ' powers off and stays off until it is switched on again (its power ' +
      'button or BMC).';
    if (name === st.node) {
      t += ' This page is served by ' + name + ': it loses its connection until ' + name +
        (reboot ? ' is back.' : ' is on again; open the other node\'s address meanwhile.');
    }
    return t;
  }

  async function power(ctl, name, reboot, force) {
    const what = reboot ? 'Restart of ' + name : 'Shutdown of ' + name;
    let res;
    try {
      res = await hp.api('POST', '/node/' + (reboot ? 'restart' : 'shutdown'), { node: name, force });
    } catch (e) {
      // The reason first; forcing only once it has been read and only for
      // the one refusal forcing overrides.
      if (e.status === 409 && !force && lastNode(hp.lastStatus(), name)) {
        ctl.refused(e.message, {
          confirmLabel: reboot ? 'Restart anyway' : 'Shut down anyway',
          warning: 'Forcing it STOPS THE SERVICE: no node runs it until ' + name +
            (reboot ? ' is back' : ' is on again') + ' or the other node is online and out of ' +
            'standby.',
          typed: { label: 'Type ' + name + ' to ' + (reboot ? 'restart' : 'shut down') +
            ' it anyway', word: name },
          run: (c) => power(c, name, reboot, true),
        });
        return;
      }
      if (e.status !== 409 && e.status !== 400) throw e;
      ctl.refused(e.message);
      return;
    }
    stopFollow = hp.followJobInDialog(ctl, res.job, {
      done: (j) => what + ': ' + j.result + '. ' + name + (reboot ? ' restarts and rejoins ' +
        'as the passive node.' : ' is powering off.'),
      failed: (j) => what + ' failed: ' + j.error,
    });
  }

  function onPower(name, reboot) {
    const st = hp.lastStatus();
    if (!st || !st.cluster) return;
    hp.confirmAction({
      title: (reboot ? 'Restart ' : 'Shut down ') + name,
      text: dialogText(st, name, reboot),
      confirmLabel: reboot ? 'Restart' : 'Shut down',
      run: (ctl) => power(ctl, name, reboot, false),
      closed: stopFollowing,
    });
  }

  // The card's Restart and Shut down buttons (after Standby, ui_operate.js).
  // An offline node cannot be asked, and one job runs at a time.
  hp.renderPowerActions = function (box, m, st) {
    for (const reboot of [true, false]) {
      const b = hp.nodeButton(box, reboot ? 'restart' : 'shutdown',
        (x) => onPower(x.dataset.node, reboot));
      b.dataset.node = m.name;
      b.textContent = (reboot ? 'Restart ' : 'Shut down ') + m.name + '…';
      b.disabled = !m.online || !!st.job;
      b.title = !m.online ? m.name + ' is offline' : st.job ? 'job ' + st.job.id + ' (' +
        st.job.kind + ') is running' : '';
    }
  };
})(window.hapair);
