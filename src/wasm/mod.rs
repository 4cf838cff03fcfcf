//! The one module that knows JavaScript exists: converts bytes and JSON text in, JSON text
//! out, and errors into JS `Error`s. No statistics, no formatting here.

mod draw;

use std::sync::atomic::{AtomicBool, Ordering};

pub use draw::{draw_chart, draw_chart_with};

use wasm_bindgen::prelude::*;

use crate::analysis::Analysis;
use crate::options::Options;
use crate::present::{learning_pack_html, overview_svg, pairings_csv, roles_csv, rows_summary};
use crate::report::{Report, ReportColumns};

static PANICKED: AtomicBool = AtomicBool::new(false);

#[wasm_bindgen(start)]
fn start() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, Ordering::SeqCst);
        console_error_panic_hook::hook(info);
        default_hook(info);
    }));
}

/// Whether the core has panicked (a bug): the page should then ask the user to reload.
#[wasm_bindgen]
pub fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Whether bytes are a workbook, which the workbook reader (a separate wasm module) must read
/// into a table before the core can (`table::transfer`).
#[wasm_bindgen(js_name = isWorkbook)]
pub fn is_workbook(bytes: &[u8]) -> bool {
    crate::table::is_workbook(bytes)
}

fn to_js(e: crate::Error) -> JsError {
    JsError::new(e.message())
}

/// The `options` object as JavaScript gives it (`undefined` and `null` are the defaults),
/// refused with the same sentence as options given as JSON text. serde-wasm-bindgen reads it as
/// a whole value first: reading it straight into [`Options`] would look up only the known
/// fields and silently ignore a misspelt one, which `deny_unknown_fields` exists to refuse.
fn options_from(value: JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    let refused = |detail: String| to_js(Options::refused(&detail));
    let whole: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| refused(e.to_string()))?;
    Options::from_value(&whole).map_err(to_js)
}

/// `analyse(bytes, options)` of the public API, with options and report as JSON text.
#[wasm_bindgen(js_name = analyseJson)]
pub fn analyse_json(bytes: Vec<u8>, options_json: &str) -> Result<String, JsError> {
    let options = Options::from_json(options_json).map_err(to_js)?;
    let analysis = analyse_owned(bytes, Vec::new(), &[], &options)?;
    Ok(Report::new(&analysis).to_json())
}

/// `inspect(bytes, options)`: read and map only (columns, row counts, indicators), as JSON.
#[wasm_bindgen(js_name = inspectJson)]
pub fn inspect_json(bytes: &[u8], options_json: &str) -> Result<String, JsError> {
    let options = Options::from_json(options_json).map_err(to_js)?;
    let inspection = crate::analysis::inspect(bytes, &options).map_err(to_js)?;
    Ok(serde_json::to_string(&inspection).unwrap_or_else(|_| "null".into()))
}

/// The files of one analysis from the boundary's flat form: the data file, then the extra
/// files (joined on the organisation code) laid end to end in `extra`, `lengths` long each.
fn files<'a>(bytes: &'a [u8], extra: &'a [u8], lengths: &[u32]) -> Result<Vec<&'a [u8]>, JsError> {
    Ok(std::iter::once(bytes).chain(extras(extra, lengths)?).collect())
}

/// The extra files of [`files`], cut from `extra`.
fn extras<'a>(extra: &'a [u8], lengths: &[u32]) -> Result<Vec<&'a [u8]>, JsError> {
    let mut out = Vec::with_capacity(lengths.len());
    let mut at = 0usize;
    for &n in lengths {
        let end = at
            .checked_add(n as usize)
            .filter(|&e| e <= extra.len())
            .ok_or_else(|| JsError::new("The extra files do not add up to the bytes given (a bug in the page)."))?;
        out.push(&extra[at..end]);
        at = end;
    }
    Ok(out)
}

/// `analyse([data, context…], options)` from the boundary's own copies of the files: the data
/// file's bytes become its table's text (no second copy of the file is made), and the joined
/// files' bytes are freed once read (a copy of the file held to the end of the analysis was
/// 37 MB of a W2-like file's 333 MB of wasm memory).
fn analyse_owned(bytes: Vec<u8>, extra: Vec<u8>, lengths: &[u32], options: &Options) -> Result<Analysis, JsError> {
    let read = crate::analysis::read_files(std::borrow::Cow::Owned(bytes), &extras(&extra, lengths)?, options).map_err(to_js)?;
    drop(extra);
    crate::analysis::analyse_read(read, options).map_err(to_js)
}

