//! Mobilisation campaigns in the console: the list and the form to start one, a
//! campaign's page with its link, QR code and steps, and its poster made for print.

use maud::{DOCTYPE, Markup, html};

use super::{Area, date_field, flash, page, problem_for, problems, text_field};
use crate::auth::session::Staff;
use crate::db::models::Locality;
use crate::db::queries::campaigns::{Campaign, OpenDraft};
use crate::db::queries::front::Organisation;
use crate::domain::campaign::CampaignState;
use crate::domain::time;
use crate::views::Ctx;

/// The form's fields as shown.
#[derive(Debug, Clone, Default)]
pub struct CampaignForm {
    pub draft: String,
    pub organisation: String,
    pub title: String,
    pub goal: String,
    pub target_count: String,
    pub starts_on: String,
    pub ends_on: String,
    pub via_link: bool,
    pub via_meetings: bool,
    pub via_groups: bool,
    pub via_social: bool,
    pub communes: Vec<String>,
    pub sections: Vec<String>,
}

pub struct CampaignsPage<'a> {
    pub campaigns: &'a [Campaign],
    /// Each campaign's published opinions (counts only, shown "dưới 5" below five).
    pub published: &'a std::collections::HashMap<crate::domain::ids::CampaignId, i64>,
    /// The organisations the reader acts for.
    pub organisations: &'a [Organisation],
    pub drafts: &'a [OpenDraft],
    pub communes: &'a [Locality],
    /// The chosen draft's clauses: (anchor, label).
    pub sections: &'a [(String, String)],
    pub form: &'a CampaignForm,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

