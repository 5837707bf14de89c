// Bring your own capture (issue 16): a learner opens a pcap or pcapng file
// (made by real tools: model/tests/fixtures/captures, see
// tools/captures/README.md) with the file button or by dropping it on the
// widget, and sees it on the ladder, narrated and inspectable; a file that
// is not a capture leaves the run shown before and says why; a capture with
// several connections lets the learner pick one. Expected segments come
// from tshark's reading of the same files (the `.analysis.csv` beside each).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, assert } from '../lib/harness.mjs';
import { watch, screenshot, framesGone } from '../lib/browser.mjs';
import { axe } from '../lib/axe.mjs';
import { bulkTransferPcap } from '../lib/bulk-pcap.mjs';

const CORPUS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../model/tests/fixtures/captures');

/** tshark's reading of a corpus file: one row per frame, by column name. */
function tshark(name) {
  const [head, ...rows] = fs.readFileSync(path.join(CORPUS, `${name}.analysis.csv`), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v])));
}

/** The ladder label the model writes for a tshark row (flags in Wireshark's order, all eight). */
function label(n, row) {
  const bits = parseInt(row['tcp.flags'], 16);
  const names = [
    [0x01, 'FIN'],
    [0x02, 'SYN'],
    [0x04, 'RST'],
    [0x08, 'PSH'],
    [0x10, 'ACK'],
    [0x20, 'URG'],
    [0x40, 'ECE'],
    [0x80, 'CWR'],
  ]
    .filter(([b]) => bits & b)
    .map(([, name]) => name)
    .join(',');
  let text = `#${n} ${names} seq=${row['tcp.seq']}`;
  if (bits & 0x10) text += ` ack=${row['tcp.ack']}`;
  if (Number(row['tcp.len']) > 0) text += ` len=${row['tcp.len']}`;
  return text;
}

async function open(browser, baseUrl, { locale = 'en-US', lang = 'en', viewport = { width: 1280, height: 900 }, timezoneId, colorScheme } = {}) {
  const page = await browser.newPage({ viewport, locale, timezoneId, colorScheme });
  const problems = watch(page);
  await page.goto(`${baseUrl}index.html?lang=${lang}`, { waitUntil: 'load' });
  await page.locator('.tcpw-root .tcpw-svg').waitFor({ state: 'visible', timeout: 10000 });
  await framesGone(page);
  return { page, problems };
}

