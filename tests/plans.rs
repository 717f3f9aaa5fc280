//! Yearly plans: each target's actual number counted from a catalogue whose upgrades, new
//! products, producers, sales points and fairs are known, with the records behind it; and
//! every mistake a plan can hold reported on its line with a fix.

mod common;

use common::*;

/// A product of `producer` with certificates `(stars, issued)`, oldest first.
fn product(t: SiteTest, slug: &str, group: &str, commune: &str, certs: &[(u8, &str)]) -> SiteTest {
    let mut front = format!(
        "name = \"SP {slug}\"\nproducer = \"htx-che\"\ngroup = \"{group}\"\nprovince = \"Tuyên Quang\"\ncommune = \"{commune}\"\n"
    );
    for (i, (stars, issued)) in certs.iter().enumerate() {
        front.push_str(&format!(
            "\n[[certificates]]\nstars = {stars}\ndecision = \"{i}{slug}/QĐ-UBND\"\nissued = {issued}\n"
        ));
    }
    t.product(slug, &front)
}

fn producer(t: SiteTest, slug: &str, kind: &str, founded: u32) -> SiteTest {
    t.record(
        "producers",
        slug,
        &format!("name = \"CT {slug}\"\nkind = \"{kind}\"\nprovince = \"Tuyên Quang\"\nfounded = {founded}\n"),
    )
}

fn sales_point(t: SiteTest, slug: &str, kind: &str, opened: Option<&str>) -> SiteTest {
    let opened = opened
        .map(|d| format!("opened = {d}\n"))
        .unwrap_or_default();
    t.record(
        "sales-points",
        slug,
        &format!("name = \"ĐB {slug}\"\nkind = \"{kind}\"\nprovince = \"Tuyên Quang\"\naddress = \"Số 1\"\n{opened}"),
    )
}

fn fair(t: SiteTest, slug: &str, starts: &str, ends: &str) -> SiteTest {
    t.record(
        "fairs",
        slug,
        &format!("name = \"HC {slug}\"\nstarts = {starts}\nends = {ends}\nvenue = \"Quảng trường\"\nprovince = \"Tuyên Quang\"\n"),
    )
}

const PLAN_2025: &str = r#"title = "Kế hoạch OCOP năm 2025"
year = 2025
decision = "45/KH-UBND"
issued = 2025-02-20

[[targets]]
kind = "upgrade"
from = 3
to = 4
count = 2

[[targets]]
kind = "upgrade"
from = 4
to = 5
count = 1

[[targets]]
kind = "new-products"
count = 2

[[targets]]
kind = "new-products"
min_stars = 4
count = 1

[[targets]]
kind = "new-products"
min_stars = 1
count = 5

[[targets]]
kind = "new-products"
commune = "Xã Nà Hang"
count = 1

[[targets]]
kind = "new-products"
group = "beverages"
count = 1

[[targets]]
kind = "new-producers"
kinds = ["cooperative", "enterprise"]
count = 3

[[targets]]
kind = "new-producers"
count = 3

[[targets]]
kind = "sales-points"
count = 1

[[targets]]
kind = "centres"
count = 1

[[targets]]
kind = "fairs"
count = 1

[[targets]]
kind = "key-products"
products = ["d", "h"]
label = "Sản phẩm chủ lực"
"#;

