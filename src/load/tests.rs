//! Unit tests of loading that need items private to `src/load/`.
//!
//! Kept out of the files they test, so those hold only the code that runs in a build.

use crate::load::front_matter::{NoFrontMatter, split_front_matter};

#[test]
fn front_matter_is_split_from_body() {
    let (toml, line, body) = split_front_matter("+++\nname = \"a\"\n+++\nHello\n").unwrap();
    assert_eq!(toml, "name = \"a\"\n");
    assert_eq!(line, 2);
    assert_eq!(body, "Hello\n");
}

#[test]
fn crlf_front_matter_is_accepted() {
    let (toml, _, body) = split_front_matter("+++\r\nname = \"a\"\r\n+++\r\nHi").unwrap();
    assert_eq!(toml, "name = \"a\"\r\n");
    assert_eq!(body, "Hi");
}

#[test]
fn unterminated_front_matter_is_told_from_a_missing_one() {
    assert_eq!(
        split_front_matter("+++\nname = \"a\"\n"),
        Err(NoFrontMatter::NotClosed)
    );
    assert_eq!(
        split_front_matter("name = 1"),
        Err(NoFrontMatter::NotOpened)
    );
    assert_eq!(split_front_matter("+++"), Err(NoFrontMatter::NotClosed));
}

#[test]
fn opening_line_may_have_trailing_spaces() {
    let (toml, _, body) = split_front_matter("+++  \nname = \"a\"\n+++\nHi").unwrap();
    assert_eq!(toml, "name = \"a\"\n");
    assert_eq!(body, "Hi");
}
