//! Search. One conformance suite holds every backend (the database's own index on
//! SQLite and PostgreSQL, and Meilisearch when MEILI_URL is set) to the same answers for
//! the same documents, Vietnamese cases included; then the portal around it: what is
//! indexed and what never is, the page and the JSON endpoint, the outbox that keeps
//! the index in step, and `gopy reindex`.

use std::collections::BTreeSet;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use gopy::db::DbConnection;
use gopy::db::schema::{comments, search_docs, search_outbox};
use gopy::search::docs::{self, Changes};
use gopy::search::outbox::Entity;
use gopy::search::{BackendAnswer, DocKind, MATCH_WINDOW, Search, SearchDoc, SearchRequest, Sort};
use unicode_normalization::UnicodeNormalization;

use crate::helpers::*;
use crate::{on_both_databases, on_every_search_backend};

const DAY: i64 = 86_400;
const T0: i64 = 1_790_000_000;

fn doc(id: &str, kind: DocKind, draft_id: i64, title: &str, body: &str, day: i64) -> SearchDoc {
    SearchDoc {
        id: id.to_string(),
        kind,
        draft_id: gopy::domain::ids::DraftId(draft_id),
        title: title.to_string(),
        body: body.to_string(),
        link: String::new(),
        commenter_kind: if kind == DocKind::Comment {
            "individual".into()
        } else {
            String::new()
        },
        commune: String::new(),
        date_ts: T0 + day * DAY,
    }
}

/// The same documents for every backend. Every backend matches whole words only
/// (Meilisearch is sent each word as a phrase, which takes neither prefix nor typo).
fn corpus() -> Vec<SearchDoc> {
    use DocKind::*;
    vec![
        doc(
            "draft-1",
            Draft,
            1,
            "Luật Đất đai (sửa đổi)",
            "Dự thảo quy định quyền sử dụng đất của hộ gia đình.",
            1,
        ),
        doc(
            "section-10",
            Section,
            2,
            "Điều 5",
            "Học phí mầm non được miễn cho trẻ em năm tuổi.",
            2,
        ),
        doc(
            "comment-100",
            Comment,
            2,
            "GY-2026-000100 · Điều 5",
            "Đề nghị giảm học phí cho học sinh vùng khó khăn.",
            3,
        ),
        doc(
            "comment-101",
            Comment,
            4,
            "GY-2026-000101 · Toàn bộ dự thảo",
            "Tôi đồng ý với việc hoà giải ở cơ sở.",
            4,
        ),
        doc(
            "comment-102",
            Comment,
            4,
            "GY-2026-000102 · Điều 2",
            "Hòa giải viên cần được tập huấn thường xuyên.",
            5,
        ),
        doc(
            "section-11",
            Section,
            3,
            "Khoản 2 Điều 7",
            "Người điều khiển xe máy phải dừng trước vạch sơn.",
            6,
        ),
        doc(
            "answer-200",
            Answer,
            2,
            "Trả lời: Tiếp thu · Điều 5",
            "Cơ quan soạn thảo tiếp thu, bổ sung mức giảm học phí.",
            7,
        ),
        doc(
            "comment-103",
            Comment,
            1,
            "GY-2026-000103 · Điều 3",
            "toi thay luat dat dai o nong thon con bat cap",
            8,
        ),
        doc(
            "comment-104",
            Comment,
            3,
            "GY-2026-000104 · Điều 7",
            "Ở Đà Nẵng người dân đi làm bằng xe buýt nhiều hơn.",
            9,
        ),
        doc(
            "comment-105",
            Comment,
            5,
            "GY-2026-000105 · Điều 1",
            "Quy định về đất ở phải rõ ràng.",
            10,
        ),
        doc(
            "comment-106",
            Comment,
            5,
            "GY-2026-000106 · Điều 1",
            "Quy dinh ve dat o phai ro rang.",
            11,
        ),
    ]
}

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.to_string(),
        limit: 20,
        ..SearchRequest::default()
    }
}

async fn ask(search: &Search, req: SearchRequest) -> BackendAnswer {
    search
        .search(&req)
        .await
        .unwrap_or_else(|e| panic!("{} answers {:?}: {e}", search.name(), req.q))
}

