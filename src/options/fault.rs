//! Which option a refusal is about. serde's words say what was wrong ("invalid type: floating
//! point `2.5`, expected usize") but not where; a script's author needs "pairing.capacity".
//! Finding it by trying each part alone costs nothing on options that are read, and far less code
//! than a path-tracking deserializer (`serde_path_to_error` added 10 kB gzipped to the page).

use serde::Deserialize;
use serde_json::Value;

use super::Options;

/// One step into the options: a field's name or a list's position.
enum Step {
    Field(String),
    Item(usize),
}

/// The options read from their JSON form, or the words for why not, naming the option at fault.
pub(super) fn read(whole: &Value) -> Result<Options, String> {
    Options::deserialize(whole).map_err(|e| {
        let detail = plain(&e.to_string());
        match option_at_fault(whole, &e.to_string()) {
            // Named, an option of several forms needs no enum's name.
            Some(path) if detail.starts_with("data did not match any variant of untagged enum") => format!("{path}: not one of the forms this option takes"),
            Some(path) => format!("{path}: {detail}"),
            None => detail,
        }
    })
}

/// The path (`pairing.capacity`, `columns.context[1]`) to the deepest part that alone, with
/// everything beside it on the way left out, still gives the refusal `detail`, if any. Every
/// option has a default, so leaving one out refuses nothing; with two options at fault, the
/// first is named. Each trial holds one part, so a list of thousands costs thousands of small
/// reads, not thousands of whole ones.
fn option_at_fault(whole: &Value, detail: &str) -> Option<String> {
    let mut path: Vec<Step> = Vec::new();
    loop {
        let here = at(whole, &path)?;
        let (steps, emptied): (Vec<Step>, Value) = match here {
            Value::Object(fields) => (fields.keys().cloned().map(Step::Field).collect(), Value::Object(Default::default())),
            Value::Array(items) => ((0..items.len()).map(Step::Item).collect(), Value::Array(Vec::new())),
            _ => break,
        };
        // The options with only the path so far, its last part emptied: if that is refused
        // alike, the part itself is at fault, not anything in it.
        let mut trial = only_along(whole, &path, emptied);
        // The same path in the trial, where each list holds one item.
        let in_trial: Vec<Step> = path.iter().map(|step| if let Step::Field(name) = step { Step::Field(name.clone()) } else { Step::Item(0) }).collect();
        if Options::deserialize(&trial).is_err_and(|e| e.to_string() == detail) {
            break;
        }
        let alone_refused = |step: &Step| {
            let Some(part) = at(here, std::slice::from_ref(step)) else { return false };
            match (at_mut(&mut trial, &in_trial), step) {
                (Some(Value::Object(fields)), Step::Field(name)) => drop(fields.insert(name.clone(), part.clone())),
                (Some(Value::Array(items)), Step::Item(_)) => items.push(part.clone()),
                _ => return false,
            }
            let same = Options::deserialize(&trial).is_err_and(|e| e.to_string() == detail);
            match at_mut(&mut trial, &in_trial) {
                Some(Value::Object(fields)) => fields.clear(),
                Some(Value::Array(items)) => items.clear(),
                _ => {}
            }
            same
        };
        match steps.into_iter().find(alone_refused) {
            Some(step) => path.push(step),
            None => break,
        }
    }
    (!path.is_empty()).then(|| written(&path))
}

/// `whole` with only the parts along `path` kept, and `last` where the path ends.
fn only_along(whole: &Value, path: &[Step], last: Value) -> Value {
    let Some((step, rest)) = path.split_first() else { return last };
    let inner = at(whole, std::slice::from_ref(step)).map_or(Value::Null, |part| only_along(part, rest, last));
    match step {
        Step::Field(name) => Value::Object([(name.clone(), inner)].into_iter().collect()),
        Step::Item(_) => Value::Array(vec![inner]),
    }
}

fn at<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Field(name) => v.get(name),
        Step::Item(i) => v.get(i),
    })
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Field(name) => v.get_mut(name),
        Step::Item(i) => v.get_mut(i),
    })
}

/// `pairing.capacity`, `columns.context[1]`.
fn written(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            // A name that is not a plain word (a filter's "30-60 mins") in quotes.
            Step::Field(name) if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => out.push_str(&format!("[{}]", Value::from(name.as_str()))),
            Step::Field(name) if out.is_empty() => out.push_str(name),
            Step::Field(name) => out.push_str(&format!(".{name}")),
            Step::Item(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// serde's names of number types in the words a person uses.
fn plain(detail: &str) -> String {
    [
        // In the page's 32-bit wasm a usize is a u32.
        ("expected usize", "expected a whole number from 0 to 4,294,967,295"),
        ("expected u32", "expected a whole number from 0 to 4,294,967,295"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
    ]
    .iter()
    .fold(detail.to_string(), |words, (from, to)| words.replace(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(json: &str) -> String {
        read(&serde_json::from_str(json).expect("JSON")).map(|_| ()).expect_err("refused")
    }

    #[test]
    fn a_refusal_names_the_option_at_fault_in_plain_words() {
        assert_eq!(
            refusal(r#"{"pairing":{"capacity":2.5}}"#),
            "pairing.capacity: invalid type: floating point `2.5`, expected a whole number from 0 to 4,294,967,295"
        );
        assert_eq!(
            refusal(r#"{"peers":{"k":-1},"pairing":{"capacity":2}}"#),
            "peers.k: invalid value: integer `-1`, expected a whole number from 0 to 4,294,967,295"
        );
        // Two options refused in the same words: the first is named.
        assert!(refusal(r#"{"pairing":{"capacity":2.5},"peers":{"k":2.5}}"#).starts_with("pairing.capacity: "));
        // A long list with the bad item last, and a filter's column that is not a plain word.
        let codes: Vec<String> = (0..3_000).map(|i| format!("\"C{i}\"")).chain(["7".to_string()]).collect();
        assert!(refusal(&format!(r#"{{"columns":{{"context":[{}]}}}}"#, codes.join(","))).starts_with("columns.context[3000]: invalid type: integer `7`"));
        assert!(refusal(r#"{"filter":{"30-60 mins":{"x":1}}}"#).starts_with(r#"filter["30-60 mins"]: not one of the forms this option takes"#));
        assert!(refusal(r#"{"columns":{"context":["a",3]}}"#).starts_with("columns.context[1]: invalid type: integer `3`"));
        assert!(refusal(r#"{"pairing":{"capcity":2}}"#).starts_with("pairing.capcity: unknown field `capcity`"));
        assert!(refusal(r#"{"polarity":7}"#).starts_with("polarity: "));
    }

    #[test]
    fn options_that_are_read_are_the_same_as_serde_reads_them() {
        let json = r#"{"columns":{"context":["a"]},"peers":{"k":3},"pairing":{"capacity":2}}"#;
        let value: Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(format!("{:?}", read(&value).expect("read")), format!("{:?}", serde_json::from_value::<Options>(value).expect("read")));
    }
}
