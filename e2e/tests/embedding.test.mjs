// Embedding and export on the built bundle: two widgets on one host page run
// independently with no style leaking either way; the single-file build runs
// from file:// with the network cut; the page runs under a strict
// Content-Security-Policy with zero violations; the downloaded pcap is read
// by tshark without a warning and the downloaded SVG is well-formed XML that
// a browser draws as an image.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, assert } from '../lib/harness.mjs';
import { watch, SHOT_DIR, screenshot, framesGone } from '../lib/browser.mjs';
import { serveDir } from '../lib/server.mjs';

const HOT_PINK = 'rgb(255, 105, 180)';
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";

test('two widgets on one host page: independent, and no style crosses the shadow boundary', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'en-US' });
  const problems = watch(page);
  await page.goto(`${baseUrl}embed-demo.html`, { waitUntil: 'load' });
  await page.locator('#first .tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  await page.locator('#second .tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });

  const first = page.locator('#first');
  const second = page.locator('#second');
  assert.equal(await first.locator('.tcpw').getAttribute('lang'), 'zh-CN');
  assert.equal(await first.locator('.tcpw-narration').getAttribute('data-mode'), 'analogy');
  assert.equal(await first.locator('.tcpw-picker select').inputValue(), 'lost-fin');
  assert.equal(await second.locator('.tcpw').getAttribute('lang'), 'en');
  assert.equal(await second.locator('.tcpw').getAttribute('data-scheme'), 'dark');
  assert.equal(await second.locator('.tcpw-picker select').inputValue(), 'syn-flood');

  // Stepping one leaves the other where it was.
  const clockOf = (w) => w.locator('.tcpw-clock').innerText();
  const secondBefore = await clockOf(second);
  const firstBefore = await clockOf(first);
  for (let i = 0; i < 3; i++) await first.locator('.tcpw-transport button').nth(3).click();
  assert.notEqual(await clockOf(first), firstBefore);
  assert.equal(await clockOf(second), secondBefore);
  // Switching the second's language leaves the first in Chinese.
  await second.locator('.tcpw-lang').click();
  await page.waitForFunction(() => document.querySelector('#second').shadowRoot.querySelector('.tcpw').lang === 'zh-CN');
  await second.locator('.tcpw-lang').click();
  await page.waitForFunction(() => document.querySelector('#second').shadowRoot.querySelector('.tcpw').lang === 'en');
  assert.equal(await first.locator('.tcpw').getAttribute('lang'), 'zh-CN');

  // The host's rude button and letter-spacing rules stay outside...
  const inside = {
    background: await first.locator('.tcpw-btn').first().evaluate((b) => getComputedStyle(b).backgroundColor),
    fontSize: await first.locator('.tcpw-btn').first().evaluate((b) => getComputedStyle(b).fontSize),
    spacing: await first.locator('.tcpw').evaluate((w) => getComputedStyle(w).letterSpacing),
    svgWidth: await first.locator('.tcpw-svg').evaluate((s) => s.getBoundingClientRect().width),
  };
  assert.notEqual(inside.background, HOT_PINK);
  assert.notEqual(inside.fontSize, '30px');
  assert.equal(inside.spacing, 'normal');
  assert.ok(inside.svgWidth > 100, `the host's svg { width: 12px } does not shrink the timeline (${inside.svgWidth}px)`);
  // ...and the widget's stylesheet stays inside.
  const outside = await page.evaluate(() => ({
    button: getComputedStyle(document.getElementById('host-button')).backgroundColor,
    font: getComputedStyle(document.body).fontFamily,
    sheets: [...document.styleSheets].map((s) => s.href).filter(Boolean),
  }));
  assert.equal(outside.button, HOT_PINK);
  assert.match(outside.font, /Georgia/);
  assert.deepEqual(outside.sheets, [], 'no widget stylesheet in the host document');

  // The iframe way on the same page: the built page with parameters.
  const frame = page.frameLocator('iframe.widget-frame');
  await frame.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  assert.equal(await frame.locator('.tcpw-picker select').inputValue(), 'lost-syn');
  assert.match(await frame.locator('.tcpw').getAttribute('class'), /tcpw-compact/);
  await screenshot(page, 'embed-demo');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the single-file build works from file:// with the network cut', async ({ browser, dist }) => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN', offline: true });
  const elsewhere = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const problems = watch(page);
  const file = pathToFileURL(path.join(dist, 'tcp-widget-standalone.html')).href;
  await page.goto(`${file}?scenario=lost-syn`, { waitUntil: 'load' });
  await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 15000 });
  await framesGone(page);
  assert.equal(await page.locator('.tcpw').getAttribute('lang'), 'zh-CN', 'the browser language, from inlined texts');
  assert.equal(await page.locator('.tcpw-picker select').inputValue(), 'lost-syn');
  for (let i = 0; i < 3; i++) await page.locator('.tcpw-transport button').nth(3).click();
  assert.match(await page.locator('.tcpw-narr-now').innerText(), /SYN/);
  await page.locator('.tcpw-lang').click(); // English, also inlined
  await page.waitForFunction(() => document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw').lang === 'en');
  assert.match(await page.locator('.tcpw-narr-now').innerText(), /[A-Za-z]{4}/);
  // Exports work offline too (Blob downloads, no server).
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="pcap"]')]);
  assert.ok(fs.statSync(await download.path()).size > 24, 'a pcap with at least one record');
  assert.deepEqual(elsewhere, [], 'no request left the file');
  assert.deepEqual(problems, []);
  await context.close();
});