fn ids(a: &BackendAnswer) -> BTreeSet<String> {
    a.hits.iter().map(|h| h.id.clone()).collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn order(a: &BackendAnswer) -> Vec<&str> {
    a.hits.iter().map(|h| h.id.as_str()).collect()
}

on_every_search_backend! {
    /// The conformance suite: the same documents and questions, the same answers.
    async fn conformance(app, |b| b.empty()) {
        let search = app.state.search.clone();
        search.apply(Changes { upserts: corpus(), ..Changes::default() }).await.unwrap();
        let name = search.name();

        let nfd = |s: &str| s.nfd().collect::<String>();
        let cases: Vec<(String, &[&str])> = vec![
            // With and without diacritics, in any case, NFC or NFD.
            ("đất đai".into(), &["draft-1", "comment-103"]),
            ("dat dai".into(), &["draft-1", "comment-103"]),
            ("ĐẤT ĐAI".into(), &["draft-1", "comment-103"]),
            (nfd("đất đai"), &["draft-1", "comment-103"]),
            // Either placement of the tone mark.
            ("hoà giải".into(), &["comment-101", "comment-102"]),
            ("hòa giải".into(), &["comment-101", "comment-102"]),
            ("hoa giai".into(), &["comment-101", "comment-102"]),
            // đ is d.
            ("da nang".into(), &["comment-104"]),
            ("Đà Nẵng".into(), &["comment-104"]),
            // Every kind of document.
            ("học phí".into(), &["section-10", "comment-100", "answer-200"]),
            ("hoc phi".into(), &["section-10", "comment-100", "answer-200"]),
            ("xe máy".into(), &["section-11"]),
            ("xe may".into(), &["section-11"]),
            // Titles are searched too.
            ("sửa đổi".into(), &["draft-1"]),
            // Every word must match; punctuation and query syntax are only separators.
            ("học phí đất".into(), &[]),
            ("\"học\" (phí) -- *".into(), &["section-10", "comment-100", "answer-200"]),
            ("không có từ này".into(), &[]),
        ];
        for (q, expected) in &cases {
            let a = ask(&search, request(q)).await;
            assert_eq!(ids(&a), set(expected), "{name}: {q:?}");
            assert_eq!(a.total, expected.len() as i64, "{name}: total of {q:?}");
        }

        // Filters: the kind of result, and the drafts the draft filters allow.
        let a = ask(&search, SearchRequest { kind: Some(DocKind::Comment), ..request("học phí") }).await;
        assert_eq!(ids(&a), set(&["comment-100"]), "{name}");
        let a = ask(&search, SearchRequest { drafts: Some(vec![gopy::domain::ids::DraftId(3)]), ..request("xe") }).await;
        assert_eq!(ids(&a), set(&["section-11", "comment-104"]), "{name}");
        let a = ask(&search, SearchRequest { drafts: Some(vec![gopy::domain::ids::DraftId(2), gopy::domain::ids::DraftId(4)]), ..request("xe") }).await;
        assert_eq!(ids(&a), set(&[]), "{name}");
        let a = ask(&search, SearchRequest { drafts: Some(vec![]), ..request("học phí") }).await;
        assert!(a.hits.is_empty() && a.total == 0, "{name}: no allowed draft, no result");

        // Facets count every match, not only the page.
        let a = ask(&search, SearchRequest { limit: 1, ..request("học phí") }).await;
        assert_eq!(a.hits.len(), 1);
        assert_eq!(a.total, 3, "{name}");
        assert_eq!(a.by_kind.get("section"), Some(&1), "{name}: {:?}", a.by_kind);
        assert_eq!(a.by_kind.get("comment"), Some(&1), "{name}");
        assert_eq!(a.by_kind.get("answer"), Some(&1), "{name}");
        assert_eq!(a.by_draft.get(&gopy::domain::ids::DraftId(2)), Some(&3), "{name}: {:?}", a.by_draft);

        // Pages of a sorted list do not overlap and cover it all.
        let mut seen = Vec::new();
        for offset in 0..3 {
            let a = ask(&search, SearchRequest { offset, limit: 1, sort: Sort::Newest, ..request("học phí") }).await;
            seen.extend(a.hits.iter().map(|h| h.id.clone()));
        }
        assert_eq!(seen, ["answer-200", "comment-100", "section-10"], "{name}: newest first, page by page");

        // No words: everything the filters allow, newest first.
        let a = ask(&search, SearchRequest { kind: Some(DocKind::Comment), ..request("") }).await;
        assert_eq!(a.total, 7, "{name}");
        assert_eq!(order(&a)[..2], ["comment-106", "comment-105"], "{name}");

        // Highlights come from the portal, the same for every backend: the hit carries
        // the text as indexed.
        let a = ask(&search, request("Đà Nẵng")).await;
        assert_eq!(a.hits[0].body, "Ở Đà Nẵng người dân đi làm bằng xe buýt nhiều hơn.");

        // The exact spelling typed ranks first, on every backend (Meilisearch is sent
        // each word as written, encoded so that its normalisation keeps the diacritics).
        let before = |a: &BackendAnswer, x: &str, y: &str| {
            let at = |id: &str| order(a).iter().position(|h| *h == id).unwrap();
            at(x) < at(y)
        };
        let a = ask(&search, request("đất ở")).await;
        assert!(before(&a, "comment-105", "comment-106"), "{name}: exact first: {:?}", order(&a));
        let a = ask(&search, request("dat o")).await;
        assert!(before(&a, "comment-106", "comment-105"), "{name}: exact first: {:?}", order(&a));

        // Changes: a document replaced, one deleted, and a draft's own documents
        // replaced (a new version) while its comments stay.
        let mut changed = corpus()[2].clone();
        changed.body = "Đề nghị giữ nguyên mức thu.".into();
        search.apply(Changes { upserts: vec![changed], deletes: vec!["comment-104".into()], drafts_replaced: vec![gopy::domain::ids::DraftId(3)] }).await.unwrap();
        let a = ask(&search, request("học phí")).await;
        assert_eq!(ids(&a), set(&["section-10", "answer-200"]), "{name}");
        assert!(ask(&search, request("nguyên mức")).await.hits.iter().any(|h| h.id == "comment-100"), "{name}");
        assert!(ask(&search, request("Đà Nẵng")).await.hits.is_empty(), "{name}");
        assert!(ask(&search, request("xe máy")).await.hits.is_empty(), "{name}: the draft's sections went");
        search.apply(Changes { upserts: vec![corpus()[8].clone()], ..Changes::default() }).await.unwrap();
        assert_eq!(ids(&ask(&search, request("Đà Nẵng")).await), set(&["comment-104"]), "{name}: comments of a replaced draft stay");

        // The words side by side rank above the same words apart, even when newer.
        let apart = doc("comment-107", DocKind::Comment, 2, "GY-2026-000107 · Điều 5", "Phí gửi xe ở trường học quá cao.", 12);
        search.apply(Changes { upserts: vec![apart], ..Changes::default() }).await.unwrap();
        let a = ask(&search, request("học phí")).await;
        assert_eq!(ids(&a), set(&["section-10", "answer-200", "comment-107"]), "{name}");
        assert_eq!(order(&a).last(), Some(&"comment-107"), "{name}: {:?}", order(&a));
    }
}

on_every_search_backend! {
    /// A word in more documents than the window: the answer says "at least", pages stop
    /// at the window, newest first still starts at the newest, and an old clause the
    /// comments outnumber is still found.
    async fn a_common_word_is_bounded(app, |b| b.empty()) {
        let search = app.state.search.clone();
        let name = search.name();
        let n = MATCH_WINDOW + 100;
        let mut docs = vec![doc("section-1", DocKind::Section, 1, "Chống ngập", "Thoát nước chống ngập cho đô thị.", 0)];
        docs.extend((1..=n).map(|i| {
            let mut d = doc(&format!("comment-{i}"), DocKind::Comment, 1, "GY · Điều 1", "Đường nhà tôi ngập mỗi khi mưa.", 1);
            d.date_ts += i;
            d
        }));
        for chunk in docs.chunks(1_000) {
            search.apply(Changes { upserts: chunk.to_vec(), ..Changes::default() }).await.unwrap();
        }

        let a = ask(&search, SearchRequest { sort: Sort::Newest, ..request("ngập") }).await;
        assert!(a.total_is_floor, "{name}: more matches than the window");
        assert!(a.total >= MATCH_WINDOW, "{name}: {}", a.total);
        assert!(a.by_kind.get("comment").copied().unwrap_or(0) >= MATCH_WINDOW, "{name}: {:?}", a.by_kind);
        assert_eq!(order(&a)[..2], [format!("comment-{n}"), format!("comment-{}", n - 1)], "{name}");

        let last = ask(&search, SearchRequest { offset: MATCH_WINDOW - 1, limit: 20, sort: Sort::Newest, ..request("ngập") }).await;
        assert!(!last.hits.is_empty() && last.hits.len() <= 20, "{name}: the window's last page");

        let a = ask(&search, SearchRequest { kind: Some(DocKind::Section), ..request("ngập") }).await;
        assert_eq!(ids(&a), set(&["section-1"]), "{name}: the old clause behind 2,100 comments");

        // Words that are each common (by PostgreSQL's statistics, once analysed) are read
        // by walking the newest documents; the answer is the same.
        if app.backend == Backend::Postgres {
            app.behind_the_portals_back(|c| c.batch_execute("ANALYZE search_docs")).await.unwrap();
        }
        let a = ask(&search, SearchRequest { sort: Sort::Newest, ..request("mỗi khi mưa") }).await;
        assert!(a.total_is_floor, "{name}: common words together");
        assert_eq!(order(&a)[..2], [format!("comment-{n}"), format!("comment-{}", n - 1)], "{name}");
        {
            // The newest match has the words apart: by relevance it comes after the
            // phrase (PostgreSQL reads the signals during that walk).
            let mut apart = doc("comment-apart", DocKind::Comment, 1, "GY · Điều 1", "Khi mưa to, mỗi nhà đều lo.", 1);
            apart.date_ts += n + 1;
            search.apply(Changes { upserts: vec![apart], ..Changes::default() }).await.unwrap();
            let newest = ask(&search, SearchRequest { sort: Sort::Newest, ..request("mỗi khi mưa") }).await;
            assert_eq!(order(&newest)[0], "comment-apart", "{name}");
            let ranked = ask(&search, request("mỗi khi mưa")).await;
            assert_eq!(order(&ranked)[..2], [format!("comment-{n}"), format!("comment-{}", n - 1)], "{name}");
        }
        {
            // Without a filter too: drafts and clauses have a window of their own, and
            // the words in the title rank it first.
            let a = ask(&search, request("ngập")).await;
            assert_eq!(a.hits[0].id, "section-1", "{name}: {:?}", &order(&a)[..3]);
            assert_eq!(a.by_kind.get("section"), Some(&1), "{name}");
        }
    }
}

on_both_databases! {
    /// Words that come together in a third of the newest documents. On PostgreSQL the
    /// walk reads the newest 3,000 documents first, finds 1,000 matches, and goes on past
    /// them; the answer is the newest matches all the same.
    async fn a_walk_goes_on_past_its_sample(app, |b| b.empty()) {
        let search = app.state.search.clone();
        let n: i64 = 6_300;
        let docs: Vec<SearchDoc> = (1..=n)
            .map(|i| {
                let body = if i % 3 == 0 { "Xe buýt ngập nước." } else { "Xe buýt đúng giờ, đường khô ráo." };
                let mut d = doc(&format!("comment-{i}"), DocKind::Comment, 1, "GY · Điều 1", body, 1);
                d.date_ts += i;
                d
            })
            .collect();
        for chunk in docs.chunks(1_000) {
            search.apply(Changes { upserts: chunk.to_vec(), ..Changes::default() }).await.unwrap();
        }
        if app.backend == Backend::Postgres {
            app.behind_the_portals_back(|c| c.batch_execute("ANALYZE search_docs")).await.unwrap();
        }
        let matches: Vec<String> = (1..=n).rev().filter(|i| i % 3 == 0).map(|i| format!("comment-{i}")).collect();
        let a = ask(&search, SearchRequest { sort: Sort::Newest, ..request("buýt ngập") }).await;
        assert!(a.total_is_floor, "more matches than the window");
        assert_eq!(order(&a), matches[..20]);
        let last = ask(&search, SearchRequest { offset: MATCH_WINDOW - 1, limit: 1, sort: Sort::Newest, ..request("buýt ngập") }).await;
        assert_eq!(order(&last), [matches[MATCH_WINDOW as usize - 1].as_str()], "the window's last match, past the sample");
    }
}

/// Everything the index holds, as text: to show what is not in it.
async fn indexed_text(app: &TestApp) -> String {
    match &app.state.search {
        Search::Database(_) => {
            app.behind_the_portals_back(|c| {
                search_docs::table
                    .select((
                        search_docs::doc_id,
                        search_docs::title,
                        search_docs::body,
                        search_docs::folded,
                        search_docs::commune,
                    ))
                    .load::<(String, String, String, String, String)>(c)
                    .unwrap()
                    .into_iter()
                    .map(|r| format!("{} {} {} {} {}\n", r.0, r.1, r.2, r.3, r.4))
                    .collect()
            })
            .await
        }
        Search::Meili(m) => {
            let client = meili_client().unwrap();
            let index = client.index(m.index_uid());
            let mut query = meilisearch_sdk::documents::DocumentsQuery::new(&index);
            query.with_limit(10_000);
            let docs = query.execute::<serde_json::Value>().await.unwrap();
            docs.results.iter().map(|d| format!("{d}\n")).collect()
        }
    }
}

fn comment_with(text: &str, email: &str, name: &str) -> Vec<(&'static str, String)> {
    let form = with(good_comment(), "noi_dung", text);
    let form = with(form, "email", email);
    with(form, "ho_ten", name)
}

on_every_search_backend! {
    /// Published comments are found; unconfirmed, pending, rejected and withdrawn ones
    /// never are, and no e-mail address or name without consent is ever indexed.
    async fn only_published_comments_are_found(app) {
        let approved = "Đề nghị miễn học phí cho học sinh xã đảo Thạnh An.";
        let rejected = "Bán bánh tráng trộn Tây Ninh giá rẻ, liên hệ ngay.";
        let pending = "Trường mầm non Bình Khánh đang thiếu giáo viên.";
        let unconfirmed = "Học sinh đi qua cầu Phú Mỹ cần xe đưa đón.";
        let withdrawn = "Phường Cát Lái cần thêm một trường tiểu học.";
        for (i, text) in [approved, rejected, pending, withdrawn].iter().enumerate() {
            app.confirmed_comment("hoc-phi", Some("dieu-3"), &comment_with(text, &format!("an.danh{i}@example.vn"), "Nguyễn Văn Kín")).await;
        }
        app.comment("hoc-phi", None, &comment_with(unconfirmed, "chua.xac.nhan@example.vn", "Nguyễn Văn Kín")).await;

        let moderator = app.staff("moderator", Some("so-giao-duc-va-dao-tao")).await;
        let m = app.sign_in(&moderator).await;
        let (a, r, w) = (app.comment_id(approved).await, app.comment_id(rejected).await, app.comment_id(withdrawn).await);
        let resp = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={a}&chon={r}&chon={w}&hanh_dong=duyet")).await;
        assert_eq!(resp.status(), 303);
        app.search_settled().await;
        let url = |id: gopy::domain::ids::CommentId| format!("/du-thao/hoc-phi/y-kien/{id}");
        // Folded, "thanh" and "an" are common; the exact spelling ranks first.
        assert_eq!(hit_urls(&app.search_json("q=Th%E1%BA%A1nh+An").await)[0], url(a));
        assert!(hit_urls(&app.search_json("q=banh+trang+tron").await).contains(&url(r)), "approved for now");
        assert!(hit_urls(&app.search_json("q=C%C3%A1t+L%C3%A1i").await).contains(&url(w)), "approved for now");

        let resp = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={r}&hanh_dong=tu_choi&ly_do=spam&ghi_chu=")).await;
        assert_eq!(resp.status(), 303);
        let mails = app.mails(1).await;
        let mail = mails.iter().find(|m| m.mail.to == "an.danh3@example.vn").expect("the withdrawn comment's mail");
        let own = status_link(mail);
        let page = app.client.get(format!("{own}/rut")).send().await.unwrap().text().await.unwrap();
        let resp = app.client.post(format!("{own}/rut")).form(&[("csrf", csrf_in(&page))]).send().await.unwrap();
        assert_eq!(resp.status(), 303);
        app.search_settled().await;

        let (p, u) = (app.comment_id(pending).await, app.comment_id(unconfirmed).await);
        for (q, id, what) in [("banh+trang+tron", r, "rejected"), ("B%C3%ACnh+Kh%C3%A1nh", p, "pending"), ("c%E1%BA%A7u+Ph%C3%BA+M%E1%BB%B9", u, "unconfirmed"), ("C%C3%A1t+L%C3%A1i", w, "withdrawn")] {
            let kinds = app.search_json(&format!("q={q}&ket-qua=y-kien")).await;
            assert!(!hit_urls(&kinds).contains(&url(id)), "a {what} comment is not found: {kinds}");
        }
        let found = app.search_json("q=Th%E1%BA%A1nh+An&ket-qua=y-kien").await;
        assert_eq!(found["hits"][0]["kind"], "comment");
        assert!(found["hits"][0]["excerpt"].as_str().unwrap().contains("Thạnh An"));

        // The comment's own page, where the result leads.
        let page = app.page(&format!("/du-thao/hoc-phi/y-kien/{a}")).await;
        assert!(page.contains(approved));
        assert!(page.contains("href=\"/du-thao/hoc-phi#dieu-3\""), "it links to its clause");
        assert_eq!(app.get(&format!("/du-thao/hoc-phi/y-kien/{w}")).await.status(), 404, "withdrawn");
        assert_eq!(app.get(&format!("/du-thao/via-he/y-kien/{a}")).await.status(), 404, "another draft's");

        let text = indexed_text(&app).await;
        assert!(text.contains("Thạnh An"), "the index is what was read");
        for never in ["@", "example.vn", "Nguyễn Văn Kín", "Tây Ninh", "Bình Khánh", "Phú Mỹ", "Cát Lái"] {
            assert!(!text.contains(never), "{never} is not in the index");
        }
    }
}

on_every_search_backend! {
    /// The page and the JSON endpoint: one box, filters with counts, highlights, pages,
    /// both orders, links to the exact clause; clear refusals of bad input.
    async fn the_search_page(app) {
        app.search_settled().await;
        let start = app.page("/tim-kiem").await;
        assert!(start.contains("role=\"search\"") && start.contains("name=\"q\""));
        assert!(start.contains("href=\"/tim-kiem?q=%C4%91%E1%BA%A5t+%C4%91ai\""), "examples");
        assert!(app.page("/").await.contains("action=\"/tim-kiem\""), "the home page has the box");

        let html = app.page("/tim-kiem?q=via+he").await;
        assert!(html.contains("<mark>vỉa</mark> <mark>hè</mark>"), "the original words are marked");
        assert!(html.contains("kết quả cho “via he”"));
        let json = app.search_json("q=via+he").await;
        let total = json["total"].as_i64().unwrap();
        assert!(total > 20, "the long demo draft matches often: {total}");
        assert!(html.contains(&format!("{total} kết quả")));
        assert!(html.contains("rel=\"next\""), "more than one page");
        let urls = hit_urls(&json);
        assert!(urls.iter().any(|u| u.starts_with("/du-thao/via-he#dieu-")), "clauses lead to their anchor: {urls:?}");
        let page2 = hit_urls(&app.search_json("q=via+he&trang=2").await);
        assert_eq!(page2.len(), (total - 20).min(20) as usize);
        assert!(page2.iter().all(|u| !urls.contains(u)), "pages do not overlap");

        // Facets: counts per kind and per agency, type, status and year; a filter narrows.
        let kinds = &json["facets"]["kind"];
        assert!(kinds["section"].as_i64().unwrap() > 0 && kinds["comment"].as_i64().unwrap() > 0, "{kinds}");
        assert!(html.contains(&format!("Ý kiến ({})", kinds["comment"])), "counts are shown with the filter");
        let agency = json["facets"]["agency"][0]["slug"].as_str().unwrap().to_string();
        let narrowed = app.search_json(&format!("q=via+he&co-quan={agency}")).await;
        assert_eq!(narrowed["total"], json["facets"]["agency"][0]["count"]);
        let comments_only = app.search_json("q=via+he&ket-qua=y-kien").await;
        assert_eq!(comments_only["total"], kinds["comment"]);
        assert!(comments_only["hits"].as_array().unwrap().iter().all(|h| h["kind"] == "comment"));
        let open = app.search_json("q=h%E1%BB%8Dc+ph%C3%AD&trang-thai=dang-lay-y-kien").await;
        assert!(open["hits"].as_array().unwrap().iter().all(|h| h["draft"]["status"] == "dang-lay-y-kien"));
        assert!(open["total"].as_i64().unwrap() > 0);
        let closed = app.search_json("q=h%E1%BB%8Dc+ph%C3%AD&trang-thai=da-ket-thuc&loai=quyet-dinh-ubnd").await;
        assert!(closed["hits"].as_array().unwrap().iter().all(|h| h["draft"]["status"] == "da-ket-thuc"));
        let year = json["facets"]["year"].as_object().unwrap().keys().next().unwrap().clone();
        assert_eq!(app.search_json(&format!("q=via+he&nam={year}")).await["total"], json["facets"]["year"][&year]);
        assert_eq!(app.search_json("q=via+he&nam=1999").await["total"], 0);

        // Newest first.
        let newest = app.search_json("q=via+he&sap-xep=moi-nhat").await;
        let dates: Vec<&str> = newest["hits"].as_array().unwrap().iter().map(|h| h["date"].as_str().unwrap()).collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted);

        // Typed markup is text.
        let html = app.page("/tim-kiem?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+v%E1%BB%89a+h%C3%A8").await;
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));

        // Bad input: a 400 with a message, in the page and in the JSON.
        for (q, message) in [
            ("ket-qua=moi", "Loại kết quả không hợp lệ."),
            ("sap-xep=ngau-nhien", "Cách sắp xếp không hợp lệ."),
            ("trang=101&q=a", "Chỉ xem được 100 trang kết quả đầu"),
            ("co-quan=%3Cb%3E", "Bộ lọc không hợp lệ"),
        ] {
            let resp = app.get(&format!("/tim-kiem?{q}")).await;
            assert_eq!(resp.status(), 400, "{q}");
            assert!(resp.text().await.unwrap().contains(message), "{q}");
            let resp = app.get(&format!("/api/tim-kiem?{q}")).await;
            assert_eq!(resp.status(), 400, "{q}");
            let body: serde_json::Value = resp.json().await.unwrap();
            assert!(body["error"].as_str().unwrap().contains(message), "{q}: {body}");
        }
        let long = "a".repeat(201);
        let resp = app.get(&format!("/tim-kiem?q={long}")).await;
        assert_eq!(resp.status(), 400);
        assert!(resp.text().await.unwrap().contains("tối đa 200 ký tự"));
        assert_eq!(app.get("/tim-kiem?q=%FF%FE").await.status(), 200, "bytes that are not UTF-8 are no error");
    }
}

