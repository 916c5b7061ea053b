//! Settings: environment variables over an optional gopy.toml, each checked once at start.
//!
//! Every setting has one name (`GOPY_BIND`) used in the environment, and the same name in
//! lower case without the prefix (`bind`) in gopy.toml. A bad value is refused with a
//! one-line message that names the setting, so an operator never has to guess.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Where the data lives. Chosen by the URL's scheme and nothing else, so that a mistyped
/// PostgreSQL URL is an error instead of quietly becoming an SQLite file name.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path, e.g. sqlite://data/gopy.sqlite3".into());
            }
            if path == ":memory:" || path.starts_with("file:") || path.contains('?') {
                return Err(
                    "only a file path is supported after sqlite:// (no :memory:, no options)"
                        .into(),
                );
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            let rest = raw.split_once("://").map(|(_, r)| r).unwrap_or_default();
            let host_part = rest.split(['/', '?']).next().unwrap_or_default();
            let host = host_part.rsplit('@').next().unwrap_or_default();
            if host.is_empty() {
                return Err(format!("{} has no host", redact_password(raw)));
            }
            return Ok(Self::Postgres(raw.to_string()));
        }
        let scheme = raw.split_once("://").map(|(s, _)| s).unwrap_or("");
        if scheme.is_empty() {
            Err(format!(
                "'{}' has no scheme; use sqlite://PATH or postgres://USER@HOST:PORT/DB",
                redact_password(raw)
            ))
        } else {
            Err(format!(
                "unknown scheme '{scheme}://'; use sqlite://PATH or postgres://USER@HOST:PORT/DB"
            ))
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "SQLite",
            Self::Postgres(_) => "PostgreSQL",
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(p) => write!(f, "sqlite://{}", p.display()),
            Self::Postgres(u) => write!(f, "{}", redact_password(u)),
        }
    }
}

/// postgres://user:secret@host → postgres://user:***@host, for logs and error messages.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// How hard SQLite works to keep a committed transaction on disk. FULL (the default)
/// syncs the write-ahead log at every commit, so an acknowledged comment survives a
/// power cut; NORMAL is faster but may lose the last commits on power loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqliteSync {
    Full,
    Normal,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// The public address, without a trailing slash: used in links that leave the site
    /// (e-mails, feeds) and to decide whether cookies are Secure.
    pub base_url: String,
    /// Load the demo content into an empty database.
    pub demo: bool,
    pub db_pool_size: u32,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    pub sqlite_synchronous: SqliteSync,
    /// Rendered pages kept in memory (0 turns the page cache off).
    pub page_cache_entries: usize,
    /// How often a cached page asks the database whether its draft changed, at most;
    /// changes made through this process are seen at once regardless (see web::cache).
    pub page_recheck_ms: i64,
    /// A draft is "closing soon" when its period ends within this many days.
    pub closing_soon_days: i64,
    /// Not a setting: the test harness turns it on. Every response then carries
    /// `x-gopy-queries`, the statements its request sent to the database.
    pub count_queries: bool,
    pub log: String,
    /// Whether GOPY_BASE_URL was given; if not, the address actually bound is used.
    pub base_url_explicit: bool,
    /// SMTP relay (smtp://, smtp://…?tls=required, smtps://); None writes .eml files.
    pub smtp_url: Option<String>,
    /// The sender of every mail, "Name <address>".
    pub mail_from: String,
    /// The first retry of a failed mail waits this long, doubling up to an hour.
    pub mail_retry_seconds: i64,
    /// How long a mail claimed by a worker is held (see jobs::mail).
    pub mail_lock_seconds: i64,
    pub comment_min_chars: usize,
    pub comment_max_chars: usize,
    /// How long a confirmation link works.
    pub confirm_hours: i64,
    /// Publish confirmed comments without moderation (for demos; off by default).
    pub publish_on_confirm: bool,
    /// Read the client address from X-Forwarded-For (only behind a proxy that sets it).
    pub trust_proxy: bool,
    pub rate_submit_ip: RateQuota,
    pub rate_submit_email: RateQuota,
    pub rate_confirm_ip: RateQuota,
    pub rate_login_ip: RateQuota,
    pub rate_login_account: RateQuota,
    /// The largest attached file staff may upload, in MB.
    pub attachment_max_mb: u64,
    /// Below this much free space in the data directory, /readyz says unavailable.
    pub min_free_mb: u64,
    /// A request body has this long, plus a second per 32 KB it announces, to arrive.
    pub body_seconds: u64,
    /// A staff session ends after this long without a request.
    pub session_idle_minutes: i64,
    /// A staff session ends this long after sign-in, used or not.
    pub session_hours: i64,
    /// Set by an older configuration: no longer used (sessions are kept in the
    /// database), accepted so that such a configuration still starts, and reported.
    pub secret_key_ignored: bool,
    /// Meilisearch (http:// or https://); None searches with the database's own index.
    pub meili_url: Option<String>,
    pub meili_key: Option<String>,
    /// The Meilisearch index this portal uses (several portals may share a server).
    pub meili_index: String,
    pub rate_search_ip: RateQuota,
    /// The most keys (client addresses, mail addresses, account names) each rate
    /// limiter keeps; past it the oldest go first.
    pub rate_max_keys: usize,
}

