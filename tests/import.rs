//! `ocop import` and `ocop export` on sites made in the test: exact records for good rows,
//! exact row and column errors for bad ones, `--skip-invalid`, changes written only with
//! `--update`, and lossless import → export → import, for CSV and XLSX.

mod common;

use std::path::{Path, PathBuf};

use common::{SiteTest, snapshot, today};
use ocop::build::{self, BuildOptions};
use ocop::import::{self, ImportOptions, ImportReport, Status};
use ocop::load::Section;

const FIXTURE: &str = "tests/fixtures/import/danh-sach.csv";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

fn run(site: &SiteTest, file: &Path, set: impl FnOnce(&mut ImportOptions)) -> ImportReport {
    let mut o = ImportOptions::new(site.root(), file, today());
    set(&mut o);
    import::import(&o).unwrap_or_else(|e| panic!("import failed: {e}"))
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
    let report = import::export(site.root(), Some(&out)).unwrap();
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
        "Slug,Tên sản phẩm,Số sao,Nhóm,Bộ sản phẩm,Chủ thể,Loại chủ thể,Tỉnh,Xã,Địa chỉ,Số quyết định,Ngày cấp,Cơ quan cấp,Điểm,Hiệu lực đến,Ngày thu hồi,Giá bán,Đơn vị tính,Quy cách,Khối lượng tịnh,Hạn sử dụng,Thành phần,Bảo quản,Chứng nhận,Mã vạch,Công suất,Đơn hàng tối thiểu,Tóm tắt,Từ khóa,Người đại diện,Điện thoại,Email,Địa chỉ chủ thể,Trang web,Zalo,Mã số thuế,Slug chủ thể"
    );
    assert_eq!(
        lines.next().unwrap(),
        "bach-tra,\"Bạch trà \"\"Mây Ngàn\"\", Hoàng Su Phì\",4,Thực phẩm,Chè,Công ty TNHH Chè Mây Ngàn,Doanh nghiệp,Tuyên Quang,Xã Hoàng Su Phì,\"Tổ 0, xã Hoàng Su Phì; tỉnh Tuyên Quang\",0345/QĐ-UBND,14/03/2025,UBND tỉnh Hà Giang,85,,,650000,hộp 100 g,Hộp gỗ,100 g,36 tháng,Búp non chè Shan tuyết,Nơi khô ráo,Hữu cơ EU; HACCP,08930000100221,3 tấn/năm,5 hộp,Bạch trà từ búp non chè Shan tuyết cổ thụ.,bạch trà; chè Shan tuyết,Lý Văn R,0219 000 0115,kinhdoanh@may-ngan.example.vn,\"Thôn Mây Ngàn, xã Hoàng Su Phì\",https://may-ngan.example.vn/,0912 000 115,5100123456,cong-ty-may-ngan"
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
    let e = import::import(&ImportOptions::new(site.root(), &file, today())).unwrap_err();
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
    let e = import::import(&{
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
    let e = import::import(&ImportOptions::new(site.root(), &file, today())).unwrap_err();
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
    let e = import::import(&ImportOptions::new(site.root(), &file, today())).unwrap_err();
    assert!(e.contains("no heading row found"), "{e}");
    let r = run(&site, &file, |o| o.sheet = Some("năm 2025".into()));
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(
        *status_of(&r, "content/products/che-shan-tuyet.md"),
        Status::Unchanged
    );
    let mut o = ImportOptions::new(site.root(), &file, today());
    o.sheet = Some("2024".into());
    let e = import::import(&o).unwrap_err();
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