/// A catalogue whose 2025 and 2026 figures are known, built on 2026-11-22.
fn catalogue() -> SiteTest {
    // Only the catalogue below: the minimal site's product is certified in 2025 too.
    let mut t = SiteTest::new().remove("content/products/che-shan-tuyet.md");
    t = product(
        t,
        "a",
        "food",
        "Xã Nà Hang",
        &[(3, "2023-05-01"), (4, "2025-06-01")],
    );
    t = product(
        t,
        "b",
        "food",
        "Xã Nà Hang",
        &[(4, "2022-01-10"), (5, "2025-03-01")],
    );
    // Upgraded on the last day of 2024: not a 2025 upgrade.
    t = product(
        t,
        "c",
        "food",
        "Xã Nà Hang",
        &[(3, "2024-02-01"), (4, "2024-12-31")],
    );
    t = product(t, "d", "food", "Xã Nà Hang", &[(3, "2025-01-01")]);
    t = product(t, "e", "beverages", "Xã Hàm Yên", &[(4, "2025-12-31")]);
    t = product(t, "f", "food", "Xã Hàm Yên", &[(2, "2025-05-05")]);
    t = product(t, "g", "herbal", "Xã Hàm Yên", &[(3, "2026-01-01")]);
    // Certified in 2021: expired before the end of 2025.
    t = product(t, "h", "food", "Xã Hàm Yên", &[(3, "2021-01-01")]);
    t = producer(t, "p1", "cooperative", 2025);
    t = producer(t, "p2", "enterprise", 2025);
    t = producer(t, "p3", "household", 2025);
    t = producer(t, "p4", "cooperative", 2020);
    t = sales_point(t, "s1", "sales-point", Some("2025-04-01"));
    t = sales_point(t, "s2", "centre", Some("2025-09-09"));
    t = sales_point(t, "s3", "sales-point", Some("2024-12-31"));
    t = sales_point(t, "s4", "sales-point", None);
    t = fair(t, "f1", "2025-10-01", "2025-10-05");
    t = fair(t, "f2", "2026-01-05", "2026-01-07");
    t.record("plans", "2025", PLAN_2025).record(
        "plans",
        "2026",
        "title = \"Kế hoạch OCOP năm 2026\"\nyear = 2026\n\n[[targets]]\nkind = \"fairs\"\ncount = 2\n\n[[targets]]\nkind = \"new-products\"\ncount = 1\n",
    )
}

/// Each target of a plan page: (state, actual, target, the names of the records counted).
fn targets(b: &Built, page: &str) -> Vec<(String, String, String, Vec<String>)> {
    let doc = b.html(page);
    let target = scraper::Selector::parse("li.target").unwrap();
    let actual = scraper::Selector::parse(".target-actual a").unwrap();
    let figures = scraper::Selector::parse(".target-figures").unwrap();
    let record = scraper::Selector::parse(".target-records li").unwrap();
    doc.select(&target)
        .map(|li| {
            let class = li.value().attr("class").unwrap_or_default();
            let state = class
                .split(' ')
                .find_map(|c| c.strip_prefix("target-"))
                .unwrap_or_default();
            let a = li
                .select(&actual)
                .next()
                .map(|e| e.text().collect::<String>())
                .unwrap_or_default();
            let fig: String = li
                .select(&figures)
                .next()
                .map(|e| e.text().collect())
                .unwrap_or_default();
            let goal = fig
                .split('/')
                .nth(1)
                .unwrap_or_default()
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            let names = li
                .select(&record)
                .map(|e| e.text().collect::<String>().trim().to_string())
                .collect();
            (state.to_string(), a, goal, names)
        })
        .collect()
}

fn row(
    state: &str,
    actual: u32,
    goal: u32,
    names: &[&str],
) -> (String, String, String, Vec<String>) {
    (
        state.to_string(),
        actual.to_string(),
        goal.to_string(),
        names.iter().map(|s| s.to_string()).collect(),
    )
}