/// `analyse([data, context…], options)` with the report in columns, which `report-decoder.js`
/// turns into the documented objects far faster than JSON text could be parsed; a single file
/// has no `extra`.
#[wasm_bindgen(js_name = analyseFilesColumns)]
pub fn analyse_files_columns(bytes: Vec<u8>, extra: Vec<u8>, lengths: &[u32], options: JsValue) -> Result<js_sys::Object, JsError> {
    let options = options_from(options)?;
    let analysis = analyse_owned(bytes, extra, lengths, &options)?;
    Ok(report_parts(Report::columns(&analysis)))
}

/// `analyse([data, context…], options)` as JSON text.
#[wasm_bindgen(js_name = analyseFilesJson)]
pub fn analyse_files_json(bytes: Vec<u8>, extra: Vec<u8>, lengths: &[u32], options: JsValue) -> Result<String, JsError> {
    let options = options_from(options)?;
    let analysis = analyse_owned(bytes, extra, lengths, &options)?;
    Ok(Report::new(&analysis).to_json())
}

/// `describe([data, context…], options)` as JSON.
#[wasm_bindgen(js_name = describeFilesJson)]
pub fn describe_files_json(bytes: &[u8], extra: &[u8], lengths: &[u32], options: JsValue) -> Result<String, JsError> {
    let options = options_from(options)?;
    let description = crate::analysis::describe_files(&files(bytes, extra, lengths)?, &options).map_err(to_js)?;
    Ok(serde_json::to_string(&description).unwrap_or_else(|_| "null".into()))
}

/// A [`ReportColumns`] as the JavaScript object `report-decoder.js` reads: each part under its
/// name, numbers as typed arrays (which a worker can transfer), texts as strings. One call and
/// one piece of glue for all 23 parts (a getter each had its own glue).
fn report_parts(columns: ReportColumns) -> js_sys::Object {
    let ReportColumns {
        head,
        numbers,
        rows,
        ranks,
        peer_ranks,
        orgs,
        opportunity_rows,
        opportunity_numbers,
        spc_series,
        spc_summary,
        spc_numbers,
        spc_limits,
        spc_codes,
        spc_periods,
        outcomes,
        names,
        has_name,
        pairs,
        peer_distances,
        peer_similar,
    } = columns;
    let parts = Parts(js_sys::Object::new());
    let set = |name: &str, value: JsValue| parts.set(name, value);
    let (text, f64s, u32s, u8s) = (Parts::text, Parts::f64s, Parts::u32s, Parts::u8s);
    set("head", text(head));
    set("numbers", f64s(numbers));
    set("rows", u32s(rows));
    set("ranks", u32s(ranks));
    set("peerRanks", u32s(peer_ranks));
    set("peerDistances", f64s(peer_distances));
    set("peerSimilar", u32s(peer_similar));
    set("pairTexts", text(pairs.texts.text));
    set("pairTextLengths", u32s(pairs.texts.lengths));
    set("pairNumbers", f64s(pairs.numbers));
    set("pairCounts", u32s(pairs.counts));
    set("opportunityRows", u32s(opportunity_rows));
    set("opportunityNumbers", f64s(opportunity_numbers));
    set("spcSeries", u32s(spc_series));
    set("spcSummary", f64s(spc_summary));
    set("spcNumbers", f64s(spc_numbers));
    set("spcLimits", f64s(spc_limits));
    set("spcCodes", u8s(spc_codes));
    set("spcPeriods", u32s(spc_periods));
    set("outcomes", u8s(outcomes));
    set("hasName", u8s(has_name));
    set("names", text(names));
    set("orgs", u32s(orgs));
    parts.0
}

/// The report's parts object being filled. Each kind of part is copied out by one function,
/// not inlined at each of the 23 (which made 4.5 kB of wasm).
struct Parts(js_sys::Object);

