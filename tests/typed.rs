//! Typed content: fields checked and shown in the page's language, taxonomy terms from
//! fields, references and backlinks.

mod common;

use common::SiteTest;

#[test]
fn typed_fields_reach_templates_as_facts_in_the_page_language() {
    let site = SiteTest::fixture("typed").file(
        "templates/page.html",
        "{{ page.type }}|{{ page.type_label }}|{% for f in page.facts %}{{ f.label }}={{ f.text }};{% endfor %}\
         |{% for g in page.backlinks %}{{ g.label }}:{% for p in g.pages %}{{ p.title }}@{{ p.url }}{% endfor %}{% endfor %}\
         |{% if page.fields.evidence %}{{ page.fields.evidence.html | safe }}{% endif %}",
    );
    let built = site.build().ok();
    built.assert_contains(
        "clusters/danube-ict/index.html",
        &[
            "cluster|Cluster|Country=Serbia;Region=RS12 Autonomous Province of Vojvodina;City=Novi Sad;Location=45.2671, 19.8335;\
             Sectors=J Information and communication, 62 Computer programming, consultancy and related activities;\
             Industrial ecosystems=Digital;Label=ESCA Gold label;SME members=83;Founded=2011;\
             Website=danube-ict.example.org;Contact=hello@danube-ict.example.org;\
             Themes=Digital transformation, Green transition;",
            "|Case study:Innovation vouchers in Vojvodina@/case-studies/vouchers/",
        ],
    );
    built.assert_contains(
        "ro/clusters/danube-ict/index.html",
        &[
            "cluster|Cluster|Țara=Serbia;",
            "Transformare digitală",
            "Studiu de caz:Vouchere de inovare în Voivodina@/ro/case-studies/vouchers/",
        ],
    );
    built.assert_contains(
        "case-studies/vouchers/index.html",
        &[
            "<p>Forty <strong>firms</strong> used a voucher.</p>",
            "Clusters involved=Danube ICT Cluster;",
        ],
    );
    built.assert_contains(
        "training/s3/intro/index.html",
        &["module|Module|Learning objectives=Explain entrepreneurial discovery;"],
    );
}

#[test]
fn sections_can_be_typed_and_fields_feed_taxonomies() {
    let site = SiteTest::fixture("typed").file(
        "templates/section.html",
        "{{ section.type }}|{% for f in section.facts %}{{ f.name }}={{ f.text }};{% endfor %}",
    );
    let built = site.build().ok();
    built.assert_contains(
        "training/s3/index.html",
        &["training_pack|audience=Regional agencies, Cluster managers;duration_hours=6.5;"],
    );
    // The country field classifies pages under the countries taxonomy, by code, named per language.
    built.assert_contains(
        "countries/rs/index.html",
        &["Danube ICT Cluster", "Innovation vouchers in Vojvodina"],
    );
    built.assert_contains("themes/green/index.html", &["Danube ICT Cluster"]);
    built.assert_contains("ro/themes/digital/index.html", &["Clusterul TIC Dunărea"]);
}

/// The front matter of a fixture file as JSON, for comparing with the exports.
fn front_matter(path: &str) -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(common::fixtures_dir().join(path)).unwrap();
    let toml_text = text.split("+++").nth(1).unwrap();
    let table: toml::Table = toml::from_str(toml_text).unwrap();
    table
        .into_iter()
        .map(|(k, v)| (k, policylab::render::toml_to_json(&v)))
        .collect()
}

