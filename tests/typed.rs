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
