//! Writes the starting corpora: every built-in scenario's text, share links
//! to each built-in, guided lesson and challenge. (The capture corpus is the
//! test fixtures, copied by run.sh.) Usage: seeds CORPUS_DIR

use std::fs;
use std::path::Path;

use tcp_model::learn::{challenge, lesson};
use tcp_model::library::BUILTINS;

fn main() {
    let root = std::env::args().nth(1).expect("usage: seeds CORPUS_DIR");
    let dir = |name: &str| {
        let d = Path::new(&root).join(name);
        fs::create_dir_all(&d).expect("corpus folder");
        d
    };
    let (scenarios, links) = (dir("scenario"), dir("link"));
    let write = |d: &Path, name: String, text: &str| fs::write(d.join(name), text).expect("seed written");
    for (i, b) in BUILTINS.iter().enumerate() {
        write(&scenarios, b.name.to_string(), b.text());
        // A step, a speed, a range and the analogy: the parameters a teacher sets.
        let link = format!(
            "?scenario={}&step={}&mode=analogy&speed=2&range=1-4&lang=zh",
            b.name,
            i % 7
        );
        write(&links, format!("builtin-{}", b.name), &link);
    }
    for l in lesson::LESSONS {
        write(&links, format!("lesson-{}", l.id), &format!("?lesson={}", l.id));
    }
    for c in challenge::CHALLENGES {
        write(
            &links,
            format!("challenge-{}", c.id),
            &format!("?challenge={}#t=300", c.id),
        );
    }
    write(
        &links,
        "free".into(),
        "?scenario=free&act=0%20client%20connect%3B500%20server%20close&t=700",
    );
    write(
        &links,
        "drop".into(),
        "?scenario=handshake-and-close&act=100%20drop%202&step=3",
    );
}
