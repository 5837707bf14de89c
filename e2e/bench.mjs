// The benchmark (not a test: it prints figures, it does not pass or fail).
// Run through `bash scripts/bench.sh`, which builds the release bundle first.
//
// Prints, each beside the previous run's figure (target/bench/last.json):
// bundle sizes (raw and gzip); first paint of the diagram (the animation
// frame it is first in the page, and the next, when it is on screen) and UI
// ready (median of cold loads), with and without the prerendered first frame, at
// 1x and 4x CPU throttling and on a Fast 3G network, for the page and for
// a <div> embed, and the layout shift when the widget takes over; per-frame script+render time and DOM nodes churned per second while
// a scenario plays, at 1x and 4x; free mode's frame cost at the start and
// after 5 minutes; timer and requestAnimationFrame callbacks per second
// while paused; JS heap and wasm memory after 500 restarts and 500 drops;
// the time to open a 90,006-packet capture (choose the file to drawn ladder)
// and the frames while a 30,006-packet one plays, at 1x and 4x.
import fs from 'node:fs';
import path from 'node:path';
import { serveDir } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { bundleSizes, formatTable } from './lib/sizes.mjs';
import { bulkTransferPcap } from './lib/bulk-pcap.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.resolve(here, '../dist');
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
// BENCH_ONLY=load,frames,free,idle,memory,capture runs those parts only (to
// measure one change quickly); their figures replace the same keys of the
// previous run's, the others are kept.
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const part = (name) => ONLY.length === 0 || ONLY.includes(name);

// Installed before the page's own scripts: records when the diagram is first
// complete, times every animation frame, counts timers, keeps the wasm exports.
const PROBE = () => {
  window.__bench = {
    painted: null,
    presented: null,
    ready: null,
    shift: 0,
    churn: 0,
    frames: [],
    longTasks: 0,
    scheduled: { raf: 0, timeout: 0, interval: 0 },
  };
  const b = window.__bench;
  // First diagram painted: a visible ladder with its states, prerendered or
  // live. UI ready: the live widget has drawn it (the first frame is gone).
  const check = () => {
    const root = document.querySelector('[data-tcp-widget]')?.shadowRoot;
    if (!root) return;
    const live = root.querySelector('.tcpw-root .tcpw:not(.tcpw-loading) .tcpw-svg .tcpw-state-label');
    const frame = root.querySelector('.tcpw-prerender:not([hidden]) .tcpw-svg .tcpw-state-label');
    if (b.painted === null && (frame || (live && !root.querySelector('.tcpw-prerender')))) {
      b.painted = performance.now();
      // This callback runs before that frame's style, layout and paint; the
      // next one, after them: when the diagram was on the screen.
      requestAnimationFrame(() => (b.presented = performance.now()));
    }
    if (b.ready === null && live && !root.querySelector('.tcpw-prerender') && root.querySelector('.tcpw-root .tcpw-node')) {
      b.ready = performance.now();
    }
  };
  // The widget renders inside a shadow root, which document observers do
  // not see: check on every frame (a frame is when a paint can happen).
  const poll = () => {
    check();
    if (b.ready === null) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) b.shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => (b.longTasks += list.getEntries().length)).observe({ type: 'longtask', buffered: true });
  } catch {}
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => {
    b.scheduled.raf++;
    return raf((ts) => {
      const t0 = performance.now();
      cb(ts);
      // Yew renders in a microtask queued by the callback; after it, force
      // style and layout so the frame's script + render time is measured.
      queueMicrotask(() =>
        queueMicrotask(() => {
          document.body.getBoundingClientRect();
          // By the frame's timestamp: every callback of one frame gets the
          // same one, and a frame with two callbacks is one frame (counted
          // as two, the second's near-nothing pulled the p95 down).
          b.frames.push([ts, performance.now() - t0]);
        }),
      );
    });
  };
  const st = window.setTimeout.bind(window);
  window.setTimeout = (...a) => (b.scheduled.timeout++, st(...a));
  const si = window.setInterval.bind(window);
  window.setInterval = (...a) => (b.scheduled.interval++, si(...a));
};

