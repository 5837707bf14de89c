//! Downloads made in the browser, with no server: the run as a pcap capture
//! (written by the model's exporter) and the timeline as a standalone SVG
//! (computed styles copied onto each element, system fonts only).

use tcp_model::pcap::{write_pcap, Captured};
use tcp_model::view::Moment;
use tcp_model::Simulation;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `bytes` as a file download named `name`.
pub fn download(bytes: &[u8], mime: &str, name: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_attribute("hidden", "")?;
    let body = document.body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    web_sys::Url::revoke_object_url(&url)
}

/// The segments sent by `moment`, as a classic pcap file.
pub fn pcap_of(run: &Simulation, moment: Moment) -> Vec<u8> {
    let captured: Vec<Captured> = run
        .segments()
        .iter()
        .filter(|s| moment != Moment::Start && s.sent_at <= moment.time())
        .map(|s| Captured {
            at: s.sent_at,
            header: s.header,
        })
        .collect();
    write_pcap(&captured)
}

/// The style properties an exported SVG needs to look as it does on screen.
const STYLE_PROPS: [&str; 13] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linejoin",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "paint-order",
    "letter-spacing",
    "display",
];

/// The SVG element `svg` as a standalone document: every element gets its
/// computed style inline, with a background so it reads on any viewer.
pub fn standalone_svg(svg: &web_sys::Element) -> Result<String, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let clone: web_sys::Element = svg.clone_node_with_deep(true)?.dyn_into()?;
    let originals = svg.query_selector_all("*")?;
    let copies = clone.query_selector_all("*")?;
    for i in 0..originals.length().min(copies.length()) {
        let (Some(original), Some(copy)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        let (Ok(original), Ok(copy)) = (
            original.dyn_into::<web_sys::Element>(),
            copy.dyn_into::<web_sys::Element>(),
        ) else {
            continue;
        };
        let Some(computed) = window.get_computed_style(&original)? else {
            continue;
        };
        let mut style = String::new();
        for prop in STYLE_PROPS {
            let value = computed.get_property_value(prop)?;
            if !value.is_empty() {
                style.push_str(prop);
                style.push(':');
                style.push_str(&value);
                style.push(';');
            }
        }
        copy.set_attribute("style", &style)?;
        // Interaction hints mean nothing in a file.
        for attr in ["tabindex", "role"] {
            copy.remove_attribute(attr)?;
        }
    }
    clone.set_attribute("xmlns", "http://www.w3.org/2000/svg")?;
    let background = window
        .get_computed_style(svg)?
        .and_then(|c| c.get_property_value("--bg").ok())
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "#ffffff".into());
    clone.set_attribute("style", &format!("background:{}", background.trim()))?;
    let xml = web_sys::XmlSerializer::new()?.serialize_to_string(&clone)?;
    Ok(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{xml}"))
}
