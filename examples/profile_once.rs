fn main() {
    let bytes = std::fs::read("bench/data/qof_2223_prevalence_by_practice_long.csv").unwrap();
    let options = allteach::Options::from_json(r#"{"columns":{"code":"PRACTICE_CODE","indicator":"GROUP_CODE","numerator":"REGISTER","denominator":"PRACTICE_LIST_SIZE"},"polarity":"no_judgement"}"#).unwrap();
    let a = allteach::analyse(&bytes, &options).unwrap();
    println!("{}", a.indicators.len());
}
