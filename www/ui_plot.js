// SPDX-License-Identifier: GPL-2.0-or-later
// hapair web UI: the live plot of DRBD's transfer rate, drawn on a canvas
// (no library: the Content-Security-Policy allows only our own files, and a
// line with an axis is all it takes).
'use strict';

(function (hp) {
  const WINDOW_MS = 120 * 1000;

  // A plot of samples {t: ms, v: KiB/s or null} over the last WINDOW_MS.
  hp.RatePlot = function (canvas) {
    this.canvas = canvas;
    this.samples = [];
  };

  hp.RatePlot.prototype.push = function (tMs, kibs) {
    this.samples.push({ t: tMs, v: kibs });
    while (this.samples.length && this.samples[0].t < tMs - WINDOW_MS) {
      this.samples.shift();
    }
    this.draw(tMs);
  };

  hp.RatePlot.prototype.last = function () {
    return this.samples.length ? this.samples[this.samples.length - 1].v : null;
  };

  hp.RatePlot.prototype.draw = function (nowMs) {
    const c = this.canvas;
    const g = c.getContext('2d');
    const w = c.width;
    const h = c.height;
    const pad = 4;
    const values = this.samples.filter((s) => s.v !== null).map((s) => s.v);
    // Round the top up so the scale does not jitter with every sample.
    let top = Math.max(64, ...values);
    top = Math.pow(2, Math.ceil(Math.log2(top)));

    g.clearRect(0, 0, w, h);
    g.strokeStyle = '#d9dee6';
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(0, h - pad);
    g.lineTo(w, h - pad);
    g.moveTo(0, pad);
    g.lineTo(w, pad);
    g.stroke();
    g.fillStyle = '#5b6575';
    g.font = '11px system-ui, sans-serif';
    g.fillText(hp.formatRate(top), 6, pad + 12);

    g.strokeStyle = '#1f5fbf';
    g.lineWidth = 2;
    g.beginPath();
    let pen = false;
    for (const s of this.samples) {
      if (s.v === null) {
        pen = false;
        continue;
      }
      const x = w - ((nowMs - s.t) / WINDOW_MS) * w;
      const y = h - pad - (s.v / top) * (h - 2 * pad);
      if (pen) g.lineTo(x, y);
      else g.moveTo(x, y);
      pen = true;
    }
    g.stroke();
  };
})(window.hapair);
