//! Versions of the index's files, so that an edit changes only the files it changes.
//!
//! The index's files keep the same names from build to build (`search/terms-3.json`): an
//! officer who changes one product uploads the few files whose bytes changed, not the whole
//! index (issue #19). A browser may still keep them for a year, because it asks for each
//! with a version (`terms-3.json?v=Hk2`): the manifest lists, per kind of file, a
//! three-character version for each group of `GROUP` consecutive files (a hash of their
//! bytes), and the manifest's own address carries a hash of the manifest. A changed file
//! changes its group's version, so browsers fetch that group again; the others stay cached.
//!
//! Groups rather than one version per file keep the manifest, which every search reads,
//! small: about 200 bytes at 20,000 products. Three characters are 18 bits: the chance that
//! a changed group keeps its version is one in 262,144.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::encode::push_fixed;

/// Files of one kind per version: `products-0.json` to `products-63.json` share one.
pub(crate) const GROUP: usize = 64;

/// Characters of a group's version (6 bits each).
const WIDTH: usize = 3;

/// The kind and number of a file of the index: `terms-12.json` → (`terms`, 12);
/// `by-ten.json` → (`by-ten`, 0), a kind of one file.
fn kind_of(name: &str) -> (&str, usize) {
    let stem = name.strip_suffix(".json").unwrap_or(name);
    match stem.rsplit_once('-') {
        Some((kind, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (kind, n.parse().unwrap_or(0))
        }
        _ => (stem, 0),
    }
}

/// A file of one kind: its number, name and bytes.
type Numbered<'a> = (usize, &'a str, &'a [u8]);

/// The manifest's `versions`: for each kind of file, the versions of its groups, one after
/// the other. `files` are the index's files but the manifest.
pub(super) fn versions(files: &[(String, Vec<u8>)]) -> Value {
    let mut kinds: BTreeMap<&str, Vec<Numbered>> = BTreeMap::new();
    for (name, bytes) in files {
        let (kind, n) = kind_of(name);
        kinds.entry(kind).or_default().push((n, name, bytes));
    }
    let mut out = Map::new();
    for (kind, mut list) in kinds {
        list.sort_by_key(|f| f.0);
        let mut codes = String::new();
        for group in list.chunk_by(|a, b| a.0 / GROUP == b.0 / GROUP) {
            let mut h = blake3::Hasher::new();
            for (_, name, bytes) in group {
                h.update(name.as_bytes());
                h.update(&(bytes.len() as u64).to_le_bytes());
                h.update(bytes);
            }
            let head = h.finalize();
            let b = head.as_bytes();
            let v = u64::from(b[0]) << 16 | u64::from(b[1]) << 8 | u64::from(b[2]);
            push_fixed(&mut codes, v >> (24 - 6 * WIDTH), WIDTH);
        }
        out.insert(kind.to_string(), json!(codes));
    }
    Value::Object(out)
}

/// The manifest's address after `search/`: its name with a hash of its bytes.
pub(super) fn manifest_name(bytes: &[u8]) -> String {
    let hex = blake3::hash(bytes).to_hex();
    format!("manifest.json?v={}", &hex[..super::HASH_LEN])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        list.iter()
            .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn names_give_their_kind_and_number() {
        assert_eq!(kind_of("terms-12.json"), ("terms", 12));
        assert_eq!(kind_of("by-ten.json"), ("by-ten", 0));
        assert_eq!(kind_of("product-facets.json"), ("product-facets", 0));
    }

    #[test]
    fn a_changed_file_changes_only_its_groups_version() {
        let mut list: Vec<(String, String)> = (0..GROUP * 2 + 5)
            .map(|n| (format!("products-{n}.json"), format!("[{n}]")))
            .collect();
        list.push(("by-ten.json".into(), "{}".into()));
        let refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let before = versions(&files(&refs));
        let codes = before["products"].as_str().unwrap().to_string();
        assert_eq!(codes.len(), 3 * WIDTH, "three groups");
        assert_eq!(before["by-ten"].as_str().unwrap().len(), WIDTH);

        list[GROUP + 1].1 = "[\"changed\"]".into();
        let refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let after = versions(&files(&refs));
        let new = after["products"].as_str().unwrap();
        assert_eq!(new[..WIDTH], codes[..WIDTH]);
        assert_ne!(new[WIDTH..2 * WIDTH], codes[WIDTH..2 * WIDTH]);
        assert_eq!(new[2 * WIDTH..], codes[2 * WIDTH..]);
        assert_eq!(after["by-ten"], before["by-ten"]);
    }
}
