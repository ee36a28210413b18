//! Where a catalog named in the address may come from.
//!
//! A link can name a catalog by its address (`?src=https://…/catalog.json`).
//! So that nobody can show forged procedures under a site's address, such a
//! catalog is accepted only from the site's own origin or from an origin the
//! deployer lists in `config.json`, published next to the app:
//!
//! ```json
//! { "catalog_origins": ["https://intranet.example.org"] }
//! ```
//!
//! This module reads that file and decides; fetching is the app's job.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The site's configuration file, relative to the app.
pub const CONFIG_FILE: &str = "config.json";

/// What `config.json` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Origins (`https://host[:port]`) besides the site's own that catalogs
    /// named in the address may come from.
    #[serde(default)]
    pub catalog_origins: Vec<String>,
}

/// Why `config.json` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// Not JSON, or not the file's shape.
    Syntax(String),
    /// The file could not be fetched (an answer other than "not found").
    Unreachable(String),
    /// An entry of `catalog_origins` is not an origin.
    NotAnOrigin {
        /// The entry as written.
        entry: String,
        /// What an origin looks like, or what to write instead.
        hint: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Syntax(message) => write!(
                f,
                "{CONFIG_FILE} is not valid: {message}; it must be {{\"catalog_origins\": [\"https://host\"]}}"
            ),
            ConfigError::Unreachable(message) => {
                write!(f, "{CONFIG_FILE} could not be fetched: {message}")
            }
            ConfigError::NotAnOrigin { entry, hint } => write!(
                f,
                "{CONFIG_FILE} lists “{entry}” under catalog_origins, which is not an origin: {hint}"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl SiteConfig {
    /// Reads and checks `config.json`; origins come back in their canonical
    /// form (lowercase, no default port).
    pub fn parse(bytes: &[u8]) -> Result<SiteConfig, ConfigError> {
        let mut config: SiteConfig =
            serde_json::from_slice(bytes).map_err(|e| ConfigError::Syntax(e.to_string()))?;
        for entry in &mut config.catalog_origins {
            *entry = canonical_origin(entry)?;
        }
        Ok(config)
    }
}

/// An entry of `catalog_origins` in canonical form, or why it is not an origin.
fn canonical_origin(entry: &str) -> Result<String, ConfigError> {
    let wrong = |hint: &str| ConfigError::NotAnOrigin {
        entry: entry.to_owned(),
        hint: hint.to_owned(),
    };
    if entry.trim() == "*" {
        return Err(wrong(
            "list each origin; a wildcard would let anyone show their procedures under this site's address",
        ));
    }
    // A lone trailing slash is forgiven; any other path, query or fragment is not.
    let written = entry.trim();
    let written = written.strip_suffix('/').unwrap_or(written);
    let origin = origin(written).ok_or_else(|| {
        wrong("write the scheme and host, with the port if any, e.g. https://intranet.example.org")
    })?;
    if authority_end(written) != written.len() {
        return Err(wrong("an origin has no path, query or fragment"));
    }
    Ok(origin)
}

/// Byte index where the authority of the absolute URL `url` ends.
fn authority_end(url: &str) -> usize {
    let start = url.find("//").map_or(0, |i| i + 2);
    url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i)
}

/// The origin of an absolute `http:` or `https:` URL: `scheme://host[:port]`,
/// lowercase, without the scheme's default port. `None` for anything else.
pub fn origin(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let rest = rest.strip_prefix("//")?;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('\\') || authority.chars().any(char::is_whitespace) {
        return None;
    }
    // Credentials come before the last `@`; the host after it.
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = match host_port.rfind(':') {
        // A colon inside brackets belongs to an IPv6 address.
        Some(i) if !host_port[i..].contains(']') => (&host_port[..i], Some(&host_port[i + 1..])),
        _ => (host_port, None),
    };
    if host.is_empty() || (host.starts_with('[') != host.ends_with(']')) {
        return None;
    }
    let port = match port {
        None | Some("") => None,
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => {
            let number: u32 = p.parse().ok()?;
            if number > 65_535 {
                return None;
            }
            let number = number.to_string();
            (number != default_port).then_some(number)
        }
        Some(_) => return None,
    };
    let host = host.to_ascii_lowercase();
    Some(match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

/// Why a catalog named in the address is not shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not an `http:` or `https:` address.
    NotWeb {
        /// The address as resolved.
        url: String,
    },
    /// From an origin the site does not list.
    OtherOrigin {
        /// The address as resolved.
        url: String,
        /// Its origin.
        origin: String,
        /// The site's own origin.
        site: String,
    },
    /// From another origin, and the site's list cannot be read.
    ConfigUnusable {
        /// The address as resolved.
        url: String,
        /// Its origin.
        origin: String,
        /// What is wrong with `config.json`.
        problem: String,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotWeb { url } => write!(
                f,
                "The catalog address {url} was refused: a catalog must be an http or https address."
            ),
            Refusal::OtherOrigin { url, origin, site } => write!(
                f,
                "The catalog at {url} was refused: it comes from {origin}, and this site ({site}) shows catalogs named in the address only from itself or from the origins listed under catalog_origins in its {CONFIG_FILE}."
            ),
            Refusal::ConfigUnusable {
                url,
                origin,
                problem,
            } => write!(
                f,
                "The catalog at {url} was refused: it comes from {origin}, and this site's {CONFIG_FILE}, which lists the other origins it accepts catalogs from, cannot be used ({problem})."
            ),
        }
    }
}

impl std::error::Error for Refusal {}

/// Whether the catalog at `url` (absolute) may be shown on the site whose
/// origin is `site`, given the site's configuration (or why it cannot be read).
pub fn check_source(
    url: &str,
    site: &str,
    config: &Result<SiteConfig, ConfigError>,
) -> Result<(), Refusal> {
    let Some(from) = origin(url) else {
        return Err(Refusal::NotWeb {
            url: url.to_owned(),
        });
    };
    if origin(site).as_deref() == Some(from.as_str()) {
        return Ok(());
    }
    match config {
        Ok(config) if config.catalog_origins.contains(&from) => Ok(()),
        Ok(_) => Err(Refusal::OtherOrigin {
            url: url.to_owned(),
            origin: from,
            site: site.to_owned(),
        }),
        Err(problem) => Err(Refusal::ConfigUnusable {
            url: url.to_owned(),
            origin: from,
            problem: problem.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../public/config.json");
    const SITE: &str = "https://catalog.example-hospital.org";

    fn listing(origins: &[&str]) -> Result<SiteConfig, ConfigError> {
        Ok(SiteConfig {
            catalog_origins: origins.iter().map(|o| o.to_string()).collect(),
        })
    }

    #[test]
    fn origins_are_scheme_host_and_port_without_the_default_port() {
        assert_eq!(
            origin("https://Intranet.Example.org/a/b.json?x=1#y").as_deref(),
            Some("https://intranet.example.org")
        );
        assert_eq!(
            origin("http://127.0.0.1:4204/x.json").as_deref(),
            Some("http://127.0.0.1:4204")
        );
        assert_eq!(
            origin("https://example.org:443/").as_deref(),
            Some("https://example.org")
        );
        assert_eq!(
            origin("http://example.org:80").as_deref(),
            Some("http://example.org")
        );
        assert_eq!(
            origin("http://[::1]:8080/c.json").as_deref(),
            Some("http://[::1]:8080")
        );
        assert_eq!(
            origin("http://[::1]/c.json").as_deref(),
            Some("http://[::1]")
        );
        // The host is what follows the credentials.
        assert_eq!(
            origin("https://catalog.example-hospital.org@evil.example/x.json").as_deref(),
            Some("https://evil.example")
        );
    }

    #[test]
    fn only_web_addresses_have_an_origin() {
        for url in [
            "javascript:alert(1)",
            "data:application/json,{}",
            "file:///etc/passwd",
            "catalogs/spine.json",
            "//evil.example/x.json",
            "https:evil.example",
            "https://",
            "https://:443/",
            "https://host:99999/",
            "https://host:12ab/",
            "https://ho st/",
            "https://evil.example\\@good.example/",
        ] {
            assert_eq!(origin(url), None, "{url}");
        }
    }

    #[test]
    fn the_site_itself_is_always_accepted() {
        assert_eq!(
            check_source(&format!("{SITE}/catalogs/spine.json"), SITE, &listing(&[])),
            Ok(())
        );
        // Even when config.json cannot be read.
        assert_eq!(
            check_source(
                &format!("{SITE}/catalogs/mine.json"),
                SITE,
                &Err(ConfigError::Syntax("x".into()))
            ),
            Ok(())
        );
    }

    #[test]
    fn listed_origins_are_accepted_and_no_others() {
        let config = listing(&["https://intranet.example.org"]);
        assert_eq!(
            check_source("https://intranet.example.org/c.json", SITE, &config),
            Ok(())
        );
        let refused =
            check_source("https://intranet.example.org:8443/c.json", SITE, &config).unwrap_err();
        assert_eq!(
            refused,
            Refusal::OtherOrigin {
                url: "https://intranet.example.org:8443/c.json".into(),
                origin: "https://intranet.example.org:8443".into(),
                site: SITE.into(),
            }
        );
        // Another scheme is another origin.
        assert!(check_source("http://intranet.example.org/c.json", SITE, &config).is_err());
        // A look-alike host is another origin.
        assert!(
            check_source(
                "https://intranet.example.org.evil.example/c.json",
                SITE,
                &config
            )
            .is_err()
        );
    }

    #[test]
    fn the_refusal_names_the_address_its_origin_and_the_config_file() {
        let message = check_source("https://evil.example/forged.json", SITE, &listing(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("https://evil.example/forged.json"),
            "{message}"
        );
        assert!(
            message.contains("comes from https://evil.example"),
            "{message}"
        );
        assert!(message.contains("catalog_origins"), "{message}");
        assert!(message.contains("config.json"), "{message}");
        let message = check_source("javascript:alert(1)", SITE, &listing(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("must be an http or https address"),
            "{message}"
        );
    }

    #[test]
    fn an_unreadable_config_refuses_every_other_origin_and_says_why() {
        let config = SiteConfig::parse(br#"{"catalog_origins": "https://intranet.example.org"}"#);
        let message = check_source("https://intranet.example.org/c.json", SITE, &config)
            .unwrap_err()
            .to_string();
        assert!(message.contains("config.json is not valid"), "{message}");
        assert!(message.contains("cannot be used"), "{message}");
    }

    #[test]
    fn config_entries_must_be_origins() {
        let parsed = SiteConfig::parse(
            br#"{"catalog_origins": ["HTTPS://Intranet.Example.org:443/", "http://10.0.0.5:8080"]}"#,
        )
        .unwrap();
        assert_eq!(
            parsed.catalog_origins,
            ["https://intranet.example.org", "http://10.0.0.5:8080"]
        );
        for (entry, hint) in [
            ("*", "a wildcard"),
            ("intranet.example.org", "write the scheme and host"),
            ("https://intranet.example.org/catalogs/", "no path"),
            ("https://intranet.example.org?x", "no path, query"),
            ("ftp://intranet.example.org", "write the scheme and host"),
        ] {
            let text = format!(r#"{{"catalog_origins": ["{entry}"]}}"#);
            let error = SiteConfig::parse(text.as_bytes()).unwrap_err();
            assert!(
                matches!(&error, ConfigError::NotAnOrigin { entry: e, .. } if e == entry),
                "{entry}: {error:?}"
            );
            assert!(error.to_string().contains(hint), "{entry}: {error}");
        }
        assert!(matches!(
            SiteConfig::parse(br#"{"catalog_origin": []}"#),
            Err(ConfigError::Syntax(_))
        ));
    }

    #[test]
    fn the_shipped_config_lists_no_other_origin() {
        assert_eq!(
            SiteConfig::parse(SHIPPED.as_bytes()),
            Ok(SiteConfig::default())
        );
    }
}
