//! A certificate's decision document (`document`): an `https://` address, or a PDF beside the
//! record in its bundle folder, checked to be a PDF (it starts with `%PDF-`) of at most
//! [`Document::MAX_PDF_BYTES`]. Apart from `photos` because it reads a file of its own kind.

use std::io::Read;

use crate::base::diag::{Problem, Problems};
use crate::load::RawRecord;
use crate::load::fields::Sp;
use crate::model::Document;

use super::Ctx;

impl Ctx<'_> {
    /// The document of a certificate, or an error at `field` saying how to fix it.
    pub(super) fn document(
        &self,
        r: &RawRecord,
        field: &str,
        value: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> Option<Document> {
        let v = value.as_ref()?;
        match document(r, v.value.trim()) {
            Ok(d) => Some(d),
            Err((msg, hint)) => {
                out.push(
                    Problem::error(&r.file, msg)
                        .at(v.pos)
                        .field(field)
                        .hint(hint),
                );
                None
            }
        }
    }
}

type Why = (String, String);

fn document(r: &RawRecord, v: &str) -> Result<Document, Why> {
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("https://") {
        let bad = v.len() <= "https://".len()
            || v.chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\".contains(c));
        if bad {
            return Err((
                format!("`{v}` is not a usable web address"),
                "copy the address of the decision exactly as the browser shows it".into(),
            ));
        }
        return Ok(Document::Url(v.to_string()));
    }
    if lower.contains("://") || lower.starts_with("www.") {
        return Err((
            format!("`{v}` is not an https:// address"),
            "link the decision with an address starting with https:// (most official sites have one), or put the PDF beside the record and write its file name".into(),
        ));
    }
    pdf(r, v)
}

fn pdf(r: &RawRecord, name: &str) -> Result<Document, Why> {
    let Some(bundle) = &r.bundle else {
        return Err((
            format!("the decision `{name}` needs a bundle folder"),
            format!(
                "move the record to `{}/{}/index.md` and put the PDF beside it",
                r.file
                    .parent()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                r.slug
            ),
        ));
    };
    if name.is_empty()
        || name.contains(['/', '\\', '\0'])
        || name.starts_with('.')
        || !name.to_ascii_lowercase().ends_with(".pdf")
    {
        return Err((
            format!("`{name}` is not the name of a PDF beside the record"),
            "write the file name of a PDF in the record's folder, e.g. `document = \"quyet-dinh.pdf\"`, or an https:// address".into(),
        ));
    }
    let path = bundle.join(name);
    let missing = || {
        (
            format!("the decision `{name}` does not exist"),
            "put the PDF in the record's folder beside index.md, or correct the name".into(),
        )
    };
    let meta = std::fs::symlink_metadata(&path).map_err(|_| missing())?;
    if !meta.file_type().is_file() {
        return Err((
            format!("the decision `{name}` is not a plain file"),
            "copy the PDF itself into the record's folder (not a link or a folder)".into(),
        ));
    }
    if meta.len() > Document::MAX_PDF_BYTES {
        return Err((
            format!(
                "the decision `{name}` is {:.1} MB, more than the limit of {} MB",
                meta.len() as f64 / 1_048_576.0,
                Document::MAX_PDF_BYTES / 1_048_576
            ),
            "scan it again at 150–200 dpi in black and white, or link it with an https:// address"
                .into(),
        ));
    }
    let mut head = [0u8; 5];
    let read = crate::base::fsutil::open_regular(&path)
        .map_err(|e| e.source.to_string())
        .and_then(|mut f| f.read_exact(&mut head).map_err(|e| e.to_string()));
    if read.is_err() || &head != b"%PDF-" {
        return Err((
            format!("the decision `{name}` is not a PDF file"),
            "save or export the decision as PDF (File → Save as PDF); a renamed photo or Word file is not one".into(),
        ));
    }
    Ok(Document::Pdf {
        name: name.to_string(),
        source: path,
        bytes: meta.len(),
    })
}