pub fn list(ctx: &Ctx, staff: &Staff, csrf: &str, p: &CampaignsPage<'_>) -> Markup {
    let t = ctx.t.campaigns;
    let f = p.form;
    let e = |name: &str| problem_for(p.errors, name);
    let body = html! {
        h1 { (t.title) }
        (flash(p.notice))
        p { (t.intro) }
        @if p.campaigns.is_empty() {
            p { (t.none_yet) }
        } @else {
            div.table-wrap {
                table.data {
                    thead { tr {
                        th scope="col" { (t.col_title) }
                        th scope="col" { (t.col_draft) }
                        th scope="col" { (t.col_dates) }
                        th scope="col" { (t.col_state) }
                        th scope="col" { (t.count_published) }
                    } }
                    tbody {
                        @for c in p.campaigns {
                            tr {
                                th scope="row" { a href=(crate::paths::console::campaign(c.id)) { (c.title) } }
                                td { (c.draft_title) }
                                td { (c.starts_on.format("%d/%m/%Y")) " – " (c.ends_on.format("%d/%m/%Y")) }
                                td { (t.state(c.state)) }
                                td { (t.count(p.published.get(&c.id).copied().unwrap_or(0))) }
                            }
                        }
                    }
                }
            }
        }
        h2 #tao-chien-dich { (t.new_title) }
        @if p.drafts.is_empty() {
            p { (t.no_open_draft) }
        } @else {
            // Choosing the draft first lists its clauses (a GET form: no script needed).
            form method="get" action=(crate::paths::console::CAMPAIGNS) {
                div.field {
                    label for="f-chon-du-thao" { (t.draft) }
                    p.hint id="h-chon-du-thao" { (t.draft_hint) }
                    select #f-chon-du-thao name="du_thao" aria-describedby="h-chon-du-thao" {
                        @for d in p.drafts {
                            option value=(d.id) selected[f.draft == d.id.to_string()] { (d.title) }
                        }
                    }
                }
                div.actions { button.secondary type="submit" { (t.choose_draft) } }
            }
            (problems(ctx, p.errors))
            form method="post" action=(crate::paths::console::CAMPAIGNS) {
                input type="hidden" name="csrf" value=(csrf);
                @let de = e("du_thao");
                div.field.error[de.is_some()] {
                    label for="f-du_thao" { (t.draft) }
                    @if let Some(m) = de { p.err id="e-du_thao" { span.vh { "Lỗi: " } (m) } }
                    select #f-du_thao name="du_thao" aria-describedby=[de.map(|_| "e-du_thao")] aria-invalid=[de.map(|_| "true")] {
                        @for d in p.drafts {
                            option value=(d.id) selected[f.draft == d.id.to_string()] {
                                (d.title)
                                @if let Some(closes) = d.closes_at { " (" (t.until) " " (time::date(closes)) ")" }
                            }
                        }
                    }
                }
                @let oe = e("to_chuc");
                div.field.error[oe.is_some()] {
                    label for="f-to_chuc" { (t.organisation) }
                    @if let Some(m) = oe { p.err id="e-to_chuc" { span.vh { "Lỗi: " } (m) } }
                    select #f-to_chuc name="to_chuc" aria-describedby=[oe.map(|_| "e-to_chuc")] aria-invalid=[oe.map(|_| "true")] {
                        @for o in p.organisations {
                            option value=(o.id) selected[f.organisation == o.id.to_string()] { (o.name) }
                        }
                    }
                }
                (text_field("tieu_de", t.col_title, &f.title, None, e("tieu_de"), "text"))
                @let ge = e("muc_tieu");
                div.field.error[ge.is_some()] {
                    label for="f-muc_tieu" { (t.goal) }
                    p.hint id="h-muc_tieu" { (t.goal_hint) }
                    @if let Some(m) = ge { p.err id="e-muc_tieu" { span.vh { "Lỗi: " } (m) } }
                    textarea #f-muc_tieu name="muc_tieu" rows="3" aria-describedby=[super::super::components::described_by("muc_tieu", true, ge.is_some())] aria-invalid=[ge.map(|_| "true")] { (f.goal) }
                }
                (text_field("chi_tieu", t.target, &f.target_count, Some(t.target_hint), e("chi_tieu"), "text"))
                (date_field("tu_ngay", t.starts_on, &f.starts_on, e("tu_ngay")))
                (date_field("den_ngay", t.ends_on, &f.ends_on, None))
                @let ke = e("kenh");
                fieldset.field.error[ke.is_some()] {
                    legend { (t.channels) }
                    @if let Some(m) = ke { p.err id="e-kenh" { span.vh { "Lỗi: " } (m) } }
                    @for (name, label, on) in [
                        ("kenh_lien_ket", t.via_link, f.via_link),
                        ("kenh_hop", t.via_meetings, f.via_meetings),
                        ("kenh_to_dan_pho", t.via_groups, f.via_groups),
                        ("kenh_mang_xa_hoi", t.via_social, f.via_social),
                    ] {
                        div.check {
                            input id={ "f-" (name) } type="checkbox" name=(name) value="1" checked[on];
                            label for={ "f-" (name) } { (label) }
                        }
                    }
                }
                @let xe = e("xa");
                fieldset.field.error[xe.is_some()] {
                    legend { (t.communes) }
                    p.hint { (t.communes_hint) }
                    @if let Some(m) = xe { p.err id="e-xa" { span.vh { "Lỗi: " } (m) } }
                    @for l in p.communes {
                        div.check {
                            input id={ "f-xa-" (l.code) } type="checkbox" name="xa" value=(l.code) checked[f.communes.contains(&l.code)];
                            label for={ "f-xa-" (l.code) } {
                                (l.name)
                                @if l.disadvantaged || l.ethnic_minority { " – " strong { (t.priority) } }
                            }
                        }
                    }
                }
                @let se = e("dieu_khoan");
                fieldset.field.error[se.is_some()] {
                    legend { (t.sections) }
                    @if let Some(m) = se { p.err id="e-dieu_khoan" { span.vh { "Lỗi: " } (m) } }
                    @if p.sections.is_empty() {
                        p.hint { (t.sections_choose_draft) }
                    }
                    @for (anchor, label) in p.sections {
                        div.check {
                            input id={ "f-dk-" (anchor) } type="checkbox" name="dieu_khoan" value=(anchor) checked[f.sections.contains(anchor)];
                            label for={ "f-dk-" (anchor) } { (label) }
                        }
                    }
                }
                div.actions { button type="submit" { (t.create) } }
            }
        }
    };
    page(ctx, Some(staff), csrf, Area::Campaigns, t.title, body)
}

