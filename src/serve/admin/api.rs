//! The editor's back end: Decap CMS's proxy protocol, answered from the content folder.
//!
//! Decap CMS talks to a "proxy" back end with one kind of request, `POST` a JSON object
//! `{action, params}` (the protocol of its `decap-server` package): list a folder's
//! entries, read one, save one with its new photos, list and read photos, delete files.
//! Reads go through `files`, which maps the editor's paths onto records and bundles. A save
//! or a deletion is first checked against the whole site as `ocop check` would
//! (`Engine::check`, with the new photos staged beside the record's others): when it would
//! add an error, nothing is written and the answer names each problem with its field, so the
//! editor can show it there. Otherwise the change is applied (`files::Files::apply`: earlier
//! versions kept in the history, every write atomic); the server's watcher then rebuilds
//! the site and the open tabs reload as after any save.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::base::diag::{Problem, Problems};
use crate::load::schema::{self, Field, Kind};
use crate::serve::admin::files::{self, Change, Files, MediaPath, OnDisk, RecordPath};
use crate::serve::incremental::{Engine, Proposal, ProposedRecord};

/// Largest record file the editor may write (the loader's limit is 8 MB).
const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// Largest PDF decision, as the build checks it.
const MAX_PDF_BYTES: usize = crate::model::Document::MAX_PDF_BYTES as usize;

/// An answer: HTTP status and JSON body.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Value,
}

fn ok(body: Value) -> Answer {
    Answer { status: 200, body }
}

fn refused(status: u16, message: impl Into<String>) -> Answer {
    Answer {
        status,
        body: json!({ "error": message.into() }),
    }
}

/// What the API works with.
pub(crate) struct Api<'a> {
    pub files: &'a Files,
    pub engine: &'a Mutex<Engine>,
    /// The errors the site has now (before the change): a change is refused only for the
    /// errors it adds, so that one broken file does not stop every other save.
    pub baseline: &'a [Problem],
    /// `"vi"` or `"en"`, for the messages.
    pub lang: &'a str,
    /// The time, for the name of the history folder (`2026-12-06T08-30-05Z`).
    pub now: String,
    /// The site being served and its folder as the engine names it: photos are shown from
    /// the copies it cached.
    pub generation: Option<&'a crate::serve::incremental::Generation>,
    pub site_root: &'a Path,
}

/// How wide the copy of a photo the editor shows is, at least.
const PREVIEW_WIDTH: u32 = 600;

