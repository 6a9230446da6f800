// facecal's JupyterLab browser test: a real Chromium (Debian's, driven by playwright-core) against a JupyterLab the
// Java test (dev.facecal.notebook.JupyterLabIT) started on 127.0.0.1. It does what a user does and measures what
// the user would see; the Java side asserts on the JSON it writes.
//
//   node src/test/browser/jupyterlab.cjs PLAN.json
//
// PLAN.json: {base, token, notebook, param: {cellMarker, from, to}, executed: [paths], kernelCheck, outDir,
//             chromium, runAllTimeoutMs}
// Writes OUTDIR/result.json (every measurement, "failure" when a step could not complete) and OUTDIR/*.png
// screenshots (always the final state of each page; on failure the page where it failed).
'use strict';
const fs = require('fs');
const path = require('path');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const { chromium } = require(plan.playwrightCore || 'playwright-core');
const result = { steps: [], external: [], consoleErrors: [], pageErrors: [] };
const t0 = Date.now();
const seconds = () => Math.round((Date.now() - t0) / 100) / 10;

function step(name, data) {
  result.steps.push({ name, at: seconds(), ...data });
  console.log(`[${seconds()} s] ${name} ${JSON.stringify(data)}`);
}

const url = (p) => `${plan.base}/lab/tree/${p.split('/').map(encodeURIComponent).join('/')}?token=${plan.token}`;

async function kernelStatus(page) {
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll('.jp-StatusBar-TextItem')).map((e) => e.textContent || '');
    const k = items.find((t) => t.includes(' | '));
    return k ? k.trim() : null;
  });
}