pub struct CampaignPage<'a> {
    pub campaign: &'a Campaign,
    pub organisation: Option<&'a Organisation>,
    pub communes: &'a [String],
    pub sections: &'a [String],
    pub link: &'a str,
    pub counts: crate::db::queries::campaigns::CampaignCounts,
    pub notice: Option<&'a str>,
    /// Meetings recorded, each with the number of opinions it gave.
    pub meetings: &'a [(crate::db::queries::meetings::Meeting, i64)],
    /// Where a meeting may be held: (code, name).
    pub places: &'a [(String, String)],
    /// The draft's clauses: (anchor, label).
    pub clauses: &'a [(String, String)],
    pub meeting_form: &'a MeetingForm,
    /// Published opinions through the campaign per commune (counts only).
    pub by_commune: &'a [(Option<String>, i64)],
    /// Its published opinions per day sent (counts only).
    pub by_day: &'a [(chrono::NaiveDate, i64)],
    pub errors: &'a [(String, String)],
}

/// The meeting form's fields as shown.
#[derive(Debug, Clone, Default)]
pub struct MeetingForm {
    pub held_on: String,
    pub commune: String,
    pub participants: String,
    pub summary: String,
    /// (anchor, opinion) rows.
    pub rows: Vec<(String, String)>,
}

/// Rows of opinions the form offers (more can be sent again with the form).
const MEETING_ROWS: usize = 5;

fn meetings(ctx: &Ctx, csrf: &str, p: &CampaignPage<'_>) -> Markup {
    let m = ctx.t.meetings;
    let c = p.campaign;
    let f = p.meeting_form;
    let e = |name: &str| problem_for(p.errors, name);
    let rows = f
        .rows
        .len()
        .clamp(MEETING_ROWS, crate::domain::meeting::MAX_OPINIONS);
    html! {
        h2 #hop-dan { (m.title) }
        p { (m.intro) }
        @if p.meetings.is_empty() {
            p { (m.none_yet) }
        } @else {
            div.table-wrap {
                table.data {
                    caption.vh { (m.title) }
                    thead { tr {
                        th scope="col" { (m.col_date) }
                        th scope="col" { (m.col_commune) }
                        th scope="col" { (m.col_participants) }
                        th scope="col" { (m.col_opinions) }
                        th scope="col" { (m.col_minutes) }
                    } }
                    tbody {
                        @for (meeting, n) in p.meetings {
                            tr {
                                td { (meeting.held_on.format("%d/%m/%Y")) }
                                td { (meeting.commune) }
                                td { (crate::i18n::number(i64::from(meeting.participants))) }
                                td { (crate::i18n::number(*n)) }
                                td { a href=(crate::paths::console::meeting_minutes(meeting.id)) { (meeting.minutes_name) } }
                            }
                        }
                    }
                }
            }
        }
        @if matches!(c.state, CampaignState::Active | CampaignState::Ended) {
            h3 { (m.form_title) }
            (problems(ctx, p.errors))
            form method="post" action=(crate::paths::console::campaign_meetings(c.id)) enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(csrf);
                (date_field("ngay_hop", m.held_on, &f.held_on, e("ngay_hop")))
                @let xe = e("xa");
                div.field.error[xe.is_some()] {
                    label for="f-xa" { (m.commune) }
                    @if let Some(msg) = xe { p.err id="e-xa" { span.vh { "Lỗi: " } (msg) } }
                    select #f-xa name="xa" aria-describedby=[xe.map(|_| "e-xa")] aria-invalid=[xe.map(|_| "true")] {
                        option value="" { (m.choose_commune) }
                        @for (code, name) in p.places { option value=(code) selected[f.commune == *code] { (name) } }
                    }
                }
                (text_field("so_nguoi", m.participants, &f.participants, None, e("so_nguoi"), "text"))
                @let te = e("tom_tat");
                div.field.error[te.is_some()] {
                    label for="f-tom_tat" { (m.summary) }
                    p.hint id="h-tom_tat" { (m.summary_hint) }
                    @if let Some(msg) = te { p.err id="e-tom_tat" { span.vh { "Lỗi: " } (msg) } }
                    textarea #f-tom_tat name="tom_tat" rows="3" aria-describedby=[super::super::components::described_by("tom_tat", true, te.is_some())] aria-invalid=[te.map(|_| "true")] { (f.summary) }
                }
                @let be = e("bien_ban");
                div.field.error[be.is_some()] {
                    label for="f-bien_ban" { (m.minutes) }
                    p.hint id="h-bien_ban" { (m.minutes_hint) }
                    @if let Some(msg) = be { p.err id="e-bien_ban" { span.vh { "Lỗi: " } (msg) } }
                    input #f-bien_ban type="file" name="bien_ban" accept=".pdf,.docx,.odt" aria-describedby=[super::super::components::described_by("bien_ban", true, be.is_some())] aria-invalid=[be.map(|_| "true")];
                }
                @let ye = e("y_kien_1");
                fieldset.field.error[ye.is_some()] {
                    legend { (m.opinions) }
                    p.hint { (m.opinions_hint) }
                    @if let Some(msg) = ye { p.err id="e-y_kien_1" { span.vh { "Lỗi: " } (msg) } }
                    @for i in 0..rows {
                        @let (anchor, text) = f.rows.get(i).cloned().unwrap_or_default();
                        div.opinion-row {
                            label for={ "f-dieu_khoan_" (i + 1) } { (m.clause) " (" (m.opinion_n(i + 1)) ")" }
                            select id={ "f-dieu_khoan_" (i + 1) } name="dieu_khoan" {
                                option value="" { (ctx.t.whole_draft) }
                                @for (a, label) in p.clauses { option value=(a) selected[anchor == *a] { (label) } }
                            }
                            label for={ "f-y_kien_" (i + 1) } { (m.opinion_n(i + 1)) }
                            textarea id={ "f-y_kien_" (i + 1) } name="y_kien" rows="3" { (text) }
                        }
                    }
                }
                div.actions { button type="submit" { (m.submit) } }
            }
        } @else {
            p.hint { (m.not_started_hint) }
        }
    }
}