impl Api<'_> {
    /// Answers one request body.
    pub(crate) fn answer(&self, body: &[u8]) -> Answer {
        let Ok(request) = serde_json::from_slice::<Value>(body) else {
            return refused(400, "the request is not JSON");
        };
        let action = request["action"].as_str().unwrap_or_default();
        let params = &request["params"];
        let result = match action {
            "info" => Ok(json!({
                "repo": "content",
                "publish_modes": ["simple"],
                "type": "local_fs",
            })),
            "entriesByFolder" => self.entries_by_folder(params),
            "entriesByFiles" => Ok(Value::Array(
                params["files"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|f| self.entry(f["path"].as_str().unwrap_or_default()))
                    .collect(),
            )),
            "getEntry" => Ok(self.entry(params["path"].as_str().unwrap_or_default())),
            "persistEntry" => return self.persist_entry(params),
            "getMedia" => self.get_media(params),
            "getMediaFile" => self.get_media_file(params),
            "persistMedia" => return self.persist_media(params),
            "deleteFile" => {
                let path = params["path"].as_str().unwrap_or_default().to_string();
                return self.delete(&[path]);
            }
            "deleteFiles" => {
                let paths: Vec<String> = params["paths"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p.as_str().map(str::to_string))
                    .collect();
                return self.delete(&paths);
            }
            "getDeployPreview" => Ok(Value::Null),
            other => return refused(422, format!("Unknown action {other}")),
        };
        match result {
            Ok(v) => ok(v),
            Err(e) => refused(422, e),
        }
    }

    fn entries_by_folder(&self, params: &Value) -> Result<Value, String> {
        let section = files::section_folder(params["folder"].as_str().unwrap_or_default())?;
        Ok(Value::Array(
            self.files
                .records(section)
                .iter()
                .map(|r| self.entry(&r.editor_path()))
                .collect(),
        ))
    }

    /// One entry as Decap reads it: its text, path and an id that changes with the text.
    fn entry(&self, path: &str) -> Value {
        let text = files::record_path(path)
            .ok()
            .and_then(|r| self.files.read_record(&r).ok().flatten());
        match text {
            Some(bytes) => json!({
                "data": String::from_utf8_lossy(&bytes),
                "file": { "path": path, "id": blake3::hash(&bytes).to_hex().to_string() },
            }),
            None => json!({ "data": null, "file": { "path": path, "id": null } }),
        }
    }

    /// A photo as the editor shows it: the cached copy the site made of it when there is one
    /// (JPEG, PNG and WebP photos; a new photo has none until the site is rebuilt), else the
    /// file itself.
    fn media_file(&self, m: &MediaPath) -> Result<Value, String> {
        let lower = m.name.to_ascii_lowercase();
        let raster = [".jpg", ".jpeg", ".png", ".webp"]
            .iter()
            .any(|e| lower.ends_with(e));
        let cached = self
            .generation
            .filter(|_| raster)
            .and_then(|g| g.photo_preview(&self.site_root.join(m.rel()), PREVIEW_WIDTH))
            .and_then(|p| crate::base::fsutil::read(&p).ok());
        let bytes = match cached {
            Some(b) => b,
            None => self.files.read_media(m)?,
        };
        Ok(json!({
            "id": blake3::hash(&bytes).to_hex().to_string(),
            "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "encoding": "base64",
            "path": m.editor_path(),
            "name": m.name,
        }))
    }

    fn get_media(&self, params: &Value) -> Result<Value, String> {
        let folder = params["mediaFolder"].as_str().unwrap_or_default();
        // The folder of a record's photos: `content/SECTION/SLUG`.
        let Ok(probe) = files::media_path(&format!("{folder}/x.jpg")) else {
            return Ok(json!([]));
        };
        let mut out = Vec::new();
        for name in self.files.media(&probe.record) {
            let m = MediaPath {
                record: probe.record.clone(),
                name,
            };
            out.push(self.media_file(&m)?);
        }
        Ok(Value::Array(out))
    }

    fn get_media_file(&self, params: &Value) -> Result<Value, String> {
        let m = files::media_path(params["path"].as_str().unwrap_or_default())?;
        self.media_file(&m)
    }

    fn persist_entry(&self, params: &Value) -> Answer {
        let data = match params["dataFiles"].as_array() {
            Some(files) if files.len() == 1 => &files[0],
            Some(_) => return refused(422, "one record is saved at a time"),
            None => &params["entry"],
        };
        let path = data["path"].as_str().unwrap_or_default();
        let record = match files::record_path(path) {
            Ok(r) => r,
            Err(e) => return refused(422, e),
        };
        if let Some(new) = data["newPath"].as_str()
            && new != path
        {
            return refused(
                422,
                self.say(
                    "Không đổi được địa chỉ (tên tệp) của bản ghi trong trình sửa: tạo bản ghi mới rồi xóa bản cũ.",
                    "A record's address (file name) cannot be changed in the editor: create a new record and delete the old one.",
                ),
            );
        }
        let raw = drop_blank_fields(data["raw"].as_str().unwrap_or_default());
        if raw.len() > MAX_RECORD_BYTES {
            return refused(
                413,
                "the record is larger than 1 MB: put photos beside it, not inside it",
            );
        }
        let assets = match self.assets(&params["assets"], &record) {
            Ok(a) => a,
            Err(e) => return refused(422, e),
        };
        self.save(&record, Some(raw.as_bytes().to_vec()), assets, &[])
    }

    fn persist_media(&self, params: &Value) -> Answer {
        let asset = &params["asset"];
        let path = asset["path"].as_str().unwrap_or_default();
        let m = match files::media_path(path) {
            Ok(m) => m,
            Err(_) => {
                return refused(
                    422,
                    self.say(
                        "Ảnh được tải lên trong trang sửa của từng bản ghi (sản phẩm, chủ thể...), không vào thư viện chung.",
                        "Photos are uploaded from the form of their record (product, producer...), not into a shared library.",
                    ),
                );
            }
        };
        let assets = match self.assets(&json!([asset]), &m.record) {
            Ok(a) => a,
            Err(e) => return refused(422, e),
        };
        let answer = self.save(&m.record, None, assets, &[]);
        if answer.status != 200 {
            return answer;
        }
        match self.media_file(&m) {
            Ok(v) => ok(v),
            Err(e) => refused(500, e),
        }
    }

    fn delete(&self, paths: &[String]) -> Answer {
        let mut records: Vec<RecordPath> = Vec::new();
        let mut media: Vec<MediaPath> = Vec::new();
        for p in paths {
            if let Ok(r) = files::record_path(p) {
                records.push(r);
            } else {
                match files::media_path(p) {
                    Ok(m) => media.push(m),
                    Err(e) => return refused(422, e),
                }
            }
        }
        if let Some(r) = records.first() {
            if records.len() > 1 {
                return refused(422, "one record is deleted at a time");
            }
            return self.delete_record(r);
        }
        let Some(first) = media.first() else {
            return ok(json!({ "message": "nothing to delete" }));
        };
        if media.iter().any(|m| m.record != first.record) {
            return refused(422, "photos of one record are deleted at a time");
        }
        let names: Vec<String> = media.iter().map(|m| m.name.clone()).collect();
        self.save(&first.record.clone(), None, Vec::new(), &names)
    }

    /// New photos and documents, decoded and checked as the build would check them.
    fn assets(&self, list: &Value, record: &RecordPath) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut out = Vec::new();
        for a in list.as_array().into_iter().flatten() {
            let path = a["path"].as_str().unwrap_or_default();
            let m = files::media_path(path)?;
            if m.record != *record {
                return Err(format!(
                    "`{path}` is not in the folder of {}",
                    record.editor_path()
                ));
            }
            let content = a["content"].as_str().unwrap_or_default();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(content)
                .map_err(|_| format!("`{}`: the file's content is not base64", m.name))?;
            check_media(&m.name, &bytes, self.lang)?;
            out.push((m.name, bytes));
        }
        Ok(out)
    }

    fn say(&self, vi: &str, en: &str) -> String {
        if self.lang == "en" { en } else { vi }.to_string()
    }
}