/// "20/min": so many requests per period, all of which may come at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateQuota {
    pub count: u32,
    pub period: std::time::Duration,
}

impl RateQuota {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let bad = || format!("'{raw}' is not a rate such as 20/min, 100/h or 5/s");
        let (n, unit) = raw.trim().split_once('/').ok_or_else(bad)?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        let secs = match unit.trim() {
            "s" | "sec" | "second" => 1,
            "min" | "minute" => 60,
            "h" | "hour" => 3600,
            "day" | "d" => 86_400,
            _ => return Err(bad()),
        };
        if count == 0 || count > 10_000_000 {
            return Err(bad());
        }
        Ok(RateQuota {
            count,
            period: std::time::Duration::from_secs(secs),
        })
    }
}

impl fmt::Display for RateQuota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.count, self.period.as_secs())
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "configuration error: {}: {}", self.setting, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Every setting the portal knows, with its environment name. gopy.toml uses the same
/// names in lower case without the prefix.
const SETTINGS: &[&str] = &[
    "GOPY_DATABASE_URL",
    "GOPY_BIND",
    "GOPY_DATA_DIR",
    "GOPY_BASE_URL",
    "GOPY_DEMO",
    "GOPY_DB_POOL_SIZE",
    "GOPY_WORKERS",
    "GOPY_SQLITE_SYNCHRONOUS",
    "GOPY_PAGE_CACHE_ENTRIES",
    "GOPY_PAGE_RECHECK_MS",
    "GOPY_CLOSING_SOON_DAYS",
    "GOPY_LOG",
    "GOPY_SMTP_URL",
    "GOPY_MAIL_FROM",
    "GOPY_MAIL_RETRY_SECONDS",
    "GOPY_MAIL_LOCK_SECONDS",
    "GOPY_COMMENT_MIN_CHARS",
    "GOPY_COMMENT_MAX_CHARS",
    "GOPY_CONFIRM_HOURS",
    "GOPY_PUBLISH_ON_CONFIRM",
    "GOPY_TRUST_PROXY",
    "GOPY_RATE_SUBMIT_IP",
    "GOPY_RATE_SUBMIT_EMAIL",
    "GOPY_RATE_CONFIRM_IP",
    "GOPY_RATE_LOGIN_IP",
    "GOPY_RATE_LOGIN_ACCOUNT",
    "GOPY_ATTACHMENT_MAX_MB",
    "GOPY_SECRET_KEY",
    "GOPY_MEILI_URL",
    "GOPY_MEILI_KEY",
    "GOPY_MEILI_INDEX",
    "GOPY_RATE_SEARCH_IP",
    "GOPY_RATE_MAX_KEYS",
    "GOPY_BODY_SECONDS",
    "GOPY_MIN_FREE_MB",
    "GOPY_SESSION_IDLE_MINUTES",
    "GOPY_SESSION_HOURS",
];