on_both_databases! {
    /// Searching is rate-limited per address, with a friendly 429.
    async fn search_is_rate_limited(app, |b| b.setting("GOPY_RATE_SEARCH_IP", "3/min")) {
        for _ in 0..2 {
            assert_eq!(app.get("/tim-kiem?q=h%E1%BB%8Dc+ph%C3%AD").await.status(), 200);
        }
        assert_eq!(app.get("/api/tim-kiem?q=hoc").await.status(), 200, "the page and the JSON share the quota");
        let resp = app.get("/tim-kiem?q=hoc").await;
        assert_eq!(resp.status(), 429);
        assert!(resp.headers().contains_key("retry-after"));
        assert_eq!(app.get("/api/tim-kiem?q=hoc").await.status(), 429);
        assert_eq!(app.get("/du-thao").await.status(), 200, "reading is not limited");
    }
}

on_both_databases! {
    /// When the index fails, changes wait in the outbox (the submission is not slowed or
    /// refused), /readyz says how many, and the index catches up when it is back.
    async fn the_index_catches_up_after_a_failure(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true")) {
        app.search_settled().await;
        let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
        assert_eq!(ready["search"]["backend"], "database");
        assert_eq!(ready["search"]["pending_changes"], 0);

        app.behind_the_portals_back(|c| c.batch_execute("ALTER TABLE search_docs RENAME TO search_docs_away").unwrap()).await;
        let text = "Đề nghị có xe buýt đưa đón học sinh ở Cần Giờ.";
        app.confirmed_comment("hoc-phi", None, &with(good_comment(), "noi_dung", text)).await;
        // The worker tries, fails and keeps the change for later.
        for _ in 0..200 {
            let tried = app.behind_the_portals_back(|c| {
                search_outbox::table.filter(search_outbox::done_at.is_null()).select(diesel::dsl::max(search_outbox::attempts)).first::<Option<i32>>(c).unwrap()
            }).await;
            if tried.unwrap_or(0) > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
        assert_eq!(ready["status"], "ready", "a lagging index does not stop the portal");
        assert!(ready["search"]["pending_changes"].as_i64().unwrap() >= 1, "{ready}");
        let resp = app.get("/tim-kiem?q=C%E1%BA%A7n+Gi%E1%BB%9D").await;
        assert_eq!(resp.status(), 503, "search says it is down, and nothing else is");
        assert!(resp.text().await.unwrap().contains("Dịch vụ tìm kiếm tạm thời không phản hồi"));
        assert_eq!(app.get("/du-thao/hoc-phi").await.status(), 200);

        app.behind_the_portals_back(|c| c.batch_execute("ALTER TABLE search_docs_away RENAME TO search_docs").unwrap()).await;
        app.search_settled().await;
        let id = app.comment_id(text).await;
        let found = hit_urls(&app.search_json("q=C%E1%BA%A7n+Gi%E1%BB%9D&ket-qua=y-kien").await);
        assert_eq!(found, [format!("/du-thao/hoc-phi/y-kien/{id}")], "caught up");
        let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
        assert_eq!(ready["search"]["pending_changes"], 0);
        assert_eq!(ready["search"]["lag_seconds"], 0);
    }
}

on_both_databases! {
    /// With Meilisearch configured but unreachable, the portal starts, comments are
    /// accepted at full speed, and their index updates wait in the outbox.
    async fn meilisearch_down_loses_nothing(app, |b| b.setting("GOPY_MEILI_URL", "http://127.0.0.1:9").setting("GOPY_PUBLISH_ON_CONFIRM", "true")) {
        let started = std::time::Instant::now();
        app.confirmed_comment("hoc-phi", None, &with(good_comment(), "noi_dung", "Đề nghị thêm điểm trường ở xã Thạnh An.")).await;
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the index is not waited for");
        let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
        assert_eq!(ready["status"], "ready");
        assert_eq!(ready["search"]["backend"], "meilisearch");
        assert!(ready["search"]["pending_changes"].as_i64().unwrap() > 0, "the demo and the comment wait: {ready}");
        let resp = app.get("/tim-kiem?q=Th%E1%BA%A1nh+An").await;
        assert_eq!(resp.status(), 503);
        let resp = app.get("/api/tim-kiem?q=Th%E1%BA%A1nh+An").await;
        assert_eq!(resp.status(), 503);
        let body: serde_json::Value = resp.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("không phản hồi"));
    }
}

