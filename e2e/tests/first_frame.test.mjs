// The first frame before the WebAssembly (issue 17): index.html holds the
// default lesson's first screen (scripts/prerender.mjs); the page paints it
// at once, in the visitor's language, colours and width, says it is
// loading, and the widget takes its place without moving anything
// (cumulative layout shift ≤ 0.02). With the WebAssembly blocked the diagram
// stays; a page asked for another lesson does not show the default one.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot, framesGone } from '../lib/browser.mjs';

/** Counts layout shifts from the very start of the page, and keeps what
 * moved (element, rectangles, time) so a failure says what shifted. */
const RECORD_SHIFTS = () => {
  window.__shift = 0;
  window.__moved = [];
  const name = (n) => {
    if (!n) return '?';
    const cls = typeof n.className === 'string' ? n.className : (n.className?.baseVal ?? '');
    return `${n.nodeName.toLowerCase()}${n.id ? `#${n.id}` : ''}${cls ? `.${cls.split(' ')[0]}` : ''}`;
  };
  const rect = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__shift += e.value;
      for (const m of e.sources ?? []) {
        window.__moved.push(`${e.startTime.toFixed(0)} ms ${e.value.toFixed(3)} ${name(m.node)}: ${rect(m.previousRect)} → ${rect(m.currentRect)}`);
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

/** What the page shows in the widget's place: the visible first frame, if any. */
const shown = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-tcp-widget]').shadowRoot;
    const frames = [...root.querySelectorAll('.tcpw-prerender')];
    const visible = frames.filter((f) => !f.hidden);
    const f = visible[0];
    return {
      frames: frames.length,
      visible: visible.length,
      lang: f?.dataset.lang,
      width: f?.dataset.width,
      scheme: f?.querySelector('.tcpw')?.dataset.scheme,
      note: f?.querySelector('.tcpw-prerender-note')?.textContent,
      states: f ? [...f.querySelectorAll('.tcpw-state-label')].map((s) => s.textContent) : [],
      title: f?.querySelector('.tcpw-title')?.textContent,
      painted: f ? f.getBoundingClientRect().height > 300 : false,
      // Where the "loading" note lies: on the title, inside the ladder, on screen.
      noteOn: (() => {
        const rect = (sel) => f?.querySelector(sel)?.getBoundingClientRect();
        const [note, title, ladder] = [rect('.tcpw-prerender-note'), rect('.tcpw-title'), rect('.tcpw-timeline')];
        if (!note || !title || !ladder) return null;
        const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const within = (a, b) => a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;
        return { title: meets(note, title), ladder: within(note, ladder), screen: note.bottom <= innerHeight && note.top >= 0 };
      })(),
    };
  });

/**
 * Looks at the page on each animation frame (each chance to paint) from the
 * very start, and keeps what the widget's place held on the first frame
 * after its host was parsed to its end (its own "loading" line, which
 * follows the frames): the prerendered frame, if chosen yet, and whether
 * that line could be seen.
 */
const FIRST_LOOK = () => {
  const look = () => {
    const host = document.querySelector('[data-tcp-widget]');
    const line = host?.querySelector('.tcpw-fallback');
    if (!line) return requestAnimationFrame(look);
    const frame = [...(host.shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])].find((f) => !f.hidden);
    window.__firstLook = {
      frame: frame ? `${frame.dataset.lang}/${frame.dataset.width}` : null,
      lineSeen: line.getBoundingClientRect().height > 0 && getComputedStyle(line).visibility === 'visible',
    };
  };
  requestAnimationFrame(look);
};

