//! Official reference tables: provinces, communes, legacy provinces, product groups.
//!
//! Records name places and groups in many spellings: with or without "Tỉnh", in either tone
//! convention, by their pre-2025 province, by the 1048/QĐ-TTg group names. This module owns
//! the official lists (copied into `data/` and embedded in the binary, so a user's machine
//! needs nothing else) and resolves a written name to one entry, or says why it cannot.
//! The tables are parsed once and never change afterwards.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::base::vietnamese::{match_key, slugify};

/// One of the 34 provincial units in force since 2025-07-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProvinceId(pub u16);

#[derive(Debug)]
pub(crate) struct Province {
    pub code: u16,
    /// Official name, e.g. "Tuyên Quang", "Thành phố Hà Nội".
    pub name: String,
    /// Short name without "Thành phố" ("Hà Nội"), used in listings.
    pub short_name: String,
    pub slug: String,
}

/// The six OCOP product groups of 919/QĐ-TTg (2022) and 148/QĐ-TTg (2023).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    Food,
    Beverages,
    Herbal,
    Handicrafts,
    Ornamentals,
    Tourism,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Food,
        Group::Beverages,
        Group::Herbal,
        Group::Handicrafts,
        Group::Ornamentals,
        Group::Tourism,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Group::Food => "food",
            Group::Beverages => "beverages",
            Group::Herbal => "herbal",
            Group::Handicrafts => "handicrafts",
            Group::Ornamentals => "ornamentals",
            Group::Tourism => "tourism",
        }
    }

    /// The official Vietnamese name.
    pub(crate) fn name_vi(self) -> &'static str {
        match self {
            Group::Food => "Thực phẩm",
            Group::Beverages => "Đồ uống",
            Group::Herbal => "Dược liệu và sản phẩm từ dược liệu",
            Group::Handicrafts => "Hàng thủ công mỹ nghệ",
            Group::Ornamentals => "Sinh vật cảnh",
            Group::Tourism => "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        }
    }

    /// A short name for menus and cards.
    pub(crate) fn short_vi(self) -> &'static str {
        match self {
            Group::Food => "Thực phẩm",
            Group::Beverages => "Đồ uống",
            Group::Herbal => "Dược liệu",
            Group::Handicrafts => "Thủ công mỹ nghệ",
            Group::Ornamentals => "Sinh vật cảnh",
            Group::Tourism => "Du lịch cộng đồng",
        }
    }

    pub(crate) fn slug(self) -> String {
        slugify(self.short_vi())
    }
}

/// How a written group name was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupMatch {
    Current(Group),
    /// A 1048/QĐ-TTg (2019) name, mapped onto the current group.
    Legacy(Group),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProvinceMatch {
    Current(ProvinceId),
    /// A province merged on 2025-07-01, mapped onto its current province.
    Legacy(ProvinceId),
}

pub(crate) struct RefData {
    pub provinces: Vec<Province>,
    province_by_key: HashMap<String, ProvinceId>,
    legacy_by_key: HashMap<String, ProvinceId>,
    /// Every pre-2025 province (merged or not): match key → (official name, current province).
    former_by_key: HashMap<String, (String, ProvinceId)>,
    /// 1048/QĐ-TTg group names that are not current names: match key → official name.
    legacy_group_names: HashMap<String, String>,
    /// (province, commune match key without its "xã/phường/đặc khu" prefix) → official name.
    communes: HashMap<(ProvinceId, String), String>,
    groups: HashMap<String, GroupMatch>,
}

static DATA: LazyLock<RefData> = LazyLock::new(RefData::load);

/// The embedded reference tables.
pub(crate) fn data() -> &'static RefData {
    &DATA
}

const PROVINCES_CSV: &str = include_str!("../../data/provinces.csv");
const COMMUNES_CSV: &str = include_str!("../../data/communes.csv");
const LEGACY_CSV: &str = include_str!("../../data/legacy_provinces.csv");
const GROUPS_CSV: &str = include_str!("../../data/groups.csv");

fn rows(csv_text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .filter_map(Result::ok)
        .collect()
}

fn strip_prefix_ci<'a>(key: &'a str, prefixes: &[&str]) -> &'a str {
    for p in prefixes {
        if let Some(rest) = key.strip_prefix(p) {
            return rest.trim_start();
        }
    }
    key
}