/// The record's text without the fields a form left blank (`valid_until = ""`): the loader
/// reads them as absent, and the file an officer may open later stays as a person would
/// write it. Lines inside a multi-line string are kept as they are.
pub(crate) fn drop_blank_fields(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_string: Option<&str> = None;
    let mut fences = 0;
    for line in raw.split_inclusive('\n') {
        let t = line.trim();
        if t == "+++" && in_string.is_none() {
            fences += 1;
        }
        let in_front = fences == 1 && t != "+++";
        let blank = in_front
            && in_string.is_none()
            && t.split_once('=').is_some_and(|(k, v)| {
                let k = k.trim();
                !k.is_empty()
                    && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    && matches!(v.trim(), "\"\"" | "''" | "[]")
            });
        if in_front {
            for q in ["\"\"\"", "'''"] {
                let n = line.matches(q).count();
                if n % 2 == 1 {
                    in_string = match in_string {
                        Some(open) if open == q => None,
                        None => Some(q),
                        other => other,
                    };
                }
            }
        }
        if !blank {
            out.push_str(line);
        }
    }
    out
}

/// A file that is not what its name says, or is larger than the build accepts, is refused.
fn check_media(name: &str, bytes: &[u8], lang: &str) -> Result<(), String> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    let looks = match ext {
        "jpg" | "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "svg" => std::str::from_utf8(bytes).is_ok_and(|t| t.contains("<svg")),
        "pdf" => bytes.starts_with(b"%PDF-"),
        _ => false,
    };
    let en = lang == "en";
    if !looks {
        return Err(if en {
            format!(
                "`{name}` is not a {} file: save it again in that format (JPEG, PNG, WebP, GIF, SVG or PDF)",
                ext.to_uppercase()
            )
        } else {
            format!(
                "`{name}` không phải tệp {} thật: hãy lưu lại đúng định dạng (JPEG, PNG, WebP, GIF, SVG hoặc PDF)",
                ext.to_uppercase()
            )
        });
    }
    if ext == "pdf" && bytes.len() > MAX_PDF_BYTES {
        return Err(if en {
            format!("`{name}` is larger than 10 MB: scan the decision at 150-200 dpi")
        } else {
            format!("`{name}` lớn hơn 10 MB: hãy quét quyết định ở 150-200 dpi")
        });
    }
    Ok(())
}

/// Where a save leaves a record: its file, and the single file it leaves for a bundle.
struct Target {
    file: PathBuf,
    bundle: bool,
    leaves: Option<PathBuf>,
}