on_every_search_backend! {
    /// A new version of a draft replaces its clauses in the index.
    async fn a_new_version_replaces_the_clauses(app) {
        let id = app.publish_draft("giao-thong", "Quy định về xích lô du lịch", "Điều 1. Phạm vi\nNgười đạp xích lô phải đội mũ bảo hiểm.\n", days(-1), days(30)).await;
        app.search_settled().await;
        assert_eq!(hit_urls(&app.search_json("q=x%C3%ADch+l%C3%B4&ket-qua=dieu-khoan").await), ["/du-thao/giao-thong#dieu-1"]);
        app.with_db(move |c| {
            let text = "Điều 1. Phạm vi\nNgười lái xe ba gác phải đội mũ bảo hiểm.\n";
            let doc = gopy::parse::parse(text);
            gopy::db::queries::authoring::add_version(c, id, text, &doc, "", true, now()).unwrap();
        }).await;
        app.search_settled().await;
        assert_eq!(app.search_json("q=x%C3%ADch+l%C3%B4&ket-qua=dieu-khoan").await["total"], 0);
        assert_eq!(hit_urls(&app.search_json("q=ba+g%C3%A1c").await), ["/du-thao/giao-thong#dieu-1"]);
        let draft_hits = app.search_json("q=x%C3%ADch+l%C3%B4&ket-qua=du-thao").await;
        assert_eq!(hit_urls(&draft_hits), ["/du-thao/giao-thong"]);
    }
}