for (const [label, options, expected] of [
  ['English, wide, light', { locale: 'en-US', viewport: { width: 1280, height: 800 } }, { lang: 'en', width: 'wide', scheme: 'light' }],
  ['Chinese, phone, dark', { locale: 'zh-CN', viewport: { width: 390, height: 844 }, colorScheme: 'dark' }, { lang: 'zh', width: 'narrow', scheme: 'dark' }],
]) {
  test(`with the WebAssembly held back, the diagram is already there (${label})`, async ({ browser, baseUrl }) => {
    const page = await browser.newPage(options);
    await page.route('**/*.wasm', () => {}); // never answers
    await page.goto(`${baseUrl}index.html`, { waitUntil: 'load' });
    await page.waitForFunction(() =>
      [...(document.querySelector('[data-tcp-widget]').shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])].some((f) => !f.hidden),
    );
    const s = await shown(page);
    assert.equal(s.visible, 1, 'one first frame shows');
    assert.deepEqual({ lang: s.lang, width: s.width, scheme: s.scheme }, expected);
    assert.deepEqual(s.states, ['CLOSED', 'LISTEN'], 'the ladder at time 0: a client, a listening server');
    assert.ok(s.painted, 'it has its full size');
    assert.match(s.note, expected.lang === 'zh' ? /正在加载/ : /Loading/);
    assert.deepEqual(s.noteOn, { title: false, ladder: true, screen: true }, 'the note lies in the ladder, off the title, on screen');
    assert.equal(await page.evaluate(() => globalThis.tcpWidget?.wasm), undefined, 'and the WebAssembly has not run');
    await screenshot(page, `first-frame-${expected.lang}-${expected.width}-${expected.scheme}`);
    await page.close();
  });

  test(`no paint of the widget's place shows its loading line before the frame (${label})`, async ({ browser, baseUrl }) => {
    for (let load = 0; load < 3; load++) {
      const context = await browser.newContext(options);
      await context.addInitScript(FIRST_LOOK);
      const page = await context.newPage();
      await page.route('**/*.wasm', () => {}); // never answers: only the first frame can show
      await page.goto(`${baseUrl}index.html`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__firstLook !== undefined);
      const look = await page.evaluate(() => window.__firstLook);
      // The frame is chosen as soon as the host is parsed, by the script
      // right after its frames (not by a module, which waits for the whole
      // page): the first frame after the host already shows it.
      assert.equal(look.lineSeen, false, `load ${load + 1}: the loading line on the first frame after the host`);
      assert.equal(look.frame, `${expected.lang}/${expected.width}`, `load ${load + 1}: the first look`);
      await context.close();
    }
  });

  test(`the widget takes the first frame's place without moving it (${label})`, async ({ browser, baseUrl }) => {
    const page = await browser.newPage(options);
    const problems = watch(page);
    await page.addInitScript(RECORD_SHIFTS);
    await page.goto(`${baseUrl}index.html`, { waitUntil: 'load' });
    await page.locator('.tcpw-root .tcpw-svg').waitFor({ timeout: 15000 });
    await framesGone(page);
    await page.waitForTimeout(300);
    const s = await shown(page);
    assert.equal(s.frames, 0, 'the first frames are gone once the widget has drawn');
    const shift = await page.evaluate(() => window.__shift);
    const moved = await page.evaluate(() => window.__moved.join('\n'));
    assert.ok(shift <= 0.02, `cumulative layout shift ${shift.toFixed(4)}:\n${moved}`);
    // The live widget answers: a key steps the clock.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await page.locator('.tcpw-clock').textContent(), '0 / 2670 ms');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('the page picks its first frame before its module scripts run, and without its picker', async ({ browser, baseUrl }) => {
  // Module scripts that never arrive: the classic script after the frames
  // (tcp-widget-page-frame.js) alone picks the frame, as the page is parsed.
  const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  await page.route(/\.(js|wasm)$/, (route) => (route.request().url().endsWith('/tcp-widget-page-frame.js') ? route.continue() : undefined));
  await page.goto(`${baseUrl}index.html`, { waitUntil: 'commit' }); // the modules hold back DOMContentLoaded
  await page.waitForFunction(() =>
    [...(document.querySelector('[data-tcp-widget]').shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])].some((f) => !f.hidden),
  );
  let s = await shown(page);
  assert.deepEqual({ visible: s.visible, lang: s.lang, width: s.width }, { visible: 1, lang: 'zh', width: 'narrow' });
  await page.close();
  // A page copied without its picker: tcp-widget-frame.js picks it.
  const alone = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await alone.route('**/tcp-widget-page-frame.js', (route) => route.fulfill({ status: 404, body: '' }));
  await alone.route('**/*.wasm', () => {});
  await alone.goto(`${baseUrl}index.html`, { waitUntil: 'load' });
  await alone.waitForFunction(() =>
    [...(document.querySelector('[data-tcp-widget]').shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])].some((f) => !f.hidden),
  );
  s = await shown(alone);
  assert.deepEqual({ visible: s.visible, lang: s.lang, width: s.width }, { visible: 1, lang: 'en', width: 'wide' });
  await alone.close();
});