/** Moves the scrubber to the end of the run, so every segment is drawn. */
async function toEnd(page) {
  await page.locator('.tcpw-scrub input').evaluate((input) => {
    input.value = input.max;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const labels = (page) => page.locator('.tcpw-seg-label').allTextContents();
// Labels are drawn in a layer above every segment's lines, each naming its
// segment in `data-of`: the labels of the segments `selector` finds.
const labelsOf = (page, selector) =>
  page.evaluate((selector) => {
    const root = document.querySelector('[data-tcp-widget]').shadowRoot;
    return [...root.querySelectorAll(selector)].map((g) => root.querySelector(`.tcpw-seg-label[data-of="${g.dataset.segment}"]`).textContent);
  }, selector);
// A click where a learner clicks a segment: on its words (a horizontal
// arrow, sent and received in the same millisecond, has no height to hit).
const clickSegment = (page, id) => page.locator(`.tcpw-seg-label[data-of="${id}"]`).click();

test('a pcap opened with the file button is drawn as tshark reads it, narrated and inspectable', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl);
  await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'http_v4.pcap'));
  await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('.tcpw-title').textContent(), 'Capture: http_v4.pcap');
  await toEnd(page);
  const expected = tshark('http_v4.pcap').map((row, i) => label(i, row));
  assert.deepEqual((await labels(page)).sort(), expected.sort(), 'every frame, with tshark\'s relative numbers');
  // Both ends and the times as the capture saw them.
  const bar = await page.locator('.tcpw-capture').textContent();
  assert.match(bar, /127\.0\.0\.1:34628/);
  assert.match(bar, /127\.0\.0\.1:8000/);
  assert.deepEqual(await page.locator('.tcpw-host-addr').allTextContents(), ['127.0.0.1:34628', '127.0.0.1:8000'], 'the lifelines are the real ends');
  assert.match(await page.locator('.tcpw-clock').textContent(), /^2\.558 \/ 2\.558 ms$/);
  // The client ends in TIME-WAIT (it closed first), the server CLOSED.
  const last = (side) => page.locator(`.tcpw-band[data-side=${side}]`).last().getAttribute('data-state');
  assert.equal(await last('client'), 'TIME-WAIT');
  assert.equal(await last('server'), 'CLOSED');
  // The narration tells the capture's story from its start.
  await page.locator('.tcpw-transport button').first().click(); // restart
  await page.locator('.tcpw-transport button').nth(3).click(); // the first instant
  const said = await page.locator('.tcpw-narration').textContent();
  assert.match(said, /SYN seq=0/, said);
  // The inspector shows what the file holds: frame, raw and relative numbers, options.
  await toEnd(page);
  await clickSegment(page, 1);
  const cells = await page.locator('.tcpw-inspector tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('th').textContent, [...r.querySelectorAll('td')].map((c) => c.textContent)])),
  );
  const raw = fs.readFileSync(path.join(CORPUS, 'http_v4.pcap.tshark.csv'), 'utf8').trim().split('\n')[2].split(',');
  assert.deepEqual(cells.Frame, ['2', '']);
  assert.deepEqual(cells.seq, [raw[8], '0'], 'raw from the file, relative as Wireshark shows');
  assert.deepEqual(cells.ack, [raw[9], '1']);
  assert.match(cells.Options[0], /MSS 1240/);
  assert.match(cells.Options[0], /SACK_PERM/);
  // Only seq and ack have a relative form; the flags' byte goes beside them.
  assert.deepEqual(cells.Flags, ['SYN,ACK (0x12)', '']);
  assert.deepEqual(cells.Window, [raw[12], ''], 'a SYN,ACK\'s window is never scaled');
  await screenshot(page, 'capture-1280-light');
  assert.deepEqual(await axe(page), [], 'axe-core: the capture bar, the file button, the inspector');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a pcapng dropped on the widget opens; a dropped non-capture leaves the run and says why', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl, { locale: 'zh-CN', lang: 'zh' });
  const drop = async (name, bytes) => {
    await page.evaluate(
      ({ name, b64 }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name));
        const widget = document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw');
        widget.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        widget.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      },
      { name, b64: Buffer.from(bytes).toString('base64') },
    );
  };
  await drop('half_close.pcapng', fs.readFileSync(path.join(CORPUS, 'half_close.pcapng')));
  await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
  await toEnd(page);
  const expected = tshark('half_close.pcapng').map((row, i) => label(i, row));
  assert.deepEqual((await labels(page)).sort(), expected.sort());
  const before = await labels(page);
  // Not a capture: a notice in Chinese naming the file and the reason; the capture stays.
  await drop('notes.txt', Buffer.from('这不是抓包文件\n'));
  const notice = page.locator('.tcpw-notice');
  await notice.waitFor({ timeout: 5000 });
  assert.match(await notice.textContent(), /无法打开 notes\.txt：它不是 pcap 或 pcapng 文件（开头是 e8 bf 99 e4）/);
  assert.deepEqual(await labels(page), before, 'nothing of the run shown is lost');
  // Cut short inside its first packet: nothing to show, the reader says where.
  const whole = fs.readFileSync(path.join(CORPUS, 'http_v4.pcap'));
  await drop('cut.pcap', whole.subarray(0, 30));
  // The file is read asynchronously: wait for its notice to replace the last one.
  await page.locator('.tcpw-notice', { hasText: 'cut.pcap' }).waitFor({ timeout: 5000 });
  assert.match(await notice.textContent(), /cut\.pcap.*截断.*第 24 字节/);
  assert.deepEqual(await labels(page), before);
  // The page stays usable: the step button still steps.
  await page.locator('.tcpw-transport button').first().click();
  await page.locator('.tcpw-transport button').nth(3).click();
  assert.ok((await labels(page)).length < before.length);
  // Cut later (tcpdump killed mid-write): the packets before the cut are
  // shown, as Wireshark shows them, and the capture bar says where it ends.
  await drop('killed.pcap', whole.subarray(0, 300));
  await page.waitForFunction(() =>
    /killed\.pcap/.test(document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-capture-name')?.textContent ?? ''),
  );
  await toEnd(page);
  const first = tshark('http_v4.pcap').slice(0, 3).map((row, i) => label(i, row));
  assert.deepEqual(await labels(page), first, 'the three packets before the cut');
  assert.match(await page.locator('.tcpw-capture .tcpw-hint').textContent(), /文件在第 286 字节的 pcap packet header 中途就结束了/);
  await drop('half_close.pcapng', fs.readFileSync(path.join(CORPUS, 'half_close.pcapng')));
  await page.waitForFunction(() =>
    /half_close/.test(document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-capture-name')?.textContent ?? ''),
  );
  // On a phone, the capture bar and the ladder fit the width.
  await page.setViewportSize({ width: 390, height: 844 });
  await toEnd(page);
  const overflow = await page.evaluate(() => {
    const root = document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw');
    return root.scrollWidth - root.clientWidth;
  });
  assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
  // (Opening a capture cleared the notice of the file before.)
  assert.equal(await page.locator('.tcpw-notice').count(), 0);
  await screenshot(page, 'capture-phone-zh');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a gzip-compressed capture opens as the capture inside it; other compressors, a gzip bomb and damaged gzip say why', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl);
  const input = page.locator('.tcpw-open input[type=file]');
  assert.match(await input.getAttribute('accept'), /\.gz\b/, 'the picker offers .gz files');
  // What Wireshark's "compress with gzip" writes (gzip -9 -n, tools/captures/make.sh).
  await input.setInputFiles(path.join(CORPUS, 'compressed/http_v4.pcap.gz'));
  await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('.tcpw-title').textContent(), 'Capture: http_v4.pcap.gz');
  await toEnd(page);
  const expected = tshark('http_v4.pcap').map((row, i) => label(i, row));
  assert.deepEqual((await labels(page)).sort(), [...expected].sort(), 'the same segments as the file inside');
  assert.doesNotMatch(await page.locator('.tcpw-capture').textContent(), /The file ends inside/, 'a whole file: no note of a cut');
  const before = await labels(page);
  const refused = async (name, buffer, why) => {
    await input.setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    const notice = page.locator('.tcpw-notice', { hasText: name });
    await notice.waitFor({ timeout: 10000 });
    assert.match(await notice.textContent(), new RegExp(`${name.replaceAll('.', '\\.')} could not be opened: ${why.replace(/[().]/g, '\\$&')}\\. The run shown before stays\\.`));
    assert.deepEqual(await labels(page), before, 'nothing of the run shown is lost');
  };
  // zstd (Wireshark 4.2 writes it): named, with the command that unwraps it.
  await refused('http_v4.pcap.zst', fs.readFileSync(path.join(CORPUS, 'compressed/http_v4.pcap.zst')), 'it is compressed with zstd; decompress it first (unzstd)');
  // Another capture format (Sun snoop, which Wireshark reads): pointed to Wireshark.
  await refused('trace.snoop', Buffer.from('snoop\0\0\0\0\0\0\x02\0\0\0\x04', 'latin1'), 'it is not a pcap or pcapng file (it starts with 73 6e 6f 6f); Wireshark opens most other capture formats and can save them as pcapng');
  // 21 MiB of zeros in about 21 KB: unpacking stops at the 20 MB limit.
  await refused('bomb.pcap.gz', zlib.gzipSync(Buffer.alloc(21 * 1024 * 1024)), 'decompressed (gzip), it is over the limit of 20 MB');
  // A gzip header, then a deflate block of the reserved type: nothing comes out.
  await refused('broken.pcap.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]), 'its gzip data is damaged, or this browser cannot decompress it');
  // A download stopped part way: the packets unpacked before the cut are
  // shown, and the bar says the file ends early, as for a cut capture.
  const gz = fs.readFileSync(path.join(CORPUS, 'compressed/http_v4.pcap.gz'));
  await input.setInputFiles({ name: 'part.pcap.gz', mimeType: 'application/gzip', buffer: gz.subarray(0, Math.floor(gz.length * 0.6)) });
  await page.waitForFunction(() =>
    /part\.pcap\.gz/.test(document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-capture-name')?.textContent ?? ''),
  );
  await toEnd(page);
  const shown = await labels(page);
  assert.ok(shown.length > 0 && shown.length < expected.length, `${shown.length} of ${expected.length} segments`);
  assert.deepEqual(shown, expected.slice(0, shown.length), 'the first packets of the file, in order');
  assert.match(await page.locator('.tcpw-capture .tcpw-hint').textContent(), /The file ends inside a pcap packet/);
  // Two gzip members (`cat a.gz b.gz`, valid gzip) of which the browser
  // unpacks the first: it ends between two packets, where nothing in the
  // bytes says the file is cut, and the bar says so all the same.
  const pcap = fs.readFileSync(path.join(CORPUS, 'http_v4.pcap'));
  let three = 24;
  for (let i = 0; i < 3; i++) three += 16 + pcap.readUInt32LE(three + 8);
  const members = Buffer.concat([zlib.gzipSync(pcap.subarray(0, three)), zlib.gzipSync(pcap.subarray(three))]);
  await input.setInputFiles({ name: 'members.pcap.gz', mimeType: 'application/gzip', buffer: members });
  await page.waitForFunction(() =>
    /members\.pcap\.gz/.test(document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-capture-name')?.textContent ?? ''),
  );
  await toEnd(page);
  assert.deepEqual(await labels(page), expected.slice(0, 3));
  assert.match(await page.locator('.tcpw-capture .tcpw-hint').textContent(), /The gzip data ends early or is damaged part way/);
  // A pcapng inside gzip, the usual Wireshark save.
  await input.setInputFiles(path.join(CORPUS, 'compressed/half_close.pcapng.gz'));
  await page.waitForFunction(() =>
    /half_close\.pcapng\.gz/.test(document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-capture-name')?.textContent ?? ''),
  );
  await toEnd(page);
  const pcapng = tshark('half_close.pcapng').map((row, i) => label(i, row));
  assert.deepEqual((await labels(page)).sort(), pcapng.sort());
  assert.deepEqual(problems, []);
  await page.close();
});

test('a capture with several connections opens the first with a SYN and the learner can pick another', async ({ browser, baseUrl }) => {
  const { page, problems } = await open(browser, baseUrl);
  await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'port_reuse.pcap'));
  await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
  const rows = tshark('port_reuse.pcap');
  const streams = [...new Set(rows.map((r) => r['tcp.stream']))];
  const options = await page.locator('.tcpw-capture select option').allTextContents();
  assert.equal(options.length, streams.length, options.join(' | '));
  for (const s of streams) {
    const count = rows.filter((r) => r['tcp.stream'] === s).length;
    assert.ok(options.some((o) => o.startsWith(`#${s} `) && o.includes(`${count} packets`)), `stream ${s}: ${options}`);
  }
  await toEnd(page);
  const first = rows.filter((r) => r['tcp.stream'] === streams[0]);
  assert.equal((await labels(page)).length, first.length);
  await page.locator('.tcpw-capture select').selectOption('1');
  await toEnd(page);
  const second = rows.filter((r) => r['tcp.stream'] === streams[1]).map((row, i) => label(i, row));
  assert.deepEqual((await labels(page)).sort(), second.sort());
  // A capture cannot be changed: clicking does not drop, and there is no share link.
  assert.equal(await page.locator('[data-share="toggle"]').count(), 0);
  // Back to the lessons: a built-in again.
  await page.locator('.tcpw-capture button').click();
  assert.equal(await page.locator('.tcpw-capture').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

/** How many packet blocks (enhanced, simple, obsolete) a little-endian pcapng holds. */
function pcapngFrames(name) {
  const b = fs.readFileSync(path.join(CORPUS, name));
  let frames = 0;
  for (let at = 0; at + 12 <= b.length; at += b.readUInt32LE(at + 4)) {
    if ([2, 3, 6].includes(b.readUInt32LE(at))) frames += 1;
  }
  return frames;
}

test('frames in no connection are counted by reason, in English and Chinese', async ({ browser, baseUrl }) => {
  // vlan.pcapng: TCP over VLAN tags, and ARP frames (not IP).
  const total = pcapngFrames('vlan.pcapng');
  const tcp = tshark('vlan.pcapng').length;
  const left = total - tcp;
  assert.ok(left > 0, 'the file holds frames that are not TCP');
  for (const [lang, locale, expected] of [
    // (The English verb agrees with the count.)
    ['en', 'en-US', `${left} of the file's ${total} frames ${left === 1 ? 'is' : 'are'} in no connection shown here: ${left} not IP (ARP and the like).`],
    ['zh', 'zh-CN', `文件里的 ${total} 帧中，有 ${left} 帧不属于这里显示的任何连接：${left} 帧不是 IP（ARP 之类）。`],
  ]) {
    const { page, problems } = await open(browser, baseUrl, { locale, lang });
    await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'vlan.pcapng'));
    await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
    const bar = await page.locator('.tcpw-capture .tcpw-hint').textContent();
    assert.ok(bar.includes(expected), `${lang}: ${bar}`);
    await screenshot(page, `capture-skipped-${lang}`);
    // A file of TCP only says nothing of the kind.
    await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'half_close.pcap'));
    await page.waitForFunction(() =>
      document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-title')?.textContent.includes('half_close'),
    );
    const plain = await page.locator('.tcpw-capture .tcpw-hint').textContent();
    assert.doesNotMatch(plain, /no connection shown here|不属于这里显示的任何连接/, plain);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('a segment beyond its receiver\'s MSS (segmentation offload) says so in the inspector, in English and Chinese', async ({ browser, baseUrl }) => {
  // tso.pcap: tcpdump on a sending host with segmentation offload. tshark
  // gives the client's announced MSS and the segments larger than it.
  const rows = tshark('tso.pcap');
  const raw = fs.readFileSync(path.join(CORPUS, 'tso.pcap.tshark.csv'), 'utf8').trim().split('\n');
  const cols = raw[0].split(',');
  const syn = raw.slice(1).map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v]))).find((r) => r['tcp.flags'] === '0x0002');
  const mss = syn['tcp.options.mss_val'];
  assert.equal(mss, '1460');
  const big = rows.findIndex((r) => Number(r['tcp.len']) > Number(mss));
  const small = rows.findIndex((r) => Number(r['tcp.len']) > 0 && Number(r['tcp.len']) <= Number(mss));
  assert.ok(big > 0 && small > 0, 'the file holds both');
  const template = (lang, key = 'note_beyond_mss') => {
    const text = fs.readFileSync(path.resolve(CORPUS, `../../../../static/content/${lang}.txt`), 'utf8');
    return text.split(`\n@capture.${key}\n`)[1].split('\n')[0];
  };
  for (const [lang, locale, heading, length, window] of [
    ['en', 'en-US', 'Capture notes', 'Data length', 'Window'],
    ['zh', 'zh-CN', '抓包说明', '数据长度', '窗口'],
  ]) {
    const { page, problems } = await open(browser, baseUrl, { locale, lang });
    await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'tso.pcap'));
    await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
    // The bar says it at once, with tshark's count.
    const over = rows.filter((r) => Number(r['tcp.len']) > Number(mss)).length;
    const bar = await page.locator('.tcpw-capture .tcpw-hint').textContent();
    // (The English verb agrees with the count: {n:one|other}.)
    const said = template(lang, 'offloaded')
      .replaceAll('{n}', over)
      .replace(/\{n:([^|}]*)\|([^}]*)\}/g, (_, one, other) => (over === 1 ? one : other));
    assert.ok(bar.includes(said), `${lang}: ${bar}`);
    await toEnd(page);
    const notes = async (id) => {
      await clickSegment(page, id);
      const cells = await page.locator('.tcpw-inspector tbody tr').evaluateAll((trs) =>
        Object.fromEntries(trs.map((r) => [r.querySelector('th').textContent, [...r.querySelectorAll('td')].map((c) => c.textContent)])),
      );
      return { notes: cells[heading][0], length: cells[length][0], window: cells[window] };
    };
    const b = await notes(big);
    // The window field and, beside it, the bytes it means with its
    // sender's scale from the handshake (tshark's window × 2^shift).
    const synOf = (port) => raw.slice(1).map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v]))).find((r) => r['tcp.srcport'] === port && (parseInt(r['tcp.flags'], 16) & 2));
    const value = Number(rows[big]['tcp.window_size_value']);
    const shift = Number(synOf(rows[big]['tcp.srcport'])['tcp.options.wscale.shift']);
    assert.ok(shift > 0, 'the sender scales its window');
    assert.deepEqual(b.window, [`${value} (${value * 2 ** shift} B)`, ''], lang);
    assert.equal(b.length, rows[big]['tcp.len'], `${lang}: the inspector shows the captured length`);
    assert.equal(b.notes, template(lang).replaceAll('{mss}', mss), `${lang}: ${b.notes}`);
    assert.match(b.notes, /1460/);
    assert.match(b.notes, /TSO/);
    await screenshot(page, `capture-offload-${lang}`);
    const s = await notes(small);
    assert.doesNotMatch(s.notes, /TSO/, `${lang}: a segment within the MSS has no offload note: ${s.notes}`);
    // A capture without offloaded segments says nothing of it.
    await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'half_close.pcap'));
    await page.waitForFunction(() =>
      document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-title')?.textContent.includes('half_close'),
    );
    assert.doesNotMatch(await page.locator('.tcpw-capture .tcpw-hint').textContent(), /TSO/);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('a FIN that finds the client\'s connection already gone is told so, and the client never waits in TIME-WAIT, in English and Chinese', async ({ browser, baseUrl }) => {
  // fin_wait_2_expired.pcap: the client close()d; Linux deleted its orphan in
  // FIN-WAIT-2 after tcp_fin_timeout (2 s there), and the server's FIN 4 s
  // later is answered with a bare RST (tools/captures/after_close.py).
  const line = (lang) => {
    const text = fs.readFileSync(path.resolve(CORPUS, `../../../../static/content/${lang}.txt`), 'utf8');
    return text.split('\n@line.ignored.connection-gone\n')[1].split('\n')[0];
  };
  for (const [lang, locale, client] of [
    ['en', 'en-US', 'Client'],
    ['zh', 'zh-CN', '客户端'],
  ]) {
    const { page, problems } = await open(browser, baseUrl, { locale, lang });
    await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'fin_wait_2_expired.pcap'));
    await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
    await toEnd(page);
    const bands = (side) => page.locator(`.tcpw-band[data-side=${side}]`).evaluateAll((bs) => bs.map((b) => b.getAttribute('data-state')));
    const states = await bands('client');
    assert.deepEqual(states.slice(-3), ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSED'], `${lang}: ${states}`);
    assert.ok(!states.includes('TIME-WAIT'), `${lang}: ${states}`);
    assert.equal((await bands('server')).at(-1), 'CLOSED');
    const said = await page.locator('.tcpw-narration').textContent();
    const [before, after] = line(lang).replace('{side}', client).split('{label}');
    assert.ok(said.includes(before) && said.includes(after), `${lang}: ${said}`);
    await screenshot(page, `capture-connection-gone-${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

/** The text of key `@KEY` in `static/content/LANG.txt`. */
function textOf(lang, key) {
  const text = fs.readFileSync(path.resolve(CORPUS, `../../../../static/content/${lang}.txt`), 'utf8');
  return text.split(`\n@${key}\n`)[1].split('\n')[0];
}

/** tshark's reading of `kernel_captures/NAME` (its .analysis.csv), one
 * object of field → value per frame. */
function kernelFrames(name) {
  const rows = fs.readFileSync(path.resolve(CORPUS, `../kernel_captures/${name}.analysis.csv`), 'utf8').trim().split('\n');
  const cols = rows[0].split(',');
  return rows.slice(1).map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v])));
}

/** Opens `kernel_captures/NAME` in a fresh page in `lang`, played to its
 * end; `bands(side)` reads the states drawn along that side's lifeline. */
async function openKernelCapture(browser, baseUrl, name, locale, lang, more = {}) {
  const { page, problems } = await open(browser, baseUrl, { locale, lang, ...more });
  await page.locator('.tcpw-open input[type=file]').setInputFiles(path.resolve(CORPUS, `../kernel_captures/${name}`));
  await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
  await toEnd(page);
  const bands = (side) => page.locator(`.tcpw-band[data-side=${side}]`).evaluateAll((bs) => bs.map((b) => b.getAttribute('data-state')));
  return { page, problems, bands };
}

test('data lost after the capture point before a FIN the closed server resets is drawn lost and told by the reset, in English and Chinese', async ({ browser, baseUrl }) => {
  // kernel_captures/t_fin_past_lost_data.pcap (generated kernel run 774): the
  // client's byte is dropped past the capture point; the server, closed by its
  // application, resets the client's FIN, which came past the gap.
  const line = (lang) => textOf(lang, 'line.lost-after-capture.before-reset');
  for (const [lang, locale, server] of [
    ['en', 'en-US', 'Server'],
    ['zh', 'zh-CN', '服务器'],
  ]) {
    const { page, problems, bands } = await openKernelCapture(browser, baseUrl, 't_fin_past_lost_data.pcap', locale, lang);
    assert.deepEqual((await bands('server')).slice(-3), ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSED'], lang);
    // The one segment drawn lost is the client's byte, ending in its cross.
    const lost = page.locator('.tcpw-seg.tcpw-dropped');
    assert.equal(await lost.count(), 1, lang);
    const [label] = await labelsOf(page, '.tcpw-seg.tcpw-dropped');
    assert.match(label, /^#7 PSH,ACK seq=1 ack=23 len=1/, `${lang}: ${label}`);
    assert.equal(await lost.locator('.tcpw-cross').textContent(), '✗', lang);
    const said = await page.locator('.tcpw-narration').textContent();
    const [before, after] = line(lang).replace('{to}', server).split('{label}');
    assert.ok(said.includes(before) && said.includes(after), `${lang}: ${said}`);
    await screenshot(page, `capture-fin-past-gap-${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('data lost after the capture point before its sender aborts is drawn lost and told by the challenge ACK, in English and Chinese', async ({ browser, baseUrl }) => {
  // kernel_captures/t_abort_past_lost_data.pcap (generated kernel run 838):
  // the server's 1460 bytes are dropped past the capture point; half a second
  // later the server aborts, the client challenges that RST,ACK with an ACK
  // that still asks for byte 1, and the server, with no connection, resets it.
  for (const [lang, locale, client, server] of [
    ['en', 'en-US', 'Client', 'Server'],
    ['zh', 'zh-CN', '客户端', '服务器'],
  ]) {
    const { page, problems, bands } = await openKernelCapture(browser, baseUrl, 't_abort_past_lost_data.pcap', locale, lang);
    assert.deepEqual((await bands('client')).slice(-2), ['ESTABLISHED', 'CLOSED'], lang);
    // Drawn lost: the first SYN,ACK (sent again) and the data (never sent again).
    const labels = await labelsOf(page, '.tcpw-seg.tcpw-dropped');
    assert.equal(labels.length, 2, `${lang}: ${labels}`);
    assert.match(labels[0], /^#1 SYN,ACK/, lang);
    assert.match(labels[1], /^#7 ACK seq=1 ack=1 len=1460/, lang);
    const said = await page.locator('.tcpw-narration').textContent();
    const lost = textOf(lang, 'line.lost-after-capture.before-own-reset').replace('{from}', server).replace('{to}', client);
    const [before, after] = lost.split('{label}');
    assert.ok(said.includes(before) && said.includes(after), `${lang}: ${said}`);
    const challenge = textOf(lang, 'line.sent.challenge-ack').replace('{side}', client).replace('{ack}', '1');
    assert.ok(said.includes(challenge), `${lang}: ${said}`);
    await screenshot(page, `capture-abort-past-gap-${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the last ACK lost after the capture point is drawn lost, and TIME-WAIT answers the FIN sent again, in English and Chinese', async ({ browser, baseUrl }) => {
  // kernel_captures/f_lost_final_ack.pcap: the client's ACK of the server's
  // FIN is dropped past the capture point, the server in LAST-ACK sends its
  // FIN again, and the client acknowledges it again from TIME-WAIT.
  for (const [lang, locale, client, server] of [
    ['en', 'en-US', 'Client', 'Server'],
    ['zh', 'zh-CN', '客户端', '服务器'],
  ]) {
    const { page, problems, bands } = await openKernelCapture(browser, baseUrl, 'f_lost_final_ack.pcap', locale, lang);
    assert.deepEqual((await bands('server')).slice(-2), ['LAST-ACK', 'CLOSED'], lang);
    assert.equal((await bands('client')).at(-1), 'TIME-WAIT', lang);
    // The one segment drawn lost is the client's first ACK of the FIN.
    const labels = await labelsOf(page, '.tcpw-seg.tcpw-dropped');
    assert.equal(labels.length, 1, `${lang}: ${labels}`);
    assert.match(labels[0], /^#9 ACK seq=22 ack=12/, lang);
    const said = await page.locator('.tcpw-narration').textContent();
    const [before, after] = textOf(lang, 'line.lost-after-capture.empty').replace('{to}', server).split('{label}');
    assert.ok(said.includes(before) && said.includes(after), `${lang}: ${said}`);
    const answer = textOf(lang, 'line.sent.time-wait-ack').replace('{side}', client).replace('{ack}', '12');
    assert.ok(said.includes(answer), `${lang}: ${said}`);
    await screenshot(page, `capture-lost-last-ack-${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('a FIN the capture never held, revealed by its sender\'s next ACK, closes both sides through TIME-WAIT and is noted in the inspector, in English and Chinese', async ({ browser, baseUrl }) => {
  // kernel_captures/u_fin_lost_at_client.pcap (generated kernel run 4058,
  // captured at the client's host): the server's FIN was lost on the way, so
  // the capture never holds it; the server's ACK of the client's FIN carries
  // seq = that FIN + 1. ss found both sides in TIME-WAIT.
  const frames = kernelFrames('u_fin_lost_at_client.pcap');
  // The revealer: the server's bare ACK past everything it was seen to send.
  let end = 0;
  let revealer = -1;
  frames.forEach((f, i) => {
    const bits = parseInt(f['tcp.flags'], 16);
    if (f['tcp.srcport'] !== '5000') return;
    const seq = Number(f['tcp.seq']);
    if (bits === 0x10 && Number(f['tcp.len']) === 0 && seq > end && end > 0) revealer = i;
    end = Math.max(end, seq + Number(f['tcp.len']) + (bits & 0x03 ? 1 : 0));
  });
  assert.ok(revealer > 0, 'the capture holds the revealing ACK');
  for (const [lang, locale, heading] of [
    ['en', 'en-US', 'Capture notes'],
    ['zh', 'zh-CN', '抓包说明'],
  ]) {
    const { page, problems, bands } = await openKernelCapture(browser, baseUrl, 'u_fin_lost_at_client.pcap', locale, lang);
    assert.deepEqual((await bands('server')).slice(-3), ['FIN-WAIT-1', 'CLOSING', 'TIME-WAIT'], lang);
    assert.deepEqual((await bands('client')).slice(-3), ['FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT'], lang);
    await clickSegment(page, revealer);
    const cells = await page.locator('.tcpw-inspector tbody tr').evaluateAll((trs) =>
      Object.fromEntries(trs.map((r) => [r.querySelector('th').textContent, [...r.querySelectorAll('td')].map((c) => c.textContent)])),
    );
    assert.equal(cells[heading]?.[0], textOf(lang, 'capture.note_unsent'), `${lang}: ${JSON.stringify(cells)}`);
    await screenshot(page, `capture-unseen-fin-${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('ECN in a real capture: ECE and CWR are drawn and inspected as sent, and they and the CE mark told where they count, in English and Chinese', async ({ browser, baseUrl }) => {
  // kernel_captures/u_ecn_congestion_marked.pcap (tcp_ecn=1 on both hosts,
  // captured at the server; the relay marked each side's first data
  // Congestion Experienced): SYN,ECE,CWR, SYN,ACK,ECE, then for each mark a
  // bare ACK with ECE and the next data with CWR.
  const frames = kernelFrames('u_ecn_congestion_marked.pcap');
  const expected = frames.map((row, i) => label(i, row));
  const echo = frames.findIndex((f) => parseInt(f['tcp.flags'], 16) === 0x50);
  assert.ok(echo > 0, 'tshark reads an ACK with ECE');
  const marked = frames.findIndex((f) => f['tcp.srcport'] !== '5000' && f['tcp.len'] !== '0');
  const serverData = frames.findIndex((f) => f['tcp.srcport'] === '5000' && f['tcp.len'] !== '0');
  assert.ok(marked > 0 && serverData > 0, 'data both ways');
  for (const [lang, locale, flagsHeading] of [
    ['en', 'en-US', 'Flags'],
    ['zh', 'zh-CN', '标志位'],
  ]) {
    const { page, problems } = await openKernelCapture(browser, baseUrl, 'u_ecn_congestion_marked.pcap', locale, lang);
    assert.deepEqual((await labels(page)).sort(), [...expected].sort(), `${lang}: every frame with all its flags`);
    assert.ok(expected[0].startsWith('#0 SYN,ECE,CWR '), expected[0]);
    await clickSegment(page, echo);
    const cells = await page.locator('.tcpw-inspector tbody tr').evaluateAll((trs) =>
      Object.fromEntries(trs.map((r) => [r.querySelector('th').textContent, [...r.querySelectorAll('td')].map((c) => c.textContent)])),
    );
    assert.deepEqual(cells[flagsHeading], ['ACK,ECE (0x50)', ''], `${lang}: ${JSON.stringify(cells)}`);
    assert.equal(cells['IP ECN'], undefined, `${lang}: a pure ACK leaves Not-ECT, no row`);
    // The IP header's ECN field: the client's first data was marked CE
    // before the capture point; the server's data leaves ECT(0).
    for (const [frame, codepoint] of [[marked, 'CE'], [serverData, 'ECT(0)']]) {
      await clickSegment(page, frame);
      const row = await page.locator('.tcpw-inspector tbody tr', { hasText: 'IP ECN' }).locator('td').allTextContents();
      assert.deepEqual(row, [codepoint, ''], `${lang}: #${frame}`);
    }
    // The request, the consent, the two echoes and the two reductions are
    // told (each sentence's words around its placeholders), and the one mark
    // captured in an IP header (the client's: the server's data was marked
    // after it passed the capture point).
    const narration = await page.locator('.tcpw-narration').innerText();
    const told = [['line.ecn.asks', 1], ['line.ecn.agrees', 1], ['line.ecn.echo', 2], ['line.ecn.reduced', 2], ['line.ecn.marked', 1]];
    for (const [key, times] of told) {
      const words = textOf(lang, key).split(/\{[a-z]+\}/).sort((a, b) => b.length - a.length)[0];
      assert.equal(narration.split(words).length - 1, times, `${lang}: ${key} ${words}`);
    }
    await screenshot(page, `capture-ecn-${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('a packet the path delivered twice is drawn and noted as one packet, not a resend, in English and Chinese', async ({ browser, baseUrl }) => {
  // kernel_captures/r_ack_duplicated_at_client.pcap (generated kernel run
  // 5005, captured at the client's host): the relay delivered the server's
  // ACK twice, 20 ms apart. The copy is the second of two server frames
  // equal in every field tshark reads (tshark calls it a duplicate ACK).
  const frames = kernelFrames('r_ack_duplicated_at_client.pcap');
  const same = (a, b) => ['tcp.srcport', 'tcp.flags', 'tcp.seq', 'tcp.ack', 'tcp.len', 'tcp.window_size_value'].every((c) => a[c] === b[c]);
  const copy = frames.findIndex((f, i) => i > 0 && f['tcp.srcport'] === '5000' && same(f, frames[i - 1]));
  assert.ok(copy > 0 && frames[copy]['tcp.analysis.duplicate_ack_num'] === '1', 'tshark reads the copy as a duplicate ACK');
  for (const [lang, locale, heading] of [
    ['en', 'en-US', 'Capture notes'],
    ['zh', 'zh-CN', '抓包说明'],
  ]) {
    const { page, problems } = await openKernelCapture(browser, baseUrl, 'r_ack_duplicated_at_client.pcap', locale, lang);
    // Its tag on the ladder names the packet it repeats, not a resend.
    const tag = textOf(lang, 'ui.rtx_copy').replace('{orig}', String(copy - 1));
    // (The tags sit beside the segments' buttons; this is the only one.)
    assert.deepEqual(await page.locator('.tcpw-seg-tag').allTextContents(), [tag], lang);
    await clickSegment(page, copy);
    const cells = await page.locator('.tcpw-inspector tbody tr').evaluateAll((trs) =>
      Object.fromEntries(trs.map((r) => [r.querySelector('th').textContent, [...r.querySelectorAll('td')].map((c) => c.textContent)])),
    );
    assert.equal(cells[heading]?.[0], textOf(lang, 'capture.note_duplicated'), `${lang}: ${JSON.stringify(cells)}`);
    const narration = await page.locator('.tcpw-narration').innerText();
    const line = textOf(lang, 'line.network-copy').split('{side}')[0].replace('{id}', copy).replace('{orig}', copy - 1);
    assert.ok(narration.includes(line), `${lang}: ${line}`);
    await screenshot(page, `capture-duplicated-${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
  // On a phone in dark mode the tag still reads, and covers no label.
  const phone = { viewport: { width: 390, height: 844 }, colorScheme: 'dark' };
  const { page, problems } = await openKernelCapture(browser, baseUrl, 'r_ack_duplicated_at_client.pcap', 'zh-CN', 'zh', phone);
  const tag = page.locator('.tcpw-seg-tag');
  assert.deepEqual(await tag.allTextContents(), [textOf('zh', 'ui.rtx_copy').replace('{orig}', String(copy - 1))]);
  const box = await tag.boundingBox();
  const labels = await page.locator('.tcpw-seg-label').evaluateAll((ls) => ls.map((l) => ({ text: l.textContent, ...l.getBoundingClientRect().toJSON() })));
  // (Its own label sits just above it, by design.)
  const others = labels.filter((l) => !l.text.startsWith(`#${copy} `));
  assert.equal(others.length, labels.length - 1);
  const overlaps = others.filter((l) => l.left < box.x + box.width && box.x < l.right && l.top < box.y + box.height && box.y < l.bottom);
  assert.deepEqual(overlaps, [], `the tag at ${JSON.stringify(box)} covers no segment label`);
  await screenshot(page, 'capture-duplicated-zh-phone-dark');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a capture longer than one run holds says where its ladder stops, and the ladder stops there', async ({ browser, baseUrl }) => {
  // 12,000 data segments and 6,000 ACKs: past the 10,000 segments a run holds.
  const { buffer, packets } = bulkTransferPcap(12_000);
  for (const [lang, locale, pattern] of [
    ['en', 'en-US', /The ladder shows this connection up to ([\d.]+) ms: its first (\d+) of (\d+) segments/],
    ['zh', 'zh-CN', /梯形图只画到 ([\d.]+) ms：这条连接 (\d+) 个报文段中的前 (\d+) 个/],
  ]) {
    const { page, problems } = await open(browser, baseUrl, { locale, lang });
    await page.locator('.tcpw-open input[type=file]').setInputFiles({ name: 'bulk.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer });
    await page.locator('.tcpw-capture').waitFor({ timeout: 30000 });
    const bar = await page.locator('.tcpw-capture .tcpw-hint').textContent();
    const m = bar.match(pattern);
    assert.ok(m, `${lang}: ${bar}`);
    const [time, shown, total] = lang === 'en' ? [m[1], +m[2], +m[3]] : [m[1], +m[3], +m[2]];
    assert.equal(total, packets, 'every packet of the connection is counted');
    assert.ok(shown > 9000 && shown <= 10000, `${shown} segments shown`);
    // The clock's end is where the sentence says the ladder stops.
    assert.match(await page.locator('.tcpw-clock').innerText(), new RegExp(`/ ${time.replace('.', '\\.')} ms$`));
    await toEnd(page);
    assert.ok((await page.locator('.tcpw-narration').innerText()).match(/cut short|提前截断/), 'the narration ends saying so');
    await screenshot(page, `capture-longer-${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('with a capture open, the tcpdump view prints the file as tcpdump -nn -r does, in the reader\'s time zone; ss is not made up', async ({ browser, baseUrl }) => {
  // What tcpdump 4.99 printed for the file in UTC (tools/captures/tcpdump.sh).
  const utc = fs.readFileSync(path.join(CORPUS, 'http_v4.pcap.tcpdump.txt'), 'utf8').trim().split('\n');
  const shifted = (line, hours) => `${String((Number(line.slice(0, 2)) + hours) % 24).padStart(2, '0')}${line.slice(2)}`;
  for (const [lang, locale, timezoneId, hours, caption, says] of [
    ['en', 'en-US', 'UTC', 0, 'tcpdump -nn -r http_v4.pcap: this connection so far', /as tcpdump -nn -r prints them in this browser's time zone\. .*ss is not shown/],
    ['zh', 'zh-CN', 'Asia/Shanghai', 8, 'tcpdump -nn -r http_v4.pcap：这条连接到目前为止', /和 tcpdump -nn -r 在本浏览器所在时区打印的一样。.*这里不显示 ss/],
  ]) {
    const { page, problems } = await open(browser, baseUrl, { locale, lang, timezoneId });
    await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'http_v4.pcap'));
    await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
    await toEnd(page);
    await page.locator('[data-tools="toggle"]').click();
    const hint = page.locator('.tcpw-tools-capture');
    await hint.waitFor({ timeout: 10000 });
    assert.match(await hint.textContent(), says);
    const figure = page.locator('.tcpw-tool[data-tool=tcpdump][data-side=file]');
    assert.equal(await figure.locator('figcaption span').first().textContent(), caption);
    const lines = async () => ((await figure.locator('pre').textContent()) || '').split('\n').filter(Boolean);
    assert.deepEqual(await lines(), utc.map((l) => shifted(l, hours)), 'every packet, as the real tool printed it');
    // Back to the start and one step on: the lines follow the ladder.
    await page.locator('.tcpw-transport button').first().click();
    assert.deepEqual(await lines(), [], 'nothing before the first instant');
    for (let step = 1; step <= 4; step++) {
      await page.locator('.tcpw-transport button').nth(3).click();
      const shown = await lines();
      // One line per segment the ladder has drawn by now.
      assert.equal(shown.length, (await labels(page)).length, `after ${step} steps`);
      assert.ok(shown.length >= step && shown.length < utc.length, `${shown.length} lines after ${step} steps`);
      assert.deepEqual(shown, utc.slice(0, shown.length).map((l) => shifted(l, hours)));
    }
    // No simulated hosts' lines: neither their addresses nor a socket table.
    const panel = await page.locator('.tcpw-tools').innerText();
    assert.doesNotMatch(panel, /10\.0\.0\.\d|Local Address/, panel);
    // Back to a lesson, the model's views return.
    await page.locator('.tcpw-capture button').click();
    await page.locator('.tcpw-tools pre').first().waitFor({ timeout: 10000 });
    assert.match(await page.locator('.tcpw-tools').innerText(), /Local Address/);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

/** A copy of an Ethernet pcap (little-endian) with each IPv6 address in
 * `to` ({from: to}, as 16-byte buffers) replaced, TCP checksums made
 * right again (the pseudo-header holds the addresses). */
function readdressed(buffer, to) {
  const out = Buffer.from(buffer);
  const sum = (bytes) => {
    let s = 0;
    for (let i = 0; i < bytes.length; i += 2) s += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
    while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
    return s;
  };
  for (let off = 24; off + 16 <= out.length; off += 16 + out.readUInt32LE(off + 8)) {
    const ip = off + 16 + 14;
    if (out.readUInt16BE(off + 16 + 12) !== 0x86dd) continue;
    for (const at of [ip + 8, ip + 24]) {
      const next = to[out.subarray(at, at + 16).toString('hex')];
      if (next) next.copy(out, at);
    }
    if (out[ip + 6] !== 6) continue;
    const length = out.readUInt16BE(ip + 4);
    const tcp = out.subarray(ip + 40, ip + 40 + length);
    tcp.writeUInt16BE(0, 16);
    const pseudo = Buffer.concat([out.subarray(ip + 8, ip + 40), Buffer.from([0, 0, length >> 8, length & 0xff, 0, 0, 0, 6])]);
    tcp.writeUInt16BE(~sum(Buffer.concat([pseudo, tcp])) & 0xffff, 16);
  }
  return out;
}

test('long IPv6 addresses fit the ladder heads on a phone, each with its port, and are given whole above the ladder', async ({ browser, baseUrl }) => {
  // kernel_captures/c_fin_resent_crosses_fin_v6_at_server.pcap (a real IPv6
  // connection between fd77::1 and fd77::2) with the two hosts given global
  // addresses as long as IPv6 writes them: 39 characters each.
  const hex = (a) => Buffer.from(a.split(':').map((g) => g.padStart(4, '0')).join(''), 'hex');
  const [client, server] = ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:ffff:4b1d:5ca1:ab1e:f00d:2'];
  const buffer = readdressed(fs.readFileSync(path.resolve(CORPUS, '../kernel_captures/c_fin_resent_crosses_fin_v6_at_server.pcap')), {
    [hex('fd77:0:0:0:0:0:0:1').toString('hex')]: hex(client),
    [hex('fd77:0:0:0:0:0:0:2').toString('hex')]: hex(server),
  });
  const clientPort = tshark('../kernel_captures/c_fin_resent_crosses_fin_v6_at_server.pcap')[0]['tcp.srcport'];
  const whole = [`[${client}]:${clientPort}`, `[${server}]:5000`];
  for (const [lang, locale, more] of [
    ['zh', 'zh-CN', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' }],
    ['en', 'en-US', {}],
  ]) {
    const { page, problems } = await open(browser, baseUrl, { locale, lang, ...more });
    await page.locator('.tcpw-open input[type=file]').setInputFiles({ name: 'v6.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer });
    await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
    const hint = await page.locator('.tcpw-capture .tcpw-hint').textContent();
    for (const e of whole) assert.ok(hint.includes(e), `${lang}: ${e} in "${hint}"`);
    const heads = await page.locator('.tcpw-host-addr').evaluateAll((ts) => ts.map((t) => ({ text: t.textContent, ...t.getBoundingClientRect().toJSON() })));
    const svg = await page.locator('.tcpw-root .tcpw-svg').boundingBox();
    assert.equal(heads.length, 2);
    const [c, s] = heads;
    // Each keeps its port; none runs into the other or off the drawing.
    assert.ok(c.text.endsWith(`]:${clientPort}`) && s.text.endsWith(']:5000'), `${lang}: ${c.text} ${s.text}`);
    assert.ok(c.right <= s.left, `${lang}: ${JSON.stringify(heads)}`);
    assert.ok(c.left >= svg.x && s.right <= svg.x + svg.width, `${lang}: ${JSON.stringify({ heads, svg })}`);
    if (lang === 'zh') {
      // A phone cuts the middle of each address: its start and end stay.
      assert.ok(c.text.startsWith('[2001:') && c.text.includes('…') && s.text.includes('…'), `${c.text} ${s.text}`);
      await screenshot(page, 'capture-ipv6-heads-zh-phone-dark');
    } else {
      assert.deepEqual([c.text, s.text], whole);
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('a connection carried in VXLAN is read inside its tunnel: its own hosts on the ladder, and the tcpdump view prints the tunnel as tcpdump does', async ({ browser, baseUrl }) => {
  // captures/tunnel_vxlan.pcap: http_v6's connection in VXLAN (UDP 4789)
  // between 192.0.2.1 and 192.0.2.2, as tshark and tcpdump decode it.
  const utc = fs.readFileSync(path.join(CORPUS, 'tunnel_vxlan.pcap.tcpdump.txt'), 'utf8').trim().split('\n');
  const rows = tshark('tunnel_vxlan.pcap');
  assert.ok(utc[0].includes('VXLAN, flags [I] (0x08), vni 42') && utc[1].startsWith('IP6 ::1.'), 'the premise: tcpdump prints two lines a packet');
  const { page, problems } = await open(browser, baseUrl, { locale: 'en-US', lang: 'en', timezoneId: 'UTC' });
  await page.locator('.tcpw-open input[type=file]').setInputFiles(path.join(CORPUS, 'tunnel_vxlan.pcap'));
  await page.locator('.tcpw-capture').waitFor({ timeout: 10000 });
  // The hosts are the connection's own (IPv6 loopback), not the tunnel's ends.
  const heads = await page.locator('.tcpw-host-addr').allTextContents();
  assert.deepEqual(heads, [`[::1]:${rows[0]['tcp.srcport']}`, `[::1]:${rows[0]['tcp.dstport']}`]);
  // The paragraph above the ladder says the packets came through VXLAN.
  const about = (await page.locator('.tcpw-capture').textContent()) || '';
  assert.ok(about.includes('came through a tunnel (VXLAN)'), about);
  await toEnd(page);
  assert.deepEqual(await labels(page), rows.map((row, i) => label(i, row)), 'every segment, as tshark reads it inside the tunnel');
  await page.locator('[data-tools="toggle"]').click();
  const figure = page.locator('.tcpw-tool[data-tool=tcpdump][data-side=file]');
  await figure.waitFor({ timeout: 10000 });
  const lines = ((await figure.locator('pre').textContent()) || '').split('\n').filter(Boolean);
  assert.deepEqual(lines, utc, 'every packet, tunnel and all, as the real tool printed it');
  await screenshot(page, 'capture-vxlan-en');
  assert.deepEqual(problems, []);
  await page.close();
});

// A capture's title is its file's name, one long word: on a phone it ran
// under the language button ("…resent_at_s" hidden behind "English").
test('a long capture file name wraps beside the language button on 320 and 390 px phones', async ({ browser, baseUrl }) => {
  const name = 's_passive_fin_lost_peer_fin_resent_at_server.pcap';
  for (const width of [320, 390]) {
    const { page, problems } = await openKernelCapture(browser, baseUrl, name, 'zh-CN', 'zh', { viewport: { width, height: 844 } });
    const boxes = await page.evaluate(() => {
      const root = document.querySelector('[data-tcp-widget]').shadowRoot;
      const r = (el) => el.getBoundingClientRect().toJSON();
      const range = document.createRange();
      range.selectNodeContents(root.querySelector('.tcpw-title'));
      const lines = [...range.getClientRects()].map((l) => l.toJSON());
      return { lines, text: root.querySelector('.tcpw-title').textContent, button: r(root.querySelector('.tcpw-top > :last-child')), root: r(root.querySelector('.tcpw-root')) };
    });
    assert.ok(boxes.text.includes(name), boxes.text);
    for (const l of boxes.lines) {
      assert.ok(l.right <= boxes.button.left + 0.5 || l.top >= boxes.button.bottom, `${width} px: a line of the title ends at ${l.right}, the button starts at ${boxes.button.left}`);
      assert.ok(l.right <= boxes.root.right, `${width} px: inside the widget`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});