on_every_search_backend! {
    /// `gopy reindex` rebuilds the index from the database.
    async fn reindex_rebuilds_the_index(app) {
        app.search_settled().await;
        let before = app.search_json("q=").await["total"].as_i64().unwrap();
        assert!(before > 100, "the demo: drafts, clauses, comments, answers ({before})");
        let catalog = search_catalog(&app).await;
        app.state.search.clear().await.unwrap();
        assert_eq!(app.search_json("q=v%E1%BB%89a+h%C3%A8").await["total"], 0);

        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gopy"));
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("GOPY_")) {
            cmd.env_remove(k);
        }
        let out = cmd.arg("reindex").envs(&app.settings).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains(&format!("indexed {before} documents")), "{stdout}");
        app.search_settled().await;
        assert_eq!(app.search_json("q=").await["total"], before);
        assert!(app.search_json("q=v%E1%BB%89a+h%C3%A8").await["total"].as_i64().unwrap() > 0);
        // PostgreSQL builds a new table and swaps it in: it has the same columns (and
        // their storage), constraints and indexes, under the same names, as the one the
        // migrations made.
        assert_eq!(search_catalog(&app).await, catalog);
    }
}

on_both_databases! {
    /// A reindex writes comments and answers in the order of their documents' ids (date
    /// order), not of their own ids: PostgreSQL lays the rebuilt table out in the order
    /// it is written, and a search walks the newest ids.
    async fn reindex_writes_in_date_order(app) {
        app.with_db(|c| {
            // The newest comment, published long after it was sent (moderated late) and
            // dated long ago: by its id it comes last, by its date first.
            let newest: i64 = comments::table
                .filter(comments::status.eq("published"))
                .select(diesel::dsl::max(comments::id))
                .first::<Option<i64>>(c)
                .unwrap()
                .unwrap();
            let long_ago = chrono::DateTime::from_timestamp(978_307_200, 0).unwrap().naive_utc();
            diesel::update(comments::table.find(newest))
                .set(comments::published_at.eq(Some(long_ago)))
                .execute(c)
                .unwrap();
            let published: i64 = comments::table
                .filter(comments::status.eq("published"))
                .count()
                .get_result(c)
                .unwrap();

            let order = docs::reindex_order(c).unwrap();
            assert_eq!(order[0], (Entity::Comment, newest), "the oldest document first");
            // In small batches, as a reindex reads them (each batch is sorted on its own,
            // so only the order across batches shows `reindex_order`'s).
            let mut docs = Vec::new();
            for batch in order.chunks(7) {
                docs.extend(docs::docs_of(c, batch).unwrap());
            }
            let kinds = |k: DocKind| docs.iter().filter(|d| d.kind == k).count() as i64;
            assert_eq!(kinds(DocKind::Comment), published, "every published comment");
            assert!(kinds(DocKind::Answer) > 0, "the demo's answers");
            let keys: Vec<i64> = docs.iter().map(SearchDoc::order_key).collect();
            assert!(keys.is_sorted(), "in id order");
            assert_eq!(docs[0].id, format!("comment-{newest}"));
        })
        .await;
    }
}

