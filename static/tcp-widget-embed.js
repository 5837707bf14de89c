// Loads the TCP widget and mounts one into every element marked
// `data-tcp-widget` on this page. Include it once, from wherever dist/ is
// hosted:  <script type="module" src="…/tcp-widget-embed.js"></script>
// Everything it loads comes from its own directory (no other origin): the
// wasm, its JavaScript, the stylesheet, and one language's texts.
// A default-lesson embed's first frame goes up before the WebAssembly
// arrives (fetched beside it; the page has its own, tcp-widget-frame.js).
import './tcp-widget-host.js';
import init, { mountElement, unmountElement } from './tcp-widget.js';

const base = new URL('.', import.meta.url).href;
const settings = (globalThis.tcpWidget = globalThis.tcpWidget || {});
settings.base = settings.base || base;
settings.content = settings.content || {};
const pending = {};
// The widget asks for a language's texts (content/en.txt, content/zh.txt)
// when it first needs them.
settings.loadContent = (code) =>
  settings.content[code] !== undefined
    ? Promise.resolve(settings.content[code])
    : (pending[code] =
        pending[code] ||
        fetch(new URL(`content/${code}.txt`, settings.base))
          .then((r) => {
            if (!r.ok) throw new Error(`tcp-widget: content/${code}.txt: HTTP ${r.status}`);
            return r.text();
          })
          .then((text) => (settings.content[code] = text))
          // A failed fetch is not remembered: the widget's "retry" fetches again.
          .catch((error) => {
            delete pending[code];
            throw error;
          }));

// A file that arrived but was refused (an HTML page from a captive portal,
// a file cut short) is forgotten, so the widget's "retry" fetches it again.
settings.forgetContent = (code) => {
  delete pending[code];
  delete settings.content[code];
};

// The first frame of <div> embeds of the default lesson (the frames
// scripts/prerender.mjs wrote, one file per language, wide and narrow).
// Only the default lesson has one: an embed asked for anything else
// (another scenario, a step, a mode…) shows its own content until the
// widget draws, as a frame of another lesson would be false.
{
  const base = settings.base;
  /** The language the widget will speak: the one asked for, else the browser's (src/app.rs). */
  const langOf = (asked) => (asked === 'en' || asked === 'zh' ? asked : /^zh\b/i.test(navigator.language || '') ? 'zh' : 'en');
  const files = {};
  /** A language's frames, fetched once for every embed that speaks it. */
  const framesOf = (lang) =>
    (files[lang] ??= fetch(new URL(`first-frame-${lang}.html`, base)).then((r) =>
      r.ok ? r.text() : Promise.reject(new Error(`first-frame-${lang}.html: HTTP ${r.status}`)),
    ));
  const plain = (host) =>
    [...host.attributes].every((a) => !a.name.startsWith('data-') || ['data-tcp-widget', 'data-lang', 'data-theme'].includes(a.name)) &&
    // Values the widget reads as it would by default (src/config.rs).
    [null, 'en', 'zh'].includes(host.getAttribute('data-lang')) &&
    [null, 'light', 'dark', 'auto'].includes(host.getAttribute('data-theme'));
  for (const host of document.querySelectorAll('[data-tcp-widget]:not([data-tcp-widget="page"])')) {
    if (host.shadowRoot || !plain(host)) continue;
    let shadow;
    try {
      shadow = host.attachShadow({ mode: 'open' });
    } catch {
      continue; // an element that cannot host a shadow root: the widget says so itself
    }
    // The stylesheet first, so the frame never paints unstyled; the slot
    // keeps showing the host's own content until then.
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL('widget.css', base).href });
    const styled = new Promise((ok, fail) => {
      link.onload = ok;
      link.onerror = fail;
    });
    shadow.append(link, document.createElement('slot'));
    Promise.all([framesOf(langOf(host.getAttribute('data-lang'))), styled])
      .then(([html]) => {
        // Too late when the widget has drawn its own ladder or has something
        // to say (a root no longer busy loading), or when the loader has
        // said it cannot start (no slot left). A widget still waiting for
        // its texts gets the frame over it, as on the page: it drops the
        // frame once it has drawn (src/mount.rs, drop_first_frame).
        const slot = shadow.querySelector('slot');
        const root = shadow.querySelector('.tcpw-root');
        const waiting = !root || !root.firstElementChild || root.querySelector('.tcpw-loading[aria-busy="true"]');
        if (!slot || !waiting) return;
        root?.setAttribute('inert', '');
        const parsed = document.createElement('template');
        parsed.innerHTML = html;
        // The widget's stage layout switches at 960 px.
        const width = host.clientWidth >= 960 ? 'wide' : 'narrow';
        const frame = [...parsed.content.querySelectorAll('.tcpw-prerender')].find((f) => f.dataset.width === width);
        if (!frame) return;
        shadow.insertBefore(frame, slot);
        const theme = host.getAttribute('data-theme');
        const dark = theme === 'dark' || (theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
        frame.querySelector('.tcpw')?.setAttribute('data-scheme', dark ? 'dark' : 'light');
        frame.hidden = false;
      })
      // No frame (a host that serves no first-frame files): the host's own
      // content shows until the widget draws, as before.
      .catch(() => {});
  }
}

// Start fetching the texts the first widget will speak while the
// WebAssembly compiles: its data-lang, the page's ?lang=, else the browser's.
const first = document.querySelector('[data-tcp-widget]');
const asked =
  first?.getAttribute('data-lang') ||
  (first?.getAttribute('data-tcp-widget') === 'page' ? new URLSearchParams(location.search).get('lang') : null) ||
  (/^zh\b/i.test(navigator.language || '') ? 'zh' : 'en');
if (asked === 'en' || asked === 'zh') settings.loadContent(asked).catch(() => {});
try {
  // The instance's exports (its memory included), for benchmarks and debugging.
  settings.wasm = await init({ module_or_path: new URL('./tcp-widget_bg.wasm', import.meta.url) });
  settings.attach({ mount: mountElement, unmount: unmountElement });
} catch (error) {
  // No WebAssembly (an old browser, a Content-Security-Policy without
  // 'wasm-unsafe-eval', a blocked download): say so where the widgets would
  // be, as plain text; a prerendered first frame stays, with the message.
  const message = `The TCP widget could not start / TCP 组件无法启动: ${error}`;
  for (const host of document.querySelectorAll('[data-tcp-widget]')) {
    const note = host.shadowRoot?.querySelector('.tcpw-prerender:not([hidden]) .tcpw-prerender-note');
    if (note) note.textContent = message;
    else (host.shadowRoot ?? host).textContent = message;
  }
  throw error;
}
