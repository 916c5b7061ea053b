//! The `gopy` command: serve the portal (the default), run migrations, rebuild the
//! search index, or check how a draft's text will be parsed before it is published.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gopy::app::Application;
use gopy::config::Config;
use gopy::db::Db;

#[derive(Parser)]
#[command(
    name = "gopy",
    version,
    about = "Góp Ý: public consultation on draft laws and policies"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (what runs without a command).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator account. The password is read from GOPY_ADMIN_PASSWORD,
    /// or else from the first line of standard input.
    CreateAdmin {
        /// The administrator's e-mail, their sign-in name.
        #[arg(long)]
        email: String,
        /// Their full name.
        #[arg(long)]
        name: String,
    },
    /// Ask the running portal's /healthz (at GOPY_BIND) and exit 0 when it answers 200;
    /// for container health checks, which have no curl.
    Healthcheck,
    /// Rebuild the search index (Meilisearch or the database's own) from the database,
    /// with a progress bar. The portal may keep running meanwhile.
    Reindex,
    /// Copy the database and the attached files into DIR (new or empty) while the portal
    /// keeps serving. PostgreSQL needs pg_dump on the PATH.
    Backup {
        /// Where to put the backup.
        dir: std::path::PathBuf,
    },
    /// Put a backup back into an empty database and data directory, then apply
    /// migrations and rebuild the search index. PostgreSQL needs pg_restore.
    Restore {
        /// A directory written by `gopy backup`.
        dir: std::path::PathBuf,
    },
    /// Parse the plain text of a draft and print its structure as JSON.
    Parse {
        /// A UTF-8 text file; "-" reads standard input.
        file: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Parse { file }) = &cli.command {
        return parse(file);
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    gopy::logging::init(&config.server.log);
    match cli.command {
        Some(Command::Migrate) => migrate(&config),
        Some(Command::Reindex) => reindex(&config),
        Some(Command::Backup { dir }) => backup(&config, &dir),
        Some(Command::Restore { dir }) => restore(&config, &dir),
        Some(Command::Healthcheck) => healthcheck(&config),
        Some(Command::CreateAdmin { email, name }) => create_admin(&config, &email, &name),
        _ => serve(config),
    }
}

/// The async runtime of a command, or None (said on stderr) when it cannot start.
fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => Some(rt),
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            None
        }
    }
}

fn serve(config: Config) -> ExitCode {
    let Some(rt) = runtime() else {
        return ExitCode::FAILURE;
    };
    // actix-web's server runs on its own worker threads; the runtime here drives start-up
    // (migrations, demo) and the server future.
    let result = rt.block_on(async move {
        let db = format!("{:?}", config.database.database_url);
        let base = config.server.base_url.clone();
        let app = Application::build(config)
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(database = %db, "Góp Ý is serving at {base} (port {})", app.port());
        app.run_until_stopped().await.map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("gopy: {e}");
            ExitCode::FAILURE
        }
    }
}

fn reindex(config: &Config) -> ExitCode {
    use gopy::search::{Search, outbox};
    use indicatif::{ProgressBar, ProgressStyle};
    let Some(rt) = runtime() else {
        return ExitCode::FAILURE;
    };
    let result = rt.block_on(async {
        let db = Db::connect(config)?;
        let db2 = db.clone();
        tokio::task::spawn_blocking(move || db2.migrate())
            .await
            .map_err(|e| e.to_string())??;
        let search = Search::from_config(config, &db).map_err(|e| e.to_string())?;
        if let Search::Meili(m) = &search {
            m.setup().await.map_err(|e| e.to_string())?;
        }
        let bar = ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let started = std::time::Instant::now();
        let n = outbox::reindex(&db, &search, |done, total| {
            bar.set_length(total.max(done));
            bar.set_position(done);
        })
        .await
        .map_err(|e| e.to_string())?;
        bar.finish_and_clear();
        let secs = started.elapsed().as_secs_f64();
        println!(
            "indexed {n} documents with the {} backend in {secs:.1} s ({:.0} documents/s)",
            search.name(),
            n as f64 / secs.max(0.001)
        );
        Ok::<_, String>(())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gopy reindex: {e}");
            ExitCode::FAILURE
        }
    }
}

