//! Settings: environment variables over an optional gopy.toml, each checked once at start
//! through its declaration in `settings.rs`.
//!
//! Every setting has one name (`GOPY_BIND`) used in the environment, and the same name in
//! lower case without the prefix (`bind`) in gopy.toml. A bad value is refused with a
//! one-line message that names the setting, so an operator never has to guess.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub mod settings;

use settings::Values;
use settings::*;

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

/// The settings, checked, in the groups of their declarations (`settings.rs`).
#[derive(Clone, Debug)]
pub struct Config {
    pub database: DatabaseSettings,
    pub server: ServerSettings,
    pub pages: PageSettings,
    pub mail: MailSettings,
    pub comments: CommentSettings,
    pub search: SearchSettings,
    pub console: ConsoleSettings,
}

#[derive(Clone, Debug)]
pub struct DatabaseSettings {
    pub database_url: DatabaseUrl,
    pub db_pool_size: u32,
    pub sqlite_synchronous: SqliteSync,
    /// Per connection, in MiB.
    pub sqlite_cache_mb: u32,
    pub sqlite_mmap_mb: u32,
}

#[derive(Clone, Debug)]
pub struct ServerSettings {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// The public address, without a trailing slash: used in links that leave the site
    /// (e-mails, feeds) and to decide whether cookies are Secure.
    pub base_url: String,
    /// Whether GOPY_BASE_URL was given; if not, the address actually bound is used.
    pub base_url_explicit: bool,
    pub demo: bool,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    pub trust_proxy: bool,
    /// Where the rate limits are shared, if in Redis.
    pub redis_url: Option<String>,
    pub body_seconds: u64,
    pub min_free_mb: u64,
    pub log: String,
    /// Not a setting: the test harness turns it on. Every response then carries
    /// `x-gopy-queries`, the statements its request sent to the database.
    pub count_queries: bool,
}

#[derive(Clone, Debug)]
pub struct PageSettings {
    pub page_cache_entries: usize,
    pub page_recheck_ms: i64,
    pub closing_soon_days: i64,
    /// Counts through an organisation's campaigns below this are not shown publicly.
    pub public_min_count: i64,
}

#[derive(Clone, Debug)]
pub struct MailSettings {
    /// None writes .eml files.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub mail_retry_seconds: i64,
    pub mail_lock_seconds: i64,
}

#[derive(Clone, Debug)]
pub struct CommentSettings {
    pub comment_min_chars: usize,
    pub comment_max_chars: usize,
    pub confirm_hours: i64,
    pub publish_on_confirm: bool,
    pub rate_submit_ip: RateQuota,
    pub rate_submit_email: RateQuota,
    pub rate_confirm_ip: RateQuota,
    pub rate_max_keys: usize,
    /// Days a commenter's address and name are kept after their draft's period ends.
    pub contact_retention_days: i64,
    /// The resemblance, in percent, at which near-identical opinions are grouped.
    pub similar_percent: u8,
}

#[derive(Clone, Debug)]
pub struct SearchSettings {
    /// None searches with the database's own index.
    pub meili_url: Option<String>,
    pub meili_key: Option<String>,
    pub meili_index: String,
    pub rate_search_ip: RateQuota,
}

