//! FNV-1a, the one small non-cryptographic hash of the code base: short fingerprints of
//! theme files in their URLs (`style.css?v=…`), the hash maps of the search index builder,
//! and the name buckets that `search.js` computes the same way in the browser.
//!
//! Content-addressed photos and build stamps use BLAKE3 instead: there a collision would
//! publish the wrong bytes. The manifest of an output hashes every byte it writes with
//! XXH3-128 (`manifest`), for speed, with bits enough that files never collide by chance.

const OFFSET_64: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME_64: u64 = 0x0100_0000_01b3;
const OFFSET_32: u32 = 0x811c_9dc5;
const PRIME_32: u32 = 0x0100_0193;

/// 64-bit FNV-1a of `bytes`.
pub(crate) fn fnv64(bytes: &[u8]) -> u64 {
    let mut h = Fnv64::default();
    std::hash::Hasher::write(&mut h, bytes);
    h.0
}

/// 32-bit FNV-1a over UTF-16 code units, as JavaScript strings hold text (`search.js` computes
/// the same number for the same text).
pub(crate) fn fnv32_utf16(text: &str) -> u32 {
    let mut h = OFFSET_32;
    for u in text.encode_utf16() {
        h = (h ^ u32::from(u)).wrapping_mul(PRIME_32);
    }
    h
}

/// 64-bit FNV-1a as a `Hasher`, for maps of many short trusted keys (no untrusted input
/// chooses them, so the hash needs no protection against collisions made on purpose). A
/// state of 0 stands for the start.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv64(pub u64);

impl std::hash::Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { OFFSET_64 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME_64);
        }
        self.0 = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_published_test_vectors() {
        assert_eq!(fnv64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv32_utf16(""), 0x811c_9dc5);
        assert_eq!(fnv32_utf16("a"), 0xe40c_292c);
        assert_eq!(fnv32_utf16("foobar"), 0xbf9c_f968);
    }
}