test('a page asked for another lesson shows its loading line, not the default first frame', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.route('**/*.wasm', () => {});
  await page.goto(`${baseUrl}index.html?scenario=lost-syn`, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  const s = await shown(page);
  assert.equal(s.visible, 0);
  // The line shows after its first second (static/page.css).
  await page.locator('.tcpw-fallback').waitFor({ state: 'visible', timeout: 3000 });
  assert.match(await page.locator('.tcpw-fallback').innerText(), /Loading the TCP widget/);
  await page.close();
});

test('when the WebAssembly cannot be fetched, the first frame stays and says why', async ({ browser, baseUrl }) => {
  // On a phone: the message (with the error) wraps inside the ladder.
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  await page.route('**/*.wasm', (r) => r.abort());
  await page.goto(`${baseUrl}index.html`, { waitUntil: 'load' });
  await page.waitForFunction(() =>
    /could not start/.test(document.querySelector('[data-tcp-widget]').shadowRoot?.querySelector('.tcpw-prerender:not([hidden]) .tcpw-prerender-note')?.textContent ?? ''),
  );
  const s = await shown(page);
  assert.deepEqual(s.states, ['CLOSED', 'LISTEN']);
  assert.deepEqual(s.noteOn, { title: false, ladder: true, screen: true }, 'the message lies in the ladder, off the title, on screen');
  await screenshot(page, 'first-frame-could-not-start-en-narrow');
  await page.close();
});

/** A host page of <div> embeds, served from the bundle's own origin. */
async function embedHost(browser, baseUrl, body, options) {
  const page = await browser.newPage(options);
  await page.route(`${baseUrl}host.html`, (r) =>
    r.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>${body}<script type="module" src="tcp-widget-embed.js"></script></body></html>`,
    }),
  );
  return page;
}

/** What each embed shows: its visible first frame (if any) and the host's own words. */
const embeds = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-tcp-widget]')].map((host) => {
      const frames = [...(host.shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])];
      const f = frames.find((x) => !x.hidden);
      return {
        id: host.id,
        frames: frames.length,
        lang: f?.dataset.lang,
        width: f?.dataset.width,
        scheme: f?.querySelector('.tcpw')?.dataset.scheme,
        note: f?.querySelector('.tcpw-prerender-note')?.textContent,
        states: f ? [...f.querySelectorAll('.tcpw-state-label')].map((s) => s.textContent) : [],
        height: f ? Math.round(f.getBoundingClientRect().height) : 0,
        own: host.innerText.trim(),
      };
    }),
  );

const EMBEDS = `
  <div id="plain" data-tcp-widget data-lang="zh" data-theme="dark"><p>host's own loading line</p></div>
  <div id="other" data-tcp-widget data-scenario="lost-syn" data-lang="en"><p>another lesson loading</p></div>`;

test('a <div> embed of the default lesson shows its first frame before the WebAssembly; another lesson does not', async ({ browser, baseUrl }) => {
  const page = await embedHost(browser, baseUrl, EMBEDS, { viewport: { width: 390, height: 844 }, locale: 'en-US' });
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname.slice(1)));
  await page.route('**/*.wasm', () => {}); // never answers
  await page.goto(`${baseUrl}host.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('#plain').shadowRoot?.querySelector('.tcpw-prerender:not([hidden])'));
  await page.waitForTimeout(300);
  const [plain, other] = await embeds(page);
  assert.deepEqual(
    { lang: plain.lang, width: plain.width, scheme: plain.scheme, states: plain.states },
    { lang: 'zh', width: 'narrow', scheme: 'dark', states: ['CLOSED', 'LISTEN'] },
    'the Chinese default lesson at time 0, narrow, dark as asked',
  );
  assert.equal(plain.frames, 1, 'only the frame that fits is put in');
  assert.match(plain.note, /正在加载/);
  assert.ok(plain.height > 300, `it has its full size (${plain.height} px)`);
  assert.equal(other.frames, 0, 'another lesson has no first frame');
  assert.equal(other.own, 'another lesson loading', "so the host's own line shows");
  assert.ok(asked.includes('first-frame-zh.html') && !asked.includes('first-frame-en.html'), `only the language in use: ${asked.join(', ')}`);
  assert.equal(await page.evaluate(() => globalThis.tcpWidget?.wasm), undefined, 'and the WebAssembly has not run');
  await screenshot(page, 'first-frame-embed-zh-narrow-dark');
  await page.close();
});

