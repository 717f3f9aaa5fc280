//! Unit tests of resolution helpers that the integration tests do not reach directly.

use super::photos::svg_size;

#[test]
fn svg_size_from_attributes_or_viewbox() {
    assert_eq!(
        svg_size("<svg xmlns=\"x\" width=\"800\" height=\"600\">"),
        Some((800, 600))
    );
    assert_eq!(
        svg_size("<?xml?><svg viewBox=\"0 0 40 30\">"),
        Some((40, 30))
    );
    assert_eq!(svg_size("<svg>"), None);
}
