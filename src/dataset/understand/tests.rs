//! The judgements on small tables shaped like the published files.

use super::*;
use crate::table::read_table;
use serde_json::Value;

fn understood(csv: &str, options: &str) -> Understanding {
    let table = read_table(csv.as_bytes()).expect("a table");
    understand(&table, &Options::from_json(options).expect("options"))
}

fn chosen<'a>(u: &'a Understanding, option: &str) -> Option<&'a Value> {
    u.choices.iter().find(|c| c.option == option).map(|c| &c.chosen)
}

#[test]
fn a_type_column_splitting_each_organisation_month_is_a_breakdown_and_type_1_is_compared() {
    // NHS-R's ae_attendances shape: one row per trust, month and A&E type.
    let csv = "period,org_code,type,attendances,breaches\n\
               2019-03-01,RF4,1,21289,2879\n2019-03-01,RF4,2,813,22\n2019-03-01,RF4,other,2850,12\n\
               2019-03-01,R1H,1,13000,3000\n2019-03-01,R1H,other,900,4\n2019-03-01,Y01,other,400,0\n";
    let u = understood(csv, r#"{"columns":{"numerator":"breaches","denominator":"attendances"}}"#);
    assert_eq!(chosen(&u, "filter.type"), Some(&Value::from("1")));
    let choice = u.choices.iter().find(|c| c.option == "filter.type").unwrap();
    let values: Vec<&Value> = choice.alternatives.iter().map(|a| &a.value).collect();
    assert_eq!(values, [&Value::from("1"), &Value::from("2"), &Value::from("other")], "numbers first, in order");
    assert_eq!(choice.alternatives[0].rows, Some(2));
    // Given by the person, the filter is kept as it is, and still shown with its alternatives.
    let u = understood(csv, r#"{"filter":{"type":"other"},"columns":{"numerator":"breaches","denominator":"attendances"}}"#);
    assert_eq!(chosen(&u, "filter.type"), Some(&Value::from("other")));
    assert_eq!(u.options.filter.len(), 1);
    assert_eq!(u.choices.iter().find(|c| c.option == "filter.type").unwrap().reason, "Chosen in the settings.");
}

#[test]
fn persons_is_compared_and_england_persons_is_the_benchmark_not_england_male() {
    // A Fingertips export: GPs, and England broken down by sex.
    let csv = "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Time period,Value,Count,Denominator\n\
               1,Rate,E92000001,England,England,Male,All ages,2022/23,2,20,1000\n\
               1,Rate,E92000001,England,England,Persons,All ages,2022/23,3,60,2000\n\
               1,Rate,E92000001,England,England,Female,All ages,2022/23,4,40,1000\n\
               1,Rate,A81001,Practice A,GPs,Persons,All ages,2022/23,5,5,1000\n\
               1,Rate,A81002,Practice B,GPs,Persons,All ages,2022/23,1,1,1000\n\
               1,Rate,A81003,Practice C,GPs,Persons,All ages,2022/23,2,4,2000\n";
    let u = understood(csv, "{}");
    assert_eq!(chosen(&u, "filter.Sex"), Some(&Value::from("Persons")));
    assert_eq!(chosen(&u, "filter.Area Type"), Some(&Value::from("GPs")));
    assert_eq!(chosen(&u, "benchmark"), Some(&serde_json::json!({ "code": "E92000001" })));
    let analysis = crate::analyse(csv.as_bytes(), &Options::default()).unwrap();
    let indicator = &analysis.indicators[0];
    assert_eq!(indicator.benchmark.fraction, Some(60.0 / 2000.0), "England Persons, not England Male");
    assert_eq!(indicator.organisations.len(), 3, "practices only");
}

#[test]
fn a_value_ten_thousand_times_count_over_denominator_is_a_rate_per_10000() {
    let csv = "Area Code,Area Name,Value,Count,Denominator\nA1,One,250,25,1000\nA2,Two,1200,120,1000\nA3,Three,80,16,2000\n";
    let u = understood(csv, "{}");
    assert_eq!(chosen(&u, "type"), Some(&Value::from("rate")));
    assert_eq!(u.options.multiplier, Some(10_000.0));
}

#[test]
fn registers_go_over_the_list_qof_uses_for_them() {
    let csv = "PRACTICE_CODE,LIST_SIZE_06OV,LIST_SIZE_17OV,LIST_SIZE_TOTAL,REGISTER_AST,REGISTER_DM,REGISTER_HYP\nA1,950,800,1000,60,70,140\nA2,1900,1700,2000,100,150,300\n";
    let u = understood(csv, "{}");
    let specs = u.options.indicators.as_ref().unwrap();
    let pairs: Vec<(&str, &str)> =
        specs.iter().map(|s| (s.numerator.as_ref().unwrap().names()[0].as_str(), s.denominator.as_ref().unwrap().names()[0].as_str())).collect();
    assert_eq!(pairs, [("REGISTER_AST", "LIST_SIZE_06OV"), ("REGISTER_DM", "LIST_SIZE_17OV"), ("REGISTER_HYP", "LIST_SIZE_TOTAL")]);
    assert_eq!(u.choices[0].alternatives.len(), 2, "or every register over the total list");
}

#[test]
fn many_columns_of_counts_ask_which_rather_than_guess() {
    let csv = "org_code,Diverts,Closures,A&E Attendances,G&A Beds Open\nR1,1,0,300,500\nR2,0,1,200,400\n";
    let question = understood(csv, "{}").question.expect("a question");
    assert_eq!(question.option, "columns.numerator");
    assert!(question.reason.starts_with("Which measure should be compared? The file has 4 columns of counts"), "{}", question.reason);
    // A score, a rank or a quintile is never a count.
    let csv = "org_code,catchment_population,imd_score,imd_rank,deprivation_quintile\nR1,400000,39.0,1,1\nR2,300000,12.5,2,4\n";
    let question = understood(csv, "{}").question.expect("a question");
    assert!(question.reason.contains("one column of counts (\"catchment_population\")"), "{}", question.reason);
    // Named clearly, there is nothing to ask.
    assert!(understood("Code,Numerator,Denominator,Other\nA,1,10,3\nB,2,10,4\n", "{}").question.is_none());
}

#[test]
fn the_direction_comes_from_what_is_measured() {
    use super::direction::from_name;
    use crate::stats::Polarity::*;
    for (name, polarity) in [
        ("handover_delay_over_60_mins out of arriving_by_ambulance", Some(LowerIsBetter)),
        ("over4hr_type1 out of att_type1", Some(LowerIsBetter)),
        ("Attendances over 4hrs Type 1", Some(LowerIsBetter)),
        ("breaches out of attendances", Some(LowerIsBetter)),
        ("Seen within 4 hours out of Type 1 attendances", Some(HigherIsBetter)),
        ("Cervical screening coverage", Some(HigherIsBetter)),
        ("Blood pressure controlled", Some(HigherIsBetter)),
        ("Dementia: QOF prevalence (all ages)", None),
        ("Register out of practice list size", None),
    ] {
        assert_eq!(from_name(name).map(|(p, _)| p), polarity, "{name}");
    }
}