/// The columns (with their storage), constraints and indexes of PostgreSQL's
/// `search_docs` (nothing for the other backends).
async fn search_catalog(app: &TestApp) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = diesel::sql_types::Text)]
        line: String,
    }
    if app.backend != Backend::Postgres || !matches!(app.state.search, Search::Database(_)) {
        return Vec::new();
    }
    let lines = app
        .behind_the_portals_back(|c| {
            diesel::sql_query(
                "SELECT format('column %s %s %s %s %s', attname, format_type(atttypid, atttypmod), attnotnull, \
                               attstorage, pg_get_expr(d.adbin, d.adrelid)) AS line \
                 FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
                 WHERE a.attrelid = 'search_docs'::regclass AND a.attnum > 0 AND NOT a.attisdropped \
                 UNION ALL SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid)) \
                 FROM pg_constraint WHERE conrelid = 'search_docs'::regclass \
                 UNION ALL SELECT format('index %s', pg_get_indexdef(indexrelid)) \
                 FROM pg_index WHERE indrelid = 'search_docs'::regclass \
                 UNION ALL SELECT format('schema %s', nspname) FROM pg_namespace WHERE nspname LIKE 'search%' \
                 ORDER BY 1",
            )
            .load::<Line>(c)
        })
        .await
        .unwrap();
    let lines: Vec<String> = lines.into_iter().map(|l| l.line).collect();
    assert!(lines.iter().any(|l| l.contains("USING gin")), "{lines:?}");
    lines
}

