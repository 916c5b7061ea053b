//! The `gopy` command itself: parse, migrate, and refusing bad settings.

use std::process::Command;

fn gopy() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gopy"));
    // Nothing from the developer's environment leaks into these runs.
    for (k, _) in std::env::vars() {
        if k.starts_with("GOPY_") {
            c.env_remove(k);
        }
    }
    c
}

#[test]
fn parse_prints_the_tree_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("du-thao.txt");
    std::fs::write(
        &file,
        "QUYẾT ĐỊNH:\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Khoản một.\na) Điểm a.\n",
    )
    .unwrap();
    let out = gopy().arg("parse").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["preamble"], "QUYẾT ĐỊNH:");
    let chapter = &json["sections"][0];
    assert_eq!(chapter["kind"], "chapter");
    assert_eq!(chapter["title"], "QUY ĐỊNH CHUNG");
    let point = &chapter["children"][0]["children"][0]["children"][0];
    assert_eq!(point["anchor"], "dieu-1-khoan-1-diem-a");
}

#[test]
fn parse_refuses_a_file_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cp1258.txt");
    std::fs::write(&file, [0x44, 0xf0, 0x69, 0xea, 0x75]).unwrap();
    let out = gopy().arg("parse").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

#[test]
fn migrate_creates_the_sqlite_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/sub/gopy.sqlite3", dir.path().display());
    let out = gopy()
        .arg("migrate")
        .env("GOPY_DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied"));
    let again = gopy()
        .arg("migrate")
        .env("GOPY_DATABASE_URL", &url)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        "database is up to date"
    );
}

#[test]
fn a_bad_setting_stops_the_start_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for (key, value) in [
        ("GOPY_DATABASE_URL", "postgress://postgres@127.0.0.1/gopy"),
        ("GOPY_BIND", "localhost"),
        ("GOPY_BASE_URL", "gopy.example.vn"),
    ] {
        let out = gopy()
            .env("GOPY_DATA_DIR", dir.path())
            .env(key, value)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{key}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(key), "{err}");
    }
    // A mistyped PostgreSQL URL did not become a file.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn healthcheck_asks_the_running_portal() {
    let app = crate::helpers::TestApp::builder(crate::helpers::Backend::Sqlite)
        .empty()
        .spawn()
        .await
        .unwrap();
    let bind = app.address.trim_start_matches("http://").to_string();
    let ok = tokio::task::spawn_blocking(move || {
        gopy()
            .arg("healthcheck")
            .env("GOPY_BIND", bind)
            .status()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(ok.success());
    // Nothing listens on port 9 (discard): unhealthy.
    let down = gopy()
        .arg("healthcheck")
        .env("GOPY_BIND", "127.0.0.1:9")
        .status()
        .unwrap();
    assert!(!down.success());
}

#[test]
fn create_admin_makes_the_first_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/gopy.sqlite3", dir.path().display());
    let run = |password: &str| {
        let mut child = gopy()
            .args([
                "create-admin",
                "--email",
                "Quan.Tri@so.example.vn",
                "--name",
                "Quản trị viên",
            ])
            .env("GOPY_DATABASE_URL", &url)
            .env("GOPY_DATA_DIR", dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    };
    let weak = run("ngắn");
    assert_eq!(weak.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&weak.stderr).contains("ít nhất 12 ký tự"));
    let ok = run("Một mật khẩu quản trị đủ dài");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("quan.tri@so.example.vn"));
    // The password may come from GOPY_ADMIN_PASSWORD instead of standard input.
    let again = gopy()
        .args([
            "create-admin",
            "--email",
            "quan.tri@so.example.vn",
            "--name",
            "Quản trị viên",
        ])
        .env("GOPY_DATABASE_URL", &url)
        .env("GOPY_DATA_DIR", dir.path())
        .env("GOPY_ADMIN_PASSWORD", "Một mật khẩu quản trị đủ dài")
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let config =
        gopy::config::Config::from_values(&[("GOPY_DATABASE_URL".to_string(), url.clone())].into())
            .unwrap();
    let db = gopy::db::Db::connect(&config).unwrap();
    let account =
        gopy::db::queries::accounts::by_email(&mut db.get().unwrap(), "quan.tri@so.example.vn")
            .unwrap()
            .unwrap();
    assert_eq!(account.role, gopy::domain::staff::Role::Admin);
    assert!(gopy::auth::password::verify(
        "Một mật khẩu quản trị đủ dài",
        &account.password_hash
    ));
}

/// A request that is not HTTP is the client's mistake: the portal logs it as a warning,
/// so that an alert on ERROR lines means a fault of the portal (issue 12, point 18).
#[test]
fn a_malformed_request_is_logged_as_a_warning() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = gopy()
        .env("GOPY_DATA_DIR", dir.path())
        .env("GOPY_BIND", format!("127.0.0.1:{port}"))
        .env("GOPY_DEMO", "false")
        .env("GOPY_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    // Wait for the line that says the portal is serving.
    let mut line = String::new();
    loop {
        line.clear();
        if out.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("the portal stopped before serving: {err}");
        }
        if line.contains("is serving at") {
            break;
        }
    }
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    conn.write_all(b"GET / HTTP/1.1\r\nHost: a\x00b\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    let _ = conn.read_to_end(&mut answer);
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // The server's line about it, however long the server takes to write it.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        while out.read_line(&mut line).unwrap_or(0) > 0 {
            if tx.send(std::mem::take(&mut line)).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while let Ok(line) = rx.recv_timeout(deadline - std::time::Instant::now()) {
        let done = line.contains("request parse error");
        log.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let log = log.concat();
    assert!(!log.contains("ERROR"), "{log}");
    assert!(
        log.contains("WARN") && log.contains("request parse error"),
        "{log}"
    );
}
