//! The embed builder's core (`core::embed`): the embedded link each choice writes, the frame's
//! address and title, and the snippet with its height listener, hostile text escaped.

use scalemap::core::embed::{embed_link, frame_path, scenario_name, snippet, title, Choice, Page};
use scalemap::core::share::{decode, Theme, View};

// Guards: each page keeps only the options that apply to it: the growth page its part, stage
// (only for one diagram) and quiz; the Learn page the exercise's questions and the link's
// tolerances; the Day and Ranges pages neither; every page embed mode, read-only, theme and id;
// the scenario's values always, the link's own view options never.
#[test]
fn each_page_keeps_its_options() {
    let (link, _) = decode("?v=2&preset=architecture&users=100,10k&view=chart&theme=light&tol=20");
    let c = Choice {
        view: View::Diagram,
        stage: 1,
        quiz: true,
        ask: " peak_rps@2 ".into(),
        theme: Theme::Dark,
        id: "arch".into(),
        ..Choice::default()
    };
    assert_eq!(
        frame_path(&link, &c),
        "?v=3&users=100,10k&embed=1&view=diagram&stage=2&ro=1&theme=dark&quiz=1&id=arch"
    );
    let learn = Choice {
        page: Page::Learn,
        ..c.clone()
    };
    assert_eq!(
        frame_path(&link, &learn),
        "learn/?v=3&users=100,10k&embed=1&ro=1&theme=dark&id=arch&ask=peak_rps@2&tol=20"
    );
    let day = Choice {
        page: Page::Day,
        read_only: false,
        ..c.clone()
    };
    assert_eq!(
        frame_path(&link, &day),
        "day/?v=3&users=100,10k&embed=1&theme=dark&id=arch"
    );
    let table = Choice {
        view: View::Table,
        ..c
    };
    let l = embed_link(&link, &table);
    assert_eq!(l.view.stage, None, "a stage only for one diagram");
    assert_eq!(Page::from_key("ranges"), Some(Page::Ranges));
    assert_eq!(Page::Ranges.path(), "ranges/");
}

// Guards: the title names the scenario actually shown: the pattern's title until a value
// differs, then "Custom scenario, from the …".
#[test]
fn the_title_names_the_scenario_shown() {
    let (plain, _) = decode("?v=2&preset=architecture");
    assert_eq!(scenario_name(&plain), "First microservice architecture");
    let (changed, _) = decode("?v=2&preset=architecture&users=1k");
    assert_eq!(
        scenario_name(&changed),
        "Custom scenario, from the first microservice architecture"
    );
    let day = Choice {
        page: Page::Day,
        ..Choice::default()
    };
    assert_eq!(
        title(&changed, &day),
        "Scalemap, a day of traffic: Custom scenario, from the first microservice architecture"
    );
}

// Guards: the snippet: the iframe with the absolute address and title escaped, the height
// clamped, and the README's listener whose origin check is a JavaScript string that hostile text
// cannot end (quotes, backslashes, `<` escaped); nothing in it runs as markup.
#[test]
fn the_snippet_escapes_hostile_text() {
    let code = snippet(
        "https://h.example/s/?v=2&id=\"><script>alert(1)</script>",
        "https://h.example\"</script><script>alert(2)//",
        "Scalemap: <b>\"x\" & 'y'</b>",
        5,
    );
    assert!(
        code.starts_with("<iframe src=\"https://h.example/s/?v=2&amp;id=&quot;&gt;&lt;script&gt;"),
        "{code}"
    );
    assert!(
        code.contains("title=\"Scalemap: &lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;\""),
        "{code}"
    );
    assert!(
        code.contains("height=\"120\""),
        "clamped to the smallest height: {code}"
    );
    assert!(code.contains(r#"if (event.origin !== "https://h.example\"\u003c/script>\u003cscript>alert(2)//") return;"#), "{code}");
    assert_eq!(
        code.matches("<script>").count(),
        1,
        "one script element: {code}"
    );
    assert_eq!(code.matches("</script>").count(), 1);
    assert!(code.contains("d.type !== \"scalemap:height\""));
    let wrapped = format!(
        "<root>{}</root>",
        code.replace("<script>", "<script><![CDATA[")
            .replace("</script>", "]]></script>")
    );
    let doc = roxmltree::Document::parse(&wrapped).expect("well-formed");
    let iframe = doc
        .descendants()
        .find(|n| n.has_tag_name("iframe"))
        .expect("an iframe");
    assert_eq!(
        iframe.attribute("src"),
        Some("https://h.example/s/?v=2&id=\"><script>alert(1)</script>")
    );
    assert_eq!(
        doc.descendants().filter(|n| n.is_element()).count(),
        3,
        "root, iframe, script"
    );
}
