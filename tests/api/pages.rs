use crate::on_both_databases;

on_both_databases! {
    /// An agency's page lists its drafts; the list of agencies links to each.
    async fn agencies_have_pages(app) {
        let list = app.page("/co-quan").await;
        assert!(list.contains("href=\"/co-quan/so-xay-dung\""));
        let html = app.page("/co-quan/so-xay-dung").await;
        assert!(html.contains("<h1>Sở Xây dựng Thành phố Hồ Chí Minh</h1>"));
        assert!(html.contains("1 dự thảo"));
        assert!(html.contains("/du-thao/via-he"));
        assert_eq!(app.get("/co-quan/khong-co").await.status(), 404);
    }
}

on_both_databases! {
    /// Unknown addresses get a helpful 404 page in Vietnamese with ways on.
    async fn unknown_pages_are_helpful_404s(app) {
        for path in ["/khong-co-trang-nay", "/du-thao/khong-co", "/du-thao/KHONG_HOP_LE", "/co-quan/%00", "/static/gopy.css"] {
            let resp = app.get(path).await;
            assert_eq!(resp.status(), 404, "{path}");
            let html = resp.text().await.unwrap();
            assert!(html.contains("Không tìm thấy trang"), "{path}");
            assert!(html.contains("href=\"/du-thao\""), "{path}");
        }
    }
}

on_both_databases! {
    /// Static files carry their content hash and may be cached for a year; pages carry
    /// security headers.
    async fn static_files_are_cacheable_and_pages_are_protected(app) {
        let html = app.page("/").await;
        let css = regex::Regex::new(r#"href="(/static/gopy\.[0-9a-f]{10}\.css)""#).unwrap();
        let path = css.captures(&html).expect("the stylesheet link")[1].to_string();
        let resp = app.get(&path).await;
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
        let body = resp.text().await.unwrap();
        assert!(body.contains("@media print"), "pages print without navigation");

        let resp = app.get("/").await;
        let h = resp.headers();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(h["content-security-policy"].to_str().unwrap().contains("script-src 'none'"));
        assert_eq!(h["content-type"], "text/html; charset=utf-8");
    }
}

on_both_databases! {
    /// HEAD answers like GET, without a body: link checkers and monitors use it.
    async fn head_requests_are_answered(app) {
        let resp = app.client.head(format!("{}/du-thao/chat-thai-ran", app.address)).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["content-type"], "text/html; charset=utf-8");
        assert!(resp.text().await.unwrap().is_empty());
    }
}

on_both_databases! {
    /// When the database fails under a page, the reader gets the 500 page in Vietnamese,
    /// with nothing of the failure shown, and the portal keeps serving other pages.
    async fn a_database_failure_is_a_helpful_500(app) {
        app.behind_the_portals_back(|c| {
            use diesel::connection::SimpleConnection;
            // A table nothing else refers to, which the draft page reads.
            c.batch_execute("DROP TABLE draft_links").unwrap();
        })
        .await;
        let resp = app.get("/du-thao/hoc-phi").await;
        assert_eq!(resp.status(), 500);
        let html = resp.text().await.unwrap();
        assert!(html.contains("Đã có lỗi xảy ra"));
        assert!(!html.to_lowercase().contains("draft_links"), "no internals leak");
        assert_eq!(app.get("/healthz").await.status(), 200);
        assert_eq!(app.get("/co-quan").await.status(), 200);
    }
}

on_both_databases! {
    /// The list of agencies is paginated like every other list.
    async fn the_agency_list_is_paginated(app) {
        app.with_db(|c| {
            use diesel::prelude::*;
            use gopy::db::schema::agencies;
            for i in 0..60 {
                diesel::insert_into(agencies::table)
                    .values((
                        agencies::jurisdiction_id.eq(1),
                        agencies::slug.eq(format!("co-quan-{i:02}")),
                        agencies::name.eq(format!("Ủy ban nhân dân xã thử {i:02}")),
                        agencies::short_name.eq(format!("UBND xã {i:02}")),
                        agencies::created_at.eq(now()),
                    ))
                    .execute(c)
                    .unwrap();
            }
        })
        .await;
        let first = app.page("/co-quan").await;
        assert_eq!(count(&first, "href=\"/co-quan/"), 50);
        assert!(first.contains("Trang 1/2"));
        let second = app.page("/co-quan?trang=2").await;
        assert_eq!(count(&second, "href=\"/co-quan/"), 14);
    }
}

on_both_databases! {
    /// Browsers ask for gzip. Pages compressed on the fly used to leave in several small
    /// writes, and with Nagle's algorithm the last one waited for the client's delayed
    /// ACK: 40 ms on every page but the cached draft page. Each page, asked for again and
    /// again on one kept-alive connection as a browser does, answers in far less than
    /// that, and arrives whole with its length.
    async fn gzipped_pages_do_not_wait_for_the_clients_ack(app) {
        use std::io::Read;
        let client = reqwest::Client::builder().build().unwrap();
        let pages = [
            "/",
            "/du-thao",
            "/co-quan",
            "/co-quan/so-xay-dung",
            "/du-thao/via-he/y-kien",
            "/du-thao/via-he/bao-cao",
            "/tim-kiem?q=hoc+phi",
            "/du-thao/via-he/gop-y",
            "/quyen-rieng-tu",
        ];
        for path in pages {
            let mut times = Vec::new();
            for _ in 0..9 {
                let started = std::time::Instant::now();
                let resp = client
                    .get(format!("{}{path}", app.address))
                    .header("accept-encoding", "gzip")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(resp.status(), 200, "{path}");
                assert_eq!(resp.headers()["content-encoding"], "gzip", "{path}");
                assert!(resp.headers().contains_key("content-length"), "{path} is sent with its length");
                let body = resp.bytes().await.unwrap();
                times.push(started.elapsed());
                let mut html = String::new();
                flate2::read::GzDecoder::new(&body[..]).read_to_string(&mut html).unwrap();
                assert!(html.contains("</html>"), "{path}");
            }
            times.sort();
            let median = times[times.len() / 2];
            // The stall is at least 40 ms (Linux's shortest delayed ACK); a page here
            // takes about a millisecond even on a busy test machine.
            assert!(median < std::time::Duration::from_millis(25), "{path}: median {median:?}");
        }
    }
}