/** One frame's budget at 60 Hz. */
const BUDGET_MS = 16.7;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (x) => `${x.toFixed(2)} ms`;
const kb = (x) => `${(x / 1024).toFixed(1)} KiB`;

async function newPage(browser, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return { context, page, cdp };
}

/** A copy of index.html without its prerendered first frame (the page
 * before issue 17), served like the page itself (no request interception,
 * which would slow one side of the comparison). */
const PLAIN = 'bench-without-first-frame.html';
function writePlainPage() {
  const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const plain = index.replace(/<!-- prerendered first frame --><template[\s\S]*?<\/template>/, '');
  fs.writeFileSync(path.join(dist, PLAIN), plain);
  return plain !== index;
}

/** Host pages with one <div> embed of the default lesson: with its first
 * frame (fetched by the loader), and without (a `data-speed` the frame
 * does not cover, the same lesson). */
const EMBED = 'bench-embed.html';
const EMBED_PLAIN = 'bench-embed-without-first-frame.html';
function writeEmbedPages() {
  const host = (attrs) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>embed</title></head><body><h1>A course page</h1><div data-tcp-widget data-lang="en"${attrs}></div><script type="module" src="tcp-widget-embed.js"></script></body></html>`;
  fs.writeFileSync(path.join(dist, EMBED), host(''));
  fs.writeFileSync(path.join(dist, EMBED_PLAIN), host(' data-speed="1"'));
}

/** A phone's network, as Chrome's "Fast 3G" preset: 150 ms round trips, 1.6 Mbit/s down. */
const FAST_3G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

async function coldLoads(browser, url, { prerender = true, throttle = 1, embed = false, slowNetwork = false } = {}) {
  const runs = [];
  for (let i = 0; i < LOADS; i++) {
    const { context, page, cdp } = await newPage(browser);
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    if (slowNetwork) await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    const file = embed ? (prerender ? EMBED : EMBED_PLAIN) : prerender ? 'index.html' : PLAIN;
    await page.goto(`${url}${file}`);
    await page.waitForFunction(() => window.__bench.ready !== null, null, { timeout: 60000 });
    await page.waitForTimeout(200);
    runs.push(
      await page.evaluate(() => ({
        painted: window.__bench.painted,
        presented: window.__bench.presented,
        ready: window.__bench.ready,
        shift: window.__bench.shift,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      })),
    );
    await context.close();
  }
  return runs;
}

async function frames(browser, url, scenario, throttle) {
  const { context, page, cdp } = await newPage(browser);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.ready !== null);
  await page.selectOption('.tcpw-picker select', scenario);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.evaluate(() => {
    window.__bench.frames = [];
    window.__bench.longTasks = 0;
  });
  // Nodes added or removed in the widget per second while it plays: the
  // drawing should change in place, not be rebuilt.
  await page.evaluate(() => {
    const root = document.querySelector('[data-tcp-widget]').shadowRoot;
    new MutationObserver((records) => {
      for (const r of records) window.__bench.churn += r.addedNodes.length + r.removedNodes.length;
    }).observe(root, { childList: true, subtree: true });
  });
  await page.click('.tcpw-play');
  await page.waitForTimeout(6000);
  const b = await page.evaluate(() => window.__bench);
  const perFrame = new Map();
  for (const [ts, ms] of b.frames) perFrame.set(ts, (perFrame.get(ts) ?? 0) + ms);
  b.frames = [...perFrame.values()];
  b.churn /= 6;
  await context.close();
  return b;
}

async function idle(browser, url) {
  const { context, page } = await newPage(browser);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.ready !== null);
  const count = () => page.evaluate(() => ({ ...window.__bench.scheduled }));
  // Paused from the start…
  let a = await count();
  await page.waitForTimeout(3000);
  let z = await count();
  const atStart = (z.raf - a.raf + z.timeout - a.timeout + z.interval - a.interval) / 3;
  // …and after playing for a while, then pausing.
  await page.click('.tcpw-play');
  await page.waitForTimeout(1500);
  await page.click('.tcpw-play');
  await page.waitForTimeout(200);
  a = await count();
  await page.waitForTimeout(3000);
  z = await count();
  const afterPause = (z.raf - a.raf + z.timeout - a.timeout + z.interval - a.interval) / 3;
  await context.close();
  return { atStart, afterPause };
}

async function memory(browser, url) {
  const { context, page, cdp } = await newPage(browser);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.ready !== null && window.tcpWidget?.wasm?.memory);
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return page.evaluate(() => ({ heap: performance.memory.usedJSHeapSize, wasm: window.tcpWidget.wasm.memory.buffer.byteLength }));
  };
  const start = await measure();
  const restarts = await page.evaluate(async () => {
    const t0 = performance.now();
    const root = document.querySelector('[data-tcp-widget]').shadowRoot;
    const restart = root.querySelector('button[aria-label="Restart"]');
    for (let i = 0; i < 500; i++) {
      restart.click();
      await new Promise((r) => queueMicrotask(r));
    }
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  });
  const afterRestarts = await measure();
  const drops = await page.evaluate(async () => {
    const t0 = performance.now();
    const settle = () => new Promise((r) => setTimeout(r, 0));
    const root = document.querySelector('[data-tcp-widget]').shadowRoot;
    let done = 0;
    for (let i = 0; i < 500; i++) {
      root.querySelector('button[aria-label="Restart"]').click();
      await settle();
      root.querySelector('button[aria-label="Next event"]').click();
      await settle();
      const syn = root.querySelector('.tcpw-seg[data-segment="0"]');
      syn.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await settle();
      if (root.querySelector('.tcpw-seg[data-segment="0"].tcpw-dropped')) done++;
    }
    return { ms: performance.now() - t0, done };
  });
  const afterDrops = await measure();
  await context.close();
  return { start, afterRestarts, afterDrops, restarts, drops };
}

/**
 * Free mode's clock never stops: the cost of a frame must not grow with how
 * long the learner has played. Page timers are faked (Playwright's clock), so
 * five minutes of frames run in far less; each measurement is the wall time
 * of 2 s of frames (125 at 16 ms), at the start and after 5 minutes of play.
 */
async function freeModeFrames(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.clock.install({ time: 0 });
  await page.goto(`${url}?scenario=free`);
  await page.locator('.tcpw-free [data-call="listen"]').first().waitFor();
  await page.locator('.tcpw-free-side[data-side=server] [data-call="listen"]').click();
  await page.clock.runFor(500);
  await page.locator('.tcpw-free-side[data-side=client] [data-call="connect"]').click();
  const perFrame = async () => {
    const t0 = performance.now();
    await page.clock.runFor(2000);
    return (performance.now() - t0) / 125;
  };
  const start = await perFrame();
  await page.clock.runFor(300_000);
  const after = await perFrame();
  const clock = await page.locator('.tcpw-clock').innerText();
  await context.close();
  return { start, after, clock };
}

/** Opens a large made-up capture (lib/bulk-pcap.mjs): ms from choosing
 * the file to the drawn capture, and for one step after it. */
async function captureOpen(browser, url, throttle) {
  const { buffer, packets } = bulkTransferPcap();
  const { context, page, cdp } = await newPage(browser);
  await page.goto(`${url}?lang=en`);
  await page.waitForFunction(() => window.__bench.ready !== null);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const t0 = Date.now();
  await page.locator('.tcpw-open input[type=file]').setInputFiles({ name: 'bulk.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer });
  await page.locator('.tcpw-capture').waitFor({ timeout: 120_000 });
  const open = Date.now() - t0;
  // A step: the click's own work, then the frame that shows it.
  const t1 = Date.now();
  await page.click('button[aria-label="Next event"]');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const step = Date.now() - t1;
  await context.close();
  return { open, step, packets };
}

/** Plays a made-up 30,006-packet capture: time per animation frame over
 * its first 4 s of play and over the next 4 s, when twice as many segments
 * are drawn (every frame of a capture passes an instant, so this is where
 * the ladder's cost per instant shows). */
async function capturePlay(browser, url, throttle) {
  const { buffer, packets } = bulkTransferPcap(20000);
  const { context, page, cdp } = await newPage(browser);
  await page.goto(`${url}?lang=en`);
  await page.waitForFunction(() => window.__bench.ready !== null);
  await page.locator('.tcpw-open input[type=file]').setInputFiles({ name: 'bulk.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer });
  await page.locator('.tcpw-capture').waitFor({ timeout: 120_000 });
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const spans = [];
  for (let i = 0; i < 2; i++) {
    await page.evaluate(() => (window.__bench.frames = []));
    await page.click('.tcpw-play');
    await page.waitForTimeout(4000);
    await page.click('.tcpw-play');
    const perFrame = new Map();
    for (const [ts, ms] of await page.evaluate(() => window.__bench.frames)) perFrame.set(ts, (perFrame.get(ts) ?? 0) + ms);
    spans.push([...perFrame.values()]);
  }
  await context.close();
  return { spans, packets };
}

// Each run's figures are kept (target/bench/last.json) and printed beside
// the next run's, so every change sees what it cost.
const LAST = path.resolve(here, '../target/bench/last.json');
const previous = fs.existsSync(LAST) ? JSON.parse(fs.readFileSync(LAST, 'utf8')) : {};
const figures = {};
/** Prints a figure with the previous run's beside it. */
function report(key, value, format) {
  figures[key] = value;
  const before = previous[key];
  const was = before === undefined ? 'no previous run' : `previous ${format(before)}`;
  console.log(`${key.padEnd(52)} ${format(value).padEnd(14)} (${was})`);
}
const num = (digits) => (x) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const msf = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : String(x));

const hasFirstFrame = writePlainPage();
writeEmbedPages();
const server = await serveDir(dist);
const browser = await launch(['--enable-precise-memory-info']);
try {
  console.log('## Bundle (dist/, gzip -9)\n');
  const sizes = formatTable(bundleSizes(dist));
  console.log(sizes.text);
  console.log();
  for (const row of bundleSizes(dist).filter((r) => ['tcp-widget_bg.wasm', 'index.html'].includes(r.file))) {
    report(`gzip ${row.file} (bytes)`, row.gzip, num(0));
  }

  if (part('load')) console.log(`\n## Load (${LOADS} cold loads each, cache disabled, medians)\n`);
  if (part('load') && !hasFirstFrame) console.log('(index.html holds no prerendered first frame: both rows measure the same page)');
  for (const [label, options] of [
    ['with the prerendered first frame', { prerender: true }],
    ['without it (the page before issue 17)', { prerender: false }],
    ['with it, CPU 4x slower', { prerender: true, throttle: 4 }],
    ['without it, CPU 4x slower', { prerender: false, throttle: 4 }],
    ['<div> embed, with its first frame', { prerender: true, embed: true }],
    ['<div> embed, without', { prerender: false, embed: true }],
    ['<div> embed, with its first frame, CPU 4x slower', { prerender: true, embed: true, throttle: 4 }],
    ['<div> embed, without, CPU 4x slower', { prerender: false, embed: true, throttle: 4 }],
    ['with the prerendered first frame, Fast 3G', { prerender: true, slowNetwork: true }],
    ['without it, Fast 3G', { prerender: false, slowNetwork: true }],
    ['<div> embed, with its first frame, Fast 3G', { prerender: true, embed: true, slowNetwork: true }],
    ['<div> embed, without, Fast 3G', { prerender: false, embed: true, slowNetwork: true }],
  ].filter(() => part('load'))) {
    const runs = await coldLoads(browser, server.url, options);
    report(`first paint of the diagram, ${label}`, median(runs.map((r) => r.painted)), msf);
    report(`the next frame after it (the diagram on screen), ${label}`, median(runs.map((r) => r.presented)), msf);
    report(`UI ready (live widget drawn), ${label}`, median(runs.map((r) => r.ready)), msf);
    report(`first contentful paint, ${label}`, median(runs.map((r) => r.fcp)), msf);
    report(`layout shift (CLS), ${label}`, Math.max(...runs.map((r) => r.shift)), num(4));
  }

  if (part('frames')) console.log('\n## Frames while playing (script + style/layout per frame; 6 s each)\n');
  for (const scenario of part('frames') ? ['handshake-and-close', 'syn-flood'] : []) {
    for (const throttle of [1, 4]) {
      const b = await frames(browser, server.url, scenario, throttle);
      const at = `${scenario} at ${throttle}x CPU`;
      report(`frame p50, ${at}`, pct(b.frames, 50), msf);
      report(`frame p95, ${at}`, pct(b.frames, 95), msf);
      report(`frame max, ${at}`, Math.max(...b.frames), msf);
      // A frame over a 60 Hz frame's budget shows as a hitch: how many, and
      // by how much in all (p95 alone hides a few long frames).
      const over = b.frames.filter((f) => f > BUDGET_MS);
      report(`frames over ${BUDGET_MS} ms, ${at}`, over.length, num(0));
      report(`time over ${BUDGET_MS} ms in all, ${at}`, over.reduce((s, f) => s + f - BUDGET_MS, 0), msf);
      report(`nodes added+removed per second, ${at}`, b.churn, num(0));
      report(`long tasks, ${at}`, b.longTasks, num(0));
    }
  }

  if (part('free')) {
    const free = await freeModeFrames(browser, server.url);
    console.log('\n## Free mode: wall time per frame, at the start and after 5 minutes of play\n');
    report('free mode frame, at the start', free.start, msf);
    report('free mode frame, after 5 minutes', free.after, msf);
  }

  if (part('idle')) {
    const quiet = await idle(browser, server.url);
    console.log('\n## Timers and animation frames scheduled while paused (per second)\n');
    report('callbacks per second, paused at start', quiet.atStart, num(2));
    report('callbacks per second, paused after playing', quiet.afterPause, num(2));
  }

  if (part('memory')) {
    const m = await memory(browser, server.url);
    console.log('\n## Memory (after a forced GC)\n');
    report('JS heap after load (KiB)', m.start.heap / 1024, num(1));
    report('JS heap after 500 restarts (KiB)', m.afterRestarts.heap / 1024, num(1));
    report('JS heap after 500 drops (KiB)', m.afterDrops.heap / 1024, num(1));
    report('wasm memory after load (KiB)', m.start.wasm / 1024, num(1));
    report('wasm memory after 500 restarts (KiB)', m.afterRestarts.wasm / 1024, num(1));
    report('wasm memory after 500 drops (KiB)', m.afterDrops.wasm / 1024, num(1));
    report('500 restarts', m.restarts, msf);
    report('500 restart+step+drop cycles', m.drops.ms, msf);
  }
  if (part('capture')) {
    console.log('\n## Opening a large capture (a made-up bulk transfer; choose the file to drawn ladder)\n');
    const opens = [];
    for (let i = 0; i < 3; i++) opens.push(await captureOpen(browser, server.url, 1));
    const slow = await captureOpen(browser, server.url, 4);
    const n = opens[0].packets.toLocaleString('en');
    report(`open a ${n}-packet capture, 1x CPU (median of 3)`, median(opens.map((o) => o.open)), msf);
    report(`one step after it, 1x CPU (median of 3)`, median(opens.map((o) => o.step)), msf);
    report(`open a ${n}-packet capture, 4x CPU`, slow.open, msf);
    console.log('\n## Playing a large capture (a made-up bulk transfer; per frame, its first 4 s and the next 4 s)\n');
    for (const throttle of [1, 4]) {
      const { spans, packets } = await capturePlay(browser, server.url, throttle);
      const at = `${packets.toLocaleString('en')}-packet capture at ${throttle}x CPU`;
      for (const [when, f] of [['0-4 s', spans[0]], ['4-8 s', spans[1]]]) {
        report(`frame p50 / p95, ${when}, ${at}`, [pct(f, 50), pct(f, 95)], (x) => x.map(msf).join(' / '));
      }
    }
  }
  fs.mkdirSync(path.dirname(LAST), { recursive: true });
  fs.writeFileSync(LAST, JSON.stringify({ ...previous, ...figures }, null, 1));
} finally {
  await browser.close();
  await server.close();
  for (const file of [PLAIN, EMBED, EMBED_PLAIN]) fs.rmSync(path.join(dist, file), { force: true });
}
