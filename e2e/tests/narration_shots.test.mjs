// The narration panel at the moment each lesson is about, in English and
// Chinese, written to target/e2e/narration-<scenario>-<lang>.png for people
// to read. Each shot also checks what the panel says against what the model
// did at that moment (the sentences are the model's events, with the run's
// numbers) and that nothing in the panel overflows.
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot, SHOT_DIR } from '../lib/browser.mjs';
import fs from 'node:fs';
import path from 'node:path';

// A data transfer whose first segment is lost: three duplicate ACKs, then a
// fast retransmit (the same text form the native claim test runs).
const FAST_RETRANSMIT = [
  'client isn=1000 mss=1460 | connect, send 6000, recv eof, close',
  'server isn=8000 mss=1000 | listen, accept, recv 6000, close',
  'drop client ACK 2',
].join(';');

// name, URL parameters, the moment, and what the newest lines must say
// (and must not) in each language.
const SHOTS = [
  {
    name: 'handshake-and-close',
    params: { scenario: 'handshake-and-close', t: '670' },
    // The client enters TIME-WAIT and sends the last ACK of the close.
    en: [/FIN-WAIT-2 → TIME-WAIT/, /TIME-WAIT timer is set for 2000 ms: it runs out at t = 2670 ms/, /acknowledges the FIN with ack=8012/],
    zh: [/FIN-WAIT-2 → TIME-WAIT（时间等待）/, /时长 2000 毫秒：在 t = 2670 毫秒到时/, /确认对方的 FIN：ack=8012/],
    not: [/\(re\)starts|重新/],
  },
  {
    name: 'lost-syn',
    params: { scenario: 'lost-syn', t: '1000' },
    // The SYN's retransmission timer runs out after 1 s; the SYN goes again, and the wait doubles.
    en: [/retransmission timer runs out after 1000 ms with no ACK: it sends again, and now waits 2000 ms/, /A retransmission of segment #0 \(its timer ran out\)/],
    zh: [/等了 1000 毫秒还没等到 ACK：它重发一次，这回等 2000 毫秒/, /这是报文段 #0 的重传（定时器到时）/],
    not: [/fast|快速/],
  },
  {
    name: 'fast-retransmit',
    params: { scenario: FAST_RETRANSMIT, t: '440' },
    // Three duplicate ACKs, not a timer: the lost segment goes again at once.
    en: [/A fast retransmission of segment #3: three duplicate ACKs showed it missing, so no waiting for the timer/],
    zh: [/这是报文段 #3 的快速重传：三个重复 ACK 表明它丢了，不必等定时器/],
    not: [/timer runs out|timer ran out|定时器到时|重传定时器/],
  },
  {
    name: 'simultaneous-close',
    params: { scenario: 'simultaneous-close', t: '800' },
    // Both sides leave CLOSING for TIME-WAIT at the same moment.
    en: [/Server: CLOSING → TIME-WAIT/, /Client: CLOSING → TIME-WAIT/],
    zh: [/服务器：CLOSING → TIME-WAIT/, /客户端：CLOSING → TIME-WAIT/],
    not: [],
    // Open the details of the CLOSING line just before: both sides wait.
    earlier: { en: /both sides wait, not only one/, zh: /等待的是双方，而不只是一方/ },
  },
  {
    name: 'half-close',
    params: { scenario: 'half-close', t: '720', mode: 'analogy', analogy: 'phone' },
    // The client shut down its sending at 200 ms; the server's 100 bytes reach it now.
    en: [/has said all it had to say, but it is still on the line/, /one more thing/],
    zh: [/客户端自己的话已经说完了，可电话还没挂/, /还有件事/],
    not: [],
  },
  {
    name: 'abort',
    params: { scenario: 'abort', t: '600' },
    // The client's RST arrives: the server's read fails, it does not end in EOF.
    en: [/Server's recv\(\) fails with ECONNRESET/],
    zh: [/服务器的 recv\(\) 失败，错误码 ECONNRESET/],
    not: [/returns 0|EOF/],
    timeline: true,
  },
];

function url(baseUrl, params, lang) {
  const q = new URLSearchParams({ ...params, lang });
  return `${baseUrl}?${q}`;
}

/** The text of the latest instant once it matches every pattern (analogy texts load on demand). */
async function nowMatching(page, patterns, timeout = 8000) {
  const until = Date.now() + timeout;
  let text = '';
  for (;;) {
    text = await page.locator('.tcpw-narr-now').innerText();
    if (patterns.every((re) => re.test(text)) || Date.now() > until) return text;
    await page.waitForTimeout(50);
  }
}

for (const shot of SHOTS) {
  test(`narration shot: ${shot.name}, English and Chinese`, async ({ browser, baseUrl }) => {
    for (const lang of ['en', 'zh']) {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 900 },
        locale: lang === 'zh' ? 'zh-CN' : 'en-US',
      });
      const problems = watch(page);
      await page.goto(url(baseUrl, shot.params, lang), { waitUntil: 'load' });
      const panel = page.locator('.tcpw-root .tcpw-narration');
      await panel.waitFor({ state: 'visible', timeout: 10000 });
      await page.locator(`.tcpw-root .tcpw[lang="${lang === 'zh' ? 'zh-CN' : 'en'}"]`).waitFor();

      // The newest instant is the model's event at that moment, with its numbers.
      const now = await nowMatching(page, shot[lang]);
      for (const re of shot[lang]) assert.match(now, re, `${shot.name} ${lang}`);
      for (const re of shot.not) assert.doesNotMatch(now, re, `${shot.name} ${lang}`);
      const at = await page.locator('.tcpw-narr-current li').last().getAttribute('data-at');
      assert.equal(at, shot.params.t, `${shot.name} ${lang}: the newest line is at t = ${shot.params.t} ms`);

      // Open the details ("More") of every line shown now, and of one earlier line if asked.
      // The first click fetches the deferred texts (details, analogies); then all open.
      const more = page.locator('.tcpw-narr-current .tcpw-said-toggle');
      if ((await more.count()) > 0) {
        await more.first().click();
        await page.locator('.tcpw-narration [aria-busy=true]').first().waitFor({ state: 'detached', timeout: 8000 });
        const closed = page.locator('.tcpw-narr-current .tcpw-said-toggle[aria-expanded=false]');
        for (let i = 0; i < 12 && (await closed.count()) > 0; i++) await closed.first().click();
        assert.equal(await closed.count(), 0, 'every line of the moment opens');
      }
      if (shot.earlier) {
        const line = page.locator('.tcpw-narr-log li', { hasText: 'CLOSING' }).last();
        await line.locator('.tcpw-said-toggle').click();
        // The details come with the deferred texts, fetched on the first "More".
        const until = Date.now() + 8000;
        let text = await line.innerText();
        while (!shot.earlier[lang].test(text) && Date.now() < until) {
          await page.waitForTimeout(50);
          text = await line.innerText();
        }
        assert.match(text, shot.earlier[lang], `${shot.name} ${lang}: ${text}`);
        await line.scrollIntoViewIfNeeded();
      }
      if (shot.timeline) {
        // The diagram writes the call where it starts and its result where it returns.
        const labels = await page.locator('.tcpw-outer[data-side=server] .tcpw-call-label').allTextContents();
        assert.ok(labels.includes('recv()'), `the read where it starts: ${labels}`);
        assert.ok(labels.includes('recv() → ECONNRESET'), `its failure where it returns: ${labels}`);
        assert.ok(!labels.some((l) => l.includes('EOF')), `no EOF drawn: ${labels}`);
      }
      // Read as printed: the panel's scrolling parts let out, so the whole
      // moment (and some of what came before) is in the picture.
      await panel.evaluate((p) => {
        p.querySelector('.tcpw-narr-body').style.height = 'auto';
        p.querySelector('.tcpw-narr-now').style.maxHeight = 'none';
        const log = p.querySelector('.tcpw-narr-log');
        log.style.maxHeight = '14em';
        log.style.flex = '0 0 auto';
        log.scrollTop = log.scrollHeight;
      });
      await page.waitForTimeout(100);

      // Nothing overflows: no line is wider than the panel, the panel not wider than the page.
      const overflow = await panel.evaluate((panel) => {
        const out = [];
        const box = panel.getBoundingClientRect();
        for (const el of panel.querySelectorAll('.tcpw-said-text, .tcpw-said-more p, .tcpw-breaks p')) {
          const r = el.getBoundingClientRect();
          if (el.scrollWidth > el.clientWidth + 1 || r.right > box.right + 1 || r.left < box.left - 1) {
            out.push(el.textContent.slice(0, 60));
          }
        }
        // A time ("1000 毫秒") stays on one line.
        for (const el of panel.querySelectorAll('.tcpw-said-time')) {
          const text = document.createRange();
          text.selectNodeContents(el);
          const tops = new Set([...text.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(`time wraps: ${el.textContent}`);
        }
        return out;
      });
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(sideways, false, `${shot.name} ${lang}: the page scrolls sideways`);
      assert.deepEqual(overflow, [], `${shot.name} ${lang}: overflowing`);

      fs.mkdirSync(SHOT_DIR, { recursive: true });
      await panel.screenshot({ path: path.join(SHOT_DIR, `narration-${shot.name}-${lang}.png`) });
      if (shot.timeline) await screenshot(page, `narration-${shot.name}-${lang}-page`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });
}