impl Api<'_> {
    fn target(&self, r: &RecordPath, adds_media: bool) -> Result<Target, String> {
        Ok(match self.files.locate(r)? {
            OnDisk::Bundle(_) => Target {
                file: r.bundle().join("index.md"),
                bundle: true,
                leaves: None,
            },
            OnDisk::Single(_) if adds_media => Target {
                file: r.bundle().join("index.md"),
                bundle: true,
                leaves: Some(r.single()),
            },
            OnDisk::Single(_) => Target {
                file: r.single(),
                bundle: false,
                leaves: None,
            },
            // A new record is a bundle from the start, ready for its photos.
            OnDisk::Absent => Target {
                file: r.bundle().join("index.md"),
                bundle: true,
                leaves: None,
            },
        })
    }

    /// Saves a record: its new text (`None`: as it is), new bundle files, bundle files
    /// removed. Checked first; written only when the check adds no error.
    fn save(
        &self,
        r: &RecordPath,
        text: Option<Vec<u8>>,
        assets: Vec<(String, Vec<u8>)>,
        removed_media: &[String],
    ) -> Answer {
        let target = match self.target(r, !assets.is_empty()) {
            Ok(t) => t,
            Err(e) => return refused(422, e),
        };
        let text = match text {
            Some(t) => t,
            None => match self.files.read_record(r) {
                Ok(Some(t)) => t,
                _ => {
                    return refused(
                        422,
                        self.say(
                            "Hãy lưu bản ghi trước khi thêm ảnh.",
                            "Save the record before adding photos.",
                        ),
                    );
                }
            },
        };
        let Ok(engine) = self.engine.lock() else {
            return refused(500, "the server is stopping");
        };
        let stage = match target.bundle.then(|| self.stage(r, &assets, removed_media)) {
            Some(Ok(dir)) => Some(dir),
            Some(Err(e)) => return refused(500, e),
            None => None,
        };
        let root = &self.files.root;
        let proposal = Proposal {
            record: Some(ProposedRecord {
                path: root.join(&target.file),
                section: r.section,
                slug: r.slug.clone(),
                bytes: text.clone(),
                photos_from: stage.as_ref().map(|s| s.path().to_path_buf()),
            }),
            removed: target.leaves.iter().map(|p| root.join(p)).collect(),
        };
        let problems = engine.check(&proposal);
        drop(stage);
        let new = self.added_errors(&problems, &[target.file.as_path()]);
        if !new.is_empty() {
            return self.refusal(&new, r.section);
        }
        let mut change = Change::default();
        for (name, bytes) in assets {
            change.write.push((r.bundle().join(name), bytes));
        }
        change.write.push((target.file.clone(), text));
        for name in removed_media {
            change.remove.push(r.bundle().join(name));
        }
        if let Some(single) = &target.leaves {
            change.remove.push(single.clone());
            let english = r.single_english();
            change
                .moves
                .push((english, r.bundle().join(crate::load::ENGLISH_INDEX)));
        }
        match self.files.apply(&change, &self.now) {
            Ok(_) => ok(json!({ "message": "entry persisted" })),
            Err(e) => refused(500, e),
        }
    }

    fn delete_record(&self, r: &RecordPath) -> Answer {
        let Ok(engine) = self.engine.lock() else {
            return refused(500, "the server is stopping");
        };
        let (file, remove) = match self.files.locate(r) {
            Ok(OnDisk::Bundle(_)) => (r.bundle().join("index.md"), vec![r.bundle()]),
            Ok(OnDisk::Single(_)) => {
                let english = r.single_english();
                (r.single(), vec![r.single(), english])
            }
            Ok(OnDisk::Absent) => return ok(json!({ "message": "already deleted" })),
            Err(e) => return refused(422, e),
        };
        let proposal = Proposal {
            record: None,
            removed: vec![self.files.root.join(&file)],
        };
        let problems = engine.check(&proposal);
        let new = self.added_errors(&problems, &[]);
        if !new.is_empty() {
            return self.refusal(&new, r.section);
        }
        let change = Change {
            remove,
            ..Default::default()
        };
        match self.files.apply(&change, &self.now) {
            Ok(_) => ok(json!({ "message": format!("deleted {}", r.editor_path()) })),
            Err(e) => refused(500, e),
        }
    }

    /// The bundle as the save would leave it, in a scratch folder: links to (or copies of)
    /// its files, the new ones, without the removed ones.
    fn stage(
        &self,
        r: &RecordPath,
        assets: &[(String, Vec<u8>)],
        removed: &[String],
    ) -> Result<tempfile::TempDir, String> {
        let base = self.files.root.join(".ocop-cache").join("admin");
        crate::base::fsutil::create_dir_all(&base).map_err(|e| e.source.to_string())?;
        let dir = tempfile::Builder::new()
            .prefix("stage-")
            .tempdir_in(&base)
            .map_err(|e| e.to_string())?;
        for name in self.files.media(r) {
            if removed.contains(&name) || assets.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let from = self.files.root.join(r.bundle()).join(&name);
            let to = dir.path().join(&name);
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to).map_err(|e| e.to_string())?;
            }
        }
        for (name, bytes) in assets {
            std::fs::write(dir.path().join(name), bytes).map_err(|e| e.to_string())?;
        }
        Ok(dir)
    }

    /// The errors of `problems` a change adds: every error of the files it writes, and the
    /// others that the site does not have already.
    fn added_errors<'p>(&self, problems: &'p Problems, written: &[&Path]) -> Vec<&'p Problem> {
        let same = |a: &Problem, b: &Problem| {
            a.file == b.file && a.field == b.field && a.message == b.message
        };
        problems
            .sorted()
            .into_iter()
            .filter(|p| p.is_error())
            .filter(|p| {
                written.contains(&p.file.as_path()) || !self.baseline.iter().any(|b| same(b, p))
            })
            .collect()
    }

    /// The answer to a change that would add errors: a message for the editor's
    /// notification, and each problem with the field it concerns.
    fn refusal(&self, problems: &[&Problem], section: crate::load::Section) -> Answer {
        let list: Vec<Value> = problems
            .iter()
            .map(|p| {
                let label = p
                    .field
                    .as_deref()
                    .map(|f| field_label(schema::fields(section), f, self.lang));
                json!({
                    "file": p.file.to_string_lossy(),
                    "line": p.line,
                    "field": p.field,
                    "label": label,
                    "message": p.message,
                    "hint": p.hint,
                })
            })
            .collect();
        let lines: Vec<String> = problems
            .iter()
            .map(|p| {
                let field = p
                    .field
                    .as_deref()
                    .map(|f| format!("{}: ", field_label(schema::fields(section), f, self.lang)))
                    .unwrap_or_default();
                let hint = p
                    .hint
                    .as_deref()
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                format!("{field}{}{hint}", p.message)
            })
            .collect();
        let head = self.say("Chưa lưu, vì", "Not saved:");
        Answer {
            status: 422,
            body: json!({
                "error": format!("{head} {}", lines.join("; ")),
                "problems": list,
            }),
        }
    }
}

