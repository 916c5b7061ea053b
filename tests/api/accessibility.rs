//! Every public page and the main console pages, as checkers and a real browser see
//! them: the Nu HTML checker finds no error, axe-core (WCAG 2.1 A and AA) finds no
//! violation at a phone's width and a desktop's, and the layouts hold where only a
//! browser can tell (a label beside its checkbox, the search filters, the report on a
//! phone, room above the footer, where focus goes after a failed submit).
//!
//! The checkers come from npm (tests/tools: `npm ci --prefix tests/tools`, which
//! .ci/run does); Chromium and chromedriver from Debian. Where one is missing, its test
//! says it was skipped.

use std::path::PathBuf;

use fantoccini::Client;

use crate::browser::{driver, sign_in, wait_for};
use crate::helpers::*;

fn tool(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools/node_modules")
        .join(path);
    p.exists().then_some(p)
}

/// What the pages are made of: the demo, a comment submitted (its receipt, its
/// confirmation page, its private page), and staff of the demo's agency.
pub struct Site {
    pub public: Vec<String>,
    /// An editor's pages.
    pub console: Vec<String>,
    /// Pages of drafts of other agencies, which the administrator sees.
    pub admin_console: Vec<String>,
    pub editor: String,
    pub moderator: String,
    pub admin: String,
}

pub async fn site(app: &TestApp) -> Site {
    let hoc_phi = app.draft_id("hoc-phi").await;
    let via_he = app.draft_id("via-he").await;
    // A comment waiting for its author: the receipt, the confirmation page, the private
    // page; then another one confirmed, for the moderation queue.
    // Its text has a word longer than a phone's line, as pasted links and codes are.
    let long = format!("Đề nghị làm rõ mức thu, xem {}.", "mucthuhocphi".repeat(30));
    let resp = app
        .submit_comment(
            "hoc-phi",
            Some("dieu-3"),
            &with(good_comment(), "noi_dung", &long),
        )
        .await;
    assert_eq!(resp.status(), 303);
    let receipt = resp.headers()["location"].to_str().unwrap().to_string();
    let mail = app.mails(1).await.pop().unwrap();
    let confirm = confirm_link(&mail).replace(&app.address, "");
    let own = status_link(&mail).replace(&app.address, "");
    app.confirmed_comment(
        "hoc-phi",
        None,
        &with(
            good_comment(),
            "noi_dung",
            "Đề nghị miễn học phí cho con thương binh.",
        ),
    )
    .await;
    let published: i64 = app
        .with_db(move |c| {
            use diesel::prelude::*;
            use gopy::db::schema::comments;
            comments::table
                .filter(comments::draft_id.eq(via_he))
                .filter(comments::status.eq("published"))
                .select(comments::id)
                .first(c)
                .unwrap()
        })
        .await;
    // The demo campaign's near-identical comments, grouped (issue 16, point 4).
    app.grouped().await;
    let chat = app.draft_id("chat-thai-ran").await;
    let group: i64 = app
        .with_db(move |c| {
            use diesel::prelude::*;
            use gopy::db::schema::comments;
            comments::table
                .filter(comments::draft_id.eq(chat))
                .filter(comments::similar_group.is_not_null())
                .group_by(comments::similar_group)
                .having(diesel::dsl::count_star().gt(1))
                .select(comments::similar_group.assume_not_null())
                .first(c)
                .unwrap()
        })
        .await;
    let editor = app.staff("editor", Some("so-giao-duc-va-dao-tao")).await;
    let moderator = app.staff("moderator", Some("so-giao-duc-va-dao-tao")).await;
    let admin = app.staff("admin", None).await;
    Site {
        public: vec![
            "/".into(),
            "/du-thao".into(),
            "/du-thao?trang-thai=dang-lay-y-kien".into(),
            "/co-quan".into(),
            "/co-quan/so-xay-dung".into(),
            "/du-thao/chat-thai-ran".into(),
            "/du-thao/chat-thai-ran#dieu-30-khoan-1-diem-c".into(),
            "/du-thao/via-he".into(),
            "/du-thao/hoc-phi/gop-y".into(),
            "/du-thao/hoc-phi/gop-y?muc=dieu-3".into(),
            "/du-thao/via-he/y-kien".into(),
            format!("/du-thao/via-he/y-kien/{published}"),
            "/du-thao/via-he/bao-cao".into(),
            "/du-thao/chat-thai-ran/tham-gia".into(),
            // The Front's critique beside the agency's answers (issue 16, point 7).
            "/du-thao/chat-thai-ran/phan-bien/1".into(),
            "/tim-kiem".into(),
            "/tim-kiem?q=h%E1%BB%8Dc+ph%C3%AD".into(),
            "/quyen-rieng-tu".into(),
            "/khong-co-trang-nay".into(),
            format!("{own}/rut"),
            "/y-kien/tim-lai".into(),
            receipt,
            confirm,
            own,
        ],
        console: vec![
            "/quan-tri".into(),
            "/quan-tri/du-thao".into(),
            "/quan-tri/du-thao/moi".into(),
            format!("/quan-tri/du-thao/{hoc_phi}"),
            format!("/quan-tri/du-thao/{hoc_phi}/van-ban"),
            format!("/quan-tri/du-thao/{hoc_phi}/tra-loi"),
            format!("/quan-tri/du-thao/{hoc_phi}/y-kien-khac"),
            format!("/quan-tri/du-thao/{hoc_phi}/bao-cao"),
            format!("/quan-tri/du-thao/{hoc_phi}/tham-gia"),
            "/quan-tri/mat-khau".into(),
        ],
        // The demo's letter and opinions received outside the portal.
        admin_console: vec![
            format!("/quan-tri/du-thao/{via_he}/y-kien-khac"),
            // Near-identical opinions: the groups, and one group to answer at once.
            format!("/quan-tri/du-thao/{chat}/tra-loi"),
            format!("/quan-tri/du-thao/{chat}/tra-loi?loc=tat-ca&nhom={group}"),
            format!("/quan-tri/kiem-duyet?trang-thai=da-dang&nhom={group}"),
            // The social critique: a draft's, the published one, the one waiting with
            // every form an administrator may fill, and the list with its deadlines.
            format!("/quan-tri/du-thao/{chat}/phan-bien"),
            "/quan-tri/phan-bien/1".into(),
            "/quan-tri/phan-bien/2".into(),
            "/quan-tri/phan-bien".into(),
        ],
        editor,
        moderator,
        admin,
    }
}

