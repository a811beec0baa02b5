//! `cluster_map()`: an SVG map of South East Europe with a numbered marker per page of a type
//! that has a place field, drawn at build time.
//!
//! The country boundaries are in map/see.json, made once from Natural Earth by
//! scripts/make_map_data.mjs (sources and licences in map/SOURCES.md): projected, clipped and
//! simplified there, so this module only places markers with the same projection and writes
//! SVG text. No JavaScript, no tiles, no network. The map is a picture plus links: the same
//! places are listed as text by the template (the `markers` it returns), so nothing is
//! known only from the drawing.

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use tera::{Kwargs, Value};

use super::memo::SiteFunctions;
use super::site_views;
use super::view::Views;
use crate::config::Config;
use crate::content::translit;
use crate::schema::codes;

/// The map data, embedded in the binary.
const MAP_DATA: &str = include_str!("map/see.json");

/// Where the names of the larger countries are written (longitude, latitude), chosen by hand
/// to sit inside each country and clear of the usual cluster cities.
const COUNTRY_LABELS: &[(&str, f64, f64)] = &[
    ("AL", 20.05, 40.75),
    ("AT", 14.3, 47.45),
    ("BA", 17.75, 44.3),
    ("BG", 25.35, 42.75),
    ("GR", 22.1, 39.35),
    ("HR", 15.35, 45.05),
    ("HU", 19.4, 47.15),
    ("IT", 15.6, 41.0),
    ("MD", 28.5, 47.35),
    ("ME", 19.3, 42.75),
    ("MK", 21.35, 41.4),
    ("RO", 25.6, 45.55),
    ("RS", 20.85, 43.95),
    ("SI", 14.75, 46.05),
    ("SK", 19.6, 48.65),
    ("TR", 28.2, 39.6),
    ("UA", 27.0, 49.2),
    ("XK", 20.85, 42.55),
];

#[derive(Deserialize)]
struct MapData {
    projection: Projection,
    width: f64,
    height: f64,
    countries: Vec<Country>,
}

/// A spherical Lambert conformal conic projection scaled onto the frame, as in the script.
#[derive(Deserialize)]
struct Projection {
    lon0: f64,
    lat0: f64,
    lat1: f64,
    lat2: f64,
    x_min: f64,
    y_max: f64,
    scale: f64,
}

#[derive(Deserialize)]
struct Country {
    id: String,
    d: String,
}

impl Projection {
    /// Longitude and latitude to frame units (y down).
    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let quarter = std::f64::consts::FRAC_PI_4;
        let t = |lat: f64| (quarter + lat.to_radians() / 2.0).tan();
        let (phi1, phi2) = (self.lat1.to_radians(), self.lat2.to_radians());
        let n = (phi1.cos() / phi2.cos()).ln() / (t(self.lat2) / t(self.lat1)).ln();
        let f = phi1.cos() * t(self.lat1).powf(n) / n;
        let rho = f / t(lat).powf(n);
        let rho0 = f / t(self.lat0).powf(n);
        let theta = n * (lon - self.lon0).to_radians();
        let (x, y) = (rho * theta.sin(), rho0 - rho * theta.cos());
        ((x - self.x_min) * self.scale, (self.y_max - y) * self.scale)
    }
}

