//! Capture files wrapped in a compressor. Wireshark's "Save As" offers to
//! compress with gzip (`.pcapng.gz`), and Wireshark reads gzip files (zstd
//! and lz4 too since 4.2), so a learner may well bring one.
//!
//! Responsible for: recognising the common wrappers by their magic bytes,
//! so a compressed file is named as such instead of "not a capture", with
//! the command that unwraps it. Not responsible for: decompressing. That
//! would put a decompressor in the model; the widget hands gzip to the
//! browser's own `DecompressionStream` (capped at [`super::MAX_BYTES`]
//! decompressed) and gives the reader the result. Depends on nothing.

/// How a caller got a file's bytes out of a compressed one (the widget
/// unwraps gzip in the browser): the format, and whether its data came out
/// whole. Given to [`super::read_unpacked`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unpacked {
    /// The format the bytes were unwrapped from.
    pub from: Compression,
    /// False when the compressed data ended early or was damaged part way
    /// (a download stopped, several gzip members of which the browser reads
    /// the first): the bytes are what came out before that.
    pub whole: bool,
}

/// A compression format a capture file may arrive in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// gzip (RFC 1952): `1f 8b`. Wireshark's "compress with gzip", `gzip`.
    Gzip,
    /// Zstandard (RFC 8878): `28 b5 2f fd`. Wireshark 4.2 and later read and write it.
    Zstd,
    /// The LZ4 frame format: `04 22 4d 18`. Wireshark 4.2 and later read and write it.
    Lz4,
    /// xz: `fd 37 7a 58 5a 00`.
    Xz,
    /// bzip2: `BZh` and a block size digit.
    Bzip2,
    /// A zip archive: `PK 03 04`.
    Zip,
}

impl Compression {
    /// Every format, in the order they are tried.
    pub const ALL: [Compression; 6] = [
        Compression::Gzip,
        Compression::Zstd,
        Compression::Lz4,
        Compression::Xz,
        Compression::Bzip2,
        Compression::Zip,
    ];

    /// The format's usual name.
    pub const fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Lz4 => "lz4",
            Compression::Xz => "xz",
            Compression::Bzip2 => "bzip2",
            Compression::Zip => "zip",
        }
    }

    /// The command that unwraps a file of this format on Linux or macOS.
    pub const fn command(self) -> &'static str {
        match self {
            Compression::Gzip => "gunzip",
            Compression::Zstd => "unzstd",
            Compression::Lz4 => "unlz4",
            Compression::Xz => "unxz",
            Compression::Bzip2 => "bunzip2",
            Compression::Zip => "unzip",
        }
    }

    /// The magic bytes a file of this format starts with.
    const fn magic(self) -> &'static [u8] {
        match self {
            // The third byte is the method: 8 (deflate) is the only one defined.
            // static/tcp-widget-host.js (readCapture) checks the same three bytes.
            Compression::Gzip => &[0x1f, 0x8b, 0x08],
            Compression::Zstd => &[0x28, 0xb5, 0x2f, 0xfd],
            Compression::Lz4 => &[0x04, 0x22, 0x4d, 0x18],
            Compression::Xz => &[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
            Compression::Bzip2 => b"BZh",
            Compression::Zip => b"PK\x03\x04",
        }
    }

    /// The wrapper `bytes` start with, if any. Looks at six bytes at most.
    pub fn of(bytes: &[u8]) -> Option<Compression> {
        Compression::ALL
            .into_iter()
            .find(|c| bytes.starts_with(c.magic()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_wrapper_is_told_by_its_magic_and_nothing_else_is() {
        // The first bytes real tools write (gzip -c, zstd -c, lz4 -c, xz -c, bzip2 -c, zip).
        let starts: [(&[u8], Compression); 6] = [
            (&[0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00], Compression::Gzip),
            (&[0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00], Compression::Zstd),
            (&[0x04, 0x22, 0x4d, 0x18, 0x64, 0x40], Compression::Lz4),
            (&[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00], Compression::Xz),
            (b"BZh91AY&SY", Compression::Bzip2),
            (b"PK\x03\x04\x14\x00", Compression::Zip),
        ];
        for (bytes, c) in starts {
            assert_eq!(Compression::of(bytes), Some(c), "{}", c.name());
            // One byte short of the magic is not enough.
            assert_eq!(Compression::of(&c.magic()[..c.magic().len() - 1]), None);
        }
        // Captures, text and a gzip header with an undefined method are not compressed files.
        for other in [
            &[0xd4, 0xc3, 0xb2, 0xa1][..],
            &[0x0a, 0x0d, 0x0d, 0x0a],
            b"<!doctype html>",
            &[0x1f, 0x8b, 0x07],
            &[],
        ] {
            assert_eq!(Compression::of(other), None, "{other:02x?}");
        }
    }
}
