//! Photo settings of `site.toml` `[images]` and the size limit every photo is held to: values
//! the resolver checks and the image stage follows.

/// Photos larger than this are refused before decoding (decompression bombs).
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// Processing settings (site.toml `[images]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub widths: Vec<u32>,
    pub webp_quality: u8,
    pub jpeg_quality: u8,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            widths: vec![192, 360, 720, 1200, 1800],
            webp_quality: 78,
            jpeg_quality: 80,
        }
    }
}
