// Browser chores the widget hands to JavaScript, because here they cost a few
// hundred bytes and in Rust tens of kilobytes of WebAssembly bindings:
// offering a file download, copying to the clipboard, and turning the drawn
// timeline into a standalone SVG file, keeping the learner's progress. The
// widget calls them as tcpWidget.save / copy / svgFile / load / store (src/loader.rs).
// This file has no imports or exports: the loader imports it and the
// single-file build inlines it as it is.
{
  const tcpWidget = (globalThis.tcpWidget = globalThis.tcpWidget || {});

  /** Offers `data` (bytes or text) as a download named `name`; no server involved. */
  tcpWidget.save = (data, type, name) => {
    const url = URL.createObjectURL(new Blob([data], { type }));
    const a = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  /** Copies `text`; resolves to whether the browser allowed it. */
  tcpWidget.copy = (text) =>
    navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, () => false) : Promise.resolve(false);

  /**
   * The learner's progress lives in localStorage. A browser may refuse it
   * (private mode, a sandboxed frame, a full quota) by throwing: then
   * nothing is kept, and the widget carries on.
   */
  tcpWidget.load = (key) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  };
  tcpWidget.store = (key, text) => {
    try {
      localStorage.setItem(key, text);
    } catch {
      // Refused: the progress stays in this page only.
    }
  };

  // What an exported SVG needs to look as it does on screen (system fonts only).
  const props = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linejoin', 'opacity',
    'font-family', 'font-size', 'font-weight', 'font-style', 'paint-order', 'letter-spacing', 'display'];

  /** The SVG element `svg` as a standalone document: computed styles inline, a background, no interaction hints. */
  tcpWidget.svgFile = (svg) => {
    const copy = svg.cloneNode(true);
    const originals = svg.querySelectorAll('*');
    copy.querySelectorAll('*').forEach((el, i) => {
      const computed = getComputedStyle(originals[i]);
      el.setAttribute('style', props.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';'));
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
    });
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.setAttribute('role', 'img'); // a picture now, no longer a group of controls
    copy.setAttribute('style', `background:${getComputedStyle(svg).getPropertyValue('--bg').trim() || '#fff'}`);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
  };

  /**
   * Called by the loader once the WebAssembly runs, with its mount and
   * unmount functions: mounts every `[data-tcp-widget]` on the page, then
   * follows the page (hosts added later are mounted, hosts removed are
   * unmounted, so no timer or animation frame outlives its widget), and
   * offers `tcpWidget.mount(el, options)` / `tcpWidget.unmount(el)` to
   * frameworks that manage their own DOM.
   */
  tcpWidget.attach = ({ mount, unmount }) => {
    const live = new Set();
    const start = (el) => {
      if (!live.has(el)) {
        live.add(el);
        mount(el);
      }
    };
    const stop = (el) => {
      if (live.delete(el)) unmount(el);
    };
    const scan = (root) => {
      if (root.matches?.('[data-tcp-widget]')) start(root);
      root.querySelectorAll?.('[data-tcp-widget]').forEach(start);
    };
    scan(document);
    new MutationObserver((records) => {
      let removed = false;
      for (const r of records) {
        r.addedNodes.forEach((n) => n.nodeType === 1 && scan(n));
        removed ||= r.removedNodes.length > 0;
      }
      // A host moved elsewhere is still connected: it keeps running.
      if (removed) for (const el of [...live]) if (!el.isConnected) stop(el);
    }).observe(document.documentElement, { childList: true, subtree: true });
    tcpWidget.mount = (el, options = {}) => {
      for (const [key, value] of Object.entries(options)) el.setAttribute(`data-${key}`, String(value));
      if (!el.hasAttribute('data-tcp-widget')) el.setAttribute('data-tcp-widget', '');
      stop(el);
      start(el);
    };
    tcpWidget.unmount = stop;
  };
}
