// The first frame, before the WebAssembly: renders the widget's page with
// the bundle just built (the same Rust code, in headless Chromium), takes the
// default lesson's first screen (title, controls, the ladder, the side
// column) in English and in Chinese, at a wide and a narrow width, and writes
// them into index.html as a declarative shadow root of the page's widget
// host, and into first-frame-en.html / first-frame-zh.html for <div> embeds.
// The browser paints the page's at once; tcp-widget-frame.js shows the
// snapshot that fits (language, colours, width: on the page its first part,
// written to tcp-widget-page-frame.js, a classic script the page loads right
// after the frames), fetching an embed's file
// beside the WebAssembly, and the widget replaces it, in the same place and
// size, once it has rendered (src/app.rs).
//
// Usage: node scripts/prerender.mjs [dir]   (run by scripts/post-build.mjs)
// Without Chromium it says so and leaves index.html as it is: the page then
// shows its "loading" line until the WebAssembly starts.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const e2e = new URL('../e2e/', import.meta.url);
const { serveDir } = await import(new URL('lib/server.mjs', e2e));
const { launch } = await import(new URL('lib/browser.mjs', e2e));

/** Widths a snapshot is taken at: the widget's stage layout switches at 960 px. */
const WIDTHS = [
  ['wide', 1280, 800],
  ['narrow', 390, 844],
];
const MARK = '<!-- prerendered first frame -->';

const indexPath = path.join(dir, 'index.html');
let index = fs.readFileSync(indexPath, 'utf8');
if (index.includes(MARK)) {
  console.log('prerender: index.html already holds a first frame');
  process.exit(0);
}

let browser;
try {
  browser = await launch();
} catch (error) {
  console.warn(`prerender: skipped, no headless Chromium (${error.message.split('\n')[0]})`);
  process.exit(0);
}
const server = await serveDir(dir);
const snapshots = [];
try {
  for (const lang of ['en', 'zh']) {
    for (const [width, w, h] of WIDTHS) {
      const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: 'light' });
      await page.goto(`${server.url}index.html?lang=${lang}`, { waitUntil: 'load' });
      // Drawn, and drawn for the ladder's own width: the widget may draw
      // once before it has measured its box (a wide snapshot was once taken
      // 1,240 px wide for a 780 px ladder, shown shrunk until the widget
      // redrew it).
      await page.waitForFunction(() => {
        const root = document.querySelector('[data-tcp-widget]')?.shadowRoot;
        const svg = root?.querySelector('.tcpw-root .tcpw:not(.tcpw-loading) .tcpw-timeline .tcpw-svg');
        return svg?.querySelector('.tcpw-state-label') && Number(svg.getAttribute('width')) === svg.parentElement.clientWidth;
      }, null, { timeout: 30000 });
      const html = await page.evaluate(() => {
        const tcpw = document.querySelector('[data-tcp-widget]').shadowRoot.querySelector('.tcpw-root .tcpw');
        const copy = tcpw.cloneNode(true);
        // The first screen only: what lies below it arrives with the widget.
        for (const el of copy.querySelectorAll('.tcpw-legend, .tcpw-share, .tcpw-dives, .tcpw-keys, .tcpw-notice')) el.remove();
        for (const el of copy.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
        // Yew sets an input's value as a property, which HTML does not keep.
        for (const input of copy.querySelectorAll('input')) input.setAttribute('value', input.value);
        // Drawn at this width; at another it scales to fit, keeping its
        // height (so nothing below it moves when the widget takes over).
        copy.querySelector('.tcpw-svg')?.setAttribute('preserveAspectRatio', 'xMidYMin meet');
        copy.removeAttribute('tabindex');
        return copy.outerHTML;
      });
      snapshots.push({ lang, width, html });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const note = {
  en: 'Loading the interactive widget…',
  zh: '正在加载可交互的组件……',
};
/** One snapshot as the page and the embeds show it: hidden until chosen,
 * with its "loading" note in the middle of its ladder (empty at time 0; at
 * the top of the frame it covered the title's first line on a phone). */
const timeline = /(<div[^>]*\bclass="tcpw-timeline"[^>]*>)/;
const frame = (s) => {
  if (!timeline.test(s.html)) throw new Error(`prerender: the ${s.lang}/${s.width} snapshot has no ladder`);
  const line = `<p class="tcpw-prerender-note" lang="${s.lang === 'zh' ? 'zh-CN' : 'en'}">${note[s.lang]}</p>`;
  return `<div class="tcpw-prerender" data-lang="${s.lang}" data-width="${s.width}" inert hidden>${s.html.replace(timeline, `$1${line}`)}</div>`;
};
// The script that picks the frame, right after them: tcp-widget-frame.js's
// part for the page, as a classic script of its own file, which runs as
// soon as it is parsed (a module runs once the whole page is, hundreds of
// milliseconds later on a slow CPU). Not inline: a page served with a
// strict Content-Security-Policy (the README's) must see no violation.
const PICKER = 'tcp-widget-page-frame.js';
const frameScript = fs.readFileSync(new URL('../static/tcp-widget-frame.js', import.meta.url), 'utf8');
const inline = frameScript.match(/\/\/ inline:start[^\n]*\n([\s\S]*?)\/\/ inline:end/);
if (!inline) {
  console.error('prerender: static/tcp-widget-frame.js has no inline:start … inline:end part');
  process.exit(1);
}
const { minify } = await import(new URL('node_modules/terser/main.js', e2e));
// In a function of its own: a classic script's names would be globals.
const picker = (await minify(`(() => {${inline[1]}})();`, { module: false, compress: true, mangle: true })).code;
fs.writeFileSync(path.join(dir, PICKER), picker);
const shadow = [MARK, '<template shadowrootmode="open">', '<link rel="stylesheet" href="widget.css">', ...snapshots.map(frame), '<slot></slot>', '</template>', `<script src="${PICKER}"></script>`].join('');
// The same frames for <div> embeds, one file per language (wide and narrow):
// tcp-widget-frame.js fetches the one a default-lesson embed will speak,
// beside the WebAssembly, and shows it until the widget has drawn.
for (const lang of ['en', 'zh']) {
  const file = path.join(dir, `first-frame-${lang}.html`);
  fs.writeFileSync(file, snapshots.filter((s) => s.lang === lang).map(frame).join('\n'));
}
// The host's own content (the "open from a web server" line) stays in the
// light DOM, shown through the slot until a snapshot is chosen.
const host = /(<div[^>]*data-tcp-widget=["']?page["']?[^>]*>)/;
if (!host.test(index)) {
  console.error('prerender: index.html has no page widget host');
  process.exit(1);
}
index = index.replace(host, `$1${shadow}`);
// Fetched from the head, beside the stylesheets: found only after the
// frames, it would hold the parser a round trip on a slow network (Fast 3G:
// the diagram 130 ms later than with the module alone).
if (!index.includes('</head>')) {
  console.error('prerender: index.html has no </head>');
  process.exit(1);
}
index = index.replace('</head>', `<link rel="preload" href="${PICKER}" as="script"></head>`);
fs.writeFileSync(indexPath, index);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`prerender: wrote ${snapshots.length} first frames into index.html and first-frame-{en,zh}.html (${snapshots.map((s) => `${s.lang}/${s.width} ${kb(s.html.length)}`).join(', ')})`);
