use super::{clip, org_labels};

#[test]
fn clip_cuts_long_text_with_an_ellipsis() {
    assert_eq!(clip("short", 10), "short");
    assert_eq!(clip("exactly ten", 11), "exactly ten");
    assert_eq!(clip("a longer name than fits", 10), "a longer…");
    // Characters, not bytes: never a cut inside a character.
    assert_eq!(clip("ééééééééé", 4), "ééé…");
}

#[test]
fn organisation_labels_keep_the_code_whole() {
    assert_eq!(org_labels("Park Surgery", "A81016", 36), ("Park Surgery (A81016)".to_string(), "Park Surgery (A81016)".to_string()));
    let (shown, full) = org_labels("Borough Road and Nunthorpe Medical Group Practice", "A81029", 36);
    assert_eq!(full, "Borough Road and Nunthorpe Medical Group Practice (A81029)");
    assert!(shown.ends_with("… (A81029)") && shown.chars().count() <= 36, "{shown}");
    assert_eq!(org_labels("", "R0A", 36), ("R0A".to_string(), "R0A".to_string()));
}
