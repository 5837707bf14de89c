//! The typed sets of labels: the interface's words, sharing and notices,
//! captures. Each is a struct of `&'static str` fields filled from
//! `@<prefix>.<field>` entries, so a component names a label by field (a
//! typo does not compile) and a missing entry is refused when the file loads.

/// Declares a struct of `&'static str` fields filled from `@<prefix>.<field>`
/// entries; a missing entry is an error naming it.
macro_rules! text_struct {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, [$($field:ident),* $(,)?]) => {
        $(#[$meta])*
        // `repr(C)`: the fields, all `&'static str`, lie in order with no
        // padding, exactly like `[&'static str; COUNT]` (see `from_values`).
        #[repr(C)]
        pub struct $name { $(pub $field: &'static str,)* }

        impl $name {
            /// The keys, for completeness tests.
            pub const KEYS: &'static [&'static str] = &[$(concat!($prefix, ".", stringify!($field))),*];

            const COUNT: usize = Self::KEYS.len();

            /// The struct from its fields' values in declaration order. One
            /// loop and one move instead of code per field: a few KB less wasm.
            fn from_values(values: [&'static str; Self::COUNT]) -> $name {
                // SAFETY: a repr(C) struct of COUNT fields of one type has the
                // size, alignment and field offsets of an array of COUNT of
                // them (transmute also checks the sizes at compile time).
                unsafe { core::mem::transmute::<[&'static str; Self::COUNT], $name>(values) }
            }

            pub(super) fn from_entries(get: impl Fn(&str) -> Option<&'static str>) -> Result<$name, String> {
                let mut values = [""; Self::COUNT];
                for (slot, key) in values.iter_mut().zip(Self::KEYS) {
                    *slot = get(key).ok_or_else(|| format!("missing @{key}"))?;
                }
                Ok(Self::from_values(values))
            }

            pub(super) fn blank() -> $name {
                Self::from_values([""; Self::COUNT])
            }
        }
    };
}

text_struct!(
    /// Labels of the interface.
    Ui,
    "ui",
    [
        widget_label, client, server, play, pause, step_back, step_forward, restart, speed, time, scenario,
        free_mode, language, drop_hint, dropped, retransmission, in_flight, arrived, vanished, time_skipped,
        rto_timer, time_wait_timer, delayed_ack_timer, fin_wait_2_timer, persist_timer, backoff, left, half_open,
        inspector, inspector_empty, field, absolute, relative, ports, flags, window, length, sent, arrives,
        on_arrival, no_state_change, state_diagram, free_hint, keyboard_help, close, busy, narration,
        narration_empty, narration_log, at_time, explain_as, mode_technical, mode_analogy, theme,
        theme_stand_off, theme_phone_call, theme_capability, analogy_breaks, deep_dives, play_scenario,
        details, legend, rtx_timeout, rtx_fast, rtx_other, rtx_copy, undo, forget, deadlock, lesson_complete,
        badge_open, badge_close,
    ]
);

text_struct!(
    /// Texts of sharing, export and notices.
    Extra,
    "extra",
    [
        share, share_label, copy, copied, copy_failed, exports, download_pcap, download_svg, param_notice,
        param_too_far, not_in_flight, unknown_segment, busy, locked, scaled_down, recorded,
    ]
);

text_struct!(
    /// Texts of an opened capture (file picker, connection bar, inspector rows, errors).
    Capture,
    "capture",
    [
        open, drop_here, invite, heading, heading_file, connection, stream, no_syn, back, ends, timing, assumed, cut,
        cut_unpacked,
        frame, options, options_cut, wireshark, notes, note_lost, note_copy, note_unseen, note_unsent, note_duplicated,
        note_out_of_place,
        note_beyond_mss, offloaded, tunneled, share_off,
        failed, err_unreadable, err_empty, err_too_big, err_not_capture, err_compressed, err_unpacked_too_big,
        err_bad_compression, err_truncated, err_malformed,
        err_too_many, err_no_tcp, err_unknown_link, err_all_cut, skipped, skip_not_ip, skip_not_tcp,
        skip_fragments, skip_truncated, skip_unknown_link, skip_malformed, longer,
    ]
);
