// Weekly bar chart on a <canvas>: no chart library, no CDN.
import { continuousWeeks, weekRange } from "./weeks.js";

export class Timeline {
  constructor(canvas, { onPick } = {}) {
    this.canvas = canvas;
    this.onPick = onPick;
    this.weeks = [];
    this.hover = -1;
    this.bars = [];
    canvas.addEventListener("mousemove", (e) => this._hover(e));
    canvas.addEventListener("mouseleave", () => {
      this.hover = -1;
      this.draw();
    });
    canvas.addEventListener("click", (e) => {
      const index = this._indexAt(e);
      if (index >= 0 && this.onPick) this.onPick(this.weeks[index].week, weekRange(this.weeks[index].week));
    });
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  set(pairs) {
    this.weeks = continuousWeeks(pairs);
    this.hover = -1;
    this.draw();
  }

  _indexAt(event) {
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    return this.bars.findIndex((b) => x >= b.x && x < b.x + b.w);
  }

  _hover(event) {
    const index = this._indexAt(event);
    if (index !== this.hover) {
      this.hover = index;
      this.canvas.style.cursor = index >= 0 && this.onPick ? "pointer" : "default";
      this.draw();
    }
  }

  draw() {
    const canvas = this.canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!width || !height) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#666";
    this.bars = [];
    if (!this.weeks.length) {
      ctx.fillText("no dated events", 8, height / 2);
      return;
    }
    const pad = { left: 34, right: 8, top: 8, bottom: 18 };
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const max = Math.max(1, ...this.weeks.map((w) => w.count));
    const step = plotW / this.weeks.length;
    const barW = Math.max(1, step - (step > 4 ? 1 : 0));

    ctx.strokeStyle = "#ddd";
    ctx.beginPath();
    ctx.moveTo(pad.left, pad.top + plotH + 0.5);
    ctx.lineTo(pad.left + plotW, pad.top + plotH + 0.5);
    ctx.stroke();
    ctx.fillText(String(max), 4, pad.top + 8);
    ctx.fillText("0", 4, pad.top + plotH);

    this.weeks.forEach((w, i) => {
      const x = pad.left + i * step;
      const h = (w.count / max) * plotH;
      ctx.fillStyle = i === this.hover ? "#d95f02" : "#3b6ea5";
      ctx.fillRect(x, pad.top + plotH - h, barW, h);
      this.bars.push({ x, w: step });
    });

    // First and last week labels, plus the hovered week.
    ctx.fillStyle = "#444";
    ctx.fillText(this.weeks[0].week, pad.left, height - 4);
    const last = this.weeks[this.weeks.length - 1].week;
    ctx.fillText(last, width - pad.right - ctx.measureText(last).width, height - 4);
    if (this.hover >= 0) {
      const w = this.weeks[this.hover];
      const label = `week of ${w.week}: ${w.count} event${w.count === 1 ? "" : "s"}`;
      const tw = ctx.measureText(label).width;
      const x = Math.min(Math.max(pad.left, this.bars[this.hover].x - tw / 2), width - tw - 4);
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.fillRect(x - 3, pad.top, tw + 6, 15);
      ctx.fillStyle = "#000";
      ctx.fillText(label, x, pad.top + 11);
    }
  }
}