#[test]
fn exports_round_trip_the_fixture_data() {
    let site = SiteTest::fixture("typed");
    let built = site.build().ok();
    let clusters: Vec<serde_json::Value> = serde_json::from_str(&built.read("data/clusters.json")).unwrap();
    assert_eq!(clusters.len(), 1, "one record per page of the default language");
    let record = clusters[0].as_object().unwrap();
    let source = front_matter("typed-base/content/clusters/danube-ict.md");
    for (key, value) in &source {
        assert_eq!(record.get(key), Some(value), "field {key} round-trips");
    }
    let keys: Vec<&str> = record.keys().map(String::as_str).collect();
    assert_eq!(
        &keys[..6],
        ["id", "url", "title", "description", "date", "updated"]
    );
    assert_eq!(record["url"], "https://example.eu/clusters/danube-ict/");

    let cases: Vec<serde_json::Value> = serde_json::from_str(&built.read("data/case-studies.json")).unwrap();
    let source = front_matter("typed/content/case-studies/vouchers.md");
    for (key, value) in &source {
        assert_eq!(
            cases[0].get(key),
            Some(value),
            "case study field {key} round-trips"
        );
    }

    let csv_text = built.read("data/clusters.csv");
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[6..10],
        ["country", "country_label", "region", "region_label"]
    );
    assert!(header.contains(&"location_lat".to_string()) && header.contains(&"location_lon".to_string()));
    let row: Vec<String> = csv
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    let cell = |name: &str| row[header.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(
        (cell("country"), cell("country_label")),
        ("RS".into(), "Serbia".into())
    );
    assert_eq!(
        (cell("location_lat"), cell("location_lon")),
        ("45.2671".into(), "19.8335".into())
    );
    assert_eq!(cell("sectors"), "J; 62");
    assert_eq!(cell("themes_label"), "Digital transformation; Green transition");

    let geo: serde_json::Value = serde_json::from_str(&built.read("data/clusters.geojson")).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(
        geo["features"][0]["geometry"]["coordinates"],
        serde_json::json!([19.8335, 45.2671])
    );
    assert_eq!(
        geo["features"][0]["properties"]["contact"],
        "hello@danube-ict.example.org"
    );
    assert!(
        !built.exists("data/case-studies.geojson"),
        "no place field, no GeoJSON"
    );

    let catalog: serde_json::Value = serde_json::from_str(&built.read("data/catalog.jsonld")).unwrap();
    assert_eq!(catalog["@type"], "dcat:Catalog");
    let datasets = catalog["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 3, "clusters, case studies, events");
    assert_eq!(
        datasets[0]["dcat:distribution"].as_array().unwrap().len(),
        3,
        "JSON, CSV and GeoJSON"
    );
    let schema: serde_json::Value = serde_json::from_str(&built.read("data/clusters.schema.json")).unwrap();
    assert_eq!(schema["properties"]["country"]["title"], "Country");
}

#[test]
fn typed_pages_carry_schema_org_json_ld() {
    let site = SiteTest::fixture("typed")
        .file("templates/page.html", "{{ page.jsonld | safe }}")
        .file("templates/section.html", "{{ section.jsonld | safe }}");
    let built = site.build().ok();
    let json = |path: &str| -> serde_json::Value { serde_json::from_str(&built.read(path)).unwrap() };
    let cluster = json("clusters/danube-ict/index.html");
    assert_eq!(cluster["@type"], "Organization");
    assert_eq!(cluster["name"], "Danube ICT Cluster");
    assert_eq!(cluster["url"], "https://example.eu/clusters/danube-ict/");
    assert_eq!(
        cluster["address"],
        serde_json::json!({ "@type": "PostalAddress", "addressCountry": "RS", "addressLocality": "Novi Sad" })
    );
    assert_eq!(
        cluster["geo"],
        serde_json::json!({ "@type": "GeoCoordinates", "latitude": 45.2671, "longitude": 19.8335 })
    );
    assert_eq!(cluster["email"], "hello@danube-ict.example.org");
    let case = json("case-studies/vouchers/index.html");
    assert_eq!(case["@type"], "Report");
    assert_eq!(case["headline"], "Innovation vouchers in Vojvodina");
    assert_eq!(case["datePublished"], "2026-02-01");
    assert_eq!(
        case["mentions"][0],
        serde_json::json!({ "@type": "Organization", "name": "Danube ICT Cluster", "url": "https://example.eu/clusters/danube-ict/" })
    );
    let event = json("events/forum/index.html");
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["startDate"], "2026-05-12");
    let pack = json("training/s3/index.html");
    assert_eq!(pack["@type"], "Course");
    assert_eq!(pack["timeRequired"], "PT6.5H");
    assert_eq!(pack["hasPart"][0]["name"], "What is S3?");
    assert_eq!(pack["hasPart"][0]["@type"], "LearningResource");
    let module = json("training/s3/intro/index.html");
    assert_eq!(module["@type"], "LearningResource");
}
