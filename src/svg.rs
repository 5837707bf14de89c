//! A small typed writer of SVG drawings, for the decorative parts of the
//! timeline and the state diagram (lifelines, bands, gaps, labels, edges):
//! one generic writer is far less WebAssembly than an `html!` expansion per
//! element. A large drawing that changes only at event times becomes
//! strings, one per layer, that Yew compares cheaply ([`raw_layers`]); one
//! that moves every frame, or changes only a few attributes at an event,
//! becomes Yew nodes updated in place ([`live_group`]).
//!
//! Rules that keep it safe and correct:
//! - tag and attribute names are `&'static str` (written in the code, never
//!   taken from data); every attribute value and every text goes through
//!   [`Esc`]; numbers are written by [`N`];
//! - the markup is only ever inserted under an SVG parent ([`raw_layers`],
//!   [`live_group`]), where it lands in the SVG namespace. HTML is never
//!   built from strings: every HTML element is written with `html!`.

use core::fmt::{self, Write};

use std::cell::RefCell;

use yew::virtual_dom::{AttributeOrProperty, Attributes};
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

/// An SVG drawing being written: a small tree of elements, turned into one
/// markup string for what changes only at event times ([`raw_layers`]), or
/// into Yew nodes for what moves every frame ([`live_group`]), which Yew
/// updates in place (attributes change; elements stay).
#[derive(Clone, Default)]
pub struct Markup(Vec<Node>);

/// One element of a drawing.
#[derive(Clone)]
struct Node {
    tag: &'static str,
    attrs: Vec<(&'static str, String)>,
    body: Body,
}

#[derive(Clone)]
enum Body {
    Empty,
    Text(String),
    Children(Vec<Node>),
}

impl Markup {
    /// An empty drawing with room for about `capacity` bytes of markup.
    pub fn with_capacity(capacity: usize) -> Markup {
        Markup(Vec::with_capacity(capacity / 64))
    }

    /// Nothing has been drawn yet.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Starts an element: add attributes, then end it with [`El::end`],
    /// [`El::text`] or [`El::children`].
    pub fn el(&mut self, tag: &'static str) -> El<'_> {
        El {
            out: &mut self.0,
            node: Node {
                tag,
                attrs: Vec::new(),
                body: Body::Empty,
            },
        }
    }

    /// A `<g>` that is always there, holding what `draw` writes (maybe
    /// nothing). A part that comes and goes goes in a slot, so it never
    /// moves the parts around it: Yew matches unkeyed children from the
    /// end, and one element more or fewer would pair every part before it
    /// with its neighbour's markup and draw it anew.
    pub fn slot(&mut self, draw: impl FnOnce(&mut Markup)) {
        self.el("g").children(draw);
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

    /// The drawing as markup (every value and text escaped).
    pub fn into_string(self) -> String {
        let mut out = String::with_capacity(self.0.len() * 64);
        write_nodes(&mut out, &self.0);
        out
    }

    /// The drawing as Yew nodes.
    pub fn into_html(self) -> Html {
        self.0.into_iter().map(vnode).collect()
    }
}

fn write_nodes(out: &mut String, nodes: &[Node]) {
    for n in nodes {
        let _ = write!(out, "<{}", n.tag);
        for (name, value) in &n.attrs {
            let _ = write!(out, r#" {name}="{}""#, Esc(value));
        }
        match &n.body {
            Body::Empty => out.push_str("/>"),
            Body::Text(t) => {
                let _ = write!(out, ">{}</{}>", Esc(t), n.tag);
            }
            Body::Children(c) => {
                out.push('>');
                write_nodes(out, c);
                let _ = write!(out, "</{}>", n.tag);
            }
        }
    }
}

/// A Yew element for a node (Yew creates it in the SVG namespace: its
/// parent is an SVG element). Text is set as a text node: no markup parsed.
fn vnode(n: Node) -> Html {
    let mut tag = yew::virtual_dom::VTag::new(n.tag);
    let names: Vec<&'static str> = n.attrs.iter().map(|(name, _)| *name).collect();
    tag.set_attributes(Attributes::Dynamic {
        keys: interned(names),
        values: n
            .attrs
            .into_iter()
            .map(|(_, value)| Some(AttributeOrProperty::Attribute(AttrValue::from(value))))
            .collect(),
    });
    match n.body {
        Body::Empty => {}
        Body::Text(t) => tag.add_child(Html::from(t)),
        Body::Children(c) => tag.add_children(c.into_iter().map(vnode)),
    }
    tag.into()
}

thread_local! {
    /// Every list of attribute names a live drawing has used.
    static NAME_LISTS: RefCell<Vec<&'static [&'static str]>> = const { RefCell::new(Vec::new()) };
}

/// The one copy of a list of attribute names. Yew compares two renders of
/// an element whose names are the same list (the same address) value by
/// value, where a map of names would be hashed twice per attribute on
/// every frame. The lists are few (one per kind of element the code
/// writes, each kept for the page's life).
fn interned(names: Vec<&'static str>) -> &'static [&'static str] {
    NAME_LISTS.with_borrow_mut(|lists| {
        // The names are literals in the code: compared by address, as Yew
        // compares the lists (two copies of one literal would only make two
        // lists).
        let same =
            |l: &&&[&str]| l.len() == names.len() && l.iter().zip(&names).all(|(a, b)| core::ptr::eq(*a, *b));
        if let Some(list) = lists.iter().find(same) {
            return *list;
        }
        let list: &'static [&'static str] = Box::leak(names.into_boxed_slice());
        lists.push(list);
        list
    })
}

/// An element being written; attributes first, then its end.
pub struct El<'a> {
    out: &'a mut Vec<Node>,
    node: Node,
}

impl El<'_> {
    /// An attribute (escaped when written as markup).
    pub fn attr(mut self, name: &'static str, value: &str) -> Self {
        self.node.attrs.push((name, value.to_string()));
        self
    }

