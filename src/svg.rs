//! Writing SVG markup as text. The timeline and the state diagram draw their
//! non-interactive parts as one string each: far less WebAssembly than an
//! `html!` expansion per element (the bundle is judged on a cheap phone).
//! Every piece of text goes through [`Esc`], so nothing is ever interpreted
//! as markup.

use core::fmt;

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

/// Appends a `<line>`.
pub fn line(out: &mut String, class: &str, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
    use fmt::Write;
    let _ = write!(
        out,
        r#"<line class="{class}" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
        N(x1),
        N(y1),
        N(x2),
        N(y2)
    );
}

/// Appends a `<text>` with extra attributes (already escaped) and escaped content.
pub fn text(out: &mut String, class: &str, (x, y): (f64, f64), anchor: &str, attrs: &str, content: &str) {
    use fmt::Write;
    let _ = write!(
        out,
        r#"<text class="{class}" x="{}" y="{}" text-anchor="{anchor}"{attrs}>{}</text>"#,
        N(x),
        N(y),
        Esc(content)
    );
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
    fn text_is_escaped() {
        assert_eq!(
            Esc(r#"<b a="x">&'"#).to_string(),
            "&lt;b a=&quot;x&quot;&gt;&amp;&#39;"
        );
        let mut out = String::new();
        text(&mut out, "c", (1.0, 2.5), "end", "", "<script>");
        assert_eq!(
            out,
            r#"<text class="c" x="1" y="2.5" text-anchor="end">&lt;script&gt;</text>"#
        );
    }
}
