// Shared by every console page: calling the HTTP API, live events, and the throughput chart.
'use strict';
const JR = (() => {
  // Calls the HTTP API on the same origin (the browser sends the signed-in user's credentials).
  async function api(method, path, body, signal) {
    const response = await fetch(path, { method, body, signal, headers: { 'Accept': 'application/json' } });
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      try { message = (await response.json()).message || message; } catch { /* not JSON */ }
      throw new Error(message);
    }
    return response.status === 204 ? null : response.json();
  }

  // Listens to a server-sent event stream: handlers by event type. The browser reconnects by itself.
  function listen(url, handlers) {
    const source = new EventSource(url);
    for (const [type, handle] of Object.entries(handlers)) {
      source.addEventListener(type, e => handle(JSON.parse(e.data)));
    }
    return source;
  }

  // A line chart of the last samples of a rate, drawn into an <svg> by hand.
  function chart(svg, capacity = 120) {
    const samples = [];
    const top = 16, bottom = 4;
    let width = 600, height = 140;
    const ns = 'http://www.w3.org/2000/svg';
    const el = (name, attributes) => { const e = document.createElementNS(ns, name); for (const k in attributes) e.setAttribute(k, attributes[k]); return e; };
    function draw() {
      // Drawn at the element's own size, so that text keeps its shape.
      width = svg.clientWidth || width;
      height = svg.clientHeight || height;
      svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
      const max = Math.max(1, ...samples);
      const scale = niceCeiling(max);
      const x = i => width - (samples.length - 1 - i) * (width / (capacity - 1));
      const y = v => top + (height - top - bottom) * (1 - v / scale);
      svg.replaceChildren();
      for (const f of [0, 0.5, 1]) {
        svg.append(el('line', { class: 'grid', x1: 0, x2: width, y1: y(scale * f), y2: y(scale * f) }));
      }
      const label = el('text', { x: 4, y: 11 }); label.textContent = `${format(scale)} tasks/s`; svg.append(label);
      if (samples.length < 2) return;
      const points = samples.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      svg.append(el('polygon', { class: 'area', points: `${x(0)},${y(0)} ${points.join(' ')} ${x(samples.length - 1)},${y(0)}` }));
      svg.append(el('polyline', { class: 'line', points: points.join(' ') }));
    }
    draw();
    return { add(value) { samples.push(value); if (samples.length > capacity) samples.shift(); draw(); } };
  }

  function niceCeiling(v) {
    const power = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) if (v <= m * power) return m * power;
    return 10 * power;
  }

  function format(n) {
    return n >= 10 ? Math.round(n).toLocaleString('en') : (Math.round(n * 10) / 10).toString();
  }

  function text(element, value) { if (element) element.textContent = value; }

  return { api, listen, chart, format, text };
})();
