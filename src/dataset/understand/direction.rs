//! Which direction is better, from what a measure is called: delays, breaches and deaths are
//! better low; "seen within four hours", screening and vaccination better high. A name that says
//! neither gets no judgement (so nobody is "worse"), and a choice, never an assumed "higher is
//! better", which turns the lists of concerns upside down for a delay.

use serde_json::Value;

use super::{text, Choice};
use crate::dataset::columns::normalise;
use crate::dataset::IndicatorData;
use crate::options::Options;
use crate::stats::Polarity;

/// Words of something bad: fewer is better.
const LOWER_WORDS: &[&str] = &[
    "delay",
    "delays",
    "delayed",
    "breach",
    "breaches",
    "wait",
    "waits",
    "waiting",
    "waited",
    "avoidable",
    "mortality",
    "death",
    "deaths",
    "died",
    "dta",
    "readmission",
    "readmissions",
    "diverts",
    "closures",
    "closed",
    "norovirus",
    "harm",
    "harms",
    "falls",
    "infection",
    "infections",
    "complaints",
    "handover",
    "late",
    "cancelled",
    "cancellations",
    "emergency",
    "unplanned",
    "overdue",
    "missed",
];
/// Words of something good: more is better.
const HIGHER_WORDS: &[&str] = &[
    "within",
    "screened",
    "screening",
    "controlled",
    "vaccinated",
    "vaccination",
    "vaccinations",
    "immunised",
    "immunisation",
    "immunisations",
    "coverage",
    "uptake",
    "achievement",
    "achieved",
    "treated",
    "reviewed",
    "offered",
    "received",
    "recovery",
    "recovered",
    "satisfied",
    "satisfaction",
    "timely",
    "completed",
];

/// The direction a measure's name says, with the word that says it.
pub fn from_name(name: &str) -> Option<(Polarity, String)> {
    let normalised = normalise(name);
    let words: Vec<&str> = normalised.split(' ').collect();
    // "seen within 4 hours" and "on time" say good even beside a bad word ("4 hours").
    if normalised.contains("on time") {
        return Some((Polarity::HigherIsBetter, "on time".into()));
    }
    if let Some(w) = words.iter().find(|w| HIGHER_WORDS.contains(w)) {
        return Some((Polarity::HigherIsBetter, w.to_string()));
    }
    // "over4hr", "over 4 hours", "12hr": time beyond a standard.
    let over_time = words
        .windows(2)
        .find(|p| p[0] == "over" && p[1].starts_with(|c: char| c.is_ascii_digit()))
        .map(|p| p.join(" "))
        .or_else(|| words.iter().find(|w| w.starts_with("over") && w[4..].starts_with(|c: char| c.is_ascii_digit())).map(|w| w.to_string()));
    if let Some(words) = over_time {
        return Some((Polarity::LowerIsBetter, words));
    }
    words.iter().find(|w| LOWER_WORDS.contains(w)).map(|w| (Polarity::LowerIsBetter, w.to_string()))
}

/// Per indicator, its direction: from its settings, from the options, or from its name; and the
/// choices made from names.
pub fn directions(indicators: &[IndicatorData], options: &Options) -> (Vec<Polarity>, Vec<Choice>) {
    let mut choices = Vec::new();
    let mut silent = Vec::new();
    let polarities = indicators
        .iter()
        .map(|data| {
            if let Some(p) = data.polarity.or(options.polarity.map(Polarity::from)) {
                return p;
            }
            // A complement counts the rest: "attendances − over 4 hours" is good when high.
            let judged = if data.complement { from_name(&data.id).map(|(p, w)| (flip(p), w)) } else { from_name(&data.name).or_else(|| from_name(&data.id)) };
            match judged {
                Some((p, word)) => {
                    let rest = if data.complement { ", and the measure is the rest (denominator − numerator)" } else { "" };
                    choices.push(choice(&format!("indicators.{}.polarity", data.id), &data.name, p, format!("The name says \"{word}\"{rest}.")));
                    p
                }
                None => {
                    silent.push(data.name.clone());
                    Polarity::NoJudgement
                }
            }
        })
        .collect();
    if !silent.is_empty() {
        let names = crate::error::list(&silent);
        choices.push(choice(
            "polarity",
            &names,
            Polarity::NoJudgement,
            format!(
                "Nothing in the name of {names} says whether higher or lower is better, so no organisation is called better or worse, and there are no learning pairs. Choose the direction to judge them."
            ),
        ));
    }
    (polarities, choices)
}

fn flip(p: Polarity) -> Polarity {
    match p {
        Polarity::HigherIsBetter => Polarity::LowerIsBetter,
        Polarity::LowerIsBetter => Polarity::HigherIsBetter,
        Polarity::NoJudgement => Polarity::NoJudgement,
    }
}

fn choice(option: &str, about: &str, chosen: Polarity, reason: String) -> Choice {
    Choice {
        option: option.into(),
        about: format!("Which direction is better for {about}"),
        chosen: Value::String(crate::report::polarity_str(chosen).into()),
        alternatives: vec![
            text("higher_is_better", "Higher is better".into(), None),
            text("lower_is_better", "Lower is better".into(), None),
            text("no_judgement", "Neither (no judgement)".into(), None),
        ],
        reason,
    }
}
