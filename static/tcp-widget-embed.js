// Loads the TCP widget and mounts one into every element marked
// `data-tcp-widget` on this page. Include it once, from wherever dist/ is
// hosted:  <script type="module" src="…/tcp-widget-embed.js"></script>
// Everything it loads comes from its own directory (no other origin).
import init from './tcp-widget.js';

// Tell the widget where its stylesheet lives (each widget loads it into its
// own shadow root, so host styles and widget styles never mix).
globalThis.tcpWidget = Object.assign(globalThis.tcpWidget || {}, { base: new URL('.', import.meta.url).href });
await init({ module_or_path: new URL('./tcp-widget_bg.wasm', import.meta.url) });
