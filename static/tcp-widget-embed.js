// Loads the TCP widget and mounts one into every element marked
// `data-tcp-widget` on this page. Include it once, from wherever dist/ is
// hosted:  <script type="module" src="…/tcp-widget-embed.js"></script>
// Everything it loads comes from its own directory (no other origin): the
// wasm, its JavaScript, the stylesheet, and one language's texts.
import './tcp-widget-host.js';
import init from './tcp-widget.js';

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
          .then((text) => (settings.content[code] = text)));

// Start on the browser's language while the WebAssembly compiles.
settings.loadContent(/^zh\b/i.test(navigator.language || '') ? 'zh' : 'en').catch(() => {});
try {
  // The instance's exports (its memory included), for benchmarks and debugging.
  settings.wasm = await init({ module_or_path: new URL('./tcp-widget_bg.wasm', import.meta.url) });
} catch (error) {
  // No WebAssembly (an old browser, or a Content-Security-Policy without
  // 'wasm-unsafe-eval'): say so where the widgets would be, as plain text.
  for (const host of document.querySelectorAll('[data-tcp-widget]')) {
    host.textContent = `The TCP widget could not start / TCP 组件无法启动: ${error}`;
  }
  throw error;
}
