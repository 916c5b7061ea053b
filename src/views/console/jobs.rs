//! The background work as an administrator sees it: each queue's waiting items and
//! dead letters (with the way to send them again), and each scheduled job's last run.

use maud::{Markup, html};

use super::{Area, flash, page};
use crate::auth::session::Staff;
use crate::domain::time;
use crate::jobs::status::Status;
use crate::views::Ctx;

pub fn jobs(ctx: &Ctx, staff: &Staff, csrf: &str, status: &Status, notice: Option<&str>) -> Markup {
    let c = ctx.t.console;
    let when = |t: Option<chrono::NaiveDateTime>| t.map(time::date_time);
    let body = html! {
        h1 { (c.jobs_title) }
        (flash(notice))
        p { (c.jobs_intro) }
        h2 { (c.jobs_queues) }
        table.data {
            thead { tr {
                th scope="col" { (c.jobs_col_queue) } th scope="col" { (c.jobs_col_waiting) }
                th scope="col" { (c.jobs_col_dead) } th scope="col" { span.visually-hidden { (c.jobs_requeue) } }
            } }
            tbody {
                @for q in &status.queues {
                    tr {
                        th scope="row" { (c.queue_label(q.name.as_str())) }
                        td { (q.waiting) }
                        td { (q.dead) }
                        td {
                            @if q.dead > 0 {
                                form method="post" action=(crate::paths::console::requeue(q.name.as_str())) {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button type="submit" { (c.jobs_requeue) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (c.jobs_scheduled) }
        table.data {
            thead { tr {
                th scope="col" { (c.jobs_col_job) } th scope="col" { (c.jobs_col_schedule) }
                th scope="col" { (c.jobs_col_last_ok) } th scope="col" { (c.jobs_col_next) }
                th scope="col" { (c.jobs_col_problem) }
            } }
            tbody {
                @for j in &status.jobs {
                    tr {
                        th scope="row" { (c.job_label(&j.name)) }
                        td { (j.schedule.as_deref().unwrap_or("—")) }
                        td { (when(j.last_ok_at).unwrap_or_else(|| c.jobs_never.to_string())) }
                        td { (when(j.next_slot).unwrap_or_else(|| "—".to_string())) }
                        td {
                            @if j.failures == 0 && j.given_up == 0 { (c.jobs_ok) } @else {
                                (c.jobs_failures(j.failures, j.given_up))
                                @if !j.last_error.is_empty() { br; code { (j.last_error) } }
                            }
                        }
                    }
                }
            }
        }
    };
    page(ctx, Some(staff), csrf, Area::Jobs, c.jobs_title, body)
}
