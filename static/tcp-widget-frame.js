// Shows the prerendered first frame that fits, before the WebAssembly
// arrives: the default lesson's first screen in English and Chinese, wide
// and narrow (scripts/prerender.mjs). It picks the language the widget will
// speak, the colours it will use and the width, and shows that one; the
// widget replaces it in place once it has rendered (src/mount.rs).
// - The page: index.html holds the frames in its widget host's declarative
//   shadow root, and loads this file's part between "inline:start" and
//   "inline:end" right after them as a classic script
//   (tcp-widget-page-frame.js, written by scripts/prerender.mjs), which picks
//   one while the page is still being parsed: a module script runs only
//   once the whole page is, too late on a slow CPU. Run here too, it shows
//   the frame if that script could not run and does nothing otherwise.
// - <div> embeds: the loader imports this file, which fetches the one
//   language's frames (first-frame-<lang>.html) beside the WebAssembly and
//   shows one as soon as it and the widget's stylesheet are here.
// Only the default lesson has a first frame: a page or an embed asked for
// anything else (another scenario, a step, a mode…) shows its own loading
// line until the widget draws, as a frame of another lesson would be false.
// No imports of its own: on the page it runs as soon as it arrives; in an
// embed, as the loader's first import, before the loader fetches the wasm.

// inline:start (no `import.meta` and no `export` here: a classic script too)
const zhBrowser = /^zh\b/i.test(navigator.language || '');
/** The language the widget will speak: the one asked for, else the browser's (src/app.rs). */
const langOf = (asked) => (asked === 'en' || asked === 'zh' ? asked : zhBrowser ? 'zh' : 'en');
/** Values the widget reads as it would by default: absent, or one it understands (src/config.rs). */
const LANGS = [null, 'en', 'zh'];
const THEMES = [null, 'light', 'dark', 'auto'];
/** `embed=` values the widget reads as true (src/config.rs, `boolean`), and as false. */
const YES = ['', '1', 'true', 'yes', 'on'];
const NO = ['0', 'false', 'no', 'off'];

/** Shows `frame` in the colours `theme` asks for (else the system's). */
function show(frame, theme) {
  const dark = theme === 'dark' || (theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  frame.querySelector('.tcpw')?.setAttribute('data-scheme', dark ? 'dark' : 'light');
  frame.hidden = false;
}
/** Which snapshot fits `host`: the widget's stage layout switches at 960 px. */
const widthOf = (host) => (host.clientWidth >= 960 ? 'wide' : 'narrow');

// The page.
{
  const params = new URLSearchParams(location.search);
  // ?embed=1 only takes the page's margins and title away (static/page.css):
  // the widget's first screen is the same. Set here, before the first paint,
  // so nothing moves when the widget starts.
  const embed = params.get('embed')?.toLowerCase() ?? null;
  const plain =
    !location.hash &&
    [...params.keys()].every((k) => ['lang', 'theme', 'embed'].includes(k) && params.getAll(k).length === 1) &&
    LANGS.includes(params.get('lang')) &&
    THEMES.includes(params.get('theme')) &&
    (embed === null || YES.includes(embed) || NO.includes(embed));
  for (const host of document.querySelectorAll('[data-tcp-widget="page"]')) {
    const frames = [...(host.shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])];
    if (!plain || frames.length === 0 || frames.some((f) => !f.hidden)) continue;
    if (YES.includes(embed)) document.documentElement.setAttribute('data-embed', '');
    const lang = langOf(params.get('lang'));
    const frame = frames.find((f) => f.dataset.lang === lang && f.dataset.width === widthOf(host));
    if (frame) show(frame, params.get('theme'));
  }
}
// inline:end

// <div> embeds of the default lesson.
{
  const base = globalThis.tcpWidget?.base ?? new URL('.', import.meta.url).href;
  const files = {};
  /** A language's frames, fetched once for every embed that speaks it. */
  const framesOf = (lang) =>
    (files[lang] ??= fetch(new URL(`first-frame-${lang}.html`, base)).then((r) =>
      r.ok ? r.text() : Promise.reject(new Error(`first-frame-${lang}.html: HTTP ${r.status}`)),
    ));
  const plain = (host) =>
    [...host.attributes].every((a) => !a.name.startsWith('data-') || ['data-tcp-widget', 'data-lang', 'data-theme'].includes(a.name)) &&
    LANGS.includes(host.getAttribute('data-lang')) &&
    THEMES.includes(host.getAttribute('data-theme'));
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
        const frame = [...parsed.content.querySelectorAll('.tcpw-prerender')].find((f) => f.dataset.width === widthOf(host));
        if (!frame) return;
        shadow.insertBefore(frame, slot);
        show(frame, host.getAttribute('data-theme'));
      })
      // No frame (a host that serves no first-frame files): the host's own
      // content shows until the widget draws, as before.
      .catch(() => {});
  }
}
