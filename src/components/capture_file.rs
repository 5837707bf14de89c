//! Taking a capture file from the learner: reading it in the browser (it is
//! never sent anywhere), unwrapping gzip, and saying in the learner's
//! language why a file could not be opened. What the bytes hold is the
//! model's to read (`tcp_model::capture`).

use std::rc::Rc;

use tcp_model::capture::{CaptureError, Compression, MAX_BYTES};
use yew::prelude::*;

use crate::store::{Action, Store};
use crate::text::{fill, Lang};

/// Reads `file` and hands its bytes to the store, unwrapped when it is gzip
/// (Wireshark's "compress with gzip"); a file over the model's limit is
/// refused before a byte of it is read. Other compressors reach the reader
/// as they are, and it names them.
pub fn read_file(file: web_sys::File, dispatch: UseReducerDispatcher<Store>) {
    let name = file.name();
    let size = file.size();
    if size > MAX_BYTES as f64 {
        let error = CaptureError::TooBig(size.min(usize::MAX as f64) as usize);
        dispatch.dispatch(Action::CaptureFailed {
            name,
            error: Some(error),
        });
        return;
    }
    yew::platform::spawn_local(async move {
        let limit = u32::try_from(MAX_BYTES).unwrap_or(u32::MAX);
        dispatch.dispatch(match crate::loader::read_capture(&file, limit).await {
            Ok((bytes, unpacked)) => Action::OpenCapture {
                name,
                bytes: Rc::new(bytes),
                unpacked,
            },
            Err(damaged) => Action::CaptureFailed {
                name,
                error: damaged.then_some(CaptureError::BadCompression(Compression::Gzip)),
            },
        });
    });
}

/// The first file a drop carries, if any.
pub fn dropped_file(e: &DragEvent) -> Option<web_sys::File> {
    e.data_transfer()?.files()?.get(0)
}

/// Why a capture could not be opened, in the learner's language.
pub fn failure_text(lang: Lang, name: &str, error: Option<CaptureError>) -> String {
    let t = &lang.texts().capture;
    let why = match error {
        None => t.err_unreadable.to_string(),
        Some(CaptureError::Empty) => t.err_empty.to_string(),
        Some(CaptureError::TooBig(bytes)) => {
            // Tenths of a MB rounded up, so a file just over the limit never reads as the limit.
            let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
            fill(
                t.err_too_big,
                &[
                    ("mb", &format!("{}.{}", tenths / 10, tenths % 10)),
                    ("limit", &(MAX_BYTES / (1024 * 1024)).to_string()),
                ],
            )
        }
        Some(CaptureError::NotCapture(start, len)) => {
            let bytes: Vec<String> = start[..len.min(4)].iter().map(|b| format!("{b:02x}")).collect();
            fill(t.err_not_capture, &[("bytes", &bytes.join(" "))])
        }
        Some(CaptureError::Compressed(c)) => fill(
            t.err_compressed,
            &[("format", c.name()), ("command", c.command())],
        ),
        Some(CaptureError::UnpackedTooBig(c)) => fill(
            t.err_unpacked_too_big,
            &[
                ("format", c.name()),
                ("limit", &(MAX_BYTES / (1024 * 1024)).to_string()),
            ],
        ),
        Some(CaptureError::BadCompression(c)) => fill(t.err_bad_compression, &[("format", c.name())]),
        Some(CaptureError::Truncated(what, at)) => {
            fill(t.err_truncated, &[("what", what), ("at", &at.to_string())])
        }
        Some(CaptureError::Malformed(what, at)) => {
            fill(t.err_malformed, &[("what", what), ("at", &at.to_string())])
        }
        Some(CaptureError::TooManyPackets) => fill(
            t.err_too_many,
            &[("max", &tcp_model::capture::MAX_PACKETS.to_string())],
        ),
        Some(CaptureError::NoTcp(frames)) => fill(t.err_no_tcp, &[("frames", &frames.to_string())]),
        Some(CaptureError::UnknownLink(frames, link)) => fill(
            t.err_unknown_link,
            &[("frames", &frames.to_string()), ("link", &link.to_string())],
        ),
        Some(CaptureError::AllCut(frames)) => fill(t.err_all_cut, &[("frames", &frames.to_string())]),
    };
    fill(t.failed, &[("name", name), ("why", &why)])
}
