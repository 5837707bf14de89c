//! Where the two lifelines stand across the timeline's width, and the room
//! beside and between them: for segment labels, for the arrows of strays
//! from off the ladder, and for each host's head above its lifeline.

use tcp_model::Side;

/// Horizontal layout of the two lifelines in a timeline `width` pixels wide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Columns {
    pub width: f64,
    pub client: f64,
    pub server: f64,
}

impl Columns {
    /// Lifelines leave room outside them for state names and calls: more
    /// room, proportionally, on a narrow phone.
    pub fn new(width: f64) -> Columns {
        let width = width.max(280.0);
        let margin = if width < 480.0 {
            width * 0.28
        } else {
            (width * 0.22).min(190.0)
        };
        Columns {
            width,
            client: margin,
            server: width - margin,
        }
    }

    pub fn x(&self, side: Side) -> f64 {
        match side {
            Side::Client => self.client,
            Side::Server => self.server,
        }
    }

    /// Where a segment label `width` wide, meant to centre on `x`, is
    /// centred: inside the corridor between the lifelines whenever it fits
    /// there, so an arrow from off the ladder (a spoofed SYN) never puts
    /// its label over the state and call names outside the lifelines.
    pub fn label_centre(&self, x: f64, width: f64) -> f64 {
        let (lo, hi) = (self.client + 8.0 + width / 2.0, self.server - 8.0 - width / 2.0);
        if lo <= hi {
            x.clamp(lo, hi)
        } else {
            (self.client + self.server) / 2.0
        }
    }

    /// Where a segment from nobody we know (a stray) enters: the left edge.
    pub fn offstage(&self) -> f64 {
        6.0
    }

    /// Room for a label between the lifelines.
    pub fn span(&self) -> f64 {
        self.server - self.client
    }

    /// How wide `side`'s head (its name and address, centred on its
    /// lifeline) may be: inside the drawing and on its own half of it, a
    /// few pixels clear of the edge and of the other head.
    pub fn head_room(&self, side: Side) -> f64 {
        const CLEAR: f64 = 4.0;
        let x = self.x(side);
        let middle = (self.client + self.server) / 2.0;
        let (to_edge, to_middle) = match side {
            Side::Client => (x, middle - x),
            Side::Server => (self.width - x, x - middle),
        };
        2.0 * (to_edge - CLEAR).min(to_middle - CLEAR / 2.0).max(0.0)
    }
}