/// "tỉnh tuyên quang", "thành phố hà nội", "tp. hồ chí minh" → the bare name key.
fn province_key(name: &str) -> String {
    let key = match_key(name);
    strip_prefix_ci(&key, &["thành phố ", "tp. ", "tp ", "tỉnh "]).to_string()
}

fn commune_key(name: &str) -> String {
    let key = match_key(name);
    strip_prefix_ci(&key, &["xã ", "phường ", "đặc khu ", "thị trấn "]).to_string()
}

impl RefData {
    fn load() -> RefData {
        let mut provinces = Vec::new();
        let mut province_by_key = HashMap::new();
        let mut by_code = HashMap::new();
        for r in rows(PROVINCES_CSV) {
            let code: u16 = r[0].parse().unwrap_or(0);
            let name = r[1].to_string();
            let short = name.strip_prefix("Thành phố ").unwrap_or(&name).to_string();
            let id = ProvinceId(provinces.len() as u16);
            province_by_key.insert(province_key(&name), id);
            by_code.insert(code, id);
            provinces.push(Province {
                code,
                slug: slugify(&short),
                short_name: short,
                name,
            });
        }
        let mut legacy_by_key = HashMap::new();
        let mut former_by_key = HashMap::new();
        for r in rows(LEGACY_CSV) {
            let Some(&id) = r[1].parse::<u16>().ok().and_then(|c| by_code.get(&c)) else {
                continue;
            };
            let key = province_key(&r[0]);
            former_by_key.insert(key.clone(), (r[0].to_string(), id));
            // An old province whose name the merged one kept is simply current.
            if !province_by_key.contains_key(&key) {
                legacy_by_key.insert(key, id);
            }
        }
        let mut communes = HashMap::new();
        for r in rows(COMMUNES_CSV) {
            let Some(&id) = r[0].parse::<u16>().ok().and_then(|c| by_code.get(&c)) else {
                continue;
            };
            communes.insert((id, commune_key(&r[2])), r[2].to_string());
        }
        let mut groups = HashMap::new();
        let mut legacy_group_names = HashMap::new();
        for g in Group::ALL {
            groups.insert(match_key(g.key()), GroupMatch::Current(g));
            groups.insert(match_key(g.name_vi()), GroupMatch::Current(g));
            groups.insert(match_key(g.short_vi()), GroupMatch::Current(g));
            groups.insert(g.slug(), GroupMatch::Current(g));
        }
        for r in rows(GROUPS_CSV) {
            let Some(g) = Group::ALL.into_iter().find(|g| g.key() == &r[0]) else {
                continue;
            };
            groups.insert(match_key(&r[2]), GroupMatch::Current(g));
            for legacy in r[3].split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let entry = groups
                    .entry(match_key(legacy))
                    .or_insert(GroupMatch::Legacy(g));
                if *entry == GroupMatch::Legacy(g) {
                    legacy_group_names.insert(match_key(legacy), legacy.to_string());
                }
            }
        }
        RefData {
            provinces,
            province_by_key,
            legacy_by_key,
            former_by_key,
            legacy_group_names,
            communes,
            groups,
        }
    }

    pub(crate) fn province(&self, id: ProvinceId) -> &Province {
        &self.provinces[id.0 as usize]
    }

    pub(crate) fn find_province(&self, name: &str) -> Option<ProvinceMatch> {
        let key = province_key(name);
        if let Some(&id) = self.province_by_key.get(&key) {
            return Some(ProvinceMatch::Current(id));
        }
        self.legacy_by_key
            .get(&key)
            .map(|&id| ProvinceMatch::Legacy(id))
    }

    /// The official name of a commune of `province`, if it is one.
    pub(crate) fn find_commune(&self, province: ProvinceId, name: &str) -> Option<&str> {
        self.communes
            .get(&(province, commune_key(name)))
            .map(String::as_str)
    }

    /// A pre-2025 province (one merged on 2025-07-01 or one that kept its name): its
    /// official name and the province it is part of now.
    pub(crate) fn find_former_province(&self, name: &str) -> Option<(&str, ProvinceId)> {
        self.former_by_key
            .get(&province_key(name))
            .map(|(n, id)| (n.as_str(), *id))
    }

    /// The official 1048/QĐ-TTg name of a group written with one that is not a current
    /// group name ("vải và may mặc" → "Vải và may mặc").
    pub(crate) fn legacy_group_name(&self, name: &str) -> Option<&str> {
        self.legacy_group_names
            .get(&match_key(name))
            .map(String::as_str)
    }

    pub(crate) fn find_group(&self, name: &str) -> Option<GroupMatch> {
        self.groups.get(&match_key(name)).copied()
    }

    /// The official names of the communes of `province`, in Vietnamese order.
    pub(crate) fn communes_of(&self, province: ProvinceId) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .communes
            .iter()
            .filter(|((p, _), _)| *p == province)
            .map(|(_, name)| name.as_str())
            .collect();
        names.sort_by_key(|n| crate::base::vietnamese::match_key(n));
        names.dedup();
        names
    }

    /// Names close to `name` among the provinces, for "did you mean".
    pub(crate) fn province_names(&self) -> impl Iterator<Item = &str> {
        self.provinces.iter().map(|p| p.short_name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_34_provinces() {
        assert_eq!(data().provinces.len(), 34);
    }

    #[test]
    fn province_names_resolve_with_or_without_prefix() {
        let d = data();
        let tq = d.find_province("Tuyên Quang");
        assert!(matches!(tq, Some(ProvinceMatch::Current(_))));
        assert_eq!(d.find_province("Tỉnh Tuyên Quang"), tq);
        assert!(matches!(
            d.find_province("Hà Nội"),
            Some(ProvinceMatch::Current(_))
        ));
        assert!(matches!(
            d.find_province("TP. Hồ Chí Minh"),
            Some(ProvinceMatch::Current(_))
        ));
        assert!(d.find_province("Atlantis").is_none());
    }

    #[test]
    fn legacy_province_maps_to_current() {
        let d = data();
        let Some(ProvinceMatch::Legacy(id)) = d.find_province("Hà Giang") else {
            panic!("Hà Giang should be a legacy province");
        };
        assert_eq!(d.province(id).name, "Tuyên Quang");
        let Some(ProvinceMatch::Legacy(id)) = d.find_province("Hoà Bình") else {
            panic!("Hòa Bình should be legacy");
        };
        assert_eq!(d.province(id).name, "Phú Thọ");
        let Some(("Hà Giang", id)) = d.find_former_province("tỉnh Hà Giang") else {
            panic!("Hà Giang is a former province");
        };
        assert_eq!(d.province(id).name, "Tuyên Quang");
        assert!(d.find_former_province("Tuyên Quang").is_some());
        assert!(d.find_former_province("Atlantis").is_none());
    }

    #[test]
    fn communes_match_either_tone_placement() {
        let d = data();
        let Some(ProvinceMatch::Current(tq)) = d.find_province("Tuyên Quang") else {
            panic!()
        };
        assert_eq!(d.find_commune(tq, "Chiêm Hóa"), Some("Xã Chiêm Hoá"));
        assert_eq!(d.find_commune(tq, "xã chiêm hoá"), Some("Xã Chiêm Hoá"));
        assert_eq!(d.find_commune(tq, "Hoàn Kiếm"), None);
    }

    #[test]
    fn groups_accept_keys_vietnamese_and_legacy_names() {
        let d = data();
        assert_eq!(d.find_group("food"), Some(GroupMatch::Current(Group::Food)));
        assert_eq!(
            d.find_group("Đồ uống"),
            Some(GroupMatch::Current(Group::Beverages))
        );
        assert_eq!(
            d.find_group("Thảo dược"),
            Some(GroupMatch::Legacy(Group::Herbal))
        );
        assert_eq!(
            d.find_group("Vải và may mặc"),
            Some(GroupMatch::Legacy(Group::Handicrafts))
        );
        assert_eq!(d.find_group("weapons"), None);
        assert_eq!(
            d.legacy_group_name("lưu niệm - nội thất - trang trí"),
            Some("Lưu niệm - nội thất - trang trí")
        );
        assert_eq!(d.legacy_group_name("Thực phẩm"), None);
    }
}