#[derive(Clone, Debug)]
pub struct ConsoleSettings {
    pub rate_login_ip: RateQuota,
    pub rate_login_account: RateQuota,
    pub session_idle_minutes: i64,
    pub session_hours: i64,
    pub attachment_max_mb: u64,
    /// Days the Front has to give a critique, and the agency to answer it: none unless
    /// set (no figure is fixed in the law read so far).
    pub critique_reply_days: Option<u32>,
    pub critique_answer_days: Option<u32>,
    /// GOPY_SECRET_KEY was given: no longer used, accepted so that an older
    /// configuration still starts, and reported.
    pub secret_key_ignored: bool,
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
            if !NOT_SETTINGS.contains(&key.as_str()) && settings::find(key).is_none() {
                return Err(err(key, "unknown setting (see README.md for the list)"));
            }
        }
        let v = Values(values);
        let text = |s: &Setting| v.text(s).unwrap_or_default();
        let data_dir = PathBuf::from(text(&DATA_DIR));
        let database_url = match v.given(&DATABASE_URL) {
            Some(raw) => DatabaseUrl::parse(raw).map_err(|m| err(DATABASE_URL.name, &m))?,
            None => DatabaseUrl::Sqlite(data_dir.join("gopy.sqlite3")),
        };
        let bind: SocketAddr = text(&BIND).parse().map_err(|_| {
            err(
                BIND.name,
                &format!(
                    "'{}' is not an IP address and port, e.g. 127.0.0.1:8080",
                    text(&BIND)
                ),
            )
        })?;
        let base_url = match v.given(&BASE_URL) {
            Some(raw) => parse_base_url(raw).map_err(|m| err(BASE_URL.name, &m))?,
            None => format!("http://{bind}"),
        };
        Ok(Config {
            database: DatabaseSettings {
                database_url,
                db_pool_size: v.number(&DB_POOL_SIZE)?,
                sqlite_cache_mb: v.number(&SQLITE_CACHE_MB)?,
                sqlite_mmap_mb: v.number(&SQLITE_MMAP_MB)?,
                sqlite_synchronous: match text(&SQLITE_SYNCHRONOUS).to_ascii_uppercase().as_str() {
                    "FULL" => SqliteSync::Full,
                    "NORMAL" => SqliteSync::Normal,
                    other => {
                        return Err(err(
                            SQLITE_SYNCHRONOUS.name,
                            &format!("'{other}' is not FULL or NORMAL"),
                        ));
                    }
                },
            },
            server: ServerSettings {
                bind,
                data_dir,
                base_url,
                base_url_explicit: v.given(&BASE_URL).is_some(),
                demo: v.flag(&DEMO)?,
                workers: v.number(&WORKERS)?,
                trust_proxy: v.flag(&TRUST_PROXY)?,
                redis_url: match v.given(&REDIS_URL) {
                    None => None,
                    Some(u) if u.starts_with("redis://") || u.starts_with("rediss://") => {
                        Some(u.to_string())
                    }
                    Some(u) => {
                        return Err(err(
                            REDIS_URL.name,
                            &format!(
                                "'{}' must start with redis:// or rediss://",
                                redact_password(u)
                            ),
                        ));
                    }
                },
                body_seconds: v.number(&BODY_SECONDS)?,
                min_free_mb: v.number(&MIN_FREE_MB)?,
                log: text(&LOG).to_string(),
                count_queries: false,
            },
            pages: PageSettings {
                page_cache_entries: v.number(&PAGE_CACHE_ENTRIES)?,
                page_recheck_ms: v.number(&PAGE_RECHECK_MS)?,
                closing_soon_days: v.number(&CLOSING_SOON_DAYS)?,
                public_min_count: v.number(&PUBLIC_MIN_COUNT)?,
            },
            mail: MailSettings {
                smtp_url: match v.given(&SMTP_URL) {
                    None => None,
                    Some(u) if u.starts_with("smtp://") || u.starts_with("smtps://") => {
                        Some(u.to_string())
                    }
                    Some(u) => {
                        return Err(err(
                            SMTP_URL.name,
                            &format!(
                                "'{}' must start with smtp:// (add ?tls=required for STARTTLS) or smtps://",
                                redact_password(u)
                            ),
                        ));
                    }
                },
                mail_from: {
                    let from = text(&MAIL_FROM);
                    from.parse::<lettre::message::Mailbox>().map_err(|_| {
                        err(
                            MAIL_FROM.name,
                            &format!("'{from}' is not an address like Góp Ý <gop-y@example.vn>"),
                        )
                    })?;
                    from.to_string()
                },
                mail_retry_seconds: v.number(&MAIL_RETRY_SECONDS)?,
                mail_lock_seconds: v.number(&MAIL_LOCK_SECONDS)?,
            },
            comments: CommentSettings {
                comment_min_chars: v.number(&COMMENT_MIN_CHARS)?,
                comment_max_chars: v.number(&COMMENT_MAX_CHARS)?,
                confirm_hours: v.number(&CONFIRM_HOURS)?,
                publish_on_confirm: v.flag(&PUBLISH_ON_CONFIRM)?,
                rate_submit_ip: v.rate(&RATE_SUBMIT_IP)?,
                rate_submit_email: v.rate(&RATE_SUBMIT_EMAIL)?,
                rate_confirm_ip: v.rate(&RATE_CONFIRM_IP)?,
                rate_max_keys: v.number(&RATE_MAX_KEYS)?,
                contact_retention_days: v.number(&CONTACT_RETENTION_DAYS)?,
                similar_percent: v.number(&SIMILAR_PERCENT)?,
            },
            search: SearchSettings {
                meili_url: match v.given(&MEILI_URL) {
                    None => None,
                    Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                        Some(u.trim_end_matches('/').to_string())
                    }
                    Some(u) => {
                        return Err(err(
                            MEILI_URL.name,
                            &format!(
                                "'{}' must start with http:// or https://",
                                redact_password(u)
                            ),
                        ));
                    }
                },
                meili_key: v.given(&MEILI_KEY).map(str::to_string),
                meili_index: match text(&MEILI_INDEX) {
                    i if !i.is_empty()
                        && i.len() <= 400
                        && i.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
                    {
                        i.to_string()
                    }
                    i => {
                        return Err(err(
                            MEILI_INDEX.name,
                            &format!("'{i}' may hold only letters a-z, A-Z, digits, - and _"),
                        ));
                    }
                },
                rate_search_ip: v.rate(&RATE_SEARCH_IP)?,
            },
            console: ConsoleSettings {
                rate_login_ip: v.rate(&RATE_LOGIN_IP)?,
                rate_login_account: v.rate(&RATE_LOGIN_ACCOUNT)?,
                session_idle_minutes: v.number(&SESSION_IDLE_MINUTES)?,
                session_hours: v.number(&SESSION_HOURS)?,
                attachment_max_mb: v.number(&ATTACHMENT_MAX_MB)?,
                critique_reply_days: v.optional_number(&CRITIQUE_REPLY_DAYS)?,
                critique_answer_days: v.optional_number(&CRITIQUE_ANSWER_DAYS)?,
                secret_key_ignored: v.given(&SECRET_KEY).is_some(),
            },
        })
    }

    /// Whether the site is served over https, which makes cookies Secure.
    pub fn is_https(&self) -> bool {
        self.server.base_url.starts_with("https://")
    }
}

pub(crate) fn err(setting: &str, message: &str) -> ConfigError {
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
        if settings::find(&name).is_none() {
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
            c.database.database_url,
            DatabaseUrl::Sqlite(PathBuf::from("data/gopy.sqlite3"))
        );
        assert_eq!(c.server.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.server.base_url, "http://127.0.0.1:8080");
        assert!(c.server.demo);
        assert_eq!(c.database.sqlite_synchronous, SqliteSync::Full);
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
        assert!(matches!(c.database.database_url, DatabaseUrl::Postgres(_)));
        let c = cfg(&[("GOPY_DATABASE_URL", "sqlite:///var/lib/gopy/db.sqlite3")]).unwrap();
        assert_eq!(
            c.database.database_url,
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
        assert_eq!(c.server.bind.to_string(), "127.0.0.1:9001");
        assert!(!c.server.demo);
        assert_eq!(c.database.db_pool_size, 4);

        std::fs::write(&path, "bnd = \"0.0.0.0:9000\"\n").unwrap();
        let e = read_toml(&path).unwrap_err();
        assert!(e.setting.starts_with("bnd in"), "{e}");
    }
}