#[test]
fn each_target_shows_the_exact_actual_and_the_records_behind_it() {
    let b = catalogue().build();
    b.assert_ok();
    let got = targets(&b, "ke-hoach/2025/index.html");
    let want = vec![
        row("missed", 1, 2, &["SP a"]),
        row("met", 1, 1, &["SP b"]),
        row("met", 2, 2, &["SP d", "SP e"]),
        row("met", 1, 1, &["SP e"]),
        row("missed", 3, 5, &["SP d", "SP e", "SP f"]),
        row("met", 1, 1, &["SP d"]),
        row("met", 1, 1, &["SP e"]),
        row("missed", 2, 3, &["CT p1", "CT p2"]),
        row("met", 3, 3, &["CT p1", "CT p2", "CT p3"]),
        row("met", 1, 1, &["ĐB s1"]),
        row("met", 1, 1, &["ĐB s2"]),
        row("met", 1, 1, &["HC f1"]),
        row("missed", 1, 2, &["SP d"]),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "target {}", i + 1);
    }
    let doc = b.html("ke-hoach/2025/index.html");
    assert!(
        texts(&doc, ".plan-facts dd")
            .iter()
            .any(|t| t.contains("Đạt 9/13 chỉ tiêu"))
    );
    // Each number links to the list of what it counted.
    assert_eq!(
        attrs(&doc, ".target-actual a", "href")[0],
        "#muc-tieu-1".to_string()
    );
    assert_eq!(attrs(&doc, ".target-records", "id")[0], "muc-tieu-1");
    assert_eq!(
        attrs(&doc, "#muc-tieu-1 a", "href"),
        vec!["/san-pham/a/".to_string()]
    );

    // The same in the plan's CSV, for the office's report.
    assert_eq!(
        attrs(&doc, ".plan-download a", "href"),
        vec!["/du-lieu/ke-hoach-2025.csv".to_string()]
    );
    let csv = b.read("du-lieu/ke-hoach-2025.csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "Chỉ tiêu",
            "Nội dung tính",
            "Kế hoạch",
            "Thực hiện",
            "Đánh giá",
            "Hồ sơ được tính",
            "Trang"
        ]
    );
    // One row per record counted (one without a record for a target that counted none).
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let mut expected = Vec::new();
    for (state, actual, goal, names) in &want {
        let label = match state.as_str() {
            "met" => "Đạt",
            "missed" => "Không đạt",
            _ => "Chưa đạt",
        };
        let names: Vec<&str> = if names.is_empty() {
            vec![""]
        } else {
            names.iter().map(String::as_str).collect()
        };
        for n in names {
            expected.push((
                goal.clone(),
                actual.clone(),
                label.to_string(),
                n.to_string(),
            ));
        }
    }
    let got: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| (r[2].clone(), r[3].clone(), r[4].clone(), r[5].clone()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(rows[0][6], "https://ocop.example.gov.vn/san-pham/a/");
    assert_eq!(rows.last().unwrap()[0], "Sản phẩm chủ lực");
    assert!(
        rows[0][1].contains("nâng từ 3 sao lên 4 sao"),
        "{:?}",
        rows[0]
    );
}

#[test]
fn a_running_plan_counts_up_to_the_build_date_and_misses_nothing_yet() {
    let b = catalogue().build();
    let got = targets(&b, "ke-hoach/2026/index.html");
    assert_eq!(
        got,
        vec![
            row("in-progress", 1, 2, &["HC f2"]),
            row("met", 1, 1, &["SP g"])
        ]
    );
    let index = b.html("ke-hoach/index.html");
    let plans = texts(&index, ".plan-list h2 a");
    assert_eq!(
        plans,
        vec!["Kế hoạch OCOP năm 2026", "Kế hoạch OCOP năm 2025"]
    );
    let states = texts(&index, ".plan-list .plan-time");
    assert!(states[0].contains("Đang thực hiện"), "{states:?}");
    assert!(states[1].contains("Đã kết thúc năm 2025"), "{states:?}");
    // The statistics page lists the plans.
    let stats = b.html("thong-ke/index.html");
    assert_eq!(
        attrs(&stats, "#ke-hoach ~ ul a", "href"),
        vec!["/ke-hoach/2026/", "/ke-hoach/2025/"]
    );
}

#[test]
fn a_long_list_of_records_is_cut_on_the_page_and_whole_in_the_csv() {
    let b = SiteTest::with_products(60)
        .record(
            "plans",
            "2025",
            "title = \"Kế hoạch\"\nyear = 2025\n\n[[targets]]\nkind = \"new-products\"\ncount = 1\n",
        )
        .build();
    b.assert_ok();
    let doc = b.html("ke-hoach/2025/index.html");
    assert_eq!(texts(&doc, ".target-actual a"), vec!["61"]);
    assert_eq!(texts(&doc, ".target-records li").len(), 50);
    assert_eq!(
        texts(&doc, ".target-more a"),
        vec!["… và 11 hồ sơ khác: xem đủ trong tệp CSV"]
    );
    let csv = b.read("du-lieu/ke-hoach-2025.csv");
    assert_eq!(csv.trim_end().lines().count(), 1 + 61);
}

