//! Small helpers the model and the widget share that are not about TCP.

pub mod sort;