fn map_data() -> Result<&'static MapData, String> {
    static DATA: OnceLock<Result<MapData, String>> = OnceLock::new();
    DATA.get_or_init(|| serde_json::from_str(MAP_DATA).map_err(|e| format!("map/see.json: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// One place on the map, as templates see it.
#[derive(Serialize)]
struct Marker {
    /// The number written on the marker and in the list, from 1.
    number: usize,
    title: String,
    url: String,
    /// The language of the title (the default language on a fallback page).
    lang: String,
    city: Option<String>,
    country: Option<String>,
    lat: f64,
    lon: f64,
    /// Position in the SVG's viewBox.
    x: f64,
    y: f64,
}

/// A page of the type that cannot be drawn: no place given, or a place outside the frame.
#[derive(Serialize)]
struct Unplaced {
    title: String,
    url: String,
    lang: String,
}

/// Registers `cluster_map(type="cluster", field="location", label="…", lang=…)`.
///
/// Returns `{svg, width, height, markers, unplaced}`: `svg` is the map as safe HTML, with one
/// numbered link per page of `type` whose `field` (a `geo` field) lies inside the frame;
/// `markers` lists the same pages with their numbers, in the order of their titles; `unplaced`
/// the pages of the type that have no place on the map. `label` names the map for assistive
/// technology.
pub(super) fn register(functions: &mut SiteFunctions, views: Arc<OnceLock<Views>>, config: &Config) {
    let config = config.clone();
    functions.add(
        "cluster_map",
        move |kwargs: &Kwargs, lang: &str| -> tera::TeraResult<Value> {
            let type_name = kwargs.get::<&str>("type")?.unwrap_or("cluster");
            let field = kwargs.get::<&str>("field")?.unwrap_or("location");
            let label = kwargs.get::<&str>("label")?.unwrap_or("");
            let views = site_views(&views, "cluster_map")?;
            let data = map_data().map_err(tera::Error::message)?;
            Ok(draw(data, views, &config, type_name, field, label, lang))
        },
    );
}

/// The page summaries of `type_name` in `lang`, sorted by title (compared without accents).
pub(super) fn typed_pages<'a>(views: &'a Views, type_name: &str, lang: &str) -> Vec<&'a Value> {
    let mut pages: Vec<&Value> = views
        .page_summaries
        .iter()
        .filter(|p| text(p, "type") == Some(type_name) && text(p, "lang") == Some(lang))
        .collect();
    pages.sort_by_cached_key(|p| {
        let title = text(p, "title").unwrap_or("");
        (deunicode::deunicode(title).to_lowercase(), title.to_string())
    });
    pages
}

/// The value at a dotted path (`fields.city.text`, `items.0`).
pub(super) fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = value;
    for part in path.split('.') {
        current = match part.parse::<usize>() {
            Ok(index) => current.as_array()?.get(index)?,
            Err(_) => current
                .as_map()?
                .iter()
                .find(|(key, _)| key.as_str() == Some(part))
                .map(|(_, v)| v)?,
        };
    }
    Some(current)
}

/// A string at a dotted path of a value.
pub(super) fn text<'a>(value: &'a Value, path: &str) -> Option<&'a str> {
    at(value, path).and_then(Value::as_str)
}

/// A label computed in a language, transliterated when the language is generated from
/// another (Serbian Latin from Cyrillic): the code lists and config labels exist only in the
/// source language.
pub(super) fn in_language(config: &Config, lang: &str, name: impl Fn(&str) -> String) -> String {
    match config.generated_from(lang) {
        Some(source) => translit::to_latin(&name(source)),
        None => name(lang),
    }
}

