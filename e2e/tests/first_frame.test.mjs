// The first frame before the WebAssembly (issue 17): index.html holds the
// default lesson's first screen (scripts/prerender.mjs); the page paints it
// at once, in the visitor's language, colours and width, says it is
// loading, and the widget takes its place without moving anything
// (cumulative layout shift ≤ 0.02). With the WebAssembly blocked the diagram
// stays; a page asked for another lesson does not show the default one.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot } from '../lib/browser.mjs';

/** Counts layout shifts from the very start of the page. */
const RECORD_SHIFTS = () => {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
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
    };
  });

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
    assert.equal(await page.evaluate(() => globalThis.tcpWidget?.wasm), undefined, 'and the WebAssembly has not run');
    await screenshot(page, `first-frame-${expected.lang}-${expected.width}-${expected.scheme}`);
    await page.close();
  });

  test(`the widget takes the first frame's place without moving it (${label})`, async ({ browser, baseUrl }) => {
    const page = await browser.newPage(options);
    const problems = watch(page);
    await page.addInitScript(RECORD_SHIFTS);
    await page.goto(`${baseUrl}index.html`, { waitUntil: 'load' });
    await page.locator('.tcpw-root .tcpw-svg').waitFor({ timeout: 15000 });
    await page.waitForTimeout(300);
    const s = await shown(page);
    assert.equal(s.frames, 0, 'the first frames are gone once the widget has drawn');
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.02, `cumulative layout shift ${shift.toFixed(4)}`);
    // The live widget answers: a key steps the clock.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await page.locator('.tcpw-clock').textContent(), '0 / 2670 ms');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('a page asked for another lesson shows its loading line, not the default first frame', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.route('**/*.wasm', () => {});
  await page.goto(`${baseUrl}index.html?scenario=lost-syn`, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  const s = await shown(page);
  assert.equal(s.visible, 0);
  assert.match(await page.locator('.tcpw-fallback').innerText(), /Loading the TCP widget/);
  await page.close();
});

test('when the WebAssembly cannot be fetched, the first frame stays and says why', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  await page.route('**/*.wasm', (r) => r.abort());
  await page.goto(`${baseUrl}index.html`, { waitUntil: 'load' });
  await page.waitForFunction(() =>
    /could not start/.test(document.querySelector('[data-tcp-widget]').shadowRoot?.querySelector('.tcpw-prerender:not([hidden]) .tcpw-prerender-note')?.textContent ?? ''),
  );
  const s = await shown(page);
  assert.deepEqual(s.states, ['CLOSED', 'LISTEN']);
  await page.close();
});