/// Variables of ours that are not settings of the portal: where the settings file is,
/// and the password `gopy create-admin` reads.
const NOT_SETTINGS: &[&str] = &["GOPY_CONFIG", "GOPY_ADMIN_PASSWORD"];

impl Config {
    /// Reads the process environment and gopy.toml (from GOPY_CONFIG, or ./gopy.toml when
    /// it exists).
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("GOPY_"))
            .collect();
        let file = match env.get("GOPY_CONFIG") {
            Some(path) => Some(PathBuf::from(path)),
            None => Some(PathBuf::from("gopy.toml")).filter(|p| p.exists()),
        };
        let file_values = match &file {
            Some(path) => read_toml(path)?,
            None => BTreeMap::new(),
        };
        Self::from_values(&merge(file_values, env))
    }

    /// Builds a Config from setting names to raw values (environment names).
    pub fn from_values(values: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        for key in values.keys() {
            if !NOT_SETTINGS.contains(&key.as_str()) && !SETTINGS.contains(&key.as_str()) {
                return Err(err(key, "unknown setting (see README.md for the list)"));
            }
        }
        let get = |k: &str| values.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());

        let data_dir = PathBuf::from(get("GOPY_DATA_DIR").unwrap_or("data"));
        let database_url = match get("GOPY_DATABASE_URL") {
            Some(raw) => DatabaseUrl::parse(raw).map_err(|m| err("GOPY_DATABASE_URL", &m))?,
            None => DatabaseUrl::Sqlite(data_dir.join("gopy.sqlite3")),
        };
        let bind: SocketAddr = get("GOPY_BIND")
            .unwrap_or("127.0.0.1:8080")
            .parse()
            .map_err(|_| {
                err(
                    "GOPY_BIND",
                    &format!(
                        "'{}' is not an IP address and port, e.g. 127.0.0.1:8080",
                        get("GOPY_BIND").unwrap_or_default()
                    ),
                )
            })?;
        let base_url = match get("GOPY_BASE_URL") {
            Some(raw) => parse_base_url(raw).map_err(|m| err("GOPY_BASE_URL", &m))?,
            None => format!("http://{bind}"),
        };
        Ok(Config {
            database_url,
            bind,
            data_dir,
            base_url,
            demo: parse_bool("GOPY_DEMO", get("GOPY_DEMO"), true)?,
            db_pool_size: parse_num("GOPY_DB_POOL_SIZE", get("GOPY_DB_POOL_SIZE"), 8, 1, 512)?,
            workers: parse_num("GOPY_WORKERS", get("GOPY_WORKERS"), 0, 0, 1024)?,
            sqlite_synchronous: match get("GOPY_SQLITE_SYNCHRONOUS").map(str::to_ascii_uppercase) {
                None => SqliteSync::Full,
                Some(v) if v == "FULL" => SqliteSync::Full,
                Some(v) if v == "NORMAL" => SqliteSync::Normal,
                Some(v) => {
                    return Err(err(
                        "GOPY_SQLITE_SYNCHRONOUS",
                        &format!("'{v}' is not FULL or NORMAL"),
                    ));
                }
            },
            page_cache_entries: parse_num(
                "GOPY_PAGE_CACHE_ENTRIES",
                get("GOPY_PAGE_CACHE_ENTRIES"),
                2000,
                0,
                1_000_000,
            )?,
            page_recheck_ms: parse_num(
                "GOPY_PAGE_RECHECK_MS",
                get("GOPY_PAGE_RECHECK_MS"),
                1000,
                0,
                60_000,
            )?,
            count_queries: false,
            closing_soon_days: parse_num(
                "GOPY_CLOSING_SOON_DAYS",
                get("GOPY_CLOSING_SOON_DAYS"),
                7,
                1,
                90,
            )?,
            log: get("GOPY_LOG").unwrap_or("info").to_string(),
            base_url_explicit: get("GOPY_BASE_URL").is_some(),
            smtp_url: match get("GOPY_SMTP_URL") {
                None => None,
                Some(u) if u.starts_with("smtp://") || u.starts_with("smtps://") => {
                    Some(u.to_string())
                }
                Some(u) => {
                    return Err(err(
                        "GOPY_SMTP_URL",
                        &format!(
                            "'{}' must start with smtp:// (add ?tls=required for STARTTLS) or smtps://",
                            redact_password(u)
                        ),
                    ));
                }
            },
            mail_from: {
                let from = get("GOPY_MAIL_FROM").unwrap_or("Góp Ý <gop-y@localhost>");
                from.parse::<lettre::message::Mailbox>().map_err(|_| {
                    err(
                        "GOPY_MAIL_FROM",
                        &format!("'{from}' is not an address like Góp Ý <gop-y@example.vn>"),
                    )
                })?;
                from.to_string()
            },
            mail_retry_seconds: parse_num(
                "GOPY_MAIL_RETRY_SECONDS",
                get("GOPY_MAIL_RETRY_SECONDS"),
                30,
                1,
                3600,
            )?,
            mail_lock_seconds: parse_num(
                "GOPY_MAIL_LOCK_SECONDS",
                get("GOPY_MAIL_LOCK_SECONDS"),
                60,
                2,
                3600,
            )?,
            comment_min_chars: parse_num(
                "GOPY_COMMENT_MIN_CHARS",
                get("GOPY_COMMENT_MIN_CHARS"),
                10,
                1,
                1000,
            )?,
            comment_max_chars: parse_num(
                "GOPY_COMMENT_MAX_CHARS",
                get("GOPY_COMMENT_MAX_CHARS"),
                10_000,
                10,
                100_000,
            )?,
            confirm_hours: parse_num(
                "GOPY_CONFIRM_HOURS",
                get("GOPY_CONFIRM_HOURS"),
                48,
                1,
                24 * 30,
            )?,
            publish_on_confirm: parse_bool(
                "GOPY_PUBLISH_ON_CONFIRM",
                get("GOPY_PUBLISH_ON_CONFIRM"),
                false,
            )?,
            trust_proxy: parse_bool("GOPY_TRUST_PROXY", get("GOPY_TRUST_PROXY"), false)?,
            rate_submit_ip: parse_rate(
                "GOPY_RATE_SUBMIT_IP",
                get("GOPY_RATE_SUBMIT_IP"),
                "60/min",
            )?,
            rate_submit_email: parse_rate(
                "GOPY_RATE_SUBMIT_EMAIL",
                get("GOPY_RATE_SUBMIT_EMAIL"),
                "10/h",
            )?,
            rate_confirm_ip: parse_rate(
                "GOPY_RATE_CONFIRM_IP",
                get("GOPY_RATE_CONFIRM_IP"),
                "60/min",
            )?,
            rate_login_ip: parse_rate("GOPY_RATE_LOGIN_IP", get("GOPY_RATE_LOGIN_IP"), "20/min")?,
            rate_login_account: parse_rate(
                "GOPY_RATE_LOGIN_ACCOUNT",
                get("GOPY_RATE_LOGIN_ACCOUNT"),
                "10/h",
            )?,
            attachment_max_mb: parse_num(
                "GOPY_ATTACHMENT_MAX_MB",
                get("GOPY_ATTACHMENT_MAX_MB"),
                20,
                1,
                500,
            )?,
            min_free_mb: parse_num(
                "GOPY_MIN_FREE_MB",
                get("GOPY_MIN_FREE_MB"),
                64,
                0,
                100_000_000,
            )?,
            body_seconds: parse_num("GOPY_BODY_SECONDS", get("GOPY_BODY_SECONDS"), 10, 1, 600)?,
            session_idle_minutes: parse_num(
                "GOPY_SESSION_IDLE_MINUTES",
                get("GOPY_SESSION_IDLE_MINUTES"),
                30,
                1,
                24 * 60,
            )?,
            session_hours: parse_num(
                "GOPY_SESSION_HOURS",
                get("GOPY_SESSION_HOURS"),
                12,
                1,
                24 * 7,
            )?,
            secret_key_ignored: get("GOPY_SECRET_KEY").is_some(),
            meili_url: match get("GOPY_MEILI_URL") {
                None => None,
                Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                    Some(u.trim_end_matches('/').to_string())
                }
                Some(u) => {
                    return Err(err(
                        "GOPY_MEILI_URL",
                        &format!(
                            "'{}' must start with http:// or https://",
                            redact_password(u)
                        ),
                    ));
                }
            },
            meili_key: get("GOPY_MEILI_KEY").map(str::to_string),
            meili_index: match get("GOPY_MEILI_INDEX").unwrap_or("gopy") {
                i if !i.is_empty()
                    && i.len() <= 400
                    && i.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
                {
                    i.to_string()
                }
                i => {
                    return Err(err(
                        "GOPY_MEILI_INDEX",
                        &format!("'{i}' may hold only letters a-z, A-Z, digits, - and _"),
                    ));
                }
            },
            rate_search_ip: parse_rate(
                "GOPY_RATE_SEARCH_IP",
                get("GOPY_RATE_SEARCH_IP"),
                "120/min",
            )?,
            rate_max_keys: parse_num(
                "GOPY_RATE_MAX_KEYS",
                get("GOPY_RATE_MAX_KEYS"),
                100_000,
                100,
                10_000_000,
            )?,
        })
    }

    /// Whether the site is served over https, which makes cookies Secure.
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

