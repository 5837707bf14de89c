// Loads the TCP widget and mounts one into every element marked
// `data-tcp-widget` on this page. Include it once, from wherever dist/ is
// hosted:  <script type="module" src="…/tcp-widget-embed.js"></script>
// Everything it loads comes from its own directory (no other origin): the
// wasm, its JavaScript, the stylesheet, and one language's texts.
// The first frame goes up before the WebAssembly arrives (fetched beside it).
import './tcp-widget-frame.js';
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