#[test]
fn a_site_without_plans_has_no_plan_pages() {
    let b = SiteTest::new().build();
    b.assert_ok();
    assert!(!b.out.join("ke-hoach").exists());
    assert!(b.out.join("thong-ke/index.html").is_file());
}

fn plan_with(target: &str) -> Built {
    SiteTest::new()
        .record(
            "plans",
            "2025",
            &format!("title = \"Kế hoạch\"\nyear = 2025\n\n[[targets]]\n{target}"),
        )
        .build()
}

const PLAN: &str = "content/plans/2025.md";

#[test]
fn an_unknown_target_kind_is_named_with_the_kinds_there_are() {
    let b = plan_with("kind = \"upgrades\"\ncount = 2\n");
    let p = b.assert_error(
        PLAN,
        Some(6),
        Some("targets[0].kind"),
        "unknown target kind `upgrades`",
    );
    assert_eq!(p.hint.as_deref(), Some("did you mean `upgrade`?"));
}

#[test]
fn an_upgrade_needs_two_star_levels_going_up() {
    let b = plan_with("kind = \"upgrade\"\nfrom = 4\nto = 3\ncount = 1\n");
    b.assert_error(PLAN, Some(8), Some("targets[0].to"), "an upgrade goes up");
    let b = plan_with("kind = \"upgrade\"\nfrom = 6\nto = 7\ncount = 1\n");
    b.assert_error(
        PLAN,
        Some(7),
        Some("targets[0].from"),
        "from must be 1 to 5 stars, not 6",
    );
    let b = plan_with("kind = \"upgrade\"\nto = 4\ncount = 1\n");
    b.assert_error(
        PLAN,
        None,
        Some("targets[0].from"),
        "an `upgrade` target needs `from`",
    );
}

#[test]
fn a_count_must_be_a_positive_number_and_is_required() {
    let b = plan_with("kind = \"fairs\"\ncount = 0\n");
    b.assert_error(
        PLAN,
        Some(7),
        Some("targets[0].count"),
        "count must be from 1",
    );
    let b = plan_with("kind = \"fairs\"\n");
    b.assert_error(
        PLAN,
        None,
        Some("targets[0].count"),
        "required field is missing",
    );
}

#[test]
fn a_field_its_kind_does_not_take_is_reported() {
    let b = plan_with("kind = \"fairs\"\ncount = 1\nmin_stars = 4\n");
    let p = b.assert_error(
        PLAN,
        Some(8),
        Some("targets[0].min_stars"),
        "`min_stars` does not apply to a `fairs` target",
    );
    assert!(
        p.hint
            .as_deref()
            .unwrap_or_default()
            .contains("remove `min_stars`")
    );
    let b = plan_with("kind = \"upgrade\"\nfrom = 3\nto = 4\ncount = 1\nfrm = 3\n");
    let p = b.assert_error(PLAN, Some(10), Some("targets[0].frm"), "unknown field");
    assert_eq!(p.hint.as_deref(), Some("did you mean `from`?"));
}

#[test]
fn a_key_product_that_does_not_exist_is_an_error_with_a_suggestion() {
    let b = plan_with("kind = \"key-products\"\nproducts = [\"che-shan-tuyett\"]\n");
    let p = b.assert_error(
        PLAN,
        Some(7),
        Some("targets[0].products[0]"),
        "no product `che-shan-tuyett` exists",
    );
    assert_eq!(p.hint.as_deref(), Some("did you mean `che-shan-tuyet`?"));
    let b = plan_with("kind = \"key-products\"\nproducts = [\"che-shan-tuyet\"]\ncount = 2\n");
    b.assert_error(
        PLAN,
        Some(8),
        Some("targets[0].count"),
        "more than the 1 key products named",
    );
}

