// Shared by the alternative pages (mermaid.html, chartjs.html, course.html): renders the work
// bench/bench.mjs hands it with Mermaid and/or Chart.js, times it with performance.now(), and
// on load renders BENCH_DATA (filled in by bench.mjs) and records when the first frame after the
// complete render starts (window.__bench.complete), as the Scalemap page's probe does.

(() => {
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  /** Resolves after every task and microtask queued so far (a MessageChannel message: no
   *  setTimeout clamping). */
  const macrotask = () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });

  let serial = 0;
  /** Mermaid, as its docs show: mermaid.render(id, text) per diagram, SVG into the page. */
  async function renderDiagrams(texts) {
    const host = document.getElementById('diagrams');
    host.replaceChildren();
    for (const text of texts) {
      const { svg } = await window.mermaid.render(`mmd-${serial++}`, text);
      const div = document.createElement('div');
      div.className = 'diagram';
      div.innerHTML = svg;
      host.appendChild(div);
    }
  }

  let charts = [];
  /** Chart.js, as its docs show: new Chart(canvas, config), one line chart per series with
   *  logarithmic user and value axes (like Scalemap's small multiples), no animation, sized like
   *  Scalemap's default chart (900 × 560 in four panels). Non-positive values are gaps: a log
   *  axis cannot show them (Scalemap's chart leaves them out too). */
  function renderCharts(chart) {
    const host = document.getElementById('panels');
    for (const c of charts) c.destroy();
    charts = [];
    host.replaceChildren();
    for (const s of chart.series) {
      const canvas = document.createElement('canvas');
      canvas.width = 450;
      canvas.height = 280;
      host.appendChild(canvas);
      const data = chart.users.map((u, i) => ({ x: u, y: s.values[i] > 0 ? s.values[i] : null }));
      charts.push(
        new window.Chart(canvas, {
          type: 'line',
          data: { datasets: [{ label: s.label, data, pointRadius: 0, borderWidth: 2 }] },
          options: {
            responsive: false,
            animation: false,
            parsing: false,
            normalized: true,
            plugins: { title: { display: true, text: s.label }, legend: { display: false } },
            scales: {
              x: { type: 'logarithmic', title: { display: true, text: 'users' } },
              y: { type: 'logarithmic', title: { display: true, text: s.unit || 'count' } },
            },
          },
        }),
      );
    }
  }

  /** Renders `work` ({ diagrams?: string[], chart?: {users, series} }); resolves with the
   *  milliseconds until the DOM holds all of it and every task it queued has run. */
  async function benchRender(work) {
    const t0 = performance.now();
    if (work.diagrams) await renderDiagrams(work.diagrams);
    if (work.chart) renderCharts(work.chart);
    await macrotask();
    return performance.now() - t0;
  }

  window.benchRender = benchRender;
  window.__bench = { complete: null, error: null };
  if (window.mermaid) window.mermaid.initialize({ startOnLoad: false });
  const data = window.BENCH_DATA;
  if (data) {
    benchRender(data).then(
      () => requestAnimationFrame(() => (window.__bench.complete = performance.now())),
      (e) => (window.__bench.error = String((e && e.stack) || e)),
    );
  }
})();