fn draw(
    data: &MapData,
    views: &Views,
    config: &Config,
    type_name: &str,
    field: &str,
    label: &str,
    lang: &str,
) -> Value {
    let (width, height) = (data.width, data.height);
    let mut markers = Vec::new();
    let mut unplaced = Vec::new();
    for page in typed_pages(views, type_name, lang) {
        let title = text(page, "title").unwrap_or("").to_string();
        let url = text(page, "url").unwrap_or("").to_string();
        let content_lang = text(page, "content_lang").unwrap_or(lang).to_string();
        let geo = at(page, &format!("fields.{field}.geo"))
            .and_then(Value::as_array)
            .and_then(|g| Some((g.first()?.as_f64()?, g.get(1)?.as_f64()?)));
        let placed = geo.map(|(lat, lon)| (lat, lon, data.projection.project(lon, lat)));
        match placed {
            Some((lat, lon, (x, y))) if (0.0..=width).contains(&x) && (0.0..=height).contains(&y) => {
                markers.push(Marker {
                    number: markers.len() + 1,
                    title,
                    url,
                    lang: content_lang,
                    city: text(page, "fields.city.text").map(str::to_string),
                    country: text(page, "fields.country.text").map(str::to_string),
                    lat,
                    lon,
                    x: round(x),
                    y: round(y),
                });
            }
            _ => unplaced.push(Unplaced {
                title,
                url,
                lang: content_lang,
            }),
        }
    }
    let svg = svg(data, config, &markers, label, lang);
    let mut map = tera::Map::new();
    map.insert("svg".into(), Value::safe_string(&svg));
    map.insert("width".into(), Value::from(width));
    map.insert("height".into(), Value::from(height));
    map.insert("markers".into(), Value::from_serializable(&markers));
    map.insert("unplaced".into(), Value::from_serializable(&unplaced));
    Value::from(map)
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn svg(data: &MapData, config: &Config, markers: &[Marker], label: &str, lang: &str) -> String {
    use std::fmt::Write;
    let (width, height) = (data.width, data.height);
    let mut out = String::with_capacity(MAP_DATA.len() + markers.len() * 300);
    // role="group": the map holds links, which role="img" would hide from assistive technology.
    let _ = write!(
        out,
        "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"group\" aria-label=\"{}\">",
        escape(label)
    );
    let _ = write!(
        out,
        "<rect class=\"map__sea\" width=\"{width}\" height=\"{height}\"/><g class=\"map__land\" aria-hidden=\"true\">"
    );
    for country in &data.countries {
        let _ = write!(
            out,
            "<path class=\"map__country map__country--{}\" d=\"{}\"/>",
            country.id.to_lowercase(),
            country.d
        );
    }
    out.push_str("</g><g class=\"map__labels\" aria-hidden=\"true\">");
    for &(code, lon, lat) in COUNTRY_LABELS {
        let (x, y) = data.projection.project(lon, lat);
        let name = in_language(config, lang, |l| {
            codes::countries()
                .get(code)
                .map_or(code.to_string(), |c| c.name(l).to_string())
        });
        // The asterisk refers to the EU's designation footnote, printed under the map.
        let name = if code == "XK" { format!("{name}*") } else { name };
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x,
            y,
            escape(&name)
        );
    }
    out.push_str("</g><g class=\"map__markers\">");
    for marker in markers {
        let place = [marker.city.as_deref(), marker.country.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let name = if place.is_empty() {
            format!("{}. {}", marker.number, marker.title)
        } else {
            format!("{}. {} ({place})", marker.number, marker.title)
        };
        let lang_attr = if marker.lang == lang {
            String::new()
        } else {
            format!(" lang=\"{0}\" hreflang=\"{0}\"", escape(&marker.lang))
        };
        let _ = write!(
            out,
            "<a class=\"map__link\" href=\"{url}\"{lang_attr} aria-label=\"{name}\">\
             <title>{name}</title>\
             <circle class=\"map__halo\" cx=\"{x}\" cy=\"{y}\" r=\"20\"/>\
             <circle class=\"map__marker\" cx=\"{x}\" cy=\"{y}\" r=\"14\"/>\
             <text class=\"map__number\" x=\"{x}\" y=\"{y}\" dy=\"5.5\">{number}</text></a>",
            url = escape(&marker.url),
            name = escape(&name),
            x = marker.x,
            y = marker.y,
            number = marker.number,
        );
    }
    out.push_str("</g></svg>");
    out
}

/// Escapes text for HTML and SVG text and attributes.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_parses_and_the_area_fits_the_frame() {
        let data = map_data().expect("map data");
        assert!(data.countries.iter().any(|c| c.id == "XK"));
        assert!(data.countries.iter().any(|c| c.id == "MK"));
        for (lon, lat) in [
            (12.0, 34.0),
            (30.0, 34.0),
            (12.0, 50.0),
            (30.0, 50.0),
            (21.0, 42.0),
        ] {
            let (x, y) = data.projection.project(lon, lat);
            assert!((-0.5..=data.width + 0.5).contains(&x), "{lon} {lat}: x {x}");
            assert!((-0.5..=data.height + 0.5).contains(&y), "{lon} {lat}: y {y}");
        }
    }
}
