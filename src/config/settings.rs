//! Every setting, declared once: its name, its group, the kind of value it takes, its
//! default and what it means. `Config::from_values` reads each through its declaration
//! (a missing value is the declared default, parsed like any other), and the README's
//! table of settings is this list (`readme_table`, checked by a test).

use std::collections::BTreeMap;

/// The groups of `Config`, in the order the README lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Database,
    Server,
    Pages,
    Mail,
    Comments,
    Search,
    Console,
}

impl Group {
    pub fn name(self) -> &'static str {
        match self {
            Group::Database => "database",
            Group::Server => "server",
            Group::Pages => "pages",
            Group::Mail => "mail",
            Group::Comments => "comments and limits",
            Group::Search => "search",
            Group::Console => "console",
        }
    }
}

/// What a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// true/false, 1/0, yes/no, on/off.
    Bool,
    /// A whole number within these bounds.
    Number { min: u64, max: u64 },
    /// A rate such as 20/min.
    Rate,
    /// Text, checked by the group's own parser (an address, a URL, a name).
    Text,
}

/// The value without the setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// This value, read as if it had been given.
    Value(&'static str),
    /// No value; the text says what happens then (shown in the README).
    Unset(&'static str),
    /// Computed from other settings, as the text says.
    Derived(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// The environment name; gopy.toml uses it in lower case without `GOPY_`.
    pub name: &'static str,
    pub group: Group,
    pub kind: Kind,
    pub default: Fallback,
    /// For the README (Markdown).
    pub meaning: &'static str,
}

macro_rules! settings {
    ($($(#[$doc:meta])* $id:ident = $name:literal, $group:ident, $kind:expr, $default:expr, $meaning:literal;)+) => {
        $($(#[$doc])* pub const $id: Setting = Setting {
            name: $name,
            group: Group::$group,
            kind: $kind,
            default: $default,
            meaning: $meaning,
        };)+
        /// Every setting, in the README's order.
        pub const ALL: &[Setting] = &[$($id),+];
    };
}

use Fallback::{Derived, Unset, Value};
use Kind::{Bool, Rate, Text};

const fn num(min: u64, max: u64) -> Kind {
    Kind::Number { min, max }
}

settings! {
    DATABASE_URL = "GOPY_DATABASE_URL", Database, Text, Derived("`sqlite://DATA_DIR/gopy.sqlite3`"),
        "`sqlite://PATH` (relative, or `sqlite:///absolute/path`) or `postgres://USER:PASSWORD@HOST:PORT/DB` (also `postgresql://`). The PostgreSQL client is built without TLS: reach the database over a private network or a local socket.";
    DB_POOL_SIZE = "GOPY_DB_POOL_SIZE", Database, num(1, 512), Value("8"),
        "database connections";
    SQLITE_SYNCHRONOUS = "GOPY_SQLITE_SYNCHRONOUS", Database, Text, Value("FULL"),
        "`FULL` syncs the SQLite write-ahead log at every commit, so an acknowledged write survives a power cut; `NORMAL` is faster but may lose the last commits on power loss";
    SQLITE_CACHE_MB = "GOPY_SQLITE_CACHE_MB", Database, num(1, 4096), Value("4"),
        "SQLite's page cache per connection, in MiB: private memory, so at most this times `GOPY_DB_POOL_SIZE` of the process's anonymous memory";
    SQLITE_MMAP_MB = "GOPY_SQLITE_MMAP_MB", Database, num(0, 65536), Value("128"),
        "how much of the SQLite file each connection reads through a memory map, in MiB (`0`: none). The mapped pages are the kernel's file cache, shared and dropped under memory pressure, but each connection's mapping counts them again in the process's resident size";
    DATA_DIR = "GOPY_DATA_DIR", Server, Text, Value("data"),
        "database file (SQLite), attached files (`files/`, stored by SHA-256)";
    BIND = "GOPY_BIND", Server, Text, Value("127.0.0.1:8080"),
        "IP address and port to listen on; `0.0.0.0:8080` in a container";
    BASE_URL = "GOPY_BASE_URL", Server, Text, Derived("`http://` + bind"),
        "public address, used in links that leave the site; `https://…` makes cookies Secure";
    DEMO = "GOPY_DEMO", Server, Bool, Value("true"),
        "load the demo content into an empty database";
    WORKERS = "GOPY_WORKERS", Server, num(0, 1024), Value("0"),
        "HTTP worker threads; `0`: one per core";
    TRUST_PROXY = "GOPY_TRUST_PROXY", Server, Bool, Value("false"),
        "take the client address from the last entry of `X-Forwarded-For`. Set it only behind a proxy that writes that header";
    REDIS_URL = "GOPY_REDIS_URL", Server, Text, Unset("none: on PostgreSQL the rate limits are shared in the database, on SQLite they stay in the process"),
        "`redis://HOST:PORT` (or `rediss://`): the rate limits are kept there, shared by every portal process that uses it";
    BODY_SECONDS = "GOPY_BODY_SECONDS", Server, num(1, 600), Value("10"),
        "a request body has this long, plus a second per 32 KB it announces (10 minutes at most), to arrive; a slower one is answered 408. Each route also has a body limit of its own: 4 KB for sign-in and the small public forms, 256 KB for a comment, 64 KB for console forms, 8 MB for a pasted draft, `GOPY_ATTACHMENT_MAX_MB` for uploads (read only once the staff member is known to be allowed)";
    MIN_FREE_MB = "GOPY_MIN_FREE_MB", Server, num(0, 100_000_000), Value("64"),
        "`/readyz` answers 503 (`storage.state: \"low\"`) when the data directory's file system has less free space than this, so that a balancer stops sending writes before the disk is full";
    LOG = "GOPY_LOG", Server, Text, Value("info"),
        "log filter (`warn`, `gopy=debug,info`, …). One plain line per event (colours only on a terminal). A request a client got wrong (bytes that are not HTTP, a connection dropped or too slow) is logged at WARN, not ERROR";
    PAGE_CACHE_ENTRIES = "GOPY_PAGE_CACHE_ENTRIES", Pages, num(0, 1_000_000), Value("2000"),
        "rendered draft pages kept in memory, and as many list pages (home, lists, an agency, a draft's comments, a comment, the report; search pages get at most 200); `0` turns both caches off";
    PAGE_RECHECK_MS = "GOPY_PAGE_RECHECK_MS", Pages, num(0, 60_000), Value("1000"),
        "how often a cached draft page checks its draft's revision in the database, and how long a list page is kept. A change made through this process shows at once anyway; a change made by another process (a second replica, a script) shows within this interval";
    PUBLIC_MIN_COUNT = "GOPY_PUBLIC_MIN_COUNT", Pages, num(1, 1000), Value("5"),
        "the smallest number of opinions through one organisation's campaigns that a public participation page shows; a smaller count is hidden, so that taking part in a campaign cannot be tied to a person in a small commune";
    CLOSING_SOON_DAYS = "GOPY_CLOSING_SOON_DAYS", Pages, num(1, 90), Value("7"),
        "a draft is \"closing soon\" on the home page within this many days";
    SMTP_URL = "GOPY_SMTP_URL", Mail, Text, Unset("none: mail is written as `.eml` files to `DATA_DIR/mail/`"),
        "the SMTP relay: `smtp://host:25` (no TLS), `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://user:password@host:465` (TLS)";
    MAIL_FROM = "GOPY_MAIL_FROM", Mail, Text, Value("Góp Ý <gop-y@localhost>"),
        "the sender of every mail";
    MAIL_RETRY_SECONDS = "GOPY_MAIL_RETRY_SECONDS", Mail, num(1, 3600), Value("30"),
        "the first retry of a mail that failed waits this long. Each later retry waits twice as long as the one before, up to one hour; after 12 attempts the mail is kept as a dead letter (see Background jobs)";
    MAIL_LOCK_SECONDS = "GOPY_MAIL_LOCK_SECONDS", Mail, num(2, 3600), Value("60"),
        "a mail claimed by a sending process is held this long. After a crash, its mail is taken over once this time has passed";
    COMMENT_MIN_CHARS = "GOPY_COMMENT_MIN_CHARS", Comments, num(1, 1000), Value("10"),
        "the shortest comment, in characters";
    COMMENT_MAX_CHARS = "GOPY_COMMENT_MAX_CHARS", Comments, num(10, 100_000), Value("10000"),
        "the longest comment, in characters";
    CONFIRM_HOURS = "GOPY_CONFIRM_HOURS", Comments, num(1, 720), Value("48"),
        "how long a confirmation link works";
    PUBLISH_ON_CONFIRM = "GOPY_PUBLISH_ON_CONFIRM", Comments, Bool, Value("false"),
        "publish a confirmed comment at once, without moderation (for demos)";
    RATE_SUBMIT_IP = "GOPY_RATE_SUBMIT_IP", Comments, Rate, Value("60/min"),
        "comments one client address may submit (`N/s`, `N/min`, `N/h`, `N/day`; a burst of N may come at once)";
    RATE_SUBMIT_EMAIL = "GOPY_RATE_SUBMIT_EMAIL", Comments, Rate, Value("10/h"),
        "comments one e-mail address may submit";
    RATE_CONFIRM_IP = "GOPY_RATE_CONFIRM_IP", Comments, Rate, Value("60/min"),
        "confirmation links one client address may open or use";
    RATE_MAX_KEYS = "GOPY_RATE_MAX_KEYS", Comments, num(100, 10_000_000), Value("100000"),
        "the most keys (client addresses, mail addresses, account names) each rate limiter keeps in memory; past it the oldest go first. Keys idle for their limit's period are forgotten every minute. IPv6 clients are counted by /64, mail addresses without case, quotes or `+tag`, names by a 16-byte digest";
    CONTACT_RETENTION_DAYS = "GOPY_CONTACT_RETENTION_DAYS", Comments, num(30, 3650), Value("365"),
        "a commenter's e-mail address and name are kept this many days after the comment period of their draft ends, then erased by a daily job; the opinion and its answer stay, anonymous. The privacy notice states the figure";
    SIMILAR_PERCENT = "GOPY_SIMILAR_PERCENT", Comments, num(20, 100), Value("55"),
        "two comments on a draft are grouped as near-identical opinions when the estimated resemblance of their texts (shared 5-character shingles, after folding case and diacritics) reaches this percentage; grouping only helps reading and answering, nothing is merged";
    MEILI_URL = "GOPY_MEILI_URL", Search, Text, Unset("none: search uses the database's own full-text index"),
        "Meilisearch, e.g. `http://meilisearch:7700`. See \"Search\" below";
    MEILI_KEY = "GOPY_MEILI_KEY", Search, Text, Unset("none"),
        "its API key (the master key, or a key allowed to manage the index and search)";
    MEILI_INDEX = "GOPY_MEILI_INDEX", Search, Text, Value("gopy"),
        "the index name. The portal adds the shape of its documents (`gopy_v2`), so that after an upgrade that changes them it starts on a new index, which it fills from the database; delete the old one by hand. A full rebuild fills `gopy_v2_rebuild` and swaps it in";
    RATE_SEARCH_IP = "GOPY_RATE_SEARCH_IP", Search, Rate, Value("120/min"),
        "searches (page or JSON) one client address may make";
    RATE_LOGIN_IP = "GOPY_RATE_LOGIN_IP", Console, Rate, Value("20/min"),
        "console sign-in attempts per client address";
    RATE_LOGIN_ACCOUNT = "GOPY_RATE_LOGIN_ACCOUNT", Console, Rate, Value("10/h"),
        "sign-in attempts per account name typed (whether or not the account exists) from a browser that has not signed in to it before, per client address, while a browser that has has its own allowance. It also limits current-password checks when a password is changed";
    SESSION_IDLE_MINUTES = "GOPY_SESSION_IDLE_MINUTES", Console, num(1, 1440), Value("30"),
        "a staff session ends after this long without a request";
    SESSION_HOURS = "GOPY_SESSION_HOURS", Console, num(1, 168), Value("12"),
        "a staff session ends this long after sign-in whatever happens";
    ATTACHMENT_MAX_MB = "GOPY_ATTACHMENT_MAX_MB", Console, num(1, 500), Value("20"),
        "the largest file staff may attach to a draft, in MB";
    CRITIQUE_REPLY_DAYS = "GOPY_CRITIQUE_REPLY_DAYS", Console, num(1, 365), Unset("none: no deadline for the Front's critique, and no reminder"),
        "days the Fatherland Front has to give its social critique of a draft, from the day it received the dossier (from the day it was sent until the receipt is recorded). The law read so far fixes no figure, so there is no default. Its organisers are reminded by e-mail 5 days and 1 day before";
    CRITIQUE_ANSWER_DAYS = "GOPY_CRITIQUE_ANSWER_DAYS", Console, num(1, 365), Unset("none: no deadline for the agency's answer, and no reminder"),
        "days the drafting agency has to answer a social critique in writing, from the day the critique was given. No default, as above; the agency's editors are reminded 5 days and 1 day before";
    SECRET_KEY = "GOPY_SECRET_KEY", Console, Text, Unset("none"),
        "no longer used (staff sessions are kept in the database); still accepted, with a warning at start";
}

pub fn find(name: &str) -> Option<&'static Setting> {
    ALL.iter().find(|s| s.name == name)
}

/// The raw values given (environment over gopy.toml), read through the declarations.
pub struct Values<'a>(pub &'a BTreeMap<String, String>);

impl Values<'_> {
    /// The value given, trimmed; None when it is missing or empty.
    pub fn given(&self, s: &Setting) -> Option<&str> {
        self.0
            .get(s.name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The value given, or the declared default value.
    pub fn text(&self, s: &Setting) -> Option<&str> {
        self.given(s).or(match s.default {
            Value(v) => Some(v),
            Unset(_) | Derived(_) => None,
        })
    }

    pub fn flag(&self, s: &Setting) -> Result<bool, super::ConfigError> {
        debug_assert_eq!(s.kind, Bool, "{}", s.name);
        match self.text(s).map(str::to_ascii_lowercase).as_deref() {
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") | None => Ok(false),
            Some(other) => Err(super::err(
                s.name,
                &format!("'{other}' is not true or false"),
            )),
        }
    }

    pub fn number<T>(&self, s: &Setting) -> Result<T, super::ConfigError>
    where
        T: TryFrom<u64>,
    {
        let Kind::Number { min, max } = s.kind else {
            panic!("{} is not declared as a number", s.name);
        };
        let raw = self.text(s).unwrap_or("0");
        let bad = || {
            super::err(
                s.name,
                &format!("'{raw}' is not a whole number from {min} to {max}"),
            )
        };
        let n: u64 = raw.parse().map_err(|_| bad())?;
        if n < min || n > max {
            return Err(bad());
        }
        T::try_from(n).map_err(|_| bad())
    }

    /// A number that has no default: None when it is not given.
    pub fn optional_number<T>(&self, s: &Setting) -> Result<Option<T>, super::ConfigError>
    where
        T: TryFrom<u64>,
    {
        match self.given(s) {
            None => Ok(None),
            Some(_) => self.number(s).map(Some),
        }
    }

    pub fn rate(&self, s: &Setting) -> Result<super::RateQuota, super::ConfigError> {
        debug_assert_eq!(s.kind, Rate, "{}", s.name);
        super::RateQuota::parse(self.text(s).unwrap_or_default())
            .map_err(|m| super::err(s.name, &m))
    }
}

/// The README's table of settings, from the declarations.
pub fn readme_table() -> String {
    let mut out = String::from("| setting | group | default | meaning |\n|---|---|---|---|\n");
    for s in ALL {
        let default = match s.default {
            Value(v) => format!("`{v}`"),
            Unset(t) | Derived(t) => t.to_string(),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            s.name,
            s.group.name(),
            default,
            s.meaning
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_groups_in_order() {
        let mut names: Vec<&str> = ALL.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        assert!(ALL.windows(2).all(|w| w[0].group <= w[1].group));
    }

    #[test]
    fn every_default_value_is_valid_for_its_kind() {
        let empty = BTreeMap::new();
        let v = Values(&empty);
        for s in ALL {
            match s.kind {
                Bool => {
                    v.flag(s).unwrap();
                }
                // A number with no default has none to check: it is read as absent.
                Kind::Number { .. } if matches!(s.default, Unset(_)) => {
                    assert_eq!(v.optional_number::<u64>(s).unwrap(), None, "{}", s.name);
                }
                Kind::Number { .. } => {
                    v.number::<u64>(s).unwrap();
                }
                Rate => {
                    v.rate(s).unwrap();
                }
                Text => {}
            }
        }
    }

    /// The README shows exactly the declared settings; when this fails, paste the
    /// table it prints into README.md.
    #[test]
    fn the_readme_table_is_the_declaration() {
        let readme = include_str!("../../README.md");
        let table = readme_table();
        assert!(
            readme.contains(&table),
            "README.md's table of settings differs from src/config/settings.rs; it should read:\n\n{table}"
        );
    }
}
