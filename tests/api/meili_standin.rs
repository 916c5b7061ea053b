//! A small stand-in for Meilisearch's index and task endpoints, as its documentation
//! describes them: every write answers 202 with an enqueued task, the effect happens
//! when the task is processed, a task can fail (creating an index that exists, deleting
//! one that does not), and a search that sorts or filters on attributes whose settings
//! have not succeeded is refused. The test decides when settings tasks end, and whether
//! they fail, so that waiting on tasks is tested without timing luck. It answers every
//! search with no hits: what is tested here is the order of tasks, not search itself
//! (the tests gated on MEILI_URL, against a real server, judge that).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpResponse, HttpServer, web};
use serde_json::{Value, json};

#[derive(Default)]
struct Index {
    settings_applied: bool,
    documents: usize,
}

struct Task {
    uid: u32,
    index: Option<String>,
    kind: &'static str,
    details: Value,
    /// Done: None while enqueued or processing, then Ok or the error code.
    outcome: Option<Result<(), (&'static str, String)>>,
    /// What the task does when processed.
    effect: Effect,
}

#[derive(Clone)]
enum Effect {
    Create(String),
    Delete(String),
    Settings(String),
    Documents(String, usize),
    Nothing,
    Swap(String, String),
}

#[derive(Default)]
pub struct State {
    indexes: HashMap<String, Index>,
    tasks: Vec<Task>,
    /// Settings tasks stay "processing" while this holds.
    pub hold_settings: bool,
    /// The next this many settings tasks fail.
    pub fail_settings: u32,
    /// Searches that arrived for an index whose settings had not succeeded.
    pub searches_too_early: u32,
    pub searches: u32,
    pub settings_requests: u32,
}

#[derive(Clone)]
pub struct Standin {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl Standin {
    pub async fn start() -> Standin {
        let state = Arc::new(Mutex::new(State::default()));
        let data = web::Data::from(state.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::JsonConfig::default().limit(256 * 1024 * 1024))
                .app_data(web::PayloadConfig::default().limit(256 * 1024 * 1024))
                .route("/indexes", web::post().to(create_index))
                .route("/indexes/{uid}", web::get().to(get_index))
                .route("/indexes/{uid}", web::delete().to(delete_index))
                .route("/indexes/{uid}/settings", web::patch().to(set_settings))
                .route("/indexes/{uid}/documents", web::post().to(add_documents))
                .route("/indexes/{uid}/documents", web::put().to(add_documents))
                .route(
                    "/indexes/{uid}/documents",
                    web::delete().to(delete_documents),
                )
                .route(
                    "/indexes/{uid}/documents/delete",
                    web::post().to(delete_documents),
                )
                .route(
                    "/indexes/{uid}/documents/delete-batch",
                    web::post().to(delete_documents),
                )
                .route("/indexes/{uid}/search", web::post().to(search))
                .route("/multi-search", web::post().to(multi_search))
                .route("/swap-indexes", web::post().to(swap))
                .route("/tasks/{uid}", web::get().to(get_task))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Standin { url, state }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }

    /// An index that is already there, settings and all, as a previous run left it.
    pub fn existing(&self, uid: &str) {
        self.with(|s| {
            s.indexes.insert(
                uid.to_string(),
                Index {
                    settings_applied: true,
                    documents: 1,
                },
            )
        });
    }

    pub fn index_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.with(|s| s.indexes.keys().cloned().collect());
        names.sort();
        names
    }

    pub fn documents(&self, uid: &str) -> usize {
        self.with(|s| s.indexes.get(uid).map_or(0, |i| i.documents))
    }

    /// The tasks that failed: (type, error code).
    pub fn failed_tasks(&self) -> Vec<(String, String)> {
        self.with(|s| {
            s.tasks
                .iter()
                .filter_map(|t| match &t.outcome {
                    Some(Err((code, _))) => Some((t.kind.to_string(), code.to_string())),
                    _ => None,
                })
                .collect()
        })
    }