test("the embedded widget takes its first frame's place without moving it", async ({ browser, baseUrl }) => {
  const page = await embedHost(browser, baseUrl, EMBEDS, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const problems = watch(page);
  await page.addInitScript(RECORD_SHIFTS);
  // The WebAssembly comes late (as on a slow phone): the frame shows first.
  await page.route('**/*.wasm', async (r) => {
    await new Promise((ok) => setTimeout(ok, 1500));
    await r.continue();
  });
  await page.goto(`${baseUrl}host.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('#plain').shadowRoot?.querySelector('.tcpw-prerender:not([hidden])'));
  // Where the ladder is drawn, in the frame and then in the widget.
  const ladder = (sel) =>
    page.evaluate((sel) => {
      const r = document.querySelector('#plain').shadowRoot.querySelector(sel).getBoundingClientRect();
      return { top: Math.round(r.top), left: Math.round(r.left), width: Math.round(r.width) };
    }, sel);
  const before = await ladder('.tcpw-prerender .tcpw-svg');
  // (The frame itself moves what is below it, as the widget would without
  // it: a host page paints before any script runs. Counted from here on.)
  await page.evaluate(() => ((window.__shift = 0), (window.__moved = [])));
  await page.waitForFunction(() => document.querySelector('#plain').shadowRoot?.querySelector('.tcpw-root .tcpw:not(.tcpw-loading) .tcpw-svg'), null, { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('#other').shadowRoot?.querySelector('.tcpw-svg'), null, { timeout: 20000 });
  await page.waitForTimeout(300);
  const [plain] = await embeds(page);
  assert.equal(plain.frames, 0, 'the first frame is gone once the widget has drawn');
  // The widget draws its ladder where the frame had it.
  const after = await ladder('.tcpw-root .tcpw-svg');
  for (const k of ['top', 'left', 'width']) assert.ok(Math.abs(after[k] - before[k]) <= 2, `the ladder's ${k}: ${before[k]} px in the frame, ${after[k]} px in the widget`);
  const shift = await page.evaluate(() => window.__shift);
  const moved = await page.evaluate(() => window.__moved.join('\n'));
  assert.ok(shift <= 0.02, `cumulative layout shift ${shift.toFixed(4)}:\n${moved}`);
  const clock = () => page.evaluate(() => document.querySelector('#plain').shadowRoot.querySelector('.tcpw-clock').textContent);
  const start = await clock();
  await page.evaluate(() => document.querySelector('#plain').shadowRoot.querySelector('.tcpw').focus());
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(200);
  assert.notEqual(await clock(), start, 'the live widget answers its keys');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an iframe embed (?embed=1) shows the first frame too, edge to edge from the first paint', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await page.route('**/*.wasm', () => {});
  await page.goto(`${baseUrl}index.html?embed=1&lang=en`, { waitUntil: 'load' });
  await page.waitForFunction(() =>
    [...(document.querySelector('[data-tcp-widget]').shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])].some((f) => !f.hidden),
  );
  const s = await shown(page);
  assert.deepEqual({ lang: s.lang, states: s.states }, { lang: 'en', states: ['CLOSED', 'LISTEN'] });
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-embed')), true, 'margins gone before the widget starts');
  assert.equal(await page.evaluate(() => Math.round(document.querySelector('[data-tcp-widget]').getBoundingClientRect().left)), 0);
  await page.close();
});