pub fn show(ctx: &Ctx, staff: &Staff, csrf: &str, p: &CampaignPage<'_>) -> Markup {
    let t = ctx.t.campaigns;
    let c = p.campaign;
    let step = |value: &'static str, label: &'static str, secondary: bool| {
        html! {
            form method="post" action=(crate::paths::console::campaign_step(c.id)) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="buoc" value=(value);
                @if secondary { button.secondary type="submit" { (label) } } @else { button type="submit" { (label) } }
            }
        }
    };
    let body = html! {
        p { a href=(crate::paths::console::CAMPAIGNS) { "← " (t.title) } }
        h1 { (c.title) }
        (flash(p.notice))
        dl {
            dt { (t.col_state) } dd { (t.state(c.state)) }
            dt { (t.col_draft) } dd { a href=(crate::paths::public::draft(&c.draft_slug)) { (c.draft_title) } }
            @if let Some(o) = p.organisation { dt { (t.organisation) } dd { (o.name) } }
            dt { (t.col_dates) } dd { (c.starts_on.format("%d/%m/%Y")) " – " (c.ends_on.format("%d/%m/%Y")) }
            @if !c.goal.is_empty() { dt { (t.goal) } dd { (c.goal) } }
            @if let Some(n) = c.target_count { dt { (t.target) } dd { (crate::i18n::number(i64::from(n))) } }
            dt { (t.channels) }
            dd {
                @let chosen: Vec<&str> = [
                    (c.via_link, t.via_link),
                    (c.via_meetings, t.via_meetings),
                    (c.via_groups, t.via_groups),
                    (c.via_social, t.via_social),
                ].iter().filter(|(on, _)| *on).map(|(_, l)| *l).collect();
                (chosen.join("; "))
            }
            @if !p.communes.is_empty() { dt { (t.communes) } dd { (p.communes.join(", ")) } }
            @if !p.sections.is_empty() { dt { (t.sections) } dd { (p.sections.join(", ")) } }
            dt { (t.link) } dd { code { (p.link) } }
        }
        @if !c.state.is_live() && c.state == CampaignState::Draft {
            p { (t.link_not_live) }
        }
        h2 { (t.counts_title) }
        p { (t.counts_intro) }
        table.data {
            caption.vh { (t.counts_title) }
            tbody {
                tr { th scope="row" { (t.count_confirmed) } td { (t.count(p.counts.confirmed)) } }
                tr { th scope="row" { (t.count_published) } td { (t.count(p.counts.published)) } }
                @if let Some(n) = c.target_count {
                    tr { th scope="row" { (t.target) } td { (crate::i18n::number(i64::from(n))) } }
                }
            }
        }
        // Counts only, as the organiser may see them: a bar only for counts of five or
        // more (a bar's length would tell a smaller count), the table beside it with
        // "dưới 5" for the rest.
        @let pt = ctx.t.participation;
        @let days: Vec<(String, i64)> = p.by_day.iter().map(|(d, n)| (d.format("%d/%m/%Y").to_string(), *n)).collect();
        @let communes: Vec<(String, i64)> = p.by_commune.iter().map(|(c, n)| (c.clone().unwrap_or_else(|| pt.no_commune.to_string()), *n)).collect();
        @for (caption, label, rows) in [(pt.by_day, pt.col_day, &days), (pt.by_commune, pt.col_commune, &communes)] {
            @if !rows.is_empty() {
                section.chart-block {
                    h3 { (caption) }
                    @let charted: Vec<(String, i64)> = rows.iter().filter(|(_, n)| *n >= crate::domain::campaign::MIN_SHOWN_COUNT).cloned().collect();
                    @if !charted.is_empty() { (crate::views::components::bar_chart(&charted)) }
                    div.table-wrap {
                        table.data {
                            caption { (caption) }
                            thead { tr { th scope="col" { (label) } th scope="col" { (t.count_published) } } }
                            tbody {
                                @for (l, n) in rows.iter() { tr { th scope="row" { (l) } td { (t.count(*n)) } } }
                            }
                        }
                    }
                }
            }
        }
        @if !days.is_empty() {
            p { a href=(crate::paths::console::campaign_participation_csv(c.id)) download { (pt.csv) } }
        }

        h2 { (t.qr_title) }
        img src=(crate::paths::console::campaign_qr(c.id)) width="200" height="200" alt=(t.qr_alt(p.link));
        p {
            a href=(crate::paths::console::campaign_poster(c.id)) { (t.poster) }
            " · "
            a href=(crate::paths::console::campaign_qr(c.id)) download { (t.qr_download) }
        }
        h2 { (t.steps) }
        div.actions {
            @if c.state == CampaignState::Draft { (step("bat-dau", t.start, false)) }
            @if c.state == CampaignState::Active { (step("ket-thuc", t.end, false)) }
            @if matches!(c.state, CampaignState::Draft | CampaignState::Active) { (step("huy", t.cancel, true)) }
        }
        (meetings(ctx, csrf, p))
    };
    page(ctx, Some(staff), csrf, Area::Campaigns, &c.title, body)
}

/// The poster: one A4 sheet, readable from a notice board, its QR code large enough to
/// scan from a metre away; the link printed too, for those who type it.
pub fn poster(ctx: &Ctx, c: &Campaign, organisation: &Organisation, link: &str) -> Markup {
    let t = ctx.t.campaigns;
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (t.poster) " – " (c.title) }
                link rel="stylesheet" href=(crate::assets::url("gopy.css"));
            }
            body.poster {
                main {
                    p.poster-org { (organisation.name) }
                    h1 { (c.title) }
                    p.poster-draft { (t.poster_invite) " " strong { (c.draft_title) } }
                    @if !c.goal.is_empty() { p { (c.goal) } }
                    img.poster-qr src=(crate::paths::console::campaign_qr(c.id)) width="600" height="600" alt=(t.qr_alt(link));
                    p.poster-link { (t.poster_scan) br; strong { (link) } }
                    p { (t.col_dates) ": " (c.starts_on.format("%d/%m/%Y")) " – " (c.ends_on.format("%d/%m/%Y")) }
                }
            }
        }
    }
}