async function waitForIdle(page, timeoutMs, what) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < timeoutMs) {
    last = await kernelStatus(page);
    if (last && /\| Idle$/.test(last)) return { status: last, seconds: (Date.now() - start) / 1000 };
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: the kernel status did not become Idle in ${timeoutMs / 1000} s (last: ${last})`);
}

// What the open notebook shows: code cells, their prompts, outputs by kind, and Plotly figures drawn.
async function survey(page) {
  return page.evaluate(() => {
    // the notebook of the current main-area tab
    const tab = document.querySelector('.lm-DockPanel .lm-TabBar-tab.lm-mod-current');
    const panel = tab && document.getElementById(tab.getAttribute('data-id'));
    const nb = (panel || document).querySelector('.jp-Notebook');
    const cells = Array.from(nb.querySelectorAll('.jp-Cell.jp-CodeCell'));
    const prompts = cells.map((c) => (c.querySelector('.jp-InputPrompt') || {}).textContent || '');
    const outputs = Array.from(nb.querySelectorAll('.jp-OutputArea-output'));
    const mimes = outputs.map((o) => o.getAttribute('data-mime-type'));
    // JupyterLab's Plotly renderer (jupyterlab-plotly): an interactive plot, or, for a figure saved with its PNG
    // snapshot, that picture until the pointer enters it (then the interactive plot replaces it)
    const plotly = Array.from(nb.querySelectorAll('.jp-RenderedPlotly'));
    const interactive = plotly.filter((o) => {
      const svg = o.querySelector('.js-plotly-plot svg.main-svg');
      const c = o.querySelector('.plot-container');
      return svg && (!c || c.style.display !== 'none') && o.getBoundingClientRect().width > 0;
    });
    const pictures = plotly.filter((o) => !interactive.includes(o)).filter((o) => {
      const img = o.querySelector('img.plot-img');
      return img && img.style.display !== 'none' && img.complete && img.naturalWidth > 0;
    });
    const titles = interactive.map((o) => ((o.querySelector('.gtitle') || {}).textContent || ''));
    return {
      codeCells: cells.length,
      executed: prompts.filter((p) => /\[\d+\]/.test(p)).length,
      running: prompts.filter((p) => p.includes('*')).length,
      errors: mimes.filter((m) => m === 'application/vnd.jupyter.stderr').length,
      errorText: outputs.filter((o) => o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr')
        .map((o) => o.textContent.slice(0, 300)),
      tables: nb.querySelectorAll('.jp-OutputArea-output table').length,
      images: nb.querySelectorAll('.jp-OutputArea-output img').length,
      plotlyOutputs: plotly.length,
      figuresDrawn: interactive.length + pictures.length,
      interactive: interactive.length,
      pictures: pictures.length,
      titles,
    };
  });
}

// Waits until the open notebook has finished rendering: the cell count stable and every Plotly output drawn (or
// the time is up: the survey then shows what is missing).
async function settled(page, timeoutMs) {
  const start = Date.now();
  let last = null;
  let s = await survey(page);
  while (Date.now() - start < timeoutMs) {
    if (last && s.codeCells === last.codeCells && s.plotlyOutputs > 0 && s.figuresDrawn === s.plotlyOutputs) return s;
    await page.waitForTimeout(500);
    last = s;
    s = await survey(page);
  }
  return s;
}

// Moves the pointer over every Plotly output (a user looking at each figure), then surveys again.
async function hoverFigures(page) {
  const id = await page.getAttribute('.lm-DockPanel .lm-TabBar-tab.lm-mod-current', 'data-id');
  const figures = page.locator(`[id="${id}"] .jp-RenderedPlotly`);
  const n = await figures.count();
  for (let i = 0; i < n; i++) {
    await figures.nth(i).scrollIntoViewIfNeeded();
    await figures.nth(i).hover();
    await page.waitForTimeout(800);
  }
  const s = await survey(page);
  return { interactive: s.interactive, pictures: s.pictures, plotlyOutputs: s.plotlyOutputs, titles: s.titles };
}

async function openNotebook(page, file, fresh) {
  await page.goto(url(file) + (fresh ? '&reset' : ''));   // reset: a fresh workspace, only this notebook open
  await page.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell', { timeout: 120000 });
}

async function menu(page, top, item) {
  await page.click(`.lm-MenuBar-itemLabel:text-is("${top}")`);
  await page.click(`.lm-Menu-itemLabel:text-is("${item}")`);
}

async function waitUntilSettled(page, timeoutMs, what) {
  const start = Date.now();
  let s = null;
  while (Date.now() - start < timeoutMs) {
    s = await survey(page);
    const status = await kernelStatus(page);
    if (s.running === 0 && status && /\| Idle$/.test(status)) return s;
    await page.waitForTimeout(500);
  }
  throw new Error(`${what}: cells still running after ${timeoutMs / 1000} s: ${JSON.stringify(s)}`);
}

async function codeCell(page, marker) {
  const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-CodeCell');
  const n = await cells.count();
  for (let i = 0; i < n; i++) {
    const text = await cells.nth(i).locator('.cm-content').innerText();
    if (text.includes(marker)) return { cell: cells.nth(i), index: i, text };
  }
  throw new Error(`no code cell contains '${marker}'`);
}

async function runCell(page, cell) {
  await cell.locator('.jp-InputPrompt').click();   // select the cell (command mode)
  await page.keyboard.press('Control+Enter');      // run it in place
}

// The threshold explorer of the open notebook: the one Plotly output whose figure has a slider.
function explorerFigure(page) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedPlotly')
    .filter({ has: page.locator('.slider-container') });
}

// What the explorer displays, read from its SVG: the slider's current-value label ("threshold = ...") and the
// table, row by row (header first; rows told apart by their cell rectangles, cells ordered left to right; a cell
// wrapped over several lines read back with spaces), and the height the figure takes on the page. The slider's
// active step index (the figure's layout state, not its text) comes with them, so the Java side knows which stop
// the label belongs to.
async function explorerTexts(explorer) {
  return explorer.evaluate((root) => {
    // JupyterLab's renderer draws the figure into its output node itself
    const plot = root.classList.contains('js-plotly-plot') ? root : root.querySelector('.js-plotly-plot');
    const label = root.querySelector('.slider-group > text.slider-label');
    const text = (e) => {
      const lines = e.querySelectorAll('tspan.line');
      return (lines.length > 1 ? Array.from(lines).map((l) => l.textContent.trim()).join(' ') : e.textContent).trim();
    };
    const cells = Array.from(root.querySelectorAll('.table .cell-text')).map((e) => {
      const cell = e.closest('.column-cell');
      const rect = ((cell && cell.querySelector('.cell-rect')) || e).getBoundingClientRect();
      return { text: text(e), x: rect.left, y: rect.top, shown: rect.width > 0 && rect.height > 0 };
    }).filter((c) => c.shown);
    const rows = [];
    for (const c of cells.sort((a, b) => a.y - b.y)) {
      const row = rows.find((r) => Math.abs(r.y - c.y) < 2);
      if (row) row.cells.push(c); else rows.push({ y: c.y, cells: [c] });
    }
    const slider = plot && plot.layout && plot.layout.sliders && plot.layout.sliders[0];
    return {
      label: label ? label.textContent.trim() : null,
      table: rows.map((r) => r.cells.sort((a, b) => a.x - b.x).map((c) => c.text)),
      active: slider ? slider.active : null,
      steps: slider && slider.steps ? slider.steps.length : null,
      height: Math.round(root.getBoundingClientRect().height),
    };
  });
}

// After the slider moved: waits until the explorer shows a label other than `before`, its table's threshold row
// agrees with that label, and two readings 300 ms apart are the same (the table is restyled a frame later).
async function explorerAfterMove(page, explorer, before, timeoutMs) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < timeoutMs) {
    const now = await explorerTexts(explorer);
    const row = now.table.find((r) => r[0] === 'threshold');
    if (now.label !== before && row && now.label === 'threshold = ' + row[1]
        && last && JSON.stringify(last) === JSON.stringify(now)) return now;
    last = now;
    await page.waitForTimeout(300);
  }
  throw new Error(`the explorer's label and table did not settle after the slider moved `
    + `(last: ${JSON.stringify(last)})`);
}