impl Parts {
    #[inline(never)]
    fn set(&self, name: &str, value: JsValue) {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(name), &value);
    }
    #[inline(never)]
    fn text(s: String) -> JsValue {
        JsValue::from_str(&s)
    }
    #[inline(never)]
    fn f64s(v: Vec<f64>) -> JsValue {
        js_sys::Float64Array::from(&v[..]).into()
    }
    #[inline(never)]
    fn u32s(v: Vec<u32>) -> JsValue {
        js_sys::Uint32Array::from(&v[..]).into()
    }
    #[inline(never)]
    fn u8s(v: Vec<u8>) -> JsValue {
        js_sys::Uint8Array::from(&v[..]).into()
    }
}

/// An analysis kept in Rust for the widget, which asks it for views one at a time
/// instead of moving every result across the boundary.
#[wasm_bindgen]
pub struct Session {
    analysis: Analysis,
    /// The analysis as it may leave the page, under the last policy asked for.
    disclosed: std::cell::RefCell<Option<crate::present::Disclosed>>,
    /// The views the page asks for (the overview and the pairs made once, then paged).
    views: crate::present::Views,
}

impl From<Analysis> for Session {
    fn from(analysis: Analysis) -> Session {
        Session { analysis, disclosed: Default::default(), views: Default::default() }
    }
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>, options_json: &str) -> Result<Session, JsError> {
        let options = Options::from_json(options_json).map_err(to_js)?;
        Ok(Session::from(analyse_owned(bytes, Vec::new(), &[], &options)?))
    }

    /// Runs `f` on the analysis as it may leave the page under `policy` (made once per policy).
    fn disclosed<T>(&self, policy: &crate::present::Suppression, f: impl FnOnce(&crate::present::Disclosed) -> T) -> T {
        let mut cache = self.disclosed.borrow_mut();
        let made = match cache.take() {
            Some(d) if &d.disclosure.policy == policy => d,
            _ => crate::present::Disclosed::new(&self.analysis, policy),
        };
        let out = f(&made);
        *cache = Some(made);
        out
    }

    /// Anything the page lets a person take away (`request_json`: `{ what, ..., suppression,
    /// source, date, png }`, see `present::download`), as an object `{ name, mime, bytes,
    /// statement }` (`bytes` the file's UTF-8 text, saved as it is, as `CsvExport::bytes`; for a
    /// PNG instead `scene`, the framed chart to draw), made under the disclosure policy; an
    /// error is a sentence saying why there is none.
    pub fn download(&self, request_json: &str) -> Result<JsValue, JsError> {
        let request: crate::present::DownloadRequest =
            serde_json::from_str(request_json).map_err(|e| JsError::new(&format!("The download request could not be read: {e}.")))?;
        let mut made = self.disclosed(&request.suppression, |d| crate::present::download(&self.analysis, d, &request)).map_err(|e| JsError::new(&e))?;
        let bytes = js_sys::Uint8Array::from(std::mem::take(&mut made.text).as_bytes());
        let value = serde_wasm_bindgen::to_value(&made).map_err(|e| JsError::new(&e.to_string()))?;
        js_sys::Reflect::set(&value, &"bytes".into(), &bytes).map_err(|_| JsError::new("The download could not be handed to the page."))?;
        Ok(value)
    }

    /// As the constructor, with extra files joined to the first (see [`files`]); `on_progress`
    /// as for `openWithProgress`, when given.
    #[wasm_bindgen(js_name = openFiles)]
    pub fn open_files(bytes: Vec<u8>, extra: Vec<u8>, lengths: &[u32], options: JsValue, on_progress: Option<js_sys::Function>) -> Result<Session, JsError> {
        let options = options_from(options)?;
        let open = || -> Result<Session, JsError> { Ok(Session::from(analyse_owned(bytes, extra, lengths, &options)?)) };
        match on_progress {
            Some(f) => {
                let sink = move |stage: crate::progress::Stage, fraction: f64| {
                    let _ = f.call2(&JsValue::NULL, &JsValue::from_str(stage.label()), &JsValue::from_f64(fraction));
                };
                crate::progress::with_sink(sink, open)
            }
            None => open(),
        }
    }

    /// The whole report in columns (see [`report_parts`]), for the widget to decode lazily.
    #[wasm_bindgen(js_name = reportColumns)]
    pub fn report_columns(&self) -> js_sys::Object {
        report_parts(Report::columns(&self.analysis))
    }

    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(&self) -> String {
        Report::new(&self.analysis).to_json()
    }

    /// Any view the page asks for: `request` is a plain object (`{ what: "overview", query }`,
    /// see `present::ViewRequest`) and the answer the view model as plain objects (`null` where
    /// there is none). Both cross through serde-wasm-bindgen, as JSON-compatible values, except
    /// a chart's drawing, which is bytes and crosses as a `Uint8Array` (as an array of numbers,
    /// a national chart's 1.6 MB took longer to cross than to draw).
    pub fn view(&self, request: JsValue) -> Result<JsValue, JsError> {
        let request: crate::present::ViewRequest =
            serde_wasm_bindgen::from_value(request).map_err(|e| JsError::new(&format!("The view asked for could not be read: {e}.")))?;
        let answer = self.views.answer(&self.analysis, &request);
        serde::Serialize::serialize(&answer, &serde_wasm_bindgen::Serializer::json_compatible().serialize_bytes_as_arrays(false))
            .map_err(|e| JsError::new(&format!("The view could not be made: {e}.")))
    }

    /// One sentence on how many rows were used and left out.
    #[wasm_bindgen(js_name = rowsSummary)]
    pub fn rows_summary(&self) -> String {
        rows_summary(&self.analysis)
    }

    /// Pairings and roles as CSV text (UTF-8 with BOM, for Excel), small numbers suppressed
    /// (`download` says so in the file and takes another policy).
    #[wasm_bindgen(js_name = pairingsCsv)]
    pub fn pairings_csv(&self) -> String {
        self.disclosed(&Default::default(), |d| pairings_csv(&d.analysis))
    }

    /// Results as CSV with small-number suppression (`suppression_json`: `{ "up_to": 7 }` by
    /// default, `{ "up_to": 0 }` for none), and a sentence on what was suppressed.
    #[wasm_bindgen(js_name = resultsCsv)]
    pub fn results_csv(&self, suppression_json: &str) -> Result<export_types::CsvExport, JsError> {
        let suppression: crate::present::Suppression = if suppression_json.trim().is_empty() {
            Default::default()
        } else {
            serde_json::from_str(suppression_json).map_err(|e| JsError::new(&format!("The suppression settings could not be used: {e}.")))?
        };
        let csv = self.disclosed(&suppression, |d| crate::present::results_csv_from(&self.analysis, d));
        Ok(export_types::CsvExport { text: csv.text, summary: csv.summary })
    }

    #[wasm_bindgen(js_name = rolesCsv)]
    pub fn roles_csv(&self) -> String {
        self.disclosed(&Default::default(), |d| roles_csv(&d.analysis))
    }

    /// The overview as an SVG for download: the organisations whose codes are in
    /// `codes_json` (a JSON array of strings, in the order shown; empty text or `[]` for all),
    /// at most 500.
    #[wasm_bindgen(js_name = overviewSvg)]
    pub fn overview_svg(&self, codes_json: &str) -> Result<String, JsError> {
        let codes: Vec<String> = if codes_json.trim().is_empty() {
            Vec::new()
        } else {
            serde_json::from_str(codes_json).map_err(|e| JsError::new(&format!("The organisation codes could not be read: {e}.")))?
        };
        Ok(self.disclosed(&Default::default(), |d| overview_svg(&d.analysis, &codes)))
    }

    /// The learning pack of one organisation (a self-contained HTML document), or "" for an
    /// unknown code.
    #[wasm_bindgen(js_name = learningPackHtml)]
    pub fn learning_pack_html(&self, code: &str) -> String {
        self.disclosed(&Default::default(), |d| learning_pack_html(&d.analysis, code).unwrap_or_default())
    }
}

/// A CSV export handed to JavaScript: its text and a sentence about suppression.
mod export_types {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub struct CsvExport {
        pub(super) text: String,
        pub(super) summary: String,
    }

    #[wasm_bindgen]
    impl CsvExport {
        #[wasm_bindgen(getter)]
        pub fn text(&self) -> String {
            self.text.clone()
        }
        /// The text as UTF-8 bytes, which is what the file saved is: the page makes its download
        /// of them as they are. As a string, the national results (42 MB) were decoded into
        /// JavaScript's UTF-16, copied from the worker, and encoded again for the file.
        #[wasm_bindgen(getter)]
        pub fn bytes(&self) -> js_sys::Uint8Array {
            js_sys::Uint8Array::from(self.text.as_bytes())
        }
        #[wasm_bindgen(getter)]
        pub fn summary(&self) -> String {
            self.summary.clone()
        }
    }
}
