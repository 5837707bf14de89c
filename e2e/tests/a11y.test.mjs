// Comfort and accessibility on the built page: every piece of text meets WCAG
// AA contrast against what lies behind it, in light and dark, at several
// moments of a run with a drop; and the print style keeps the diagram and the
// narration while dropping the controls.
import { test, assert } from '../lib/harness.mjs';
import { watch, framesGone } from '../lib/browser.mjs';

/**
 * In the page: for every element in the widget's shadow root that shows text
 * of its own, the contrast ratio of its colour (fill for SVG text) against
 * the nearest opaque background (the widget's --bg behind SVG text, whose
 * labels carry a --bg halo, or the filled box the text is drawn on). Returns
 * the failures.
 */
export function lowContrast() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (fg, bg) => ({
    r: fg.r * fg.a + bg.r * (1 - fg.a),
    g: fg.g * fg.a + bg.g * (1 - fg.a),
    b: fg.b * fg.a + bg.b * (1 - fg.a),
    a: 1,
  });
  const root = document.querySelector('[data-tcp-widget]').shadowRoot;
  const widget = root.querySelector('.tcpw');
  const pageBg = parse(getComputedStyle(widget).backgroundColor);
  const backgroundOf = (el) => {
    const layers = [];
    for (let e = el; e && e !== root; e = e.parentElement ?? e.parentNode?.host) {
      if (e instanceof SVGElement && e.localName !== 'svg') continue;
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) layers.push(c);
      if (c && c.a === 1) break;
    }
    return layers.reduceRight((bg, layer) => over(layer, bg), pageBg);
  };
  // SVG text lies on the widget's --bg unless its own group draws a filled
  // box under it first (the state diagram's boxes).
  const svgBackgroundOf = (el) => {
    for (let e = el.previousElementSibling; e; e = e.previousElementSibling) {
      if (e.localName !== 'rect') continue;
      const c = parse(getComputedStyle(e).fill);
      if (c && c.a === 1) return c;
    }
    return pageBg;
  };
  const failures = [];
  for (const el of root.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const style = getComputedStyle(el);
    if (el.closest('.tcpw-sr-only')) continue;
    const isSvgText = el instanceof SVGElement;
    let fg = parse(isSvgText ? style.fill : style.color);
    if (!fg) continue;
    let opacity = 1;
    for (let e = el; e && e !== root; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const bg = isSvgText ? svgBackgroundOf(el) : backgroundOf(el);
    fg = over({ ...fg, a: fg.a * opacity }, bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) {
      failures.push(`${ratio.toFixed(2)} < ${need}: <${el.localName} class="${el.getAttribute('class') ?? ''}"> "${el.textContent.trim().slice(0, 30)}"`);
    }
  }
  return [...new Set(failures)];
}

test('all text meets WCAG AA contrast, light and dark, through a run with a drop', async ({ browser, baseUrl }) => {
  for (const theme of ['light', 'dark']) {
    for (const lang of ['en', 'zh']) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
      const problems = watch(page);
      await page.goto(`${baseUrl}index.html?theme=${theme}&lang=${lang}&scenario=lost-fin&mode=analogy`, { waitUntil: 'load' });
      await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
      await framesGone(page);
      const failures = new Set();
      for (let step = 0; step < 14; step++) {
        if (step === 6) await page.locator('.tcpw-seg').last().click(); // select: the inspector shows
        for (const f of await page.evaluate(lowContrast)) failures.add(f);
        await page.locator('.tcpw-transport button').nth(3).click();
      }
      await page.locator('[data-share="toggle"]').click();
      for (const f of await page.evaluate(lowContrast)) failures.add(f);
      assert.deepEqual([...failures], [], `${theme}/${lang}: low contrast`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  }
});

// Every kind of sender has its colour: a spoofed SYN's label once had none
// (black on the dark background); an old duplicate and an RST have their own.
test('segment labels of every sender meet AA contrast in light and dark', async ({ browser, baseUrl }) => {
  for (const theme of ['light', 'dark']) {
    for (const [scenario, steps] of [['syn-flood', 14], ['old-duplicate-syn', 8], ['connection-refused', 4]]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
      const problems = watch(page);
      await page.goto(`${baseUrl}index.html?theme=${theme}&lang=en&scenario=${scenario}&step=${steps}`, { waitUntil: 'load' });
      await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
      await framesGone(page);
      const senders = await page.locator('.tcpw-seg').evaluateAll((segs) => [...new Set(segs.map((s) => s.getAttribute('class').match(/tcpw-from-(\w+)/)?.[1]))]);
      if (scenario === 'syn-flood') assert.ok(senders.includes('spoofed'), `spoofed SYNs drawn: ${senders}`);
      if (scenario === 'old-duplicate-syn') assert.ok(senders.includes('stray'), `an old duplicate drawn: ${senders}`);
      assert.deepEqual(await page.evaluate(lowContrast), [], `${theme}/${scenario}: low contrast`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  }
});

test('print keeps the diagram and the narration, and drops the controls', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, locale: 'en-US' });
  await page.goto(`${baseUrl}index.html?step=6`, { waitUntil: 'load' });
  await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  await framesGone(page);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.tcpw-svg').isVisible(), true);
  assert.equal(await page.locator('.tcpw-narr-now').isVisible(), true);
  assert.match(await page.locator('.tcpw-narr-now').innerText(), /\w/);
  for (const hidden of ['.tcpw-transport', '.tcpw-share', '.tcpw-lang']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000, 'a real PDF comes out');
  await page.close();
});