#[test]
fn unknown_group_commune_and_kinds_are_errors_of_their_fields() {
    let b = plan_with(
        "kind = \"new-products\"\ncount = 1\ngroup = \"weapons\"\ncommune = \"Xã Atlantis\"\n",
    );
    b.assert_error(
        PLAN,
        Some(8),
        Some("targets[0].group"),
        "unknown product group `weapons`",
    );
    b.assert_error(
        PLAN,
        Some(9),
        Some("targets[0].commune"),
        "is not a commune",
    );
    let b = plan_with("kind = \"new-producers\"\ncount = 1\nkinds = [\"bank\"]\n");
    b.assert_error(
        PLAN,
        Some(8),
        Some("targets[0].kinds[0]"),
        "unknown kind `bank`",
    );
}

#[test]
fn a_plan_needs_a_year_ocop_existed_in() {
    let b = SiteTest::new()
        .record("plans", "2025", "title = \"Kế hoạch\"\nyear = 2015\n")
        .build();
    b.assert_error(PLAN, Some(3), Some("year"), "`2015` is not a plan year");
    let b = SiteTest::new()
        .record("plans", "2025", "title = \"Kế hoạch\"\n")
        .build();
    b.assert_error(PLAN, None, Some("year"), "required field is missing");
}

#[test]
fn a_plan_without_targets_is_warned_of_and_says_so() {
    let b = SiteTest::new()
        .record("plans", "2025", "title = \"Kế hoạch\"\nyear = 2025\n")
        .build();
    b.assert_ok();
    b.assert_warning(PLAN, Some("targets"), "the plan has no targets");
    let doc = b.html("ke-hoach/2025/index.html");
    assert_eq!(
        texts(&doc, "#muc-tieu ~ .empty"),
        vec!["Kế hoạch chưa ghi chỉ tiêu nào."]
    );
}

#[test]
fn two_plans_of_one_year_are_warned_of() {
    let b = SiteTest::new()
        .record("plans", "2025", "title = \"Kế hoạch\"\nyear = 2025\n")
        .record(
            "plans",
            "2025-bo-sung",
            "title = \"Kế hoạch bổ sung\"\nyear = 2025\n",
        )
        .build();
    b.assert_ok();
    assert!(
        b.warnings()
            .iter()
            .any(|w| w.message.contains("there is already a plan for 2025")),
        "{:?}",
        b.warnings()
    );
}

#[test]
fn every_problem_of_a_plan_is_reported_at_once() {
    let b = SiteTest::new()
        .record(
            "plans",
            "2025",
            "title = \"Kế hoạch\"\nyear = 2025\n\n[[targets]]\nkind = \"upgrad\"\ncount = 1\n\n[[targets]]\nkind = \"fairs\"\ncount = -1\n\n[[targets]]\nkind = \"key-products\"\nproducts = [\"khong-co\"]\n",
        )
        .build();
    assert_eq!(b.errors().len(), 3, "{:?}", b.errors());
}

#[test]
fn new_plan_writes_a_skeleton_that_builds() {
    let t = SiteTest::new();
    let path = ocop::cli::scaffold::new_record(t.root(), "plan", "2026");
    let path = path.unwrap();
    assert!(
        path.ends_with("content/plans/2026.md"),
        "{}",
        path.display()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("year = 2026"), "{text}");
    assert!(
        ocop::cli::scaffold::new_record(t.root(), "plan", "2026").is_err(),
        "no second plan of a year"
    );
    assert!(
        ocop::cli::scaffold::new_record(t.root(), "plan", "kế hoạch").is_err(),
        "a plan needs a year"
    );
    let b = t.build();
    b.assert_ok();
    assert_eq!(targets(&b, "ke-hoach/2026/index.html").len(), 6);
}

#[test]
fn a_former_province_must_have_become_part_of_the_province() {
    let b = SiteTest::new()
        .product(
            "x",
            "name = \"X\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\nformer_province = \"Yên Bái\"\n\n[[certificates]]\nstars = 3\ndecision = \"1/QĐ\"\nissued = 2025-01-01\n",
        )
        .build();
    let p = b.assert_error(
        "content/products/x.md",
        Some(6),
        Some("former_province"),
        "Yên Bái became part of Lào Cai",
    );
    assert!(
        p.hint
            .as_deref()
            .unwrap_or_default()
            .contains("province = \"Lào Cai\"")
    );
}