    pub fn task_kinds(&self) -> Vec<String> {
        self.with(|s| s.tasks.iter().map(|t| t.kind.to_string()).collect())
    }
}

const AT: &str = "2026-12-01T00:00:00Z";

fn enqueue(
    s: &mut State,
    index: Option<&str>,
    kind: &'static str,
    details: Value,
    effect: Effect,
) -> HttpResponse {
    let uid = s.tasks.len() as u32;
    s.tasks.push(Task {
        uid,
        index: index.map(str::to_string),
        kind,
        details: details.clone(),
        outcome: None,
        effect,
    });
    HttpResponse::Accepted().json(json!({
        "taskUid": uid,
        "indexUid": index,
        "status": "enqueued",
        "type": kind,
        "details": details,
        "enqueuedAt": AT,
    }))
}

fn error(status: u16, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).json(json!({
        "message": message,
        "code": code,
        "type": "invalid_request",
        "link": format!("https://docs.meilisearch.com/errors#{code}"),
    }))
}

type Shared = web::Data<Mutex<State>>;

async fn create_index(state: Shared, body: web::Json<Value>) -> HttpResponse {
    let uid = body["uid"].as_str().unwrap_or_default().to_string();
    let mut s = state.lock().unwrap();
    enqueue(
        &mut s,
        Some(&uid),
        "indexCreation",
        json!({ "primaryKey": body["primaryKey"] }),
        Effect::Create(uid.clone()),
    )
}

async fn get_index(state: Shared, uid: web::Path<String>) -> HttpResponse {
    let s = state.lock().unwrap();
    if s.indexes.contains_key(uid.as_str()) {
        HttpResponse::Ok()
            .json(json!({ "uid": *uid, "primaryKey": "id", "createdAt": AT, "updatedAt": AT }))
    } else {
        error(404, "index_not_found", &format!("Index `{uid}` not found."))
    }
}

async fn delete_index(state: Shared, uid: web::Path<String>) -> HttpResponse {
    let mut s = state.lock().unwrap();
    enqueue(
        &mut s,
        Some(&uid),
        "indexDeletion",
        json!({ "deletedDocuments": 0 }),
        Effect::Delete(uid.clone()),
    )
}

async fn set_settings(state: Shared, uid: web::Path<String>) -> HttpResponse {
    let mut s = state.lock().unwrap();
    s.settings_requests += 1;
    enqueue(
        &mut s,
        Some(&uid),
        "settingsUpdate",
        json!({}),
        Effect::Settings(uid.clone()),
    )
}

async fn add_documents(
    state: Shared,
    uid: web::Path<String>,
    body: web::Json<Value>,
) -> HttpResponse {
    let n = body.as_array().map_or(0, Vec::len);
    let mut s = state.lock().unwrap();
    enqueue(
        &mut s,
        Some(&uid),
        "documentAdditionOrUpdate",
        json!({ "receivedDocuments": n, "indexedDocuments": null }),
        Effect::Documents(uid.clone(), n),
    )
}

async fn delete_documents(state: Shared, uid: web::Path<String>) -> HttpResponse {
    let mut s = state.lock().unwrap();
    enqueue(
        &mut s,
        Some(&uid),
        "documentDeletion",
        json!({ "providedIds": 0, "deletedDocuments": null, "originalFilter": null }),
        Effect::Nothing,
    )
}

async fn swap(state: Shared, body: web::Json<Value>) -> HttpResponse {
    let pair = &body[0]["indexes"];
    let (a, b) = (
        pair[0].as_str().unwrap_or_default().to_string(),
        pair[1].as_str().unwrap_or_default().to_string(),
    );
    let mut s = state.lock().unwrap();
    enqueue(
        &mut s,
        None,
        "indexSwap",
        json!({ "swaps": [{ "indexes": [a, b] }] }),
        Effect::Swap(a, b),
    )
}

fn answer(s: &mut State, query: &Value) -> Result<Value, Box<HttpResponse>> {
    let uid = query["indexUid"].as_str().unwrap_or_default();
    s.searches += 1;
    match s.indexes.get(uid) {
        None => Err(Box::new(error(
            404,
            "index_not_found",
            &format!("Index `{uid}` not found."),
        ))),
        Some(i) if !i.settings_applied => {
            s.searches_too_early += 1;
            Err(Box::new(error(
                400,
                "invalid_search_sort",
                "Attribute `date_ts` is not sortable. This index does not have configured sortable attributes.",
            )))
        }
        Some(_) => Ok(json!({
            "indexUid": uid,
            "hits": [],
            "query": query["q"].as_str().unwrap_or_default(),
            "processingTimeMs": 0,
            "limit": query["limit"],
            "offset": 0,
            "estimatedTotalHits": 0,
        })),
    }
}

