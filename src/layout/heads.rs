//! The ladder's two heads: each host's name and its address, centred over
//! its lifeline. An IPv6 address with its port (`[2001:db8:…]:42121`, up to
//! 47 characters) is wider than a phone leaves a head, and two wide heads
//! wrote over each other: one that does not fit keeps its start, its end
//! and its port, and loses its middle to an ellipsis (the capture's own
//! paragraph above the ladder names both endpoints in full).

/// Width of one character of the address (11 px monospace: Chromium's
/// DejaVu Sans Mono and Menlo advance 0.6 em; a little more, to be safe).
pub const MONO_CHAR: f64 = 6.7;

/// `endpoint` (`addr:port` or `[addr]:port`) as it fits in `room` pixels:
/// whole when it fits, otherwise with the middle of its address cut to an
/// ellipsis; the port always stays.
pub fn fit_endpoint(endpoint: &str, room: f64) -> String {
    let chars: Vec<char> = endpoint.chars().collect();
    let fits = (room / MONO_CHAR).floor() as usize;
    if chars.len() <= fits {
        return endpoint.to_string();
    }
    // The port and what closes the address: "]:42121" or ":42121".
    let port_from = endpoint
        .rfind(':')
        .map_or(chars.len(), |i| endpoint[..i].chars().count());
    let close_from = if endpoint[..port_from].ends_with(']') {
        port_from - 1
    } else {
        port_from
    };
    let open = usize::from(endpoint.starts_with('['));
    let (head, tail) = (&chars[..open], &chars[close_from..]);
    let address = &chars[open..close_from];
    // What is left for the address, less the ellipsis: more of its start
    // (the prefix a learner recognises) than of its end.
    let keep = fits
        .saturating_sub(head.len() + tail.len() + 1)
        .min(address.len());
    let start = keep.div_ceil(2);
    let end = keep - start;
    let mut out: String = head.iter().collect();
    out.extend(&address[..start]);
    out.push('…');
    out.extend(&address[address.len() - end..]);
    out.extend(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:42121";

    #[test]
    fn an_endpoint_that_fits_is_whole() {
        assert_eq!(fit_endpoint("10.0.0.1:50000", 200.0), "10.0.0.1:50000");
        assert_eq!(fit_endpoint(LONG, 400.0), LONG);
    }

    #[test]
    fn a_long_ipv6_endpoint_keeps_its_start_end_and_port() {
        let fitted = fit_endpoint(LONG, 150.0);
        assert_eq!(fitted, "[2001:db…0:7348]:42121");
        assert!(fitted.chars().count() as f64 * MONO_CHAR <= 150.0);
        // Without brackets (a model's IPv4 lesson never needs this).
        assert_eq!(fit_endpoint("192.168.100.200:50000", 100.0), "192.…200:50000");
    }

    #[test]
    fn no_room_keeps_the_port_and_the_ellipsis() {
        assert_eq!(fit_endpoint(LONG, 10.0), "[…]:42121");
    }
}