fn err(setting: &str, message: &str) -> ConfigError {
    ConfigError {
        setting: setting.to_string(),
        message: message.to_string(),
    }
}

fn merge(
    mut file: BTreeMap<String, String>,
    env: BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    file.extend(env);
    file
}

fn read_toml(path: &Path) -> Result<BTreeMap<String, String>, ConfigError> {
    let setting = format!("GOPY_CONFIG ({})", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| err(&setting, &e.to_string()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| err(&setting, e.message()))?;
    let mut out = BTreeMap::new();
    for (key, value) in table {
        let name = format!("GOPY_{}", key.to_ascii_uppercase());
        let raw = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(err(
                    &format!("{key} in {}", path.display()),
                    &format!(
                        "expected a string, number or boolean, found {}",
                        other.type_str()
                    ),
                ));
            }
        };
        if !SETTINGS.contains(&name.as_str()) {
            return Err(err(
                &format!("{key} in {}", path.display()),
                "unknown setting (see README.md for the list)",
            ));
        }
        out.insert(name, raw);
    }
    Ok(out)
}

fn parse_base_url(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| format!("'{raw}' must start with http:// or https://"))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) || rest.contains(['?', '#']) {
        return Err(format!(
            "'{raw}' is not an address like https://gopy.example.vn"
        ));
    }
    Ok(trimmed.to_string())
}