/// The pages only an administrator sees, and the moderator's.
const ADMIN_PAGES: [&str; 13] = [
    "/quan-tri/tai-khoan",
    "/quan-tri/co-quan",
    "/quan-tri/co-quan/1",
    "/quan-tri/nhat-ky",
    "/quan-tri/co-quan-van-hanh",
    "/quan-tri/cong-viec",
    "/quan-tri/can-cu-phap-ly",
    "/quan-tri/can-cu-phap-ly/1",
    "/quan-tri/to-chuc",
    "/quan-tri/to-chuc/1",
    "/quan-tri/chien-dich",
    "/quan-tri/chien-dich/1",
    "/quan-tri/chien-dich/1/ap-phich",
];
const MODERATOR_PAGES: [&str; 1] = ["/quan-tri/kiem-duyet"];

#[tokio::test]
async fn every_page_passes_the_nu_html_checker() {
    let (Some(vnu), Ok(java)) = (tool("vnu-jar/build/dist/vnu.jar"), which("java")) else {
        eprintln!("skipped: the Nu HTML checker needs java and `npm ci --prefix tests/tools`");
        return;
    };
    let app = TestApp::builder(Backend::Sqlite).spawn().await.unwrap();
    let site = site(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    let mut save = |path: &str, html: String| {
        n += 1;
        let name = format!(
            "{n:02}{}.html",
            path.replace(['/', '?', '=', '&', '%', '#', '.'], "_")
        );
        std::fs::write(dir.path().join(name), html).unwrap();
    };
    for path in &site.public {
        let resp = app.get(path).await;
        assert!(
            resp.status() == 200 || resp.status() == 404,
            "{path}: {}",
            resp.status()
        );
        save(path, resp.text().await.unwrap());
    }
    // A form sent back with its errors.
    let resp = app
        .submit_comment("hoc-phi", None, &with(good_comment(), "noi_dung", ""))
        .await;
    assert_eq!(resp.status(), 400);
    save("/gop-y-loi", resp.text().await.unwrap());
    save("/quan-tri/dang-nhap", app.page("/quan-tri/dang-nhap").await);
    let staff = app.sign_in(&site.editor).await;
    for path in &site.console {
        save(path, staff.page(path).await);
    }
    let admin = app.sign_in(&site.admin).await;
    for path in ADMIN_PAGES
        .iter()
        .copied()
        .chain(site.admin_console.iter().map(String::as_str))
    {
        save(path, admin.page(path).await);
    }
    let moderator = app.sign_in(&site.moderator).await;
    for path in MODERATOR_PAGES {
        save(path, moderator.page(path).await);
    }
    let out = std::process::Command::new(java)
        .arg("-jar")
        .arg(vnu)
        .args(["--errors-only", "--format", "gnu", "--skip-non-html"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "the Nu HTML checker found errors:\n{report}"
    );
}

fn which(program: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join(program))
        .find(|p| p.exists())
        .ok_or(())
}

/// Runs axe-core (WCAG 2.1 A and AA rules) on the page the browser shows; the
/// violations as "rule (impact): the first elements".
async fn axe(c: &Client, source: &str) -> Vec<String> {
    c.execute(source, vec![]).await.expect("axe-core loads");
    let found = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, {
                   runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                   resultTypes: ['violations'],
               }).then(r => done(r.violations.map(v =>
                   v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
                 .catch(e => done(['axe failed: ' + e]));"#,
            vec![],
        )
        .await
        .expect("axe-core runs");
    serde_json::from_value(found).unwrap()
}

async fn set_width(c: &Client, width: u32) {
    c.set_window_size(width, 900).await.unwrap();
}

const WIDTHS: [u32; 2] = [390, 1366];

#[tokio::test]
async fn every_page_passes_axe_at_a_phone_and_a_desktop_width() {
    let Some(source) = tool("axe-core/axe.min.js") else {
        eprintln!("skipped: axe-core needs `npm ci --prefix tests/tools`");
        return;
    };
    let Some(d) = driver().await else {
        eprintln!(
            "skipped: chromedriver or chromium not found (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let source = std::fs::read_to_string(source).unwrap();
    let app = TestApp::builder(Backend::Sqlite).spawn().await.unwrap();
    let site = site(&app).await;
    let c = &d.client;
    let base = &app.address;
    let mut violations = Vec::new();
    let mut check = async |c: &Client, label: String| {
        for v in axe(c, &source).await {
            violations.push(format!("{label}: {v}"));
        }
    };
    for width in WIDTHS {
        set_width(c, width).await;
        for path in &site.public {
            c.goto(&format!("{base}{path}")).await.unwrap();
            check(c, format!("{path} at {width} px")).await;
        }
        // The form sent back with its errors.
        c.goto(&format!("{base}/du-thao/hoc-phi/gop-y"))
            .await
            .unwrap();
        crate::browser::click(
            c,
            "form[action='/du-thao/hoc-phi/gop-y'] button[type=submit]",
        )
        .await;
        wait_for(c, "Lỗi:").await;
        check(c, format!("the form with errors at {width} px")).await;
    }
    c.goto(&format!("{base}/quan-tri/dang-nhap")).await.unwrap();
    check(c, "/quan-tri/dang-nhap".into()).await;
    for (who, pages) in [
        (&site.editor, site.console.clone()),
        (&site.moderator, MODERATOR_PAGES.map(String::from).to_vec()),
        (
            &site.admin,
            ADMIN_PAGES
                .map(String::from)
                .into_iter()
                .chain(site.admin_console.iter().cloned())
                .collect(),
        ),
    ] {
        sign_in(c, base, who).await;
        for width in WIDTHS {
            set_width(c, width).await;
            for path in &pages {
                c.goto(&format!("{base}{path}")).await.unwrap();
                check(c, format!("{path} at {width} px")).await;
            }
        }
        crate::browser::click(c, "form.whoami button").await;
        wait_for(c, "Đăng nhập quản trị").await;
    }
    assert!(
        violations.is_empty(),
        "axe-core found:\n{}",
        violations.join("\n")
    );
    d.client.clone().close().await.ok();
}

/// Reads a number from the page (a measure in CSS pixels).
async fn measure(c: &Client, js: &str) -> f64 {
    c.execute(js, vec![])
        .await
        .unwrap_or_else(|e| panic!("{js}: {e}"))
        .as_f64()
        .unwrap_or_else(|| panic!("{js} is not a number"))
}

#[tokio::test]
async fn layouts_hold_at_a_phone_and_a_desktop_width() {
    let Some(d) = driver().await else {
        eprintln!(
            "skipped: chromedriver or chromium not found (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let app = TestApp::builder(Backend::Sqlite).spawn().await.unwrap();
    let site = site(&app).await;
    let c = &d.client;
    let base = &app.address;
    let mut problems: Vec<String> = Vec::new();

    for width in WIDTHS {
        set_width(c, width).await;
        // Room between the content and the footer, and nothing wider than the screen.
        for path in &site.public {
            c.goto(&format!("{base}{path}")).await.unwrap();
            let gap = measure(c, "return document.querySelector('footer').getBoundingClientRect().top - document.querySelector('main').lastElementChild.getBoundingClientRect().bottom;").await;
            if gap < 24.0 {
                problems.push(format!(
                    "{path} at {width} px: {gap} px between the content and the footer"
                ));
            }
            let overflow = measure(
                c,
                "return document.documentElement.scrollWidth - window.innerWidth;",
            )
            .await;
            if overflow > 0.0 {
                problems.push(format!(
                    "{path} at {width} px: {overflow} px wider than the screen"
                ));
            }
        }

        // Each checkbox of the comment form has its label beside it, not below.
        c.goto(&format!("{base}/du-thao/hoc-phi/gop-y"))
            .await
            .unwrap();
        for id in ["f-cong_khai_ten", "f-dong_y"] {
            let below = measure(
                c,
                &format!(
                    "const i = document.getElementById('{id}').getBoundingClientRect();
                 const l = document.querySelector('label[for={id}]').getBoundingClientRect();
                 return l.top - i.bottom;"
                ),
            )
            .await;
            let beside = measure(
                c,
                &format!(
                    "const i = document.getElementById('{id}').getBoundingClientRect();
                 const l = document.querySelector('label[for={id}]').getBoundingClientRect();
                 return l.left - i.right;"
                ),
            )
            .await;
            if below >= 0.0 || beside < 0.0 {
                problems.push(format!("#{id} at {width} px: its label starts {below} px below it, {beside} px to its right"));
            }
        }

        // The report: a card per row on a phone (no scroller to reach its last column),
        // the table on a desktop.
        c.goto(&format!("{base}/du-thao/via-he/bao-cao"))
            .await
            .unwrap();
        let display = c
            .execute("return getComputedStyle(document.querySelector('.report-table tbody tr')).display;", vec![])
            .await
            .unwrap();
        let expected = if width < 600 { "block" } else { "table-row" };
        if display != expected {
            problems.push(format!(
                "report rows at {width} px are {display}, not {expected}"
            ));
        }
        let clipped = measure(c, "return [...document.querySelectorAll('.report-table td, .report-table th')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).length;").await;
        if clipped > 0.0 {
            problems.push(format!(
                "report at {width} px: {clipped} cells past the screen's edge"
            ));
        }
    }

    // The long draft. A link to a point shows its article's heading above it.
    for width in WIDTHS {
        set_width(c, width).await;
        c.goto(&format!(
            "{base}/du-thao/chat-thai-ran#dieu-30-khoan-1-diem-c"
        ))
        .await
        .unwrap();
        let seen = crate::browser::settled(c, "const h = document.querySelector('#dieu-30 > h3, #dieu-30 > h4, #dieu-30 > h5').getBoundingClientRect();
            const p = document.getElementById('dieu-30-khoan-1-diem-c').getBoundingClientRect();
            return (h.top >= 0 && h.bottom <= p.top + 1 && p.top < window.innerHeight) ? 1 : 0;", serde_json::json!(1)).await;
        if seen != 1 {
            problems.push(format!("at {width} px a link to Điều 30 khoản 1 điểm c does not show Điều 30's heading above it"));
        }
    }
    // The table of contents: beside the text and in view on a desktop, behind a
    // "Mục lục" control on a phone.
    set_width(c, 1366).await;
    c.goto(&format!("{base}/du-thao/chat-thai-ran"))
        .await
        .unwrap();
    let toc = c
        .execute(
            "const t = document.getElementById('muc-luc'); const s = getComputedStyle(t);
                  return [s.display, s.position, t.getBoundingClientRect().height > 200];",
            vec![],
        )
        .await
        .unwrap();
    if toc != serde_json::json!(["block", "sticky", true]) {
        problems.push(format!("the table of contents on a desktop: {toc}"));
    }
    set_width(c, 390).await;
    c.goto(&format!("{base}/du-thao/chat-thai-ran"))
        .await
        .unwrap();
    let hidden = c
        .execute(
            "return getComputedStyle(document.getElementById('muc-luc')).display;",
            vec![],
        )
        .await
        .unwrap();
    crate::browser::click(c, ".toc-open a").await;
    let shown = crate::browser::settled(c, "const t = document.getElementById('muc-luc'); return [getComputedStyle(t).display, t.getBoundingClientRect().top < window.innerHeight];", serde_json::json!(["block", true])).await;
    if hidden != "none" || shown != serde_json::json!(["block", true]) {
        problems.push(format!(
            "the table of contents on a phone: {hidden} before the control, {shown} after"
        ));
    }

    // The search filters on a desktop: one a row, as wide as the sidebar, labels apart.
    set_width(c, 1366).await;
    c.goto(&format!("{base}/tim-kiem?q=h%E1%BB%8Dc+ph%C3%AD"))
        .await
        .unwrap();
    let narrow = measure(c, "return [...document.querySelectorAll('.facets select')].filter(s => s.getBoundingClientRect().width < 150).length;").await;
    if narrow > 0.0 {
        problems.push(format!("{narrow} search filters narrower than 150 px"));
    }
    let overlaps = measure(c, "const ls = [...document.querySelectorAll('.facets label, .facets select')].map(e => e.getBoundingClientRect());
        let n = 0;
        for (let i = 0; i < ls.length; i++) for (let j = i + 1; j < ls.length; j++) {
            const a = ls[i], b = ls[j];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) n++;
        }
        return n;").await;
    if overlaps > 0.0 {
        problems.push(format!(
            "{overlaps} search filter labels and fields overlap"
        ));
    }

    // Secondary actions look secondary; every field is styled.
    c.goto(&format!(
        "{base}{}",
        site.public
            .iter()
            .find(|p| p.starts_with("/y-kien/cua-toi/") && !p.ends_with("/rut"))
            .unwrap()
    ))
    .await
    .unwrap();
    let background = c
        .execute(
            "return getComputedStyle(document.querySelector('.button.secondary')).backgroundColor;",
            vec![],
        )
        .await
        .unwrap();
    if background == "rgb(165, 22, 29)" {
        problems.push("the withdraw button is painted as the main action".into());
    }
    c.goto(&format!("{base}/quan-tri/dang-nhap")).await.unwrap();
    let border = c
        .execute("return getComputedStyle(document.querySelector('input[type=password]')).borderTopWidth;", vec![])
        .await
        .unwrap();
    if border != "2px" {
        problems.push(format!("the password field is unstyled (border {border})"));
    }

    // A failed submit: focus on the error summary, the title says "Lỗi:".
    c.goto(&format!("{base}/du-thao/hoc-phi/gop-y"))
        .await
        .unwrap();
    crate::browser::click(
        c,
        "form[action='/du-thao/hoc-phi/gop-y'] button[type=submit]",
    )
    .await;
    wait_for(c, "error-summary").await;
    let focused = crate::browser::settled(
        c,
        "return document.activeElement.className;",
        serde_json::json!("error-summary"),
    )
    .await;
    if focused != "error-summary" {
        problems.push(format!(
            "after a failed submit focus is on “{focused}”, not the error summary"
        ));
    }
    let title = c.title().await.unwrap();
    if !title.starts_with("Lỗi:") {
        problems.push(format!("after a failed submit the title is “{title}”"));
    }

    // The focus ring on a field stands out from the page (3:1 or more).
    let ratio = measure(c, r#"
        const input = document.getElementById('f-email');
        input.focus();
        const s = getComputedStyle(input);
        const rgb = c => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
            .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
        const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        const page = rgb(getComputedStyle(document.body).backgroundColor);
        // The indicator is the outline or the inner ring of the box shadow, whichever shows more.
        let best = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? contrast(rgb(s.outlineColor), page) : 0;
        const ring = s.boxShadow.match(/rgba?\([^)]*\)/);
        if (ring) best = Math.max(best, contrast(rgb(ring[0]), page));
        return best;"#).await;
    if ratio < 3.0 {
        problems.push(format!(
            "the focus ring on a field has a contrast of {ratio:.2}:1 with the page"
        ));
    }

    assert!(problems.is_empty(), "{}", problems.join("\n"));
    d.client.clone().close().await.ok();
}
