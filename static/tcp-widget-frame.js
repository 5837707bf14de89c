// Shows the page's prerendered first frame that fits, before the
// WebAssembly arrives: index.html holds the default lesson's first screen
// in English and Chinese, wide and narrow (scripts/prerender.mjs), in its
// widget host's declarative shadow root. This picks the language the widget
// will speak, the colours it will use and the width, and shows that one;
// the widget replaces it in place once it has rendered (src/mount.rs).
// A classic script in the page's head, after its stylesheets (so it runs
// once they are here, and widths are the page's): it watches the parser
// and shows the frame as soon as the host has been parsed to its end. A
// mutation observer's callback runs before the browser may paint, so the
// first paint of the host already holds the frame, never the host's own
// "loading" line (as a module, run once the whole document was parsed, it
// often came a frame after the first paint).
// <div> embeds get their frame from the loader (tcp-widget-embed.js).
// Only the default lesson has a first frame: a page asked for anything else
// (another scenario, a step, a mode…) shows its own loading line until the
// widget draws, as a frame of another lesson would be false.
(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  /** `embed=` values the widget reads as true (src/config.rs, `boolean`), and as false. */
  const YES = ['', '1', 'true', 'yes', 'on'];
  const NO = ['0', 'false', 'no', 'off'];
  const embed = params.get('embed')?.toLowerCase() ?? null;
  // Values the widget reads as it would by default: absent, or one it
  // understands (src/config.rs).
  const plain =
    !location.hash &&
    [...params.keys()].every((k) => ['lang', 'theme', 'embed'].includes(k) && params.getAll(k).length === 1) &&
    [null, 'en', 'zh'].includes(params.get('lang')) &&
    [null, 'light', 'dark', 'auto'].includes(params.get('theme')) &&
    (embed === null || YES.includes(embed) || NO.includes(embed));
  if (!plain) return;
  // ?embed=1 only takes the page's margins and title away (static/page.css):
  // the widget's first screen is the same. Set before the first paint, so
  // nothing moves when the widget starts.
  if (YES.includes(embed)) document.documentElement.setAttribute('data-embed', '');
  // The language the widget will speak: the one asked for, else the browser's (src/app.rs).
  const lang = params.get('lang') ?? (/^zh\b/i.test(navigator.language || '') ? 'zh' : 'en');
  const theme = params.get('theme');
  const done = new WeakSet();
  /** Shows the frame of each page host parsed to its end (its "loading" line, after the frames). */
  const showParsed = () => {
    for (const host of document.querySelectorAll('[data-tcp-widget="page"]')) {
      if (done.has(host) || !host.querySelector(':scope > .tcpw-fallback')) continue;
      done.add(host);
      const frames = [...(host.shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])];
      // The widget's stage layout switches at 960 px.
      const width = host.clientWidth >= 960 ? 'wide' : 'narrow';
      const frame = frames.find((f) => f.dataset.lang === lang && f.dataset.width === width);
      if (!frame) continue;
      const dark = theme === 'dark' || (theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
      frame.querySelector('.tcpw')?.setAttribute('data-scheme', dark ? 'dark' : 'light');
      frame.hidden = false;
    }
  };
  const parser = new MutationObserver(showParsed);
  parser.observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => (showParsed(), parser.disconnect()), { once: true });
})();
