//! The page's table files (`web/static/text/<lang>.json`) against the compiled tables, and the
//! lookups with tables supplied at run time (`cargo test -p tlsim-text --no-default-features`).
//!
//! The files are generated: after editing `en.rs`, `ko.rs`, `msg_en.rs` or `msg_ko.rs`, run
//! `TLSIM_WRITE_TEXTS=1 cargo test -p tlsim-text --lib supply_tests` to rewrite them.

use crate::*;

/// The committed table file of `lang`.
fn file_path(lang: Lang) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../web/static/text")
        .join(format!("{}.json", lang.code()))
}

#[cfg(feature = "embedded")]
#[test]
fn the_page_files_are_the_tables() {
    let write = std::env::var_os("TLSIM_WRITE_TEXTS").is_some_and(|v| v == "1");
    let version_rs = format!(
        "//! Generated with the page's table files (`supply_tests`): do not edit.\n\n\
         /// The version of the tables (see `supply.rs`).\n\
         pub const TABLES_VERSION: &str = \"{}\";\n",
        tables_hash()
    );
    let version_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/version.rs");
    if write {
        std::fs::write(&version_path, &version_rs).expect("write version.rs");
        // The const compiled into this run is the old one: the next run checks it.
        return write_files();
    }
    assert_eq!(
        TABLES_VERSION,
        tables_hash(),
        "src/version.rs is stale: run TLSIM_WRITE_TEXTS=1 cargo test -p tlsim-text --lib supply_tests"
    );
    for lang in Lang::ALL {
        let want = to_json(lang);
        let path = file_path(lang);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} differs from the tables of tlsim-text: run TLSIM_WRITE_TEXTS=1 cargo test -p tlsim-text --lib supply_tests",
            path.display()
        );
        // And it reads back as exactly the tables, in order.
        let (texts, msgs) = parse(lang, &have).expect("the file parses");
        let own = |p: &[(&str, &str)]| -> Vec<(String, String)> {
            p.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(texts, own(table(lang)), "{lang} texts");
        assert_eq!(msgs, own(msg_table(lang)), "{lang} msgs");
        // Installing over the compiled tables changes nothing.
        assert_eq!(install(lang, &have), Ok(()));
        assert!(is_loaded(lang));
    }
}

/// Rewrite the page's table files from the tables.
#[cfg(feature = "embedded")]
fn write_files() {
    for lang in Lang::ALL {
        let path = file_path(lang);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&path, to_json(lang)).expect("write the table file");
    }
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    assert!(matches!(
        parse(Lang::En, "<!doctype html><p>not found</p>"),
        Err(TablesError::Malformed { line: 1, .. })
    ));
    assert!(matches!(
        parse(
            Lang::En,
            "{\"lang\":\"en\",\"texts\":[[\"a\"]],\"msgs\":[]}"
        ),
        Err(TablesError::Malformed { .. })
    ));
    assert_eq!(
        parse(
            Lang::Ko,
            "{\"lang\":\"en\",\"version\":\"\",\"texts\":[[\"a\",\"b\"]],\"msgs\":[]}"
        ),
        Err(TablesError::WrongLanguage {
            expected: Lang::Ko,
            found: "en".into()
        })
    );
    assert_eq!(
        parse(
            Lang::En,
            "{\"lang\":\"en\",\"version\":\"\",\"texts\":[],\"msgs\":[]}"
        ),
        Err(TablesError::Empty)
    );
    assert_eq!(
        parse(
            Lang::En,
            "{\"lang\":\"en\",\"version\":\"old\",\"texts\":[[\"a\",\"b\"]],\"msgs\":[]}"
        ),
        Err(TablesError::Stale {
            found: "old".into()
        })
    );
    // A refused file installs nothing.
    assert!(install(Lang::Ko, "").is_err());
}

/// One test, because the tables are global: before, while only Korean is in, then both.
#[cfg(not(feature = "embedded"))]
#[test]
fn run_time_tables_install_once_and_fall_back() {
    use tlsim_core::msg::MsgKey;
    let read = |l: Lang| std::fs::read_to_string(file_path(l)).expect("the committed file");
    // Nothing installed: every key shows as itself, no panic.
    assert!(!is_loaded(Lang::En) && !is_loaded(Lang::Ko));
    assert_eq!(t(Lang::En, "app.title"), "app.title");
    assert_eq!(t(Lang::Ko, "ui.play"), "ui.play");
    assert!(table(Lang::Ko).is_empty() && msg_table(Lang::Ko).is_empty());
    assert!(!has(Lang::En, "ui.play"));

    // Korean only (a page opened with lang=ko).
    install(Lang::Ko, &read(Lang::Ko)).expect("ko installs");
    assert!(is_loaded(Lang::Ko) && !is_loaded(Lang::En));
    assert_eq!(t(Lang::Ko, "ui.play"), "재생");
    assert_eq!(t(Lang::Ko, "no.such.key"), "no.such.key");
    assert_eq!(t(Lang::En, "ui.play"), "ui.play");
    let any = MsgKey::all()[0];
    assert_ne!(template(Lang::Ko, any), any.name());
    assert_ne!(
        alert_meaning(
            Lang::Ko,
            tlsim_core::error::AlertDescription::BadCertificate
        ),
        t(Lang::Ko, "alert.unknown"),
        "an alert's meaning does not need the English table"
    );

    // Then English (the switch): fallbacks now reach it.
    install(Lang::En, &read(Lang::En)).expect("en installs");
    assert_eq!(t(Lang::En, "ui.play"), "Play");
    assert_eq!(keys().next(), Some("app.title"));
    // A second install of the same language keeps the first.
    let before = table(Lang::En).as_ptr();
    install(Lang::En, &read(Lang::En)).expect("again");
    assert_eq!(table(Lang::En).as_ptr(), before);
}