/// On PostgreSQL a full rebuild builds a new table beside the live index, so searches
/// meanwhile get the old index's answers, not part of the new one.
#[tokio::test]
async fn postgres_searches_the_old_index_during_a_rebuild() {
    let Some(app) = TestApp::builder(Backend::Postgres).spawn().await else {
        eprintln!("skipped: set TEST_POSTGRES_URL to run this test on PostgreSQL");
        return;
    };
    app.search_settled().await;
    let Search::Database(d) = &app.state.search else {
        panic!("the database backend");
    };
    let before = app.search_json("q=v%E1%BB%89a+h%C3%A8").await["total"]
        .as_i64()
        .unwrap();
    assert!(before > 0, "the demo's comments on pavements");

    d.begin_rebuild().await.unwrap();
    let comment = doc(
        "comment-1",
        DocKind::Comment,
        1,
        "GY · Điều 1",
        "Vỉa hè mới, chỉ trong bản dựng lại.",
        1,
    );
    d.fill(vec![comment]).await.unwrap();
    assert_eq!(
        app.search_json("q=v%E1%BB%89a+h%C3%A8").await["total"],
        before,
        "the old index answers"
    );

    d.finish_rebuild().await.unwrap();
    let after = app.search_json("q=v%E1%BB%89a+h%C3%A8").await;
    assert_eq!(after["total"], 1, "the new index answers: {after}");
    assert!(
        after.to_string().contains("chỉ trong bản dựng lại"),
        "{after}"
    );
}

