//! Generated comments for the benchmarks (`search`, `scale`): Vietnamese text with a
//! realistic spread of common and rare words, a share of it answered, with the counters
//! the portal keeps (published counts, places in the public record, the answers'
//! tallies) equal to what counting the rows would give.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use gopy::db::schema::{comments, draft_versions, drafts, responses, sections};
use gopy::db::{Db, DbConnection};
use gopy::domain::time;

/// Words and phrases of real comments on drafts, most common first: a generated comment
/// picks from the front far more often than from the back.
const VOCABULARY: &[&str] = &[
    "đề nghị",
    "quy định",
    "cần",
    "của",
    "và",
    "cho",
    "người dân",
    "dự thảo",
    "các",
    "được",
    "không",
    "theo",
    "về",
    "trong",
    "có",
    "với",
    "phải",
    "này",
    "thực hiện",
    "cơ quan",
    "tại",
    "khoản",
    "điều",
    "bổ sung",
    "làm rõ",
    "trường hợp",
    "đối với",
    "hộ gia đình",
    "doanh nghiệp",
    "thời gian",
    "thủ tục",
    "hồ sơ",
    "mức thu",
    "phí",
    "học phí",
    "học sinh",
    "giáo viên",
    "trường",
    "mầm non",
    "tiểu học",
    "vỉa hè",
    "lòng đường",
    "kinh doanh",
    "buôn bán",
    "xe máy",
    "ô tô",
    "đỗ xe",
    "giao thông",
    "đi bộ",
    "rác thải",
    "chất thải",
    "phân loại",
    "thu gom",
    "môi trường",
    "tiếng ồn",
    "đất đai",
    "đất ở",
    "quyền sử dụng",
    "bồi thường",
    "tái định cư",
    "giải phóng mặt bằng",
    "xây dựng",
    "nhà ở",
    "chung cư",
    "giấy phép",
    "cấp phép",
    "thanh tra",
    "xử phạt",
    "vi phạm",
    "mức phạt",
    "công khai",
    "minh bạch",
    "ý kiến",
    "tiếp thu",
    "giải trình",
    "phường",
    "xã",
    "thành phố",
    "quận",
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "ngân sách",
    "kinh phí",
    "hỗ trợ",
    "miễn giảm",
    "hộ nghèo",
    "cận nghèo",
    "người cao tuổi",
    "người khuyết tật",
    "trẻ em",
    "phụ huynh",
    "bảo hiểm",
    "y tế",
    "bệnh viện",
    "trạm y tế",
    "nước sạch",
    "cấp nước",
    "thoát nước",
    "ngập",
    "triều cường",
    "cây xanh",
    "công viên",
    "chợ",
    "siêu thị",
    "hàng rong",
    "lấn chiếm",
    "trật tự",
    "đô thị",
    "quy hoạch",
    "điều chỉnh",
    "thẩm định",
    "phê duyệt",
    "hiệu lực",
    "chuyển tiếp",
    "bãi bỏ",
    "sửa đổi",
    "thống nhất",
    "chồng chéo",
    "bất cập",
    "khó khăn",
    "vướng mắc",
    "kiến nghị",
    "tham vấn",
    "đánh giá tác động",
    "chi phí",
    "tuân thủ",
    "số hóa",
    "trực tuyến",
    "dịch vụ công",
    "một cửa",
    "cán bộ",
    "công chức",
    "trách nhiệm",
    "phối hợp",
    "kiểm tra",
    "giám sát",
    "báo cáo",
    "định kỳ",
    "hằng năm",
    "Cần Giờ",
    "Củ Chi",
    "Hóc Môn",
    "Bình Chánh",
    "Nhà Bè",
    "Thủ Đức",
    "Sài Gòn",
    "hoà giải",
    "hòa nhập",
    "đường Nguyễn Huệ",
    "bến xe",
    "xe buýt",
    "metro",
    "xích lô",
    "xã đảo Thạnh An",
    "làng nghề",
    "di tích",
    "lễ hội",
    "Tết",
    "mùa mưa",
];

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards 0: common words come up far more often.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((u * u * u) * n as f64) as usize
    }
}