    /// A numeric attribute (one decimal at most).
    pub fn num(mut self, name: &'static str, value: f64) -> Self {
        self.node.attrs.push((name, N(value).to_string()));
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
        self.out.push(self.node);
    }

    /// Ends an element with text content.
    pub fn text(mut self, content: &str) {
        self.node.body = Body::Text(content.to_string());
        self.out.push(self.node);
    }

    /// Ends an element with child elements written by `children`.
    pub fn children(mut self, children: impl FnOnce(&mut Markup)) {
        let mut inner = Markup::default();
        children(&mut inner);
        self.node.body = Body::Children(inner.0);
        self.out.push(self.node);
    }
}

impl From<Markup> for AttrValue {
    fn from(m: Markup) -> AttrValue {
        AttrValue::from(m.into_string())
    }
}

/// A `<g>` holding a drawing kept as layers, each its own `<g>`: Yew
/// compares each layer's string between renders, so a new instant parses
/// only the layers it changed (a finished band, a label), not the whole
/// drawing. For use inside an `<svg>` element only (see the module rules).
pub fn raw_layers(class: &'static str, layers: &[AttrValue]) -> Html {
    let layers = layers
        .iter()
        .map(|l| yew::html! { <g>{ Html::from_html_unchecked(l.clone()) }</g> });
    yew::html! { <g class={class}>{ for layers }</g> }
}

/// A `<g>` holding a drawing that changes every frame, as Yew nodes: Yew
/// updates the elements in place instead of replacing them.
pub fn live_group(class: &'static str, markup: Markup) -> Html {
    yew::html! { <g class={class}>{ markup.into_html() }</g> }
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

    /// The names of each element's attributes, and their values, as Yew gets them.
    fn attributes(m: Markup) -> Vec<(&'static [&'static str], Vec<String>)> {
        m.0.into_iter()
            .map(|n| match vnode(n) {
                Html::VTag(tag) => match &tag.attributes {
                    Attributes::Dynamic { keys, values } => (
                        *keys,
                        values
                            .iter()
                            .map(|v| match v {
                                Some(AttributeOrProperty::Attribute(v)) => v.to_string(),
                                _ => panic!("an attribute"),
                            })
                            .collect(),
                    ),
                    _ => panic!("names and values"),
                },
                _ => panic!("an element"),
            })
            .collect()
    }

    #[test]
    fn one_kind_of_element_shares_one_list_of_names() {
        let mut m = Markup::default();
        m.line("a", (0.0, 0.0), (1.0, 2.5));
        m.line("b", (3.0, 4.0), (5.0, 6.0));
        m.text("c", (1.0, 2.0), "end", "x");
        m.el("line").num("x1", 1.0).end();
        let drawn = attributes(m);
        assert_eq!(drawn[0].0, ["class", "x1", "y1", "x2", "y2"]);
        assert_eq!(drawn[0].1, ["a", "0", "0", "1", "2.5"]);
        assert_eq!(drawn[1].1, ["b", "3", "4", "5", "6"]);
        // Two lines, one list (Yew then compares values, not names).
        assert!(core::ptr::eq(drawn[0].0, drawn[1].0));
        assert_eq!(drawn[2].0, ["class", "x", "y", "text-anchor"]);
        assert_eq!(drawn[3].0, ["x1"]);
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
            m.into_string().as_str(),
            concat!(
                r#"<text class="c" x="1" y="2.5" text-anchor="end">&lt;script&gt;</text>"#,
                r#"<rect data-state="&quot; onload=&quot;x"/>"#,
                r#"<g class="a"><line class="l" x1="0" y1="0" x2="1" y2="1"/></g>"#
            )
        );
    }
}