fn parse_rate(setting: &str, raw: Option<&str>, default: &str) -> Result<RateQuota, ConfigError> {
    RateQuota::parse(raw.unwrap_or(default)).map_err(|m| err(setting, &m))
}

fn parse_bool(setting: &str, raw: Option<&str>, default: bool) -> Result<bool, ConfigError> {
    match raw.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(err(setting, &format!("'{other}' is not true or false"))),
    }
}

fn parse_num<T>(
    setting: &str,
    raw: Option<&str>,
    default: T,
    min: T,
    max: T,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + fmt::Display + Copy,
{
    let Some(raw) = raw else { return Ok(default) };
    match raw.parse::<T>() {
        Ok(v) if v >= min && v <= max => Ok(v),
        _ => Err(err(
            setting,
            &format!("'{raw}' is not a whole number from {min} to {max}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let values = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_values(&values)
    }

    #[test]
    fn defaults_make_an_sqlite_file_in_the_data_dir() {
        let c = cfg(&[]).unwrap();
        assert_eq!(
            c.database_url,
            DatabaseUrl::Sqlite(PathBuf::from("data/gopy.sqlite3"))
        );
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
        assert!(c.demo);
        assert_eq!(c.sqlite_synchronous, SqliteSync::Full);
    }

    #[test]
    fn a_mistyped_postgres_url_is_refused_not_turned_into_a_file() {
        for bad in [
            "postgress://u@h/db",
            "postgre://h/db",
            "pg://h/db",
            "localhost/db",
        ] {
            let e = cfg(&[("GOPY_DATABASE_URL", bad)]).unwrap_err();
            assert_eq!(e.setting, "GOPY_DATABASE_URL", "{bad}");
        }
        let e = cfg(&[("GOPY_DATABASE_URL", "postgres:///db")]).unwrap_err();
        assert!(e.message.contains("no host"), "{e}");
    }

    #[test]
    fn both_database_schemes_are_understood() {
        let c = cfg(&[(
            "GOPY_DATABASE_URL",
            "postgresql://postgres@127.0.0.1:5432/gopy",
        )])
        .unwrap();
        assert!(matches!(c.database_url, DatabaseUrl::Postgres(_)));
        let c = cfg(&[("GOPY_DATABASE_URL", "sqlite:///var/lib/gopy/db.sqlite3")]).unwrap();
        assert_eq!(
            c.database_url,
            DatabaseUrl::Sqlite(PathBuf::from("/var/lib/gopy/db.sqlite3"))
        );
    }

    #[test]
    fn bad_values_name_their_setting_in_one_line() {
        let cases = [
            ("GOPY_BIND", "localhost"),
            ("GOPY_BASE_URL", "gopy.example.vn"),
            ("GOPY_DEMO", "maybe"),
            ("GOPY_DB_POOL_SIZE", "0"),
            ("GOPY_SQLITE_SYNCHRONOUS", "OFF"),
            ("GOPY_BINDD", "127.0.0.1:1"),
            ("GOPY_SMTP_URL", "mail.example.vn:25"),
            ("GOPY_MAIL_FROM", "không phải địa chỉ"),
            ("GOPY_RATE_SUBMIT_IP", "nhiều"),
            ("GOPY_RATE_SUBMIT_EMAIL", "0/h"),
            ("GOPY_CONFIRM_HOURS", "0"),
        ];
        for (k, v) in cases {
            let e = cfg(&[(k, v)]).unwrap_err();
            assert_eq!(e.setting, k);
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn rates_read_as_people_write_them() {
        let r = RateQuota::parse("20/min").unwrap();
        assert_eq!((r.count, r.period.as_secs()), (20, 60));
        assert_eq!(RateQuota::parse("100/h").unwrap().period.as_secs(), 3600);
        assert!(RateQuota::parse("20").is_err());
    }

    #[test]
    fn passwords_are_not_printed() {
        let u = DatabaseUrl::parse("postgres://gopy:hunter2@db:5432/gopy").unwrap();
        assert_eq!(format!("{u:?}"), "postgres://gopy:***@db:5432/gopy");
    }

    #[test]
    fn the_toml_file_uses_short_names_and_the_environment_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gopy.toml");
        std::fs::write(
            &path,
            "bind = \"0.0.0.0:9000\"\ndemo = false\ndb_pool_size = 4\n",
        )
        .unwrap();
        let file = read_toml(&path).unwrap();
        let env = [("GOPY_BIND".to_string(), "127.0.0.1:9001".to_string())].into();
        let c = Config::from_values(&merge(file, env)).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:9001");
        assert!(!c.demo);
        assert_eq!(c.db_pool_size, 4);

        std::fs::write(&path, "bnd = \"0.0.0.0:9000\"\n").unwrap();
        let e = read_toml(&path).unwrap_err();
        assert!(e.setting.starts_with("bnd in"), "{e}");
    }
}