async function main() {
  fs.mkdirSync(plan.outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: plan.chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const origin = new URL(plan.base).origin;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:' + origin)) result.external.push(u);
  });
  page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text().slice(0, 300)); });
  page.on('pageerror', (e) => result.pageErrors.push(String(e).slice(0, 300)));
  let current = 'start';
  try {
    // 1. open: the kernel must report Idle without any cell being run (history_request answered)
    current = 'open';
    const opened = Date.now();
    await page.goto(url(plan.notebook) + '&reset');   // a fresh workspace: only this notebook open
    await page.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell', { timeout: 120000 });
    const idle = await waitForIdle(page, 90000, 'open');
    step('open', { idleAfterSeconds: (Date.now() - opened) / 1000, status: idle.status });

    // 2. Run All from the Run menu
    current = 'run-all';
    await menu(page, 'Run', 'Run All Cells');
    await page.waitForTimeout(1000);
    const ran = await waitUntilSettled(page, plan.runAllTimeoutMs, 'Run All');
    step('run-all', ran);
    await page.screenshot({ path: path.join(plan.outDir, 'run-all.png') });

    // 3. the threshold explorer: move its slider as a user does, a click on the rail, then a drag of the grip
    //    (real mouse events at screen positions), and read what the figure then displays after each move
    current = 'slider';
    const explorer = explorerFigure(page);
    const explorers = await explorer.count();
    if (explorers !== 1) throw new Error(`expected one figure with a slider (the explorer), found ${explorers}`);
    const rail = explorer.locator('.slider-rail-rect');
    const grip = explorer.locator('.slider-grip-rect');
    await rail.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    const initial = await explorerTexts(explorer);
    let railBox = await rail.boundingBox();
    let gripBox = await grip.boundingBox();
    const startsAt = (gripBox.x + gripBox.width / 2 - railBox.x) / railBox.width;
    const clickAt = startsAt < 0.5 ? 0.7 : 0.3;   // on the other side of where the slider starts
    await page.mouse.click(railBox.x + railBox.width * clickAt, railBox.y + railBox.height / 2);
    const clicked = await explorerAfterMove(page, explorer, initial.label, 15000);
    await explorer.screenshot({ path: path.join(plan.outDir, 'slider-click.png') });
    const dragTo = 1 - clickAt;
    railBox = await rail.boundingBox();
    gripBox = await grip.boundingBox();
    const gripY = gripBox.y + gripBox.height / 2;
    await page.mouse.move(gripBox.x + gripBox.width / 2, gripY);
    await page.mouse.down();
    await page.mouse.move(railBox.x + railBox.width * dragTo, gripY, { steps: 15 });
    await page.mouse.up();
    const dragged = await explorerAfterMove(page, explorer, clicked.label, 15000);
    await explorer.screenshot({ path: path.join(plan.outDir, 'slider-drag.png') });
    step('slider', { explorers, startsAt, initial, positions: [
      { how: 'click on the rail', fraction: clickAt, ...clicked },
      { how: 'drag of the grip', fraction: dragTo, ...dragged }] });

    // 4. edit a parameter in one cell, re-run it: its figure's title must change to the new value
    current = 'edit';
    const target = await codeCell(page, plan.param.cellMarker);
    const before = (await survey(page)).titles;
    const edited = target.text.split(plan.param.from).join(plan.param.to);
    await target.cell.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(edited);
    await page.keyboard.press('Escape');
    const typed = await target.cell.locator('.cm-content').innerText();
    await runCell(page, target.cell);
    await page.waitForTimeout(1000);
    const rerun = await waitUntilSettled(page, 120000, 'edited cell');
    step('edit', { cell: target.index, typedAsIntended: typed.trim() === edited.trim(), titlesBefore: before,
      titlesAfter: rerun.titles, figuresDrawn: rerun.figuresDrawn, plotlyOutputs: rerun.plotlyOutputs,
      errors: rerun.errors, errorText: rerun.errorText });

    // 5. save, reload the page: every figure must draw again from the saved notebook
    current = 'save';
    await page.keyboard.press('Control+S');
    await page.waitForFunction(() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty'),
      null, { timeout: 60000 });
    step('save', {});
    current = 'reload';
    await page.reload();
    await page.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell', { timeout: 120000 });
    await waitForIdle(page, 90000, 'reload');
    const reloaded = await settled(page, 30000);
    const hovered = await hoverFigures(page);
    step('reload', { ...reloaded, afterHover: hovered });
    await page.screenshot({ path: path.join(plan.outDir, 'reload.png') });

    // 6. notebooks executed by the headless runner (out/notebooks), trusted and untrusted: figures draw
    for (const file of plan.executed) {
      current = 'executed ' + file;
      await openNotebook(page, file, true);
      const shown = await settled(page, 30000);
      const hovered = await hoverFigures(page);
      step('executed', { file, ...shown, afterHover: hovered });
      await page.screenshot({ path: path.join(plan.outDir, path.basename(file, '.ipynb') + '.png'), fullPage: true });
    }

    // 7. the kernel in the UI: interrupt a 2-minute sleep, then restart and run a cell
    current = 'interrupt';
    await openNotebook(page, plan.kernelCheck, true);
    await waitForIdle(page, 90000, 'kernel check notebook');
    const sleeper = await codeCell(page, 'Thread.sleep');
    await runCell(page, sleeper.cell);
    await page.waitForTimeout(2500);
    const interruptAt = Date.now();
    await menu(page, 'Kernel', 'Interrupt Kernel');
    const interrupted = await waitUntilSettled(page, 30000, 'interrupt');
    step('interrupt', { settledAfterSeconds: (Date.now() - interruptAt) / 1000, errors: interrupted.errors,
      errorText: interrupted.errorText });
    current = 'restart';
    const restartAt = Date.now();
    await menu(page, 'Kernel', 'Restart Kernel…');
    await page.click('.jp-Dialog .jp-mod-accept');
    await page.waitForTimeout(1000);
    await waitForIdle(page, 240000, 'restart');   // a JVM start: slow on a loaded 2-core machine
    const probe = await codeCell(page, 'restarted:');
    await runCell(page, probe.cell);
    await page.waitForTimeout(1000);
    await waitUntilSettled(page, 60000, 'cell after restart');
    const out = await probe.cell.locator('.jp-OutputArea-output').allInnerTexts();
    step('restart', { settledAfterSeconds: (Date.now() - restartAt) / 1000, output: out.join(' | ') });
    await page.screenshot({ path: path.join(plan.outDir, 'kernel.png') });
  } catch (e) {
    result.failure = `${current}: ${e.message}`;
    console.log('FAILED at ' + result.failure);
    await page.screenshot({ path: path.join(plan.outDir, 'failure-' + current.replace(/[^a-z0-9]+/gi, '_') + '.png') })
      .catch(() => {});
  } finally {
    result.seconds = seconds();
    fs.writeFileSync(path.join(plan.outDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
    await browser.close();
  }
}

main().catch((e) => {
  result.failure = 'driver: ' + e.message;
  fs.writeFileSync(path.join(plan.outDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  process.exit(1);
});
