//! Which option a refusal is about. serde's words say what was wrong ("invalid type: floating
//! point `2.5`, expected usize") but not where; a script's author needs "pairing.capacity".
//! Finding it by taking parts away costs nothing on options that are read, and far less code
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
            Some(path) => format!("{path}: {detail}"),
            None => detail,
        }
    })
}

/// The path (`pairing.capacity`, `columns.context[1]`) to the deepest part whose removal ends
/// the refusal `detail` (or turns it into another that is not a missing field), if any.
fn option_at_fault(whole: &Value, detail: &str) -> Option<String> {
    let mut path: Vec<Step> = Vec::new();
    loop {
        let steps: Vec<Step> = match at(whole, &path)? {
            Value::Object(fields) => fields.keys().cloned().map(Step::Field).collect(),
            Value::Array(items) => (0..items.len()).map(Step::Item).collect(),
            _ => break,
        };
        let cures = |step: &Step| {
            let mut trial = whole.clone();
            match (at_mut(&mut trial, &path), step) {
                (Some(Value::Object(fields)), Step::Field(name)) => drop(fields.remove(name)),
                (Some(Value::Array(items)), Step::Item(i)) => drop(items.remove(*i)),
                _ => return false,
            }
            Options::deserialize(&trial).map_or_else(|e| e.to_string() != detail && !e.to_string().starts_with("missing field"), |_| true)
        };
        match steps.into_iter().find(cures) {
            Some(step) => path.push(step),
            None => break,
        }
    }
    (!path.is_empty()).then(|| written(&path))
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
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected u32", "expected a whole number of 0 or more"),
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
        assert_eq!(refusal(r#"{"pairing":{"capacity":2.5}}"#), "pairing.capacity: invalid type: floating point `2.5`, expected a whole number of 0 or more");
        assert_eq!(refusal(r#"{"peers":{"k":-1},"pairing":{"capacity":2}}"#), "peers.k: invalid value: integer `-1`, expected a whole number of 0 or more");
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
