//! Feeds arbitrary bytes to `ocop import` as the spreadsheet, CSV or XLSX, on a small valid
//! site (a dry run: nothing is written), and renders the report.
//!
//! Input: the first byte picks the mode (`byte % 3`):
//! - 0: the rest is a CSV file;
//! - 1: the rest is a workbook file (the reader sees whatever bytes it gets);
//! - 2: the rest is the `<sheetData>` of the first worksheet, wrapped with a valid heading
//!   row in a valid XLSX archive (stored, so no decompression stands in the way), so that
//!   the mutator works on cells and rows that reach the sheet reader and the importer.
//!
//! Must never panic or abort (an allocation failure aborts), and must finish in bounded
//! time: besides libFuzzer's `-timeout`, each run asserts it took under 20 seconds. A panic
//! inside the workbook reader that `ocop` catches and reports as a damaged workbook is not
//! a crash (see `print_panics_only`).

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use ocop::spreadsheet::{ImportOptions, import};

const SITE_TOML: &str = "title = \"Fuzz\"\ndescription = \"Fuzz\"\nprovince = \"Tuyên Quang\"\n";

const PRODUCER: &str = "+++\nname = \"HTX Chè Na Hang\"\nkind = \"cooperative\"\nprovince = \"Tuyên Quang\"\ncommune = \"Xã Nà Hang\"\n+++\n";

const PRODUCT: &str = "+++\nname = \"Chè Na Hang\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\ncommune = \"Xã Nà Hang\"\n\n[[certificates]]\nstars = 4\ndecision = \"1234/QĐ-UBND\"\nissued = 2025-03-10\n+++\n";

/// The site every run imports into (made once; runs are dry, so it never changes).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("ocop-fuzz-import-{}", std::process::id()));
        let write = |rel: &str, text: &str| {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("site.toml", SITE_TOML);
        write("content/producers/htx-che.md", PRODUCER);
        write("content/products/che-na-hang.md", PRODUCT);
        dir
    })
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A zip archive of `files`, stored without compression.
fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let name = name.as_bytes();
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend([0u8; 8]);
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            if central {
                h.extend([0u8; 6]);
                h.extend(0u32.to_le_bytes());
                h.extend(offset.to_le_bytes());
            }
            h.extend(name);
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(*data);
        central.extend(header(0x0201_4b50, true));
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

const HEAD: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Tên sản phẩm</t></is></c><c r="B1" t="inlineStr"><is><t>Số sao</t></is></c><c r="C1" t="inlineStr"><is><t>Chủ thể</t></is></c><c r="D1" t="inlineStr"><is><t>Nhóm</t></is></c><c r="E1" t="inlineStr"><is><t>Ngày cấp</t></is></c><c r="F1" t="inlineStr"><is><t>Số quyết định</t></is></c></row>"#;

/// A valid XLSX whose first sheet holds the heading row and then `sheet_data`.
fn workbook(sheet_data: &[u8]) -> Vec<u8> {
    let mut sheet = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.to_vec();
    sheet.extend(HEAD.as_bytes());
    sheet.extend(sheet_data);
    sheet.extend(b"</sheetData></worksheet>");
    zip(&[
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

/// libFuzzer's panic hook aborts at once, even for a panic `ocop` catches on purpose (the
/// workbook reader is wrapped in `catch_unwind`, see `import::table`). With the hook
/// replaced by one that only prints, a caught panic is the error it is meant to be, and an
/// uncaught one still reaches libfuzzer-sys, which reports it as a crash.
fn print_panics_only() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|info| eprintln!("{info}"))));
}

fuzz_target!(|data: &[u8]| {
    print_panics_only();
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let (name, bytes) = match first % 3 {
        0 => ("in.csv", rest.to_vec()),
        1 => ("in.xlsx", rest.to_vec()),
        _ => ("in.xlsx", workbook(rest)),
    };
    let file = site().join(format!("{}-{name}", std::process::id()));
    std::fs::write(&file, &bytes).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut opts = ImportOptions::new(site(), &file, today);
    opts.dry_run = true;
    opts.update = first & 0x80 != 0;
    opts.skip_invalid = first & 0x40 != 0;
    let started = Instant::now();
    match import(&opts) {
        Ok(report) => {
            let _ = report.render();
            assert!(report.written().is_empty(), "a dry run wrote files");
        }
        Err(e) => assert!(!e.is_empty(), "an import failed without saying why"),
    }
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(20),
        "an import of {} bytes took {took:?}",
        bytes.len()
    );
});