/// Meilisearch gets its settings at start, and again at every start without harm.
#[tokio::test]
async fn meilisearch_settings_are_applied_idempotently() {
    let Some(client) = meili_client() else {
        eprintln!("skipped: set MEILI_URL (and MEILI_KEY) to run this test on Meilisearch");
        return;
    };
    let uid = meili_index_name();
    let url = std::env::var("MEILI_URL").unwrap();
    let m = gopy::search::meili::MeiliSearch::new(
        &url,
        std::env::var("MEILI_KEY").ok().as_deref(),
        &uid,
    )
    .unwrap();
    assert!(m.setup().await.unwrap(), "created");
    assert!(
        !m.setup().await.unwrap(),
        "already there, settings applied again"
    );
    assert_eq!(m.health().state, gopy::search::meili::IndexState::Ready);
    assert_eq!(m.health().last_failed_task, None);
    let index = client.get_index(m.index_uid()).await.unwrap();
    assert_eq!(index.primary_key.as_deref(), Some("id"));
    let s = index.get_settings().await.unwrap();
    assert_eq!(
        s.searchable_attributes.unwrap(),
        ["folded_title", "folded_body", "spelled"]
    );
    let mut filterable: Vec<String> = s
        .filterable_attributes
        .unwrap()
        .into_iter()
        .map(|f| match f {
            meilisearch_sdk::settings::FilterableAttribute::Attribute(a) => a,
            other => format!("{other:?}"),
        })
        .collect();
    filterable.sort();
    assert_eq!(
        filterable,
        [
            "commenter_kind",
            "commune",
            "date_ts",
            "draft_id",
            "id",
            "kind",
            "seq"
        ]
    );
    let mut sortable = s.sortable_attributes.unwrap();
    sortable.sort();
    assert_eq!(sortable, ["date_ts", "seq"]);
    assert_eq!(
        s.ranking_rules.unwrap(),
        [
            "sort",
            "words",
            "typo",
            "proximity",
            "attributeRank",
            "exactness"
        ]
    );
    let typo = s.typo_tolerance.unwrap();
    assert_eq!(typo.disable_on_attributes.unwrap(), ["spelled"]);
    assert_eq!(
        s.pagination.unwrap().max_total_hits,
        gopy::search::MATCH_WINDOW as usize + 1
    );
    drop_meili_index(&uid).await;
}

/// The tsvectors the application builds for PostgreSQL (sent in binary) are what
/// PostgreSQL's own parser makes of plain Vietnamese text, weights included.
#[tokio::test]
async fn postgres_reads_the_tsvectors_built_here() {
    use gopy::search::tsvector::{TsVector, TsVectorSql};
    #[derive(QueryableByName)]
    struct Same {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        matching: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        ranking: bool,
    }
    let Some(app) = TestApp::builder(Backend::Postgres).empty().spawn().await else {
        eprintln!("skipped: set TEST_POSTGRES_URL to run this test on PostgreSQL");
        return;
    };
    let (title, body) = (
        "Điều 12. Mức thu học phí",
        "Đường nhà tôi ngập, mỗi khi mưa 2 lần; học phí tăng: học phí!",
    );
    let (folded_title, folded) = (gopy::text::fold(title), gopy::text::fold(body));
    let same = app
        .behind_the_portals_back(move |c| {
            let DbConnection::Postgres(c) = c else { panic!("PostgreSQL") };
            diesel::sql_query(
                "SELECT $1 = to_tsvector('simple', $3 || ' ' || $4) AS matching, \
                 $2 = setweight(to_tsvector('simple', $5), 'A') || setweight(to_tsvector('simple', $6), 'B') \
                      || setweight(to_tsvector('simple', $3), 'C') AS ranking",
            )
            .bind::<TsVectorSql, _>(TsVector::matching(&folded_title, &folded))
            .bind::<TsVectorSql, _>(TsVector::ranking(title, body, &folded_title))
            .bind::<diesel::sql_types::Text, _>(&folded_title)
            .bind::<diesel::sql_types::Text, _>(&folded)
            .bind::<diesel::sql_types::Text, _>(title)
            .bind::<diesel::sql_types::Text, _>(body)
            .get_result::<Same>(c)
            .unwrap()
        })
        .await;
    assert!(same.matching, "the folded words and their positions");
    assert!(same.ranking, "the words as written, weighted");
}