test('under a strict Content-Security-Policy: zero violations, everything works', async ({ browser, dist }) => {
  const server = await serveDir(dist, { headers: { 'content-security-policy': CSP } });
  try {
    for (const pageName of ['index.html', 'embed-demo.html']) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'en-US' });
      const problems = watch(page);
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener(
          'securitypolicyviolation',
          (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
          true,
        );
      });
      const response = await page.goto(`${server.url}${pageName}`, { waitUntil: 'load' });
      assert.equal(response.headers()['content-security-policy'], CSP, 'the test server sends the policy');
      const root = page.locator('[data-tcp-widget]').first();
      await root.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
      // Exercise what could trip a policy: stepping, a drop, a language
      // fetched later, the share panel, a download.
      await root.locator('.tcpw-transport button').nth(3).click();
      await root.locator('.tcpw-seg.tcpw-inflight').first().click();
      await root.locator('.tcpw-lang').click();
      await page.waitForTimeout(300);
      if (pageName === 'index.html') {
        await root.locator('[data-share="toggle"]').click();
        await Promise.all([page.waitForEvent('download'), root.locator('[data-export="svg"]').click()]);
      }
      await page.waitForTimeout(200);
      assert.deepEqual(await page.evaluate(() => window.__violations), [], `${pageName}: violations`);
      assert.deepEqual(problems, [], `${pageName}: console`);
      await page.close();
    }
  } finally {
    await server.close();
  }
});

test('the violation listener works: without wasm-unsafe-eval the policy does block the widget, and the page says so', async ({ browser, dist }) => {
  // A control for the test above: the same listener sees a real violation.
  const server = await serveDir(dist, { headers: { 'content-security-policy': "default-src 'self'" } });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective), true);
    });
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__violations.length > 0, null, { timeout: 10000 });
    assert.ok((await page.evaluate(() => window.__violations)).some((d) => d.startsWith('script-src')));
    // The learner is told, where the widget would be.
    await page.locator('[data-tcp-widget]', { hasText: 'could not start' }).waitFor({ timeout: 10000 });
    await page.close();
  } finally {
    await server.close();
  }
});

test('downloads: the pcap reads in tshark with no warning, the SVG is well-formed XML and draws', async ({ browser, baseUrl }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const problems = watch(page);
  await page.goto(`${baseUrl}index.html?scenario=handshake-and-close`, { waitUntil: 'load' });
  await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  await framesGone(page);
  // Step to the end of the run (the clock reads "now / end ms").
  for (let i = 0; i < 60; i++) {
    const [now, end] = (await page.locator('.tcpw-clock').innerText()).match(/\d+/g);
    if (i > 0 && now === end) break;
    await page.click('button[aria-label="Next event"]');
  }
  const segments = await page.locator('.tcpw-seg').count();
  fs.mkdirSync(SHOT_DIR, { recursive: true });

  const [pcapDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="pcap"]')]);
  assert.equal(pcapDownload.suggestedFilename(), 'tcp-handshake-and-close.pcap');
  const pcap = path.join(SHOT_DIR, 'download.pcap');
  await pcapDownload.saveAs(pcap);
  const tshark = (...args) => execFileSync('tshark', ['-r', pcap, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const flags = tshark('-T', 'fields', '-e', 'tcp.flags.syn', '-e', 'tcp.flags.ack', '-e', 'tcp.flags.fin')
    .trim()
    .split('\n');
  assert.equal(flags.length, segments, 'one frame per segment on the diagram');
  assert.deepEqual(flags.slice(0, 3), ['1\t0\t0', '1\t1\t0', '0\t1\t0'], 'SYN, SYN-ACK, ACK');
  assert.ok(flags.some((f) => f.endsWith('\t1')), 'a FIN is in there');
  const expert = tshark('-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-q', '-z', 'expert');
  assert.doesNotMatch(expert, /^(Errors|Warnings) \(/m, `tshark expert info:\n${expert}`);
  assert.doesNotMatch(expert, /Malformed|Checksum/i);

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="svg"]')]);
  assert.equal(svgDownload.suggestedFilename(), 'tcp-handshake-and-close.svg');
  const svgFile = path.join(SHOT_DIR, 'download.svg');
  await svgDownload.saveAs(svgFile);
  const svg = fs.readFileSync(svgFile, 'utf8');
  assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  // Parse and draw it in a page of its own, away from the widget.
  const viewer = await browser.newPage();
  const parsed = await viewer.evaluate(async (text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    await img.decode();
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI,
      labels: [...doc.querySelectorAll('.tcpw-seg-label')].map((t) => t.textContent),
      interactive: doc.querySelectorAll('[tabindex], svg * [role]').length,
      role: doc.documentElement.getAttribute('role'),
      label: doc.documentElement.getAttribute('aria-label'),
      styled: [...doc.querySelectorAll('*')].every((el) => el.getAttribute('style')),
      width: img.naturalWidth,
    };
  }, svg);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  assert.equal(parsed.ns, 'http://www.w3.org/2000/svg');
  assert.equal(parsed.labels.length, segments);
  assert.ok(parsed.labels[0].startsWith('#0 SYN'), parsed.labels[0]);
  assert.equal(parsed.interactive, 0, 'no interaction hints in a file');
  assert.equal(parsed.role, 'img');
  assert.ok(parsed.label, 'the picture keeps its accessible name');
  assert.ok(parsed.styled, 'every element carries its style inline');
  assert.ok(parsed.width > 0, 'the browser draws it as an image');
  await viewer.close();
  assert.deepEqual(problems, []);
  await page.close();
});
