//! A small typed writer of SVG markup, for the decorative parts of the
//! timeline and the state diagram (lifelines, bands, gaps, labels, edges):
//! one string per drawing is far less WebAssembly than an `html!` expansion
//! per element, and a string Yew can compare cheaply between frames.
//!
//! Rules that keep it safe and correct:
//! - tag and attribute names are `&'static str` (written in the code, never
//!   taken from data); every attribute value and every text goes through
//!   [`Esc`]; numbers are written by [`N`];
//! - the markup is only ever inserted under an SVG parent ([`raw_group`]),
//!   where the browser parses it in the SVG namespace. HTML is never built
//!   from strings: every HTML element is written with `html!`.

use core::fmt::{self, Write};

use yew::{AttrValue, Html};

/// A coordinate with at most one decimal, written with integer formatting
/// only (float formatting would add ~10 KB to the WebAssembly).
#[derive(Clone, Copy)]
pub struct N(pub f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let (whole, frac) = (tenths / 10, (tenths % 10).abs());
        if tenths < 0 && whole == 0 {
            f.write_str("-")?;
        }
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            write!(f, "{whole}.{frac}")
        }
    }
}

/// Text escaped for XML content and attribute values.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

/// SVG markup being written.
#[derive(Default)]
pub struct Markup(String);

impl Markup {
    /// An empty drawing with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Markup {
        Markup(String::with_capacity(capacity))
    }

    /// Starts an element: add attributes, then end it with [`El::end`],
    /// [`El::text`] or [`El::children`].
    pub fn el(&mut self, tag: &'static str) -> El<'_> {
        self.0.push('<');
        self.0.push_str(tag);
        El {
            out: &mut self.0,
            tag,
        }
    }

    /// A `<line>` from one point to another.
    pub fn line(&mut self, class: &str, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
        self.el("line")
            .class(class)
            .num("x1", x1)
            .num("y1", y1)
            .num("x2", x2)
            .num("y2", y2)
            .end();
    }

    /// A `<text>` at a point with an anchor (`start`, `middle`, `end`).
    pub fn text(&mut self, class: &str, (x, y): (f64, f64), anchor: &'static str, content: &str) {
        self.el("text")
            .class(class)
            .num("x", x)
            .num("y", y)
            .attr("text-anchor", anchor)
            .text(content);
    }

    /// `<defs>` with a triangular arrowhead marker `id` of `size` px, for
    /// `marker-end="url(#id)"` (`orient`: `auto`, or `auto-start-reverse`).
    pub fn arrowhead(&mut self, id: &'static str, size: f64, orient: &'static str, class: &str) {
        self.el("defs").children(|m| {
            m.el("marker")
                .attr("id", id)
                .attr("viewBox", "0 0 10 10")
                .num("refX", 9.0)
                .num("refY", 5.0)
                .num("markerWidth", size)
                .num("markerHeight", size)
                .attr("markerUnits", "userSpaceOnUse")
                .attr("orient", orient)
                .children(|m| m.el("path").attr("d", "M0,0 L10,5 L0,10 z").class(class).end());
        });
    }

    /// The markup written so far.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The finished markup.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An element being written; attributes first, then its end.
pub struct El<'a> {
    out: &'a mut String,
    tag: &'static str,
}

impl El<'_> {
    /// An attribute; its value is escaped.
    pub fn attr(self, name: &'static str, value: &str) -> Self {
        let _ = write!(self.out, r#" {name}="{}""#, Esc(value));
        self
    }

    /// A numeric attribute (one decimal at most).
    pub fn num(self, name: &'static str, value: f64) -> Self {
        let _ = write!(self.out, r#" {name}="{}""#, N(value));
        self
    }

    /// The `class` attribute (skipped when empty).
    pub fn class(self, value: &str) -> Self {
        if value.is_empty() {
            self
        } else {
            self.attr("class", value)
        }
    }

    /// Ends an element without content: `<line … />`.
    pub fn end(self) {
        self.out.push_str("/>");
    }

    /// Ends an element with text content (escaped).
    pub fn text(self, content: &str) {
        let _ = write!(self.out, ">{}</{}>", Esc(content), self.tag);
    }

    /// Ends an element with child elements written by `children`.
    pub fn children(self, children: impl FnOnce(&mut Markup)) {
        self.out.push('>');
        let mut inner = Markup(core::mem::take(self.out));
        children(&mut inner);
        *self.out = inner.0;
        let _ = write!(self.out, "</{}>", self.tag);
    }
}

impl From<Markup> for AttrValue {
    fn from(m: Markup) -> AttrValue {
        AttrValue::from(m.0)
    }
}

/// A `<g>` holding `markup` (a [`Markup`], or one kept as an `AttrValue`),
/// for use inside an `<svg>` element only (see the module rules). Yew
/// compares the string between renders: a drawing that did not change is
/// not parsed again.
pub fn raw_group(class: &'static str, markup: impl Into<AttrValue>) -> Html {
    let inner = Html::from_html_unchecked(markup.into());
    yew::html! { <g class={class}>{ inner }</g> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_one_decimal() {
        let s = |v| N(v).to_string();
        assert_eq!(
            (s(12.0), s(12.34), s(12.36), s(-0.5), s(-3.25), s(0.04)),
            (
                "12".into(),
                "12.3".into(),
                "12.4".into(),
                "-0.5".into(),
                "-3.3".into(),
                "0".into()
            )
        );
    }

    #[test]
    fn every_value_and_text_is_escaped() {
        assert_eq!(
            Esc(r#"<b a="x">&'"#).to_string(),
            "&lt;b a=&quot;x&quot;&gt;&amp;&#39;"
        );
        let mut m = Markup::default();
        m.text("c", (1.0, 2.5), "end", "<script>");
        m.el("rect").attr("data-state", r#"" onload="x"#).end();
        m.el("g")
            .class("a")
            .children(|m| m.line("l", (0.0, 0.0), (1.0, 1.0)));
        assert_eq!(
            m.as_str(),
            concat!(
                r#"<text class="c" x="1" y="2.5" text-anchor="end">&lt;script&gt;</text>"#,
                r#"<rect data-state="&quot; onload=&quot;x"/>"#,
                r#"<g class="a"><line class="l" x1="0" y1="0" x2="1" y2="1"/></g>"#
            )
        );
    }
}