pub fn comment_text(rng: &mut Rng) -> String {
    let words = 12 + rng.below(50);
    let mut s = String::new();
    for i in 0..words {
        let w = VOCABULARY[rng.skewed(VOCABULARY.len())];
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().into_iter().flat_map(char::to_uppercase));
            s.push_str(c.as_str());
        } else {
            s.push(if rng.below(9) == 0 { ',' } else { ' ' });
            if s.ends_with(',') {
                s.push(' ');
            }
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// Where generated comments go: every draft's sections, or one draft's only (a
/// national consultation on one draft).
#[derive(Clone, Copy)]
pub enum Spread<'a> {
    AllDrafts,
    OneDraft(&'a str),
}

/// Answers written per draft; about one comment in three is answered, grouped as an
/// agency answers like comments together.
const ANSWERS_PER_DRAFT: usize = 200;

/// Adds published comments until there are `total`, spread over the drafts' sections
/// (one in five on the whole draft), then brings the counters and places up to date.
pub fn grow(db: &Db, total: i64, rng: &mut Rng, spread: Spread<'_>) -> Duration {
    let started = Instant::now();
    let mut pooled = db.get().unwrap();
    let conn: &mut DbConnection = &mut pooled;
    let mut q = sections::table
        .inner_join(draft_versions::table.inner_join(drafts::table))
        .select((draft_versions::draft_id, draft_versions::id, sections::id))
        .into_boxed();
    if let Spread::OneDraft(slug) = spread {
        q = q.filter(drafts::slug.eq(slug.to_string()));
    }
    let targets: Vec<(i64, i64, i64)> = q.load(conn).unwrap();
    assert!(!targets.is_empty(), "no sections to comment on");
    let have: i64 = comments::table.count().get_result(conn).unwrap();
    let now = time::now_utc();
    let answers = answers(conn, &targets, now);
    let kinds = [
        "individual",
        "individual",
        "individual",
        "business",
        "organisation",
        "expert",
    ];
    let mut n = have;
    while n < total {
        let chunk = (total - n).min(20_000);
        conn.transaction::<_, diesel::result::Error, _>(|c| {
            let rows: Vec<_> = (0..chunk)
                .map(|i| {
                    let t = rng.below(targets.len());
                    let (draft, version, section) = targets[t];
                    let at = now - chrono::Duration::seconds((total - n - i) * 7);
                    // An agency answers like comments together, and like comments are on
                    // the same clause: each answer covers comments of a few clauses.
                    let answered = (rng.below(3) == 0)
                        .then(|| answers[&draft][(t * 31 + rng.below(3)) % ANSWERS_PER_DRAFT]);
                    (
                        comments::draft_id.eq(draft),
                        comments::version_id.eq(version),
                        comments::section_id.eq((rng.below(5) > 0).then_some(section)),
                        comments::body.eq(comment_text(rng)),
                        comments::commenter_kind.eq(kinds[rng.below(kinds.len())]),
                        comments::privacy_version.eq("bench"),
                        comments::privacy_consented_at.eq(at),
                        comments::status.eq("published"),
                        comments::confirm_expires_at.eq(at),
                        comments::status_token_hash.eq(format!("bench-{}", n + i)),
                        comments::published_at.eq(Some(at)),
                        comments::created_at.eq(at),
                        comments::updated_at.eq(at),
                        comments::response_id.eq(answered),
                    )
                })
                .collect();
            for batch in rows.chunks(1_000) {
                gopy::with_backend!(&mut *c, |c| diesel::insert_into(comments::table)
                    .values(batch)
                    .execute(c))?;
            }
            Ok(())
        })
        .unwrap();
        n += chunk;
    }
    settle(conn);
    started.elapsed()
}

/// The answers of each draft commented on, written once: (draft, answer ids).
fn answers(
    conn: &mut DbConnection,
    targets: &[(i64, i64, i64)],
    now: chrono::NaiveDateTime,
) -> std::collections::HashMap<i64, Vec<i64>> {
    let mut drafts: Vec<i64> = targets.iter().map(|(d, _, _)| *d).collect();
    drafts.sort();
    drafts.dedup();
    let dispositions = [
        "accepted",
        "accepted",
        "partly_accepted",
        "not_accepted",
        "noted",
    ];
    drafts
        .into_iter()
        .map(|draft| {
            let ids: Vec<i64> = (0..ANSWERS_PER_DRAFT)
                .map(|i| {
                    diesel::insert_into(responses::table)
                        .values((
                            responses::draft_id.eq(draft),
                            responses::disposition.eq(dispositions[i % dispositions.len()]),
                            responses::reason.eq(format!(
                                "Ban soạn thảo tiếp thu và chỉnh lý nội dung liên quan (trả lời {i})."
                            )),
                            responses::created_at.eq(now),
                            responses::updated_at.eq(now),
                        ))
                        .returning(responses::id)
                        .get_result(conn)
                        .unwrap()
                })
                .collect();
            (draft, ids)
        })
        .collect()
}

/// Gives the comments added by hand their places in the public record, after those the
/// portal gave out, and sets every counter to what counting the rows gives.
pub fn settle(conn: &mut DbConnection) {
    conn.batch_execute(
        "UPDATE comments SET public_position = r.n FROM (
             SELECT c.id, d.public_positions
                 + ROW_NUMBER() OVER (PARTITION BY c.draft_id ORDER BY c.id) AS n
             FROM comments c JOIN drafts d ON d.id = c.draft_id
             WHERE c.public_position IS NULL AND c.status IN ('published', 'rejected')
         ) AS r WHERE comments.id = r.id;
         UPDATE comments SET scope_position = r.n FROM (
             SELECT c.id,
                 (CASE WHEN c.section_id IS NULL THEN d.whole_draft_positions
                       ELSE s.public_positions END)
                 + ROW_NUMBER() OVER (PARTITION BY c.draft_id, c.section_id ORDER BY c.id) AS n
             FROM comments c JOIN drafts d ON d.id = c.draft_id
             LEFT JOIN sections s ON s.id = c.section_id
             WHERE c.scope_position IS NULL AND c.status IN ('published', 'rejected')
         ) AS r WHERE comments.id = r.id;
         UPDATE drafts SET
             public_positions = COALESCE((SELECT MAX(c.public_position) FROM comments c
                 WHERE c.draft_id = drafts.id), 0),
             whole_draft_positions = COALESCE((SELECT MAX(c.scope_position) FROM comments c
                 WHERE c.draft_id = drafts.id AND c.section_id IS NULL), 0),
             published_comments = (SELECT COUNT(*) FROM comments c
                 WHERE c.draft_id = drafts.id AND c.status = 'published'),
             whole_draft_comments = (SELECT COUNT(*) FROM comments c
                 WHERE c.draft_id = drafts.id AND c.status = 'published' AND c.section_id IS NULL),
             revision = revision + 1;
         UPDATE sections SET
             public_positions = COALESCE((SELECT MAX(c.scope_position) FROM comments c
                 WHERE c.section_id = sections.id), 0),
             published_comments = (SELECT COUNT(*) FROM comments c
                 WHERE c.section_id = sections.id AND c.status = 'published');
         DELETE FROM answer_tallies;
         INSERT INTO answer_tallies (response_id, draft_id, place, commenter_kind, comments)
             SELECT response_id, draft_id, COALESCE(section_id, 0), commenter_kind, COUNT(*)
             FROM comments WHERE status = 'published' AND response_id IS NOT NULL
             GROUP BY response_id, draft_id, COALESCE(section_id, 0), commenter_kind;",
    )
    .unwrap();
    count_participation(conn);
    if let DbConnection::Postgres(c) = conn {
        // VACUUM too: a million rows just inserted start autovacuum (its insert
        // threshold), which would otherwise run during the measurement that follows.
        c.batch_execute("VACUUM ANALYZE").unwrap();
    } else {
        conn.batch_execute("ANALYZE").unwrap();
    }
}