fn backup(config: &Config, dir: &std::path::Path) -> ExitCode {
    let started = std::time::Instant::now();
    match gopy::backup::backup(config, dir) {
        Ok(m) => {
            println!(
                "backed up the {} database as of {} and {} files ({} bytes) into {} in {:.1} s",
                m.backend,
                m.taken_at,
                m.files,
                m.file_bytes,
                dir.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gopy backup: {e}");
            ExitCode::FAILURE
        }
    }
}

fn restore(config: &Config, dir: &std::path::Path) -> ExitCode {
    match gopy::backup::restore(config, dir) {
        Ok(m) => println!(
            "restored the {} database as of {} and {} files from {}",
            m.backend,
            m.taken_at,
            m.files,
            dir.display()
        ),
        Err(e) => {
            eprintln!("gopy restore: {e}");
            return ExitCode::FAILURE;
        }
    }
    // The backup may come from an older version; then the search index is rebuilt from
    // what was restored (reindex also applies migrations).
    reindex(config)
}

fn migrate(config: &Config) -> ExitCode {
    let applied = Db::connect(config).and_then(|db| db.migrate());
    match applied {
        Ok(names) if names.is_empty() => {
            println!("database is up to date");
            ExitCode::SUCCESS
        }
        Ok(names) => {
            for n in names {
                println!("applied {n}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gopy migrate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn create_admin(config: &Config, email: &str, name: &str) -> ExitCode {
    use gopy::auth::password;
    use gopy::domain::staff::By;
    use gopy::domain::staff::Role;
    use gopy::services::accounts::{self, AccountInput, AccountProblem};
    let fail = |m: String| {
        eprintln!("gopy create-admin: {m}");
        ExitCode::from(2)
    };
    let secret = match std::env::var("GOPY_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line).is_err() {
                return fail("cannot read the password from standard input".into());
            }
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let say = |problem: AccountProblem| match problem {
        AccountProblem::NameNeeded => "--name is empty".to_string(),
        AccountProblem::EmailInvalid => format!("'{email}' is not an e-mail address"),
        AccountProblem::WeakPassword(w) => format!("password refused: {w}"),
        AccountProblem::Exists => format!("an account {email} already exists"),
        AccountProblem::RoleNeeded
        | AccountProblem::AgencyNeeded
        | AccountProblem::OrganisationNeeded => "an administrator needs no agency".to_string(),
    };
    let input = AccountInput {
        name,
        email,
        role: Some(Role::Admin),
        agency_id: None,
        organisation_id: None,
        password: &secret,
    };
    let account = match accounts::check(&input) {
        Ok(a) => a,
        Err(problems) => {
            let said: Vec<String> = problems.into_iter().map(|(_, p)| say(p)).collect();
            return fail(said.join("; "));
        }
    };
    let hash = match password::hash(&secret) {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    let db = match Db::connect(config).and_then(|db| db.migrate().map(|_| db)) {
        Ok(db) => db,
        Err(e) => return fail(e),
    };
    let mut conn = match db.get() {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let by = By::process("gopy create-admin");
    let now = gopy::domain::time::now_utc();
    match accounts::create(&mut conn, &account, &hash, &by, now) {
        Ok(Ok(_)) => {
            println!(
                "administrator {} created; sign in at {}/quan-tri",
                account.email, config.server.base_url
            );
            ExitCode::SUCCESS
        }
        Ok(Err((_, problem))) => fail(say(problem)),
        Err(e) => fail(e.to_string()),
    }
}

fn healthcheck(config: &Config) -> ExitCode {
    use std::io::{Read, Write};
    use std::time::Duration;
    let mut addr = config.server.bind;
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let answer = (|| -> std::io::Result<String> {
        let mut s = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(3))?;
        s.set_read_timeout(Some(Duration::from_secs(3)))?;
        s.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
        let mut buf = String::new();
        s.read_to_string(&mut buf)?;
        Ok(buf)
    })();
    match answer {
        Ok(a) if a.starts_with("HTTP/1.1 200") || a.starts_with("HTTP/1.0 200") => {
            ExitCode::SUCCESS
        }
        Ok(a) => {
            eprintln!("unhealthy: {}", a.lines().next().unwrap_or_default());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("unhealthy: {addr}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse(file: &str) -> ExitCode {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(file)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("gopy parse: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("gopy parse: {file} is not UTF-8 text; save it as UTF-8 and try again");
        return ExitCode::from(2);
    };
    let doc = gopy::parse::parse(&text);
    match serde_json::to_string_pretty(&doc) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gopy parse: {e}");
            ExitCode::FAILURE
        }
    }
}
