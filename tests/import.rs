//! `ocop import` and `ocop export` on sites made in the test: exact records for good rows,
//! exact row and column errors for bad ones, `--skip-invalid`, changes written only with
//! `--update`, and lossless import → export → import, for CSV and XLSX.

mod common;

use std::path::{Path, PathBuf};

use common::{SiteTest, snapshot, today};
use ocop::build::{self, BuildOptions};
use ocop::load::Section;
use ocop::spreadsheet::{self, ImportOptions, ImportReport, Status};

const FIXTURE: &str = "tests/fixtures/import/danh-sach.csv";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

fn run(site: &SiteTest, file: &Path, set: impl FnOnce(&mut ImportOptions)) -> ImportReport {
    let mut o = ImportOptions::new(site.root(), file, today());
    set(&mut o);
    spreadsheet::import(&o).unwrap_or_else(|e| panic!("import failed: {e}"))
}

fn errors(r: &ImportReport) -> Vec<String> {
    r.errors().map(|p| p.to_string()).collect()
}

fn warnings(r: &ImportReport) -> Vec<String> {
    r.warnings().map(|p| p.to_string()).collect()
}

fn read(site: &SiteTest, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

fn status_of<'a>(r: &'a ImportReport, file: &str) -> &'a Status {
    &r.records
        .iter()
        .find(|o| o.file == Path::new(file))
        .unwrap_or_else(|| panic!("no record {file} in {:#?}", r.records))
        .status
}

fn assert_site_checks(site: &SiteTest) {
    let (_, _, problems) = build::check(&BuildOptions::new(site.root(), today()));
    let errs: Vec<String> = problems.errors().map(|p| p.to_string()).collect();
    assert!(errs.is_empty(), "the site has errors:\n{}", errs.join("\n"));
}

const EXPECTED_ROW_ERRORS: [&str; 4] = [
    "row 6, column \"Số sao\": stars must be 1 to 5, found 6",
    "row 7, column \"Tỉnh\": unknown province `Hà Tây`",
    "row 8, column \"Ngày cấp\": \"31/02/2025\" is not a date: write it as dd/mm/yyyy, e.g. 20/05/2024",
    "row 9, column \"Nhóm\": unknown product group `Đồ gốm`",
];

const MAT_ONG: &str = r#"+++
name = "Mật ong bạc hà Mèo Vạc"
producer = "htx-ong-mat-meo-vac"
group = "food"
subgroup = "Mật ong"
province = "Tuyên Quang"
commune = "Xã Mèo Vạc"
address = "Thôn Tả Lủng"
price = 350000
unit = "chai 500 ml"

[[certificates]]
stars = 4
decision = "2345/QĐ-UBND"
issued = 2024-12-15
issuer = "UBND tỉnh Hà Giang"
score = 78

[[certificates]]
stars = 3
decision = "1111/QĐ-UBND"
issued = 2021-11-20
issuer = "UBND tỉnh Hà Giang"
score = 62

[specs]
shelf_life = "24 tháng"
barcode = "8930000100016"
+++
"#;

const HTX_ONG: &str = r#"+++
name = "HTX Ong mật Mèo Vạc"
kind = "cooperative"
province = "Tuyên Quang"
commune = "Xã Mèo Vạc"
address = "Thôn Tả Lủng"
representative = "Sùng Mí Chơ"
phone = "0219 000 0001"
+++
"#;

const TRA_HOA_VANG: &str = r#"+++
name = "Trà hoa vàng Nà Hang"
producer = "htx-che"
group = "beverages"
province = "Tuyên Quang"
commune = "Xã Nà Hang"
price = 180000
unit = "hộp 100 g"

[[certificates]]
stars = 3
decision = "0987/QĐ-UBND"
issued = 2025-09-20
+++
"#;

#[test]
fn csv_bad_rows_are_reported_by_row_and_column_and_nothing_is_written() {
    let site = SiteTest::new();
    let before = snapshot(site.root());
    let r = run(&site, &fixture(), |_| {});
    assert_eq!(errors(&r), EXPECTED_ROW_ERRORS);
    // The title row above the headings is skipped; the valid rows are listed, not written.
    assert!(!r.ok());
    assert_eq!(r.invalid_rows, [6, 7, 8, 9]);
    assert!(r.written().is_empty());
    assert_eq!(
        snapshot(site.root()),
        before,
        "a failing import wrote files"
    );
    let text = r.render();
    assert!(
        text.contains(&format!(
            "error: {}: row 6, column \"Số sao\": stars must be 1 to 5, found 6\n",
            fixture().display()
        )),
        "{text}"
    );
    assert!(text.contains("Nothing was written"), "{text}");
}

#[test]
fn csv_skip_invalid_writes_the_exact_records_of_the_good_rows() {
    let site = SiteTest::new();
    let r = run(&site, &fixture(), |o| o.skip_invalid = true);
    assert_eq!(errors(&r), EXPECTED_ROW_ERRORS);
    assert!(r.ok());
    assert_eq!(r.invalid_rows, [6, 7, 8, 9]);
    assert_eq!(
        read(&site, "content/products/mat-ong-bac-ha-meo-vac/index.md"),
        MAT_ONG
    );
    assert_eq!(
        read(&site, "content/producers/htx-ong-mat-meo-vac/index.md"),
        HTX_ONG
    );
    // A new product of an existing producer (found by name) refers to it.
    assert_eq!(
        read(&site, "content/products/tra-hoa-vang-na-hang/index.md"),
        TRA_HOA_VANG
    );
    // The existing product and producer are the same as their rows say.
    assert_eq!(
        *status_of(&r, "content/products/che-shan-tuyet.md"),
        Status::Unchanged
    );
    assert_eq!(
        *status_of(&r, "content/producers/htx-che.md"),
        Status::Unchanged
    );
    // Records of bad rows were not made, nor their producers.
    for slug in [
        "cam-sanh-ham-yen",
        "mien-dong-binh-an",
        "ruou-ngo-ban-pho",
        "khan-tho-cam-lam-binh",
    ] {
        assert!(!site.path(&format!("content/products/{slug}")).exists());
    }
    assert!(!site.path("content/producers/htx-cam-sanh-ham-yen").exists());
    assert_eq!(r.count(Section::Products, |s| *s == Status::Created), 2);
    assert_eq!(r.count(Section::Producers, |s| *s == Status::Created), 1);
    assert_eq!(
        r.summary(),
        "Products: 2 created, 0 changed, 1 unchanged; 4 invalid row(s). Producers: 1 created, 0 changed, 1 unchanged."
    );
    assert!(r.render().contains("skipped: rows 6, 7, 8, 9"));
    assert_site_checks(&site);

    // Importing the same file again creates nothing.
    let again = run(&site, &fixture(), |o| o.skip_invalid = true);
    assert_eq!(again.count(Section::Products, |s| *s == Status::Created), 0);
    assert_eq!(
        again.count(Section::Products, |s| *s == Status::Unchanged),
        3
    );
    assert!(again.written().is_empty());
}