/// Counts the participation of every published comment again (issue 16, point 6): the
/// generator writes comments directly, not through publication, which keeps these
/// counters in the portal.
pub fn count_participation(conn: &mut DbConnection) {
    let day = match conn {
        DbConnection::Sqlite(_) => "date(created_at, '+7 hours')",
        DbConnection::Postgres(_) => "CAST(created_at + INTERVAL '7 hours' AS DATE)",
    };
    conn.batch_execute(&format!(
        "DELETE FROM participation;
         INSERT INTO participation (draft_id, day, locality_id, campaign_id, commenter_kind, published)
         SELECT draft_id, {day}, COALESCE(locality_id, 0), COALESCE(campaign_id, 0), commenter_kind, COUNT(*)
         FROM comments WHERE status = 'published'
         GROUP BY draft_id, {day}, COALESCE(locality_id, 0), COALESCE(campaign_id, 0), commenter_kind;"
    ))
    .unwrap();
}

/// The PostgreSQL database of the benchmarks for one size on `server` (`scale` and
/// `similar` share it), created if it is not there yet: a database already there is
/// reused, as BENCH_DIR's files are.
pub fn postgres_database(server: &str, size: i64) -> String {
    let name = format!("gopy_scale_{size}");
    let mut admin = diesel::PgConnection::establish(&format!("{server}/postgres"))
        .expect("BENCH_POSTGRES answers");
    let there: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
        "SELECT count(*) FROM pg_database WHERE datname = '{name}'"
    ))
    .get_result(&mut admin)
    .unwrap();
    if there == 0 {
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
    }
    format!("{server}/{name}")
}