/// The label of a field path (`certificates[0].stars` → "Chứng nhận OCOP 1 › Số sao").
pub(crate) fn field_label(fields: &'static [Field], path: &str, lang: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut table = fields;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some(f) = schema::find(table, key) else {
            out.push(part.to_string());
            break;
        };
        let label = f.label.get(lang);
        out.push(match index {
            Some(i) => format!("{label} {}", i + 1),
            None => label.to_string(),
        });
        match f.kind {
            Kind::Table(sub) | Kind::Tables(sub) => table = sub,
            _ => {}
        }
    }
    out.join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_left_blank_are_not_written() {
        let raw = "+++\nname = \"Trà\"\nprice = \"\"\ntags = []\n\n[[certificates]]\nstars = 4\nrevoked = ''\nnote = \"\"\"\nx = \"\"\n\"\"\"\n+++\nbody = \"\"\n";
        assert_eq!(
            drop_blank_fields(raw),
            "+++\nname = \"Trà\"\n\n[[certificates]]\nstars = 4\nnote = \"\"\"\nx = \"\"\n\"\"\"\n+++\nbody = \"\"\n"
        );
    }

    #[test]
    fn field_paths_are_named_with_their_labels() {
        let products = schema::fields(crate::load::Section::Products);
        let stars = field_label(products, "certificates[0].stars", "vi");
        assert!(stars.ends_with(" 1 › Hạng sao"), "{stars}");
        assert_eq!(field_label(products, "name", "en"), "Product name");
        assert_eq!(field_label(products, "nope", "vi"), "nope");
    }
}
