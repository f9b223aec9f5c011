// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: the connectivity test.  POST /api/v1/ping from this node;
// the answer says whether the address answered, how often and how fast,
// with ping's own output for the details ("Destination Host Unreachable").
'use strict';

(function (hp) {
  const $ = hp.$;

  function verdict(r) {
    if (r.reachable) {
      const rtt = r.rtt_ms ? ', round trip ' + r.rtt_ms.min.toFixed(2) + ' / ' +
        r.rtt_ms.avg.toFixed(2) + ' / ' + r.rtt_ms.max.toFixed(2) + ' ms (min / avg / max)' : '';
      return r.address + ' answers: ' + r.received + ' of ' + r.transmitted + ' replies' + rtt + '.';
    }
    if (r.error) return r.address + ' cannot be pinged from this node: ' + r.error + '.';
    return r.address + ' does not answer: ' + r.received + ' of ' + r.transmitted +
      ' replies (' + r.loss_percent + ' % lost).';
  }

  async function onPing(ev) {
    ev.preventDefault();
    const address = $('ping-address').value.trim();
    $('ping-error').textContent = '';
    if (!address) {
      $('ping-error').textContent = 'Enter the IPv4 or IPv6 address to ping.';
      return;
    }
    $('ping-button').disabled = true;
    $('ping-result').hidden = false;
    $('ping-verdict').className = '';
    $('ping-verdict').textContent = 'Pinging ' + address + '…';
    $('ping-output').textContent = '';
    try {
      const r = await hp.api('POST', '/ping', { address });
      $('ping-verdict').textContent = verdict(r);
      $('ping-verdict').className = r.reachable ? 'ok' : 'error';
      $('ping-output').textContent = r.output;
    } catch (e) {
      $('ping-result').hidden = true;
      $('ping-error').textContent = e.message;
    } finally {
      $('ping-button').disabled = false;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('ping-form').addEventListener('submit', onPing);
  });

  hp.pages.ping = {
    view: 'ping-view',
    enter() {
      $('ping-address').focus();
    },
  };
})(window.hapair);
