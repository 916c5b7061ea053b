//! The process's log: lines on standard output, filtered by GOPY_LOG.
//!
//! One adjustment to what the HTTP server logs: a request that is not valid HTTP (a
//! scanner, a broken client), a connection the client reset, a client too slow to send
//! its request head: these are the client's doing, and actix-http logs them at ERROR
//! ("stream error: request parse error: …"). Such lines are written at WARN here, so
//! that an alert on ERROR means a fault of the portal.

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::layer::{Context, Filter};
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// How actix-http's client-caused connection errors begin (its `DispatchError` and
/// decoder messages, actix-http 3.x).
const CLIENT_CAUSED: [&str; 5] = [
    "stream error: request parse error",
    "stream error: I/O error",
    "stream error: request did not complete within the specified timeout",
    "stream error: connection shutdown timeout",
    "MAX_BUFFER_SIZE unprocessed data reached",
];

/// Whether the event is actix-http's report of a request a client got wrong.
fn is_malformed_request(event: &Event<'_>) -> bool {
    let meta = event.metadata();
    if *meta.level() != Level::ERROR || !meta.target().starts_with("actix_http::h1") {
        return false;
    }
    struct Message(bool);
    impl Visit for Message {
        fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
            if field.name() == "message" {
                let text = format!("{value:?}");
                self.0 = CLIENT_CAUSED.iter().any(|p| text.starts_with(p));
            }
        }
    }
    let mut m = Message(false);
    event.record(&mut m);
    m.0
}

/// Lets through the malformed-request events only (`keep`), or everything else.
struct Malformed {
    keep: bool,
}

impl<S> Filter<S> for Malformed {
    fn enabled(&self, _: &tracing::Metadata<'_>, _: &Context<'_, S>) -> bool {
        true
    }

    fn event_enabled(&self, event: &Event<'_>, _: &Context<'_, S>) -> bool {
        is_malformed_request(event) == self.keep
    }
}

/// Writes an event as a WARN line, whatever its level.
struct AsWarning;

impl<S, N> FormatEvent<S, N> for AsWarning
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ");
        write!(writer, "{now}  WARN client error on a connection: ")?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// Installs the log for the process. `filter` is GOPY_LOG (an EnvFilter directive).
pub fn init(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only for a person at a terminal; a log collector gets plain lines.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let everything_else = tracing_subscriber::fmt::layer()
        .with_ansi(ansi)
        .with_target(false)
        .with_filter(Malformed { keep: false });
    let malformed = tracing_subscriber::fmt::layer()
        .event_format(AsWarning)
        .with_filter(Malformed { keep: true });
    tracing_subscriber::registry()
        .with(filter)
        .with(everything_else)
        .with(malformed)
        .init();
}
