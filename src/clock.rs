//! The widget's one clock: a hook that, while playing, runs a
//! requestAnimationFrame loop and reports the wall-clock time between frames.
//! While paused (or finished) no frame is requested at all, and the loop is
//! cancelled when the component unmounts.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Frames longer than this (a background tab, a debugger pause) count as this
/// long, so the animation never jumps far ahead.
const MAX_FRAME_MS: f64 = 100.0;

/// Calls `on_tick` with the milliseconds since the previous frame, every frame
/// while `running` is true.
#[hook]
pub fn use_animation_clock(running: bool, on_tick: Callback<f64>) {
    use_effect_with(running, move |&running| {
        let stop = Rc::new(Cell::new(false));
        let handle = Rc::new(Cell::new(0i32));
        let slot = running.then(|| start_loop(on_tick, stop.clone(), handle.clone()));
        move || {
            stop.set(true);
            if let Some(window) = web_sys::window() {
                let _ = window.cancel_animation_frame(handle.get());
            }
            // Dropping the closure breaks its reference to itself: nothing leaks.
            if let Some(slot) = slot {
                slot.borrow_mut().take();
            }
        }
    });
}

type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

fn start_loop(on_tick: Callback<f64>, stop: Rc<Cell<bool>>, handle: Rc<Cell<i32>>) -> FrameSlot {
    let slot: FrameSlot = Rc::new(RefCell::new(None));
    let Some(window) = web_sys::window() else {
        return slot;
    };
    // The closure must request the next frame with itself: it lives in a cell
    // it can reach, and is dropped (breaking the cycle) when the loop stops.
    let slot_inner = slot.clone();
    let last = Rc::new(Cell::new(None::<f64>));
    let frame_window = window.clone();
    let frame_handle = handle.clone();
    *slot.borrow_mut() = Some(Closure::new(move |timestamp: f64| {
        if stop.get() {
            return;
        }
        if let Some(previous) = last.get() {
            on_tick.emit((timestamp - previous).clamp(0.0, MAX_FRAME_MS));
        }
        last.set(Some(timestamp));
        if let Some(next) = slot_inner.borrow().as_ref() {
            if let Ok(id) = frame_window.request_animation_frame(next.as_ref().unchecked_ref()) {
                frame_handle.set(id);
            }
        }
    }));
    if let Some(first) = slot.borrow().as_ref() {
        if let Ok(id) = window.request_animation_frame(first.as_ref().unchecked_ref()) {
            handle.set(id);
        }
    }
    slot
}
