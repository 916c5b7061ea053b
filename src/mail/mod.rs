//! Mail: how it leaves (SMTP, .eml files, or memory for tests), what it says, and the
//! outbox worker that sends what the database has queued.
//!
//! Nothing is sent from a request: a request writes its mail to the `mail_outbox` table
//! in the same transaction as the change it tells about, and the worker sends it. So an
//! SMTP outage delays mail but never loses it, and never fails a citizen's submission.

pub mod templates;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A mail ready to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A mail as the memory transport keeps it: its parts, and the MIME message as it would
/// have gone on the wire.
#[derive(Debug, Clone)]
pub struct SentMail {
    pub mail: OutgoingMail,
    pub raw: String,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Dir(AsyncFileTransport<Tokio1Executor>),
    Memory(Arc<Mutex<Vec<SentMail>>>),
}

impl Mailer {
    /// SMTP when a URL is given (smtp://…, smtp://…?tls=required for STARTTLS,
    /// smtps://… for TLS), otherwise .eml files in `dir`.
    pub fn new(smtp_url: Option<&str>, dir: &std::path::Path) -> Result<Self, String> {
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("GOPY_SMTP_URL: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Ok(Mailer::Smtp(transport))
            }
            None => {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                Ok(Mailer::Dir(AsyncFileTransport::new(dir)))
            }
        }
    }

    /// A mailer that keeps what it sends, for tests to read.
    pub fn memory() -> (Self, Arc<Mutex<Vec<SentMail>>>) {
        let store = Arc::new(Mutex::new(Vec::new()));
        (Mailer::Memory(store.clone()), store)
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Mailer::Smtp(_) => "SMTP",
            Mailer::Dir(_) => ".eml files",
            Mailer::Memory(_) => "memory",
        }
    }

    pub async fn send(&self, from: &Mailbox, mail: &OutgoingMail) -> Result<(), String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient: {e}"))?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| format!("building the message: {e}"))?;
        match self {
            Mailer::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Mailer::Dir(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Mailer::Memory(store) => {
                let raw = String::from_utf8_lossy(&message.formatted()).into_owned();
                store
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(SentMail {
                        mail: mail.clone(),
                        raw,
                    });
                Ok(())
            }
        }
    }
}