/// Writes a workbook: headings in row 1 (other synonyms than the CSV), typed cells.
fn write_xlsx(path: &Path, rows: &[Vec<XCell>]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                XCell::E => {}
                XCell::T(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                XCell::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                XCell::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

enum XCell {
    E,
    T(&'static str),
    N(f64),
    D(u16, u8, u8),
}

fn xlsx_rows() -> Vec<Vec<XCell>> {
    use XCell::*;
    let head = [
        "Sản phẩm",
        "Hạng sao",
        "Tên chủ thể",
        "Loại hình",
        "Nhóm sản phẩm",
        "Tỉnh, thành phố",
        "Xã, phường",
        "Quyết định",
        "Ngày quyết định",
        "Giá (đồng)",
        "ĐVT",
        "Mã vạch",
        "Điện thoại",
        "Ghi chú",
    ];
    vec![
        head.iter().map(|h| T(h)).collect(),
        vec![
            T("Cam sành Hàm Yên"),
            N(4.0),
            T("HTX Cam sành Hàm Yên"),
            T("Hợp tác xã"),
            T("Thực phẩm"),
            T("Tuyên Quang"),
            T("Xã Hàm Yên"),
            T("0456/QĐ-UBND"),
            D(2025, 6, 5),
            N(35000.0),
            T("kg"),
            N(8930000100016.0),
            T("0207 000 0202"),
            T("vụ mới"),
        ],
        vec![
            T("Bưởi Xuân Vân"),
            N(6.0),
            T("HTX Cam sành Hàm Yên"),
            E,
            T("Thực phẩm"),
            T("Tuyên Quang"),
            E,
            T("0457/QĐ-UBND"),
            D(2025, 6, 5),
            E,
            E,
            E,
            E,
            E,
        ],
        vec![
            T("Miến dong Bình An"),
            N(3.0),
            T("Hộ kinh doanh Hoàng Thị Bích"),
            E,
            T("Thực phẩm"),
            T("Hà Tây"),
            E,
            T("0789/QĐ-UBND"),
            D(2025, 7, 1),
            E,
            E,
            E,
            E,
            E,
        ],
        vec![
            T("Rượu ngô Bản Phố"),
            N(4.0),
            T("Công ty TNHH Rượu Bản Phố"),
            E,
            T("Đồ uống"),
            T("Tuyên Quang"),
            E,
            T("0321/QĐ-UBND"),
            T("32/13/2025"),
            E,
            E,
            E,
            E,
            E,
        ],
        vec![
            T("Khăn thổ cẩm Lâm Bình"),
            N(3.0),
            T("THT Dệt thổ cẩm Lâm Bình"),
            T("THT"),
            T("Đồ gốm"),
            T("Tuyên Quang"),
            T("Xã Lâm Bình"),
            T("0654/QĐ-UBND"),
            D(2025, 8, 12),
            E,
            E,
            E,
            E,
            E,
        ],
    ]
}

#[test]
fn xlsx_rows_give_exact_records_and_exact_row_errors() {
    let site = SiteTest::new();
    let file = site.path("danh-sach.xlsx");
    write_xlsx(&file, &xlsx_rows());
    let r = run(&site, &file, |_| {});
    assert_eq!(
        errors(&r),
        [
            "row 3, column \"Hạng sao\": stars must be 1 to 5, found 6",
            "row 4, column \"Tỉnh, thành phố\": unknown province `Hà Tây`",
            "row 5, column \"Ngày quyết định\": \"32/13/2025\" is not a date: write it as dd/mm/yyyy, e.g. 20/05/2024",
            "row 6, column \"Nhóm sản phẩm\": unknown product group `Đồ gốm`",
        ]
    );
    assert_eq!(
        warnings(&r),
        ["columns not recognised, ignored: \"Ghi chú\""]
    );
    let hint = r.warnings().next().unwrap().hint.as_deref().unwrap();
    assert!(hint.contains("--map"), "{hint}");
    assert!(!site.path("content/products/cam-sanh-ham-yen").exists());

    let r = run(&site, &file, |o| o.skip_invalid = true);
    assert_eq!(r.invalid_rows, [3, 4, 5, 6]);
    // Number cells read as whole numbers (the barcode as its digits), date cells as dates.
    assert_eq!(
        read(&site, "content/products/cam-sanh-ham-yen/index.md"),
        r#"+++
name = "Cam sành Hàm Yên"
producer = "htx-cam-sanh-ham-yen"
group = "food"
province = "Tuyên Quang"
commune = "Xã Hàm Yên"
price = 35000
unit = "kg"

[[certificates]]
stars = 4
decision = "0456/QĐ-UBND"
issued = 2025-06-05

[specs]
barcode = "8930000100016"
+++
"#
    );
    // The producer of a good and a bad row is still created for the good one.
    assert_eq!(
        read(&site, "content/producers/htx-cam-sanh-ham-yen/index.md"),
        r#"+++
name = "HTX Cam sành Hàm Yên"
kind = "cooperative"
province = "Tuyên Quang"
commune = "Xã Hàm Yên"
phone = "0207 000 0202"
+++
"#
    );
    assert_site_checks(&site);
}

#[test]
fn a_changed_price_is_listed_and_written_only_with_update() {
    let site = SiteTest::new();
    let r = run(&site, &fixture(), |o| o.skip_invalid = true);
    assert!(r.ok());
    let csv = std::fs::read_to_string(fixture())
        .unwrap()
        .replace("350.000;chai", "380.000;chai")
        .replace(
            "Chè Shan tuyết Na Hang;4;HTX Chè Shan tuyết Na Hang;HTX;Thực phẩm;;",
            "Chè Shan tuyết Na Hang;5;HTX Chè Shan tuyết Na Hang;HTX;Thực phẩm;Chè;",
        );
    let file = site.path("danh-sach-2.csv");
    std::fs::write(&file, csv).unwrap();
    let path = "content/products/mat-ong-bac-ha-meo-vac/index.md";

    let r = run(&site, &file, |o| o.skip_invalid = true);
    assert_eq!(
        *status_of(&r, path),
        Status::Changed(vec!["price 350000 → 380000".into()])
    );
    assert_eq!(
        *status_of(&r, "content/products/che-shan-tuyet.md"),
        Status::Changed(vec![
            "subgroup (empty) → Chè".into(),
            "certificate 1234/QĐ-UBND: stars 4 → 5".into()
        ])
    );
    assert_eq!(read(&site, path), MAT_ONG, "changed without --update");
    assert!(r.written().is_empty());
    let text = r.render();
    assert!(
        text.contains(&format!(
            "changed: {path} (rows 3, 4)\n  price 350000 → 380000\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("2 changed (not updated: pass --update)"),
        "{text}"
    );

    let r = run(&site, &file, |o| {
        o.skip_invalid = true;
        o.update = true;
    });
    assert_eq!(
        r.written(),
        [
            Path::new(path),
            Path::new("content/products/che-shan-tuyet.md")
        ]
    );
    assert_eq!(
        read(&site, path),
        MAT_ONG.replace("price = 350000", "price = 380000")
    );
    // The existing record keeps what the spreadsheet does not hold (its body).
    let che = read(&site, "content/products/che-shan-tuyet.md");
    assert!(che.contains("subgroup = \"Chè\"\n"), "{che}");
    assert!(che.contains("stars = 5\n"), "{che}");
    assert!(che.ends_with("+++\nChè cổ thụ.\n"), "{che}");
    assert_site_checks(&site);

    let r = run(&site, &file, |o| o.skip_invalid = true);
    assert_eq!(*status_of(&r, path), Status::Unchanged);
}

#[test]
fn a_new_decision_for_an_existing_product_is_added_to_its_history() {
    let site = SiteTest::new();
    let file = site.path("nam-2026.csv");
    std::fs::write(
        &file,
        "Tên sản phẩm,Chủ thể,Số sao,Số quyết định,Ngày cấp\nChè Shan tuyết Na Hang,HTX Chè Shan tuyết Na Hang,5,0999/QĐ-UBND,2026-06-01\n",
    )
    .unwrap();
    let r = run(&site, &file, |o| o.update = true);
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(
        *status_of(&r, "content/products/che-shan-tuyet.md"),
        Status::Changed(vec![
            "certificate added: 5 sao, 0999/QĐ-UBND, 2026-06-01".into()
        ])
    );
    let che = read(&site, "content/products/che-shan-tuyet.md");
    assert!(
        che.contains("decision = \"1234/QĐ-UBND\"") && che.contains("decision = \"0999/QĐ-UBND\""),
        "{che}"
    );
    assert_site_checks(&site);
}

/// A site with everything the spreadsheet columns can hold, and a star history.
fn rich_site() -> SiteTest {
    SiteTest::new()
        .file(
            "content/producers/cong-ty-may-ngan.md",
            r#"+++
name = "Công ty TNHH Chè Mây Ngàn"
kind = "enterprise"
province = "Tuyên Quang"
commune = "Xã Hoàng Su Phì"
representative = "Lý Văn R"
phone = "0219 000 0115"
email = "kinhdoanh@may-ngan.example.vn"
address = "Thôn Mây Ngàn, xã Hoàng Su Phì"
website = "https://may-ngan.example.vn/"
zalo = "0912 000 115"
tax_code = "5100123456"
founded = 2011
+++
Công ty chè.
"#,
        )
        .file(
            "content/products/bach-tra/index.md",
            r#"+++
name = "Bạch trà \"Mây Ngàn\", Hoàng Su Phì"
producer = "cong-ty-may-ngan"
group = "Thực phẩm"
subgroup = "Chè"
province = "Tuyên Quang"
commune = "Xã Hoàng Su Phì"
address = "Tổ 0, xã Hoàng Su Phì; tỉnh Tuyên Quang"
summary = "Bạch trà từ búp non chè Shan tuyết cổ thụ."
price = 650000
unit = "hộp 100 g"
tags = ["bạch trà", "chè Shan tuyết"]

[[certificates]]
stars = 4
decision = "0345/QĐ-UBND"
issued = 2025-03-14
issuer = "UBND tỉnh Hà Giang"
score = 85

[[certificates]]
stars = 3
decision = "0112/QĐ-UBND"
issued = 2021-01-20
valid_until = 2023-12-31
revoked = 2023-06-01

[specs]
packaging = "Hộp gỗ"
net_content = "100 g"
shelf_life = "36 tháng"
ingredients = "Búp non chè Shan tuyết"
storage = "Nơi khô ráo"
certifications = ["Hữu cơ EU", "HACCP"]
barcode = "08930000100221"
capacity = "3 tấn/năm"
min_order = "5 hộp"
+++
Bạch trà.
"#,
        )
}

fn export_to(site: &SiteTest, name: &str) -> PathBuf {
    let out = site.path(name);
    let report = spreadsheet::export(site.root(), Some(&out)).unwrap();
    assert_eq!(report.products, 2);
    assert_eq!(report.rows, 3);
    out
}

fn assert_nothing_changes(site: &SiteTest, file: &Path) {
    let before = snapshot(&site.path("content"));
    let r = run(site, file, |o| o.update = true);
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(warnings(&r), Vec::<String>::new());
    for o in &r.records {
        assert_eq!(o.status, Status::Unchanged, "{}", o.file.display());
    }
    assert_eq!(r.records.len(), 4, "{:#?}", r.records);
    assert_eq!(snapshot(&site.path("content")), before);
}

#[test]
fn import_export_import_is_lossless() {
    let site = rich_site();
    assert_site_checks(&site);
    let csv = export_to(&site, "xuat.csv");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV without BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "Slug,Tên sản phẩm,Số sao,Nhóm,Bộ sản phẩm,Chủ thể,Loại chủ thể,Tỉnh,Xã,Địa chỉ,Số quyết định,Ngày cấp,Cơ quan cấp,Điểm,Hiệu lực đến,Ngày thu hồi,Giá bán,Đơn vị tính,Quy cách,Khối lượng tịnh,Hạn sử dụng,Thành phần,Bảo quản,Chứng nhận,Mã vạch,Công suất,Đơn hàng tối thiểu,Tóm tắt,Từ khóa,Người đại diện,Điện thoại,Email,Địa chỉ chủ thể,Trang web,Zalo,Mã số thuế,Tên tiếng Anh,Tóm tắt tiếng Anh,Đơn vị tính tiếng Anh,Tên chủ thể tiếng Anh,Slug chủ thể"
    );
    assert_eq!(
        lines.next().unwrap(),
        "bach-tra,\"Bạch trà \"\"Mây Ngàn\"\", Hoàng Su Phì\",4,Thực phẩm,Chè,Công ty TNHH Chè Mây Ngàn,Doanh nghiệp,Tuyên Quang,Xã Hoàng Su Phì,\"Tổ 0, xã Hoàng Su Phì; tỉnh Tuyên Quang\",0345/QĐ-UBND,14/03/2025,UBND tỉnh Hà Giang,85,,,650000,hộp 100 g,Hộp gỗ,100 g,36 tháng,Búp non chè Shan tuyết,Nơi khô ráo,Hữu cơ EU; HACCP,08930000100221,3 tấn/năm,5 hộp,Bạch trà từ búp non chè Shan tuyết cổ thụ.,bạch trà; chè Shan tuyết,Lý Văn R,0219 000 0115,kinhdoanh@may-ngan.example.vn,\"Thôn Mây Ngàn, xã Hoàng Su Phì\",https://may-ngan.example.vn/,0912 000 115,5100123456,,,,,cong-ty-may-ngan"
    );
    assert_nothing_changes(&site, &csv);

    let xlsx = export_to(&site, "xuat.xlsx");
    assert_nothing_changes(&site, &xlsx);

    // Into an empty site: the same records come out, and exporting them gives the same file.
    let empty = SiteTest::empty().file("site.toml", common::SITE_TOML);
    let r = run(&empty, &xlsx, |_| {});
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(r.written().len(), 4);
    assert_site_checks(&empty);
    let again = export_to(&empty, "lai.csv");
    assert_eq!(
        std::fs::read_to_string(again).unwrap(),
        std::fs::read_to_string(&csv).unwrap()
    );
    // The producer's contacts, address and kind come through the spreadsheet whole.
    let producer = read(&empty, "content/producers/cong-ty-may-ngan/index.md");
    for line in [
        "name = \"Công ty TNHH Chè Mây Ngàn\"",
        "kind = \"enterprise\"",
        "address = \"Thôn Mây Ngàn, xã Hoàng Su Phì\"",
        "representative = \"Lý Văn R\"",
        "phone = \"0219 000 0115\"",
        "email = \"kinhdoanh@may-ngan.example.vn\"",
        "website = \"https://may-ngan.example.vn/\"",
        "zalo = \"0912 000 115\"",
        "tax_code = \"5100123456\"",
    ] {
        assert!(
            producer.contains(&format!("{line}\n")),
            "{line} missing:\n{producer}"
        );
    }
    let bach_tra = read(&empty, "content/products/bach-tra/index.md");
    assert!(
        bach_tra.contains(
            "[[certificates]]\nstars = 3\ndecision = \"0112/QĐ-UBND\"\nissued = 2021-01-20\nvalid_until = 2023-12-31\nrevoked = 2023-06-01\n"
        ),
        "{bach_tra}"
    );
}

#[test]
fn a_mapping_file_names_other_headings() {
    let site = SiteTest::new();
    let file = site.path("ds.csv");
    std::fs::write(
        &file,
        "Tên hàng|Sao|Chủ thể|Nhóm|Tỉnh|Số QĐ|Ngày cấp|Ghi chú\nMiến dong Sơn Dương|3|HTX Miến dong Sơn Dương|Thực phẩm|Tuyên Quang|0111/QĐ-UBND|2025-01-15|x\n",
    )
    .unwrap();
    // Without the mapping, "Tên hàng" is unknown and there is no name column.
    let e = spreadsheet::import(&ImportOptions::new(site.root(), &file, today())).unwrap_err();
    assert!(e.contains("no column for the product name"), "{e}");

    let map = site.path("cot.toml");
    std::fs::write(&map, "\"Tên hàng\" = \"name\"\n\"Ghi chú\" = \"ignore\"\n").unwrap();
    let r = run(&site, &file, |o| o.map = Some(map.clone()));
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(warnings(&r), Vec::<String>::new());
    assert_eq!(
        read(&site, "content/producers/htx-mien-dong-son-duong/index.md"),
        "+++\nname = \"HTX Miến dong Sơn Dương\"\nkind = \"cooperative\"\nprovince = \"Tuyên Quang\"\n+++\n"
    );
    assert!(
        site.path("content/products/mien-dong-son-duong/index.md")
            .is_file()
    );

    std::fs::write(&map, "\"Tên hàng\" = \"nmae\"\n").unwrap();
    let e = spreadsheet::import(&{
        let mut o = ImportOptions::new(site.root(), &file, today());
        o.map = Some(map.clone());
        o
    })
    .unwrap_err();
    assert!(e.contains("did you mean `name`"), "{e}");
}

#[test]
fn same_name_of_another_producer_gets_its_own_slug() {
    let site = SiteTest::new();
    let file = site.path("ds.csv");
    std::fs::write(
        &file,
        "Tên sản phẩm;Chủ thể;Loại chủ thể;Nhóm;Tỉnh;Số sao;Số quyết định;Ngày cấp\nChè Shan tuyết;Hộ ông Hoàng Văn C;Hộ kinh doanh;Thực phẩm;Tuyên Quang;3;0222/QĐ-UBND;01/02/2025\n",
    )
    .unwrap();
    let r = run(&site, &file, |_| {});
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(
        *status_of(&r, "content/products/che-shan-tuyet-2/index.md"),
        Status::Created
    );
    let text = read(&site, "content/products/che-shan-tuyet-2/index.md");
    assert!(
        text.contains("producer = \"ho-ong-hoang-van-c\"\n"),
        "{text}"
    );
    assert_site_checks(&site);
}

#[test]
fn missing_required_columns_are_named() {
    let site = SiteTest::new();
    let file = site.path("ds.csv");
    std::fs::write(
        &file,
        "Tên sản phẩm,Chủ thể,Số sao,Số quyết định,Ngày cấp\nBánh gai,Hộ bà D,4,0333/QĐ-UBND,01/02/2025\n",
    )
    .unwrap();
    let r = run(&site, &file, |_| {});
    assert_eq!(
        errors(&r),
        [
            "row 2: `group` is required but the spreadsheet has no column for it (e.g. \"Nhóm\")",
            "row 2: `province` is required but the spreadsheet has no column for it (e.g. \"Tỉnh\")",
            "row 2: `producer_kind` is required but the spreadsheet has no column for it (e.g. \"Loại chủ thể\")",
        ]
    );
}

#[test]
fn a_file_that_is_not_utf8_gets_a_clear_error() {
    let site = SiteTest::new();
    let file = site.path("cu.csv");
    // "Tên sản phẩm" in Windows-1258.
    std::fs::write(&file, b"T\xean s\xe1n ph\xe2\xf2m;S\xf4\xb4 sao\n").unwrap();
    let e = spreadsheet::import(&ImportOptions::new(site.root(), &file, today())).unwrap_err();
    assert!(e.contains("not UTF-8") && e.contains("CSV UTF-8"), "{e}");
}

#[test]
fn the_command_line_imports_and_exports() {
    let site = SiteTest::new();
    let bin = env!("CARGO_BIN_EXE_ocop");
    let run_cli = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let root = site.root().to_str().unwrap();
    let file = fixture();
    let file = file.to_str().unwrap();
    let (code, err) = run_cli(&["import", file, "--root", root, "--today", "2026-11-22"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "error: {file}: row 9, column \"Nhóm\": unknown product group `Đồ gốm`"
        )),
        "{err}"
    );
    assert!(
        !site
            .path("content/products/mat-ong-bac-ha-meo-vac")
            .exists()
    );

    let (code, err) = run_cli(&[
        "import",
        file,
        "--root",
        root,
        "--today",
        "2026-11-22",
        "--skip-invalid",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("created: content/products/mat-ong-bac-ha-meo-vac/index.md (rows 3, 4)"),
        "{err}"
    );
    assert!(err.contains("skipped: rows 6, 7, 8, 9"), "{err}");

    let out = site.path("xuat.xlsx");
    let (code, err) = run_cli(&["export", "--root", root, "--output", out.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Exported 3 products in 4 rows"), "{err}");
    let (code, err) = run_cli(&[
        "import",
        out.to_str().unwrap(),
        "--root",
        root,
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("Products: 0 created, 0 changed, 3 unchanged; 0 invalid row(s)."),
        "{err}"
    );
}

#[test]
fn a_bad_value_in_an_update_is_an_error_of_its_row() {
    let site = SiteTest::new();
    let file = site.path("ds.csv");
    std::fs::write(
        &file,
        "Tên sản phẩm;Chủ thể;Số sao;Số quyết định;Ngày cấp;Xã\nChè Shan tuyết Na Hang;HTX Chè Shan tuyết Na Hang;7;1234/QĐ-UBND;10/03/2025;Xã Hà Đông\n",
    )
    .unwrap();
    let before = snapshot(site.root());
    let r = run(&site, &file, |o| o.update = true);
    assert_eq!(
        errors(&r),
        [
            "row 2, column \"Số sao\": stars must be 1 to 5, found 7",
            "row 2, column \"Xã\": `Xã Hà Đông` is not a commune of Tuyên Quang in the official list",
        ]
    );
    assert!(!r.ok());
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn a_worksheet_is_chosen_by_name() {
    use rust_xlsxwriter::Workbook;
    let site = SiteTest::new();
    let file = site.path("so.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("Ghi chú")
        .unwrap()
        .write_string(0, 0, "Sổ theo dõi")
        .unwrap();
    let sheet = book.add_worksheet().set_name("Năm 2025").unwrap();
    for (c, h) in [
        "Tên sản phẩm",
        "Chủ thể",
        "Số sao",
        "Số quyết định",
        "Ngày cấp",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in [
        "Chè Shan tuyết Na Hang",
        "HTX Chè Shan tuyết Na Hang",
        "4",
        "1234/QĐ-UBND",
        "10/03/2025",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    book.save(&file).unwrap();
    let e = spreadsheet::import(&ImportOptions::new(site.root(), &file, today())).unwrap_err();
    assert!(e.contains("no heading row found"), "{e}");
    let r = run(&site, &file, |o| o.sheet = Some("năm 2025".into()));
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(
        *status_of(&r, "content/products/che-shan-tuyet.md"),
        Status::Unchanged
    );
    let mut o = ImportOptions::new(site.root(), &file, today());
    o.sheet = Some("2024".into());
    let e = spreadsheet::import(&o).unwrap_err();
    assert!(e.contains("its sheets are: Ghi chú, Năm 2025"), "{e}");
}

#[test]
fn producer_address_website_zalo_and_tax_code_are_imported_and_updated() {
    let site = SiteTest::new();
    let file = site.path("chu-the.csv");
    std::fs::write(
        &file,
        "Tên sản phẩm,Số sao,Chủ thể,Loại chủ thể,Nhóm,Tỉnh,Địa chỉ,Số quyết định,Ngày cấp,Địa chỉ chủ thể,Website,MST,Zalo\n\
         Mật ong Na Hang,4,HTX Ong Na Hang,HTX,Thực phẩm,Tuyên Quang,\"Bản Nà, xưởng 2\",0456/QĐ-UBND,01/02/2025,\"Thôn 1, xã Nà Hang\",https://ong.example.vn/,5000111222,0912 000 222\n\
         Chè Shan tuyết Na Hang,4,HTX Chè Shan tuyết Na Hang,HTX,Thực phẩm,Tuyên Quang,,1234/QĐ-UBND,10/03/2025,\"Tổ 3, xã Nà Hang\",https://che.example.vn/,,\n",
    )
    .unwrap();
    let r = run(&site, &file, |_| {});
    assert_eq!(errors(&r), Vec::<String>::new());
    // A new producer gets its own address, not the product's.
    let ong = read(&site, "content/producers/htx-ong-na-hang/index.md");
    for line in [
        "kind = \"cooperative\"",
        "address = \"Thôn 1, xã Nà Hang\"",
        "website = \"https://ong.example.vn/\"",
        "zalo = \"0912 000 222\"",
        "tax_code = \"5000111222\"",
    ] {
        assert!(ong.contains(&format!("{line}\n")), "{line} missing:\n{ong}");
    }
    let product = read(&site, "content/products/mat-ong-na-hang/index.md");
    assert!(
        product.contains("address = \"Bản Nà, xưởng 2\"\n"),
        "{product}"
    );
    // An existing producer's new address and website are changes, written with --update.
    assert_eq!(
        *status_of(&r, "content/producers/htx-che.md"),
        Status::Changed(vec![
            "address (empty) → Tổ 3, xã Nà Hang".into(),
            "website (empty) → https://che.example.vn/".into(),
        ])
    );
    let r = run(&site, &file, |o| o.update = true);
    assert_eq!(errors(&r), Vec::<String>::new());
    let che = read(&site, "content/producers/htx-che.md");
    assert!(che.contains("address = \"Tổ 3, xã Nà Hang\"\n"), "{che}");
    assert!(che.contains("phone = \"0207 000 0101\"\n"), "kept: {che}");
    assert_site_checks(&site);
}

// ---------------------------------------------------------------------------------------
// Updates keep what the spreadsheet has no column for; export carries everything back.

/// A product with English text, photos, shops, sales points, a body and an English body, of
/// a producer with English name, Facebook, founding year and certifications.
fn english_site() -> SiteTest {
    SiteTest::new()
        .file(
            "content/producers/htx-che.md",
            r#"+++
name = "HTX Chè Shan tuyết Na Hang"
name_en = "Na Hang Shan Tuyet Tea Cooperative"
kind = "cooperative"
province = "Tuyên Quang"
commune = "Xã Nà Hang"
phone = "0207 000 0101"
facebook = "https://facebook.com/htxche"
founded = 2012
certifications = ["VietGAP"]
+++
Hợp tác xã chè.
"#,
        )
        .file(
            "content/products/che-shan-tuyet.md",
            r#"+++
name = "Chè Shan tuyết Na Hang"
name_en = "Na Hang Shan Tuyet tea"
producer = "htx-che"
group = "food"
province = "Tuyên Quang"
commune = "Xã Nà Hang"
summary = "Chè búp cổ thụ."
summary_en = "Tea from ancient trees."
price = 250000
unit = "hộp 200 g"
unit_en = "200 g box"
tags = ["chè"]

[[certificates]]
stars = 4
decision = "1234/QĐ-UBND"
issued = 2025-03-10
issuer = "UBND tỉnh Tuyên Quang"

[specs]
net_content = "200 g"

[[shops]]
name = "Gian hàng"
url = "https://shop.example.vn/che"
+++
Chè cổ thụ.
"#,
        )
        .file(
            "content/products/che-shan-tuyet.en.md",
            "Tea from old trees.\n",
        )
}

#[test]
fn import_update_keeps_fields_without_a_column() {
    let site = english_site();
    assert_site_checks(&site);
    let before = read(&site, "content/products/che-shan-tuyet.md");
    let producer_before = read(&site, "content/producers/htx-che.md");
    let csv = site.path("gia.csv");
    std::fs::write(
        &csv,
        "Slug,Tên sản phẩm,Giá bán,Chủ thể,Điện thoại\r\nche-shan-tuyet,Chè Shan tuyết Na Hang,260000,HTX Chè Shan tuyết Na Hang,0207 000 0202\r\n",
    )
    .unwrap();
    let r = run(&site, &csv, |o| o.update = true);
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(r.written().len(), 2, "{:#?}", r.records);
    let after = read(&site, "content/products/che-shan-tuyet.md");
    assert_eq!(after, before.replace("price = 250000", "price = 260000"));
    let producer = read(&site, "content/producers/htx-che.md");
    assert_eq!(
        producer,
        producer_before.replace("0207 000 0101", "0207 000 0202")
    );
    assert_site_checks(&site);
}

#[test]
fn import_update_keeps_keys_it_does_not_model_anywhere_in_the_record() {
    // Keys the import has no field for, at the top, in a certificate, in the specs and in
    // a shop: whatever they are, an update leaves them as they were.
    let site = SiteTest::new().file(
        "content/products/che-shan-tuyet.md",
        r#"+++
name = "Chè Shan tuyết Na Hang"
producer = "htx-che"
group = "food"
province = "Tuyên Quang"
commune = "Xã Nà Hang"
price = 250000
photos = ["a.jpg"]
sold_at = ["diem-ban"]
draft = false

[[certificates]]
stars = 4
decision = "1234/QĐ-UBND"
issued = 2025-03-10

[specs]
net_content = "200 g"

[[shops]]
name = "Gian hàng"
url = "https://shop.example.vn/che"
+++
Chè.
"#,
    );
    let record = site.path("content/products/che-shan-tuyet.md");
    let original = std::fs::read_to_string(&record).unwrap();
    let with_unknown = original
        .replace("draft = false\n", "draft = false\nfuture_key = [1, 2]\n")
        .replace(
            "issued = 2025-03-10\n",
            "issued = 2025-03-10\nnote = \"kept\"\n",
        )
        .replace(
            "net_content = \"200 g\"\n",
            "net_content = \"200 g\"\ncolor = \"xanh\"\n",
        )
        .replace(
            "url = \"https://shop.example.vn/che\"\n",
            "url = \"https://shop.example.vn/che\"\nopen = true\n",
        );
    std::fs::write(&record, &with_unknown).unwrap();
    let csv = site.path("gia.csv");
    std::fs::write(
        &csv,
        "Slug,Tên sản phẩm,Giá bán\nche-shan-tuyet,Chè Shan tuyết Na Hang,260000\n",
    )
    .unwrap();
    let r = run(&site, &csv, |o| o.update = true);
    assert_eq!(r.written().len(), 1, "{}", r.render());
    let after = std::fs::read_to_string(&record).unwrap();
    for line in [
        "price = 260000\n",
        "photos = [\"a.jpg\"]\n",
        "sold_at = [\"diem-ban\"]\n",
        "future_key = [1, 2]\n",
        "issued = 2025-03-10\nnote = \"kept\"\n",
        "net_content = \"200 g\"\ncolor = \"xanh\"\n",
        "url = \"https://shop.example.vn/che\"\nopen = true\n",
        "+++\nChè.\n",
    ] {
        assert!(after.contains(line), "{line:?} missing:\n{after}");
    }
}

/// The example site of the repository (its records and photos), in a temporary folder.
fn example_site() -> SiteTest {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = SiteTest::empty().file("site.toml", std::fs::read(repo.join("site.toml")).unwrap());
    ocop::base::fsutil::copy_tree(&repo.join("content"), &site.path("content")).unwrap();
    site
}

#[test]
fn export_then_import_update_leaves_every_record_byte_identical() {
    let site = example_site();
    for name in ["alle.csv", "alle.xlsx"] {
        let out = site.path(name);
        spreadsheet::export(site.root(), Some(&out)).unwrap();
        let before = snapshot(&site.path("content"));
        let r = run(&site, &out, |o| o.update = true);
        assert_eq!(errors(&r), Vec::<String>::new(), "{name}");
        let changed: Vec<String> = r
            .records
            .iter()
            .filter(|o| o.status != Status::Unchanged)
            .map(|o| format!("{}: {:?}", o.file.display(), o.status))
            .collect();
        assert_eq!(changed, Vec::<String>::new(), "{name}");
        assert!(r.written().is_empty(), "{name}");
        assert!(snapshot(&site.path("content")) == before, "{name}");
    }
}

#[test]
fn export_writes_english_columns_that_import_reads_back() {
    let site = english_site();
    let csv = site.path("xuat.csv");
    spreadsheet::export(site.root(), Some(&csv)).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let head = text.lines().next().unwrap();
    for h in [
        "Tên tiếng Anh",
        "Tóm tắt tiếng Anh",
        "Đơn vị tính tiếng Anh",
        "Tên chủ thể tiếng Anh",
    ] {
        assert!(head.contains(h), "{h} missing: {head}");
    }
    assert!(
        text.contains("Na Hang Shan Tuyet Tea Cooperative"),
        "{text}"
    );
    // Into an empty site: the English text arrives in the new records.
    let empty = SiteTest::empty().file("site.toml", common::SITE_TOML);
    let r = run(&empty, &csv, |_| {});
    assert_eq!(errors(&r), Vec::<String>::new());
    let product = read(&empty, "content/products/che-shan-tuyet/index.md");
    for line in [
        "name_en = \"Na Hang Shan Tuyet tea\"\n",
        "summary_en = \"Tea from ancient trees.\"\n",
        "unit_en = \"200 g box\"\n",
    ] {
        assert!(product.contains(line), "{line} missing:\n{product}");
    }
    let producer = read(&empty, "content/producers/htx-che/index.md");
    assert!(
        producer.contains("name_en = \"Na Hang Shan Tuyet Tea Cooperative\"\n"),
        "{producer}"
    );
    // And a changed English name is an update like any other.
    let changed = site.path("doi.csv");
    std::fs::write(
        &changed,
        "Slug,Tên sản phẩm,Tên tiếng Anh\nche-shan-tuyet,Chè Shan tuyết Na Hang,Old-tree tea\n",
    )
    .unwrap();
    let r = run(&site, &changed, |o| o.update = true);
    assert_eq!(
        status_of(&r, "content/products/che-shan-tuyet.md"),
        &Status::Changed(vec!["name_en Na Hang Shan Tuyet tea → Old-tree tea".into()])
    );
    assert!(
        read(&site, "content/products/che-shan-tuyet.md").contains("name_en = \"Old-tree tea\"\n")
    );
}

// ---------------------------------------------------------------------------------------
// CSV cells that a spreadsheet would run as formulas.

#[test]
fn export_csv_neutralises_formulas_and_import_restores_them() {
    let site = SiteTest::new().file(
        "content/products/che-shan-tuyet.md",
        common::PRODUCT.replace(
            "unit = \"hộp 200 g\"",
            "unit = \"hộp 200 g\"\nsummary = \"=HYPERLINK(\\\"http://x.example\\\",\\\"Bấm\\\")\"\ntags = [\"@SUM(A1)\", \"-chè\"]",
        ),
    );
    assert_site_checks(&site);
    let csv = site.path("xuat.csv");
    spreadsheet::export(site.root(), Some(&csv)).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Bấm\"\")\","),
        "{text}"
    );
    assert!(text.contains(",'@SUM(A1); -chè,"), "{text}");
    for line in text.lines().skip(1) {
        for cell in line.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '@']) && !cell.starts_with("\"="),
                "formula cell {cell:?} in {line}"
            );
        }
    }
    let before = snapshot(&site.path("content"));
    let r = run(&site, &csv, |o| o.update = true);
    assert_eq!(errors(&r), Vec::<String>::new());
    assert!(
        r.records.iter().all(|o| o.status == Status::Unchanged),
        "{}",
        r.render()
    );
    assert!(snapshot(&site.path("content")) == before);
}

// ---------------------------------------------------------------------------------------
// All or nothing; slugs that fit the file system.

const NEW_ROW_HEAD: &str =
    "Tên sản phẩm,Số sao,Chủ thể,Loại chủ thể,Nhóm,Tỉnh,Xã,Số quyết định,Ngày cấp\n";

/// `moi.csv` in the site: the heading row of new records, then `rows`.
fn new_rows_csv(site: &SiteTest, rows: &str) -> PathBuf {
    let csv = site.path("moi.csv");
    std::fs::write(&csv, format!("{NEW_ROW_HEAD}{rows}")).unwrap();
    csv
}

#[test]
fn an_import_that_cannot_write_a_file_writes_nothing() {
    // The new producer's folder cannot be made (a file stands where `content/producers`
    // should be): the product must not be written without it.
    let site = SiteTest::empty()
        .file("site.toml", common::SITE_TOML)
        .file("content/producers", "not a folder");
    let csv = new_rows_csv(
        &site,
        "Mật ong Mèo Vạc,4,HTX Ong mật Mèo Vạc,HTX,Thực phẩm,Tuyên Quang,Xã Mèo Vạc,2345/QĐ-UBND,15/12/2024\n",
    );
    let before = snapshot(&site.path("content"));
    let r = run(&site, &csv, |_| {});
    assert!(r.written().is_empty(), "{:#?}", r.records);
    assert!(r.write_failed.is_some());
    let out = r.render();
    assert!(out.contains("nothing was written"), "{out}");
    assert!(out.contains("Nothing was written"), "{out}");
    assert!(!out.contains("created:"), "{out}");
    assert!(snapshot(&site.path("content")) == before);
    // No temporary file or folder is left behind.
    let left: Vec<_> = walk(&site.path("content"))
        .into_iter()
        .filter(|p| p.contains("ocop-import") || p.contains("mat-ong"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            out.push(e.path().display().to_string());
            if e.path().is_dir() {
                out.extend(walk(&e.path()));
            }
        }
    }
    out
}

#[test]
fn a_long_producer_name_gets_a_slug_that_fits_the_file_system() {
    let site = SiteTest::new();
    let long = format!("HTX {}", ["Nông sản sạch Mèo Vạc"; 20].join(" và "));
    let csv = new_rows_csv(
        &site,
        &format!(
            "Mật ong Mèo Vạc,4,{long},HTX,Thực phẩm,Tuyên Quang,Xã Mèo Vạc,2345/QĐ-UBND,15/12/2024\nMật ong hoa,4,{long} 2,HTX,Thực phẩm,Tuyên Quang,Xã Mèo Vạc,2346/QĐ-UBND,15/12/2024\n"
        ),
    );
    let r = run(&site, &csv, |_| {});
    assert_eq!(errors(&r), Vec::<String>::new());
    let producers: Vec<String> = r
        .written()
        .iter()
        .filter(|p| p.starts_with("content/producers"))
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(producers.len(), 2, "{producers:?}");
    for p in &producers {
        let slug = p.split('/').nth(2).unwrap();
        assert!(slug.len() <= ocop::spreadsheet::MAX_SLUG_LEN, "{slug}");
        assert!(slug.starts_with("htx-nong-san-sach-meo-vac-va-"), "{slug}");
    }
    assert_ne!(producers[0], producers[1]);
    assert_site_checks(&site);
}

#[test]
fn a_slug_column_too_long_for_a_new_record_is_an_error_of_its_cell() {
    let site = SiteTest::new();
    let csv = site.path("moi.csv");
    let slug = "htx-".repeat(70) + "x";
    std::fs::write(
        &csv,
        format!("Tên sản phẩm,Số sao,Chủ thể,Slug chủ thể,Nhóm,Tỉnh,Xã,Số quyết định,Ngày cấp\nMật ong,4,HTX Ong,{slug},Thực phẩm,Tuyên Quang,Xã Mèo Vạc,2345/QĐ-UBND,15/12/2024\n"),
    )
    .unwrap();
    let r = run(&site, &csv, |_| {});
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(&format!("row 2, column \"Slug chủ thể\": `{slug}` is 281 characters long; a new record's slug has at most 80")),
        "{e:?}"
    );
    assert!(r.written().is_empty());
}

// ---------------------------------------------------------------------------------------
// Bounded reading: sheet sizes, repeated errors, linear time.

/// A CRC-32 (the zip one), for hand-made workbooks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of `files`, stored without compression.
fn zip(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let (name, data) = (name.as_bytes(), data.as_bytes());
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend([0u8; 4]); // flags, method: stored
            h.extend([0u8; 4]); // time, date
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            if central {
                h.extend([0u8; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name);
            h
        };
        let local = header(0x0403_4b50, false);
        central.extend(header(0x0201_4b50, true));
        out.extend(local);
        out.extend(data);
    }
    let start = out.len() as u32;
    let n = files.len() as u16;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(n.to_le_bytes());
    out.extend(n.to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A workbook of one sheet whose `<worksheet>` XML is `sheet`, with inline-string cells.
fn workbook_with_sheet(sheet: &str) -> Vec<u8> {
    zip(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

fn sheet_xml(dimension: &str, cells: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
    )
}

fn istr(r: &str, s: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#)
}

#[test]
fn xlsx_with_a_cell_at_xfd1048576_is_refused_without_allocating_the_sheet() {
    let site = SiteTest::new();
    let cells = format!(
        "<row r=\"1\">{}{}</row><row r=\"1048576\">{}</row>",
        istr("A1", "Tên sản phẩm"),
        istr("B1", "Số sao"),
        istr("XFD1048576", "x")
    );
    let book = workbook_with_sheet(&sheet_xml("A1:XFD1048576", &cells));
    assert!(book.len() < 3000, "{}", book.len());
    let file = site.path("to.xlsx");
    std::fs::write(&file, book).unwrap();
    let o = ImportOptions::new(site.root(), &file, today());
    let e = spreadsheet::import(&o).unwrap_err();
    assert!(
        e.contains("the sheet has data in row 1048576; an import reads at most 200000 rows"),
        "{e}"
    );
    // Far away but within the rows: the column is named.
    let cells = format!(
        "<row r=\"1\">{}{}{}</row>",
        istr("A1", "Tên sản phẩm"),
        istr("B1", "Số sao"),
        istr("XFD1", "x")
    );
    std::fs::write(&file, workbook_with_sheet(&sheet_xml("A1:XFD1", &cells))).unwrap();
    let e = spreadsheet::import(&o).unwrap_err();
    assert!(
        e.contains("the sheet has data in column XFD (row 1); an import reads at most 200 columns"),
        "{e}"
    );
}

#[test]
fn xlsx_declaring_the_whole_sheet_with_a_small_table_is_read() {
    // Excel writes empty formatted cells far beyond the table; they cost nothing.
    let site = SiteTest::new();
    let head = [
        "Tên sản phẩm",
        "Số sao",
        "Chủ thể",
        "Nhóm",
        "Tỉnh",
        "Xã",
        "Số quyết định",
        "Ngày cấp",
    ];
    let row = [
        "Mật ong Mèo Vạc",
        "4",
        "HTX Chè Shan tuyết Na Hang",
        "Thực phẩm",
        "Tuyên Quang",
        "Xã Nà Hang",
        "2345/QĐ-UBND",
        "15/12/2024",
    ];
    let line = |n: usize, v: &[&str]| {
        let cells: String = v
            .iter()
            .enumerate()
            .map(|(i, s)| istr(&format!("{}{n}", (b'A' + i as u8) as char), s))
            .collect();
        format!("<row r=\"{n}\">{cells}</row>")
    };
    let cells = format!(
        "{}{}<row r=\"1048576\"><c r=\"XFD1048576\" s=\"0\"/></row>",
        line(1, &head),
        line(2, &row)
    );
    let file = site.path("to.xlsx");
    std::fs::write(
        &file,
        workbook_with_sheet(&sheet_xml("A1:XFD1048576", &cells)),
    )
    .unwrap();
    let r = run(&site, &file, |_| {});
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(
        r.written(),
        vec![Path::new("content/products/mat-ong-meo-vac/index.md")]
    );
}

#[test]
fn a_csv_beyond_the_row_limit_is_refused_with_the_limit_named() {
    let site = SiteTest::new();
    let file = site.path("dai.csv");
    let mut text = String::from("Tên sản phẩm,Số sao\n");
    text.push_str(&"x,1\n".repeat(200_000));
    std::fs::write(&file, text).unwrap();
    let o = ImportOptions::new(site.root(), &file, today());
    let e = spreadsheet::import(&o).unwrap_err();
    assert!(
        e.contains("the file has data in row 200001; an import reads at most 200000 rows"),
        "{e}"
    );
}

#[test]
fn repeated_row_errors_are_summarised_after_the_first_twenty() {
    let site = SiteTest::new();
    let file = site.path("sai.csv");
    let mut text = String::from(NEW_ROW_HEAD);
    for i in 0..3000 {
        text.push_str(&format!(
            "Sản phẩm {i},4,HTX Chè Shan tuyết Na Hang,HTX,Thực phẩm,Tuyên Quang,Xã Nà Hang,{i}/QĐ,ngày {i}\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    let r = run(&site, &file, |_| {});
    assert_eq!(r.errors().count(), 3000);
    let out = r.render();
    let shown = out.lines().filter(|l| l.contains("is not a date")).count();
    assert_eq!(shown, 20, "{out}");
    assert!(
        out.contains("error: ")
            && out.contains(
                ": and 2980 more row(s) with the same problem, column \"Ngày cấp\" as row 2\n"
            ),
        "{out}"
    );
    assert!(out.len() < 10_000, "{} bytes:\n{out}", out.len());
}

#[test]
fn two_new_decisions_for_an_existing_product_are_both_added() {
    // Found by the import_sheet fuzz target: the second new certificate of an existing
    // product looked past the end of the list of matched certificates and panicked.
    let site = SiteTest::new();
    let csv = site.path("moi.csv");
    std::fs::write(
        &csv,
        "Slug,Tên sản phẩm,Số sao,Số quyết định,Ngày cấp\nche-shan-tuyet,Chè Shan tuyết Na Hang,4,0001/QĐ-UBND,01/02/2026\nche-shan-tuyet,Chè Shan tuyết Na Hang,5,0002/QĐ-UBND,01/03/2026\n",
    )
    .unwrap();
    let r = run(&site, &csv, |o| o.update = true);
    assert_eq!(errors(&r), Vec::<String>::new());
    let text = read(&site, "content/products/che-shan-tuyet.md");
    assert!(text.contains("decision = \"1234/QĐ-UBND\""), "{text}");
    assert!(text.contains("decision = \"0001/QĐ-UBND\""), "{text}");
    assert!(text.contains("decision = \"0002/QĐ-UBND\""), "{text}");
}

#[test]
fn a_damaged_cell_reference_is_an_error_not_a_crash() {
    // Found by the import_sheet fuzz target: calamine overflows on this cell reference
    // (a panic where overflow checks are on).
    let site = SiteTest::new();
    let cells = format!(
        "<row r=\"1\">{}{}</row><row r=\"2\"><c r=\"ClineStrCLINESTRX\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        istr("A1", "Tên sản phẩm"),
        istr("B1", "Số sao"),
    );
    let file = site.path("hong.xlsx");
    std::fs::write(&file, workbook_with_sheet(&sheet_xml("A1:B2", &cells))).unwrap();
    let o = ImportOptions::new(site.root(), &file, today());
    match spreadsheet::import(&o) {
        Err(e) => assert!(e.contains("hong.xlsx: "), "{e}"),
        Ok(r) => assert!(r.written().is_empty()),
    }
}

#[test]
fn imported_names_never_take_a_reserved_address() {
    // "Trang" (page) and "Sao" (star) are addresses of the catalogue's own listing pages.
    let site = SiteTest::new();
    let csv = new_rows_csv(
        &site,
        "Trang,4,Trang,HTX,Thực phẩm,Tuyên Quang,Xã Mèo Vạc,2345/QĐ-UBND,15/12/2024\nSao,4,Loại,HTX,Thực phẩm,Tuyên Quang,Xã Mèo Vạc,2346/QĐ-UBND,15/12/2024\n",
    );
    let r = run(&site, &csv, |_| {});
    assert_eq!(errors(&r), Vec::<String>::new());
    let written: Vec<String> = r
        .written()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    for reserved in [
        "products/trang.md",
        "products/sao.md",
        "producers/trang.md",
        "producers/loai.md",
    ] {
        assert!(
            !written.iter().any(|w| w.ends_with(reserved)),
            "{written:?}"
        );
    }
    assert!(
        written.iter().any(|w| w.contains("products/trang-2")),
        "{written:?}"
    );
    assert_site_checks(&site);
}

#[test]
fn export_with_an_unreadable_record_writes_nothing_and_keeps_the_earlier_file() {
    let site = SiteTest::new().file(
        "content/products/hong.md",
        "+++\nname = \"Hồng không hạt\nproducer = \"htx-che\"\n+++\n",
    );
    let out = site.path("san-pham.csv");
    std::fs::write(&out, "bản cũ").unwrap();
    let report = spreadsheet::export(site.root(), Some(&out)).unwrap();
    assert!(!report.written);
    assert!(report.problems.has_errors());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "bản cũ");
    // Fixed, it exports, replacing the earlier file whole, with no temporary file left.
    let site = site.remove("content/products/hong.md");
    let report = spreadsheet::export(site.root(), Some(&out)).unwrap();
    assert!(report.written);
    assert!(read(&site, "san-pham.csv").contains("Chè Shan tuyết Na Hang"));
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
