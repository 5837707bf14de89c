// The benchmark (not a test: it prints figures, it does not pass or fail).
// Run through `bash scripts/bench.sh`, which builds the release bundle first.
//
// Prints: bundle sizes (raw and gzip); time from navigation to the first
// complete diagram (median of cold loads); per-frame script+render time while
// a scenario plays, at 1x and with 4x CPU throttling; timer and
// requestAnimationFrame callbacks per second while paused; JS heap and wasm
// memory after 500 restarts and 500 drops.
import path from 'node:path';
import { serveDir } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { bundleSizes, formatTable } from './lib/sizes.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.resolve(here, '../dist');
const LOADS = Number(process.env.BENCH_LOADS ?? 7);

// Installed before the page's own scripts: records when the diagram is first
// complete, times every animation frame, counts timers, keeps the wasm exports.
const PROBE = () => {
  window.__bench = { ready: null, frames: [], longTasks: 0, scheduled: { raf: 0, timeout: 0, interval: 0 } };
  const b = window.__bench;
  new MutationObserver((_, obs) => {
    const root = document.querySelector('[data-tcp-widget]')?.shadowRoot;
    if (b.ready === null && root && root.querySelectorAll('.tcpw-state-label').length >= 2 && root.querySelector('.tcpw-node')) {
      b.ready = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  // The widget renders inside a shadow root, which document observers do not
  // see: check again on every frame until it is ready.
  const poll = () => (b.ready === null ? (observeShadow(), requestAnimationFrame(poll)) : null);
  const observeShadow = () => {
    const root = document.querySelector('[data-tcp-widget]')?.shadowRoot;
    if (root && root.querySelectorAll('.tcpw-state-label').length >= 2 && root.querySelector('.tcpw-node')) b.ready = performance.now();
  };
  requestAnimationFrame(poll);
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
          b.frames.push(performance.now() - t0);
        }),
      );
    });
  };
  const st = window.setTimeout.bind(window);
  window.setTimeout = (...a) => (b.scheduled.timeout++, st(...a));
  const si = window.setInterval.bind(window);
  window.setInterval = (...a) => (b.scheduled.interval++, si(...a));
};

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

async function coldLoads(browser, url) {
  const times = [];
  for (let i = 0; i < LOADS; i++) {
    const { context, page } = await newPage(browser);
    await page.goto(url);
    await page.waitForFunction(() => window.__bench.ready !== null);
    times.push(await page.evaluate(() => window.__bench.ready));
    await context.close();
  }
  return times;
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
  await page.click('.tcpw-play');
  await page.waitForTimeout(6000);
  const b = await page.evaluate(() => window.__bench);
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

const server = await serveDir(dist);
const browser = await launch(['--enable-precise-memory-info']);
try {
  console.log('## Bundle (dist/, gzip -9)\n');
  console.log(formatTable(bundleSizes(dist)).text);

  const loads = await coldLoads(browser, server.url);
  console.log(`\n## Navigation → first complete diagram (${LOADS} cold loads, cache disabled)\n`);
  console.log(`median ${ms(median(loads))}   min ${ms(Math.min(...loads))}   max ${ms(Math.max(...loads))}`);

  console.log('\n## Frames while playing (script + style/layout per frame; 6 s each)\n');
  console.log('scenario               CPU     frames    p50        p95        max        long tasks');
  for (const scenario of ['handshake-and-close', 'syn-flood']) {
    for (const throttle of [1, 4]) {
      const b = await frames(browser, server.url, scenario, throttle);
      console.log(
        `${scenario.padEnd(22)} ${(throttle + 'x').padEnd(7)} ${String(b.frames.length).padStart(6)}    ${ms(pct(b.frames, 50)).padEnd(10)} ${ms(pct(b.frames, 95)).padEnd(10)} ${ms(Math.max(...b.frames)).padEnd(10)} ${b.longTasks}`,
      );
    }
  }

  const free = await freeModeFrames(browser, server.url);
  console.log('\n## Free mode: wall time per frame, at the start and after 5 minutes of play\n');
  console.log(`at the start ${ms(free.start)}   after 5 minutes ${ms(free.after)}   (clock then: ${free.clock})`);

  const quiet = await idle(browser, server.url);
  console.log('\n## Timers and animation frames scheduled while paused (per second)\n');
  console.log(`paused at start: ${quiet.atStart.toFixed(2)}/s   paused after playing: ${quiet.afterPause.toFixed(2)}/s`);

  const m = await memory(browser, server.url);
  console.log('\n## Memory (after a forced GC)\n');
  console.log('                          JS heap       wasm memory');
  for (const [name, v] of [['after load', m.start], ['after 500 restarts', m.afterRestarts], ['after 500 drops', m.afterDrops]]) {
    console.log(`${name.padEnd(25)} ${kb(v.heap).padEnd(13)} ${kb(v.wasm)}`);
  }
  console.log(`growth over the whole run: JS heap ${kb(m.afterDrops.heap - m.start.heap)}, wasm ${kb(m.afterDrops.wasm - m.start.wasm)}`);
  console.log(`500 restarts took ${ms(m.restarts)}; 500 restart+step+drop cycles took ${ms(m.drops.ms)} (${m.drops.done} drops landed)`);
} finally {
  await browser.close();
  await server.close();
}
