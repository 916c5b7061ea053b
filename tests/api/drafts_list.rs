use crate::on_both_databases;

on_both_databases! {
    /// Filters by agency, document type, status and year narrow the list; the form keeps
    /// what was chosen.
    async fn the_list_filters_by_agency_type_status_and_year(app) {
        let all = app.page("/du-thao").await;
        assert!(all.contains("4 dự thảo"));

        let html = app.page("/du-thao?co-quan=so-giao-duc-va-dao-tao").await;
        assert!(html.contains("1 dự thảo"));
        assert!(html.contains("/du-thao/hoc-phi"));
        assert!(html.contains("value=\"so-giao-duc-va-dao-tao\" selected"));

        let html = app.page("/du-thao?loai=quyet-dinh-ubnd").await;
        assert!(html.contains("2 dự thảo"));
        assert!(!html.contains("/du-thao/chat-thai-ran\""));

        let html = app.page("/du-thao?trang-thai=dang-lay-y-kien").await;
        assert!(html.contains("3 dự thảo"));
        let html = app.page("/du-thao?trang-thai=da-ket-thuc").await;
        assert!(html.contains("1 dự thảo") && html.contains("/du-thao/via-he"));
        let html = app.page("/du-thao?trang-thai=sap-lay-y-kien").await;
        assert!(html.contains("0 dự thảo") && html.contains("Không có dự thảo nào phù hợp."));

        let year = gopy::domain::time::local_year(now() - days(45));
        let html = app.page(&format!("/du-thao?nam={year}")).await;
        assert!(html.contains("dự thảo"));
        let html = app.page("/du-thao?nam=1999").await;
        assert!(html.contains("0 dự thảo"));

        // Filters left at "Tất cả" arrive empty and mean no filter.
        let html = app.page("/du-thao?co-quan=&loai=&trang-thai=&nam=").await;
        assert!(html.contains("4 dự thảo"));

        // A commune's own decision, by its type.
        let html = app.page("/du-thao?loai=quyet-dinh-ubnd-xa").await;
        assert!(html.contains("1 dự thảo") && html.contains("/du-thao/pho-di-bo"));
    }
}

on_both_databases! {
    /// Bad filter values get a 400 page in Vietnamese, never a 500.
    async fn bad_filters_are_refused_clearly(app) {
        for q in [
            "trang-thai=mo",
            "nam=abc",
            "nam=99999",
            "co-quan=%3Cscript%3E",
            "loai=DROP%20TABLE%20drafts",
            "trang=0",
            "trang=-1",
            "trang=9999999999999999999999",
        ] {
            let resp = app.get(&format!("/du-thao?{q}")).await;
            assert_eq!(resp.status(), 400, "{q}");
            let html = resp.text().await.unwrap();
            assert!(html.contains("Yêu cầu không hợp lệ"), "{q}");
            assert!(!html.contains("<script>"), "{q}");
        }
        // The drafts are still there.
        assert!(app.page("/du-thao").await.contains("4 dự thảo"));
    }
}

on_both_databases! {
    /// Long lists are cut into pages of 20 with links that keep the filters.
    async fn the_list_is_paginated(app) {
        for i in 0..25 {
            app.publish_draft(&format!("du-thao-{i}"), &format!("Dự thảo thử số {i}"), "Điều 1. Một\nNội dung.", days(-1), days(5)).await;
        }
        let first = app.page("/du-thao?trang-thai=dang-lay-y-kien").await;
        assert!(first.contains("28 dự thảo"));
        assert_eq!(count(&first, "class=\"card\""), 20);
        assert!(first.contains("Trang 1/2"));
        assert!(first.contains("href=\"/du-thao?trang-thai=dang-lay-y-kien&amp;trang=2\""));
        let second = app.page("/du-thao?trang-thai=dang-lay-y-kien&trang=2").await;
        assert_eq!(count(&second, "class=\"card\""), 8);
        assert!(second.contains("rel=\"prev\""));
        // A page past the end is empty, not an error.
        let past = app.page("/du-thao?trang=50").await;
        assert_eq!(count(&past, "class=\"card\""), 0);
    }
}
