//! The application on a host, as data: its program of socket calls, where it
//! is in it, the call in progress and the connection it holds. What the calls
//! do is in `calls.rs`.

use crate::call::{SocketError, Wait};
use crate::{Addr, Call, Time};

/// The call in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Running {
    pub(crate) call: Call,
    pub(crate) started: Time,
    /// What it waits for, once it blocked.
    pub(crate) waiting: Option<Wait>,
    /// recv: bytes read so far.
    pub(crate) read: u32,
    /// sleep: when it ends.
    pub(crate) until: Option<Time>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct App {
    pub(crate) program: Vec<Call>,
    /// Index of the next call to start.
    pub(crate) pc: usize,
    pub(crate) current: Option<Running>,
    /// A call failed; the rest of the program does not run.
    pub(crate) stopped: bool,
    /// The connection the application holds (after connect or accept).
    pub(crate) conn: Option<Addr>,
    /// How the held connection ended, once its TCB is gone.
    pub(crate) conn_end: ConnEnd,
    /// Bytes handed to send() so far (the model keeps each direction under 64 KiB).
    pub(crate) bytes_sent: u32,
}

impl App {
    pub(crate) fn wake_at(&self) -> Option<Time> {
        self.current.as_ref().and_then(|r| r.until)
    }

    /// Called when a TCB is deleted: if it was ours, remember how it ended.
    pub(crate) fn connection_ended(&mut self, remote: Addr, error: Option<SocketError>) {
        if self.conn == Some(remote) {
            self.conn_end = match error {
                None => ConnEnd::Closed,
                Some(error) => ConnEnd::Failed(error),
            };
        }
    }
}

/// What became of the connection the application holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum ConnEnd {
    /// It is still there (or there never was one).
    #[default]
    Open,
    /// Its TCB is gone after an orderly end.
    Closed,
    /// Its TCB is gone with an error the application will see.
    Failed(SocketError),
}