async fn search(state: Shared, uid: web::Path<String>, body: web::Json<Value>) -> HttpResponse {
    let mut query = body.into_inner();
    query["indexUid"] = json!(*uid);
    match answer(&mut state.lock().unwrap(), &query) {
        Ok(v) => HttpResponse::Ok().json(v),
        Err(e) => *e,
    }
}

async fn multi_search(state: Shared, body: web::Json<Value>) -> HttpResponse {
    let mut s = state.lock().unwrap();
    let mut results = Vec::new();
    for q in body["queries"].as_array().cloned().unwrap_or_default() {
        match answer(&mut s, &q) {
            Ok(v) => results.push(v),
            Err(e) => return *e,
        }
    }
    HttpResponse::Ok().json(json!({ "results": results }))
}

/// Processes the task if it may be processed now, and answers its state.
async fn get_task(state: Shared, uid: web::Path<u32>) -> HttpResponse {
    let mut s = state.lock().unwrap();
    let uid = *uid as usize;
    if uid >= s.tasks.len() {
        return error(404, "task_not_found", "Task not found.");
    }
    if s.tasks[uid].outcome.is_none() {
        let effect = s.tasks[uid].effect.clone();
        let held = matches!(effect, Effect::Settings(_)) && s.hold_settings;
        if !held {
            let outcome = process(&mut s, effect);
            s.tasks[uid].outcome = Some(outcome);
        }
    }
    let t = &s.tasks[uid];
    let mut task = json!({
        "uid": t.uid,
        "batchUid": t.uid,
        "indexUid": t.index,
        "type": t.kind,
        "details": t.details,
        "canceledBy": null,
        "enqueuedAt": AT,
        "startedAt": AT,
    });
    match &t.outcome {
        None => task["status"] = json!("processing"),
        Some(outcome) => {
            task["duration"] = json!("PT0.001S");
            task["finishedAt"] = json!(AT);
            match outcome {
                Ok(()) => {
                    task["status"] = json!("succeeded");
                    task["error"] = Value::Null;
                }
                Err((code, message)) => {
                    task["status"] = json!("failed");
                    task["error"] = json!({
                        "message": message,
                        "code": code,
                        "type": "invalid_request",
                        "link": format!("https://docs.meilisearch.com/errors#{code}"),
                    });
                }
            }
        }
    }
    HttpResponse::Ok().json(task)
}

fn process(s: &mut State, effect: Effect) -> Result<(), (&'static str, String)> {
    let missing = |uid: &str| ("index_not_found", format!("Index `{uid}` not found."));
    match effect {
        Effect::Create(uid) => {
            if s.indexes.contains_key(&uid) {
                return Err((
                    "index_already_exists",
                    format!("Index `{uid}` already exists."),
                ));
            }
            s.indexes.insert(uid, Index::default());
        }
        Effect::Delete(uid) => {
            s.indexes.remove(&uid).ok_or_else(|| missing(&uid))?;
        }
        Effect::Settings(uid) => {
            if s.fail_settings > 0 {
                s.fail_settings -= 1;
                return Err((
                    "invalid_settings_ranking_rules",
                    "The ranking rule `attributeRank` is unknown.".into(),
                ));
            }
            // Settings on a missing index create it, as Meilisearch does.
            s.indexes.entry(uid).or_default().settings_applied = true;
        }
        Effect::Documents(uid, n) => s.indexes.entry(uid).or_default().documents += n,
        Effect::Nothing => {}
        Effect::Swap(a, b) => {
            let ia = s.indexes.remove(&a).ok_or_else(|| missing(&a))?;
            let Some(ib) = s.indexes.remove(&b) else {
                s.indexes.insert(a.clone(), ia);
                return Err(missing(&b));
            };
            s.indexes.insert(a, ib);
            s.indexes.insert(b, ia);
        }
    }
    Ok(())
}
