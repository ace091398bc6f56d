//! Tests of the log against SQLite and, when `WERKBRUG_TEST_POSTGRES` names a server, PostgreSQL.

use sqlx::{AnyPool, Row};

use super::*;

fn record(n: u32, subject: Option<&str>, started: &str) -> Record {
    Record {
        id: format!("r{n}"),
        trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".into(),
        operation_id: format!("{n:016x}"),
        parent_operation_id: Some("00f067aa0ba902b7".into()),
        activity: "https://werkbrug.nl/purposes/v1/matching".into(),
        operation: "search".into(),
        caller_organisation: "Werkgeversservicepunt Test".into(),
        caller_oin: Some("00000001000000000999".into()),
        caller_key: Some("sha256:0123456789ab".into()),
        source_id: Some("uwv".into()),
        source_organisation: Some("UWV".into()),
        subject: subject.map(str::to_owned),
        fields: vec!["/desiredWork".into()],
        started: started.parse().unwrap(),
        ended: started.parse().unwrap(),
        status: "disclosed".into(),
        caller_address: None,
        occurrences: 1,
    }
}

#[test]
fn pseudonyms_are_stable_per_subject_and_differ_between_subjects_and_keys() {
    let key = SubjectKey::new([3; 32]);
    assert_eq!(key.pseudonym("uwv", "W-1"), key.pseudonym("uwv", "W-1"));
    assert_ne!(key.pseudonym("uwv", "W-1"), key.pseudonym("uwv", "W-2"));
    assert_ne!(
        key.pseudonym("uwv", "W-1"),
        key.pseudonym("gemeente", "W-1")
    );
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    assert_ne!(key.pseudonym("ab", "c"), key.pseudonym("a", "bc"));
    assert_ne!(
        key.pseudonym("uwv", "W-1"),
        SubjectKey::new([4; 32]).pseudonym("uwv", "W-1")
    );
    assert_eq!(key.pseudonym("uwv", "W-1").len(), 32);
    assert!(SubjectKey::from_hex("zz").is_none());
    assert!(format!("{key:?}").contains("redacted"));
}

/// The databases every storage test runs against: a fresh SQLite file, and a fresh
/// PostgreSQL database when `WERKBRUG_TEST_POSTGRES` names a server
/// (`postgres://user@127.0.0.1:5432`; `.ci/run` starts one).
async fn databases(dir: &std::path::Path) -> Vec<String> {
    let mut urls = vec![format!("sqlite://{}", dir.join("log.db").display())];
    if let Ok(server) = std::env::var("WERKBRUG_TEST_POSTGRES") {
        sqlx::any::install_default_drivers();
        let name = format!("werkbrug_log_test_{}", hex::encode(rand_bytes()));
        let admin = AnyPool::connect(&format!("{server}/postgres"))
            .await
            .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .unwrap();
        urls.push(format!("{server}/{name}"));
    }
    urls
}

fn rand_bytes() -> [u8; 8] {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    use sha2::Digest;
    let mut h = sha2::Sha256::new_with_prefix(nanos.to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    let digest = h.finalize();
    digest[..8].try_into().unwrap()
}

#[tokio::test]
async fn records_are_written_read_by_subject_trace_and_time_and_pruned() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()).await {
        let log = Logbook::open(&url).unwrap();
        log.write(vec![
            record(1, Some("aaaa"), "2026-11-01T10:00:00Z"),
            record(2, Some("bbbb"), "2026-11-02T10:00:00Z"),
        ])
        .await
        .unwrap();
        log.write(vec![record(3, None, "2026-11-03T10:00:00Z")])
            .await
            .unwrap();
        let all = log.read(Filter::default()).await.unwrap();
        assert_eq!(
            all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["r3", "r2", "r1"]
        );
        assert_eq!(all[2], record(1, Some("aaaa"), "2026-11-01T10:00:00Z"));
        let subject = log
            .read(Filter {
                subject: Some("bbbb".into()),
                ..Filter::default()
            })
            .await
            .unwrap();
        assert_eq!(subject.len(), 1);
        let since = log
            .read(Filter {
                since: Some("2026-11-02T00:00:00Z".parse().unwrap()),
                ..Filter::default()
            })
            .await
            .unwrap();
        assert_eq!(since.len(), 2);
        let trace = log
            .read(Filter {
                trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736".into()),
                limit: Some(2),
                ..Filter::default()
            })
            .await
            .unwrap();
        assert_eq!(trace.len(), 2);
        assert_eq!(
            log.prune("2026-11-02T12:00:00Z".parse().unwrap())
                .await
                .unwrap(),
            2
        );
        assert_eq!(log.read(Filter::default()).await.unwrap().len(), 1);
        // Reopening migrates nothing twice and keeps what was written.
        drop(log);
        let again = Logbook::open(&url).unwrap();
        assert_eq!(again.read(Filter::default()).await.unwrap().len(), 1);
    }
}

/// Rows of a table, read beside the logbook's own connection.
async fn rows(url: &str, table: &str) -> i64 {
    let pool = AnyPool::connect(url).await.unwrap();
    let n = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn pages_return_every_record_in_range_once_in_order_while_new_ones_arrive() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()).await {
        let log = Logbook::open(&url).unwrap();
        // 53 records, five to a moment, so that pages end inside a run of equal times.
        let at = |n: u32| format!("2026-11-01T10:00:{:02}.250000Z", n / 5);
        let mut written: Vec<Record> = (0..53)
            .map(|n| {
                let mut r = record(n, Some("aaaa"), &at(n));
                r.id = format!("r{n:03}");
                r
            })
            .collect();
        log.write(written.clone()).await.unwrap();
        let filter = Filter {
            since: Some("2026-11-01T00:00:00Z".parse().unwrap()),
            ..Filter::default()
        };
        let mut read = Vec::new();
        let mut pages = 0;
        let mut after = None;
        loop {
            let page = log
                .page(
                    Filter {
                        after: after.clone(),
                        ..filter.clone()
                    },
                    7,
                )
                .await
                .unwrap();
            pages += 1;
            assert!(page.records.len() <= 7);
            read.extend(page.records);
            if pages == 2 {
                // Newer records arriving while an auditor reads are not mixed into the pages.
                let mut late = record(900, Some("bbbb"), "2026-11-01T11:00:00Z");
                late.id = "r900".into();
                log.write(vec![late]).await.unwrap();
            }
            match page.next {
                Some(next) => {
                    assert_eq!(Cursor::from_text(&next.to_text()), Some(next.clone()));
                    after = Some(next);
                }
                None => break,
            }
        }
        assert_eq!(pages, 8, "{url}");
        written.sort_by(|a, b| b.started.cmp(&a.started).then(a.id.cmp(&b.id)));
        assert_eq!(
            read.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            written.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            "{url}"
        );
        // A page that ends exactly at the last record says there is no next page.
        let exact = log.page(filter.clone(), 54).await.unwrap();
        assert_eq!((exact.records.len(), exact.next), (54, None));
    }
    for bad in [
        "",
        "_",
        "12",
        "x_r1",
        "12_",
        "12_r-1",
        &format!("1_{}", "a".repeat(65)),
    ] {
        assert_eq!(Cursor::from_text(bad), None, "{bad}");
    }
}

#[tokio::test]
async fn an_organisations_disclosures_are_counted_by_window_and_person() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()).await {
        let log = Logbook::open(&url).unwrap();
        let detail = |n: u32, subject: &str, started: &str, organisation: &str| {
            let mut r = record(n, Some(subject), started);
            r.operation = "detail".into();
            r.caller_organisation = organisation.into();
            r
        };
        log.write(vec![detail(1, "p1", "2026-12-03T08:00:00Z", "A")])
            .await
            .unwrap();
        log.write(vec![detail(2, "p2", "2026-12-04T08:30:00Z", "A")])
            .await
            .unwrap();
        log.write(vec![detail(3, "p2", "2026-12-04T09:10:00Z", "A")])
            .await
            .unwrap();
        log.write(vec![detail(4, "p3", "2026-12-04T09:20:00Z", "A")])
            .await
            .unwrap();
        log.write(vec![detail(5, "p9", "2026-12-04T09:30:00Z", "B")])
            .await
            .unwrap();
        let mut refused = detail(6, "p4", "2026-12-04T09:40:00Z", "A");
        refused.status = "refused-429".into();
        log.write(vec![refused]).await.unwrap();
        // Searches are not details.
        let mut search = record(7, Some("p5"), "2026-12-04T09:45:00Z");
        search.caller_organisation = "A".into();
        log.write(vec![search]).await.unwrap();
        let query = |subject: Option<&str>| SpentQuery {
            organisation: "A".into(),
            operation: "detail".into(),
            day_since: "2026-12-03T10:00:00Z".parse().unwrap(),
            hour_since: "2026-12-04T09:00:00Z".parse().unwrap(),
            subject: subject.map(str::to_owned),
        };
        let spent = log.spent(query(Some("p2"))).await.unwrap();
        assert_eq!(
            spent,
            Spent {
                hour: 2,
                hour_oldest: Some("2026-12-04T09:10:00Z".parse().unwrap()),
                day: 3,
                day_oldest: Some("2026-12-04T08:30:00Z".parse().unwrap()),
                people: 2,
                subject_seen: true,
            },
            "{url}"
        );
        assert!(!log.spent(query(Some("p1"))).await.unwrap().subject_seen);
        let none = log
            .spent(SpentQuery {
                organisation: "C".into(),
                ..query(None)
            })
            .await
            .unwrap();
        assert_eq!(none, Spent::default());
    }
}

#[tokio::test]
async fn sqlite_subject_rows_are_moved_into_the_indexed_table_and_read_wherever_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    // Moves only by size and on demand here: what is where does not depend on timing.
    let log = Logbook::open_with(
        &url,
        Options {
            move_when_idle: None,
        },
    )
    .unwrap();
    // 45 searches of 100 people, 50 distinct people; person 7 is in every one.
    let searches = 45;
    for search in 0..searches {
        let records = (0..100)
            .map(|n| {
                let mut r = record(search * 100 + n, None, "2026-11-01T10:00:00Z");
                r.operation_id = format!("{search:016x}");
                r.subject = Some(format!("person-{}", n % 50));
                r
            })
            .collect();
        log.write(records).await.unwrap();
    }
    // 4,500 rows: moved once the 41st search crossed 4,096 rows; the last 4 searches are recent.
    assert_eq!(rows(&url, "werkbrug_log_subjects").await, 4_100);
    assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 400);
    let person = |log: Logbook| async move {
        log.read(Filter {
            subject: Some("person-7".into()),
            ..Filter::default()
        })
        .await
        .unwrap()
    };
    let found = person(log.clone()).await;
    assert_eq!(found.len(), 2 * searches as usize);
    let mut ids: Vec<&str> = found.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), found.len(), "no record is read twice");
    assert!(
        found
            .iter()
            .all(|r| r.subject.as_deref() == Some("person-7"))
    );
    let trace = log
        .read(Filter {
            trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736".into()),
            ..Filter::default()
        })
        .await
        .unwrap();
    assert_eq!(trace.len(), 4_500);
    // A move on demand takes the rest; a reopened log holds every record.
    assert_eq!(log.move_recent().await.unwrap(), 400);
    assert_eq!(log.move_recent().await.unwrap(), 0, "nothing left to move");
    assert_eq!(
        *log.moves().borrow(),
        Moves {
            done: 2,
            failed: 0,
            rows: 4_500
        }
    );
    assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 0);
    assert_eq!(rows(&url, "werkbrug_log_subjects").await, 4_500);
    drop(log);
    let again = Logbook::open(&url).unwrap();
    assert_eq!(person(again.clone()).await, found);
    // Pruning reaches both tables: the old record written now is still recent.
    again
        .write(vec![
            record(9_998, Some("old"), "2026-11-01T11:00:00Z"),
            record(9_999, Some("late"), "2026-11-05T10:00:00Z"),
        ])
        .await
        .unwrap();
    assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 2);
    assert_eq!(
        again
            .prune("2026-11-02T00:00:00Z".parse().unwrap())
            .await
            .unwrap(),
        4_501
    );
    assert_eq!(again.read(Filter::default()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn sqlite_a_failed_move_keeps_every_row_readable_and_is_tried_again() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    let log = Logbook::open_with(
        &url,
        Options {
            move_when_idle: None,
        },
    )
    .unwrap();
    // The indexed table refuses rows, as a full disk would.
    let side = AnyPool::connect(&url).await.unwrap();
    sqlx::query("CREATE TRIGGER refuse BEFORE INSERT ON werkbrug_log_subjects BEGIN SELECT RAISE(ROLLBACK, 'refused'); END")
        .execute(&side)
        .await
        .unwrap();
    let records: Vec<Record> = (0..10)
        .map(|n| record(n, Some("person-1"), "2026-11-01T10:00:00Z"))
        .collect();
    log.write(records.clone()).await.unwrap();
    // The move was tried, and failed as a whole.
    assert_eq!(
        log.move_recent().await.unwrap_err(),
        LogError::Write("refused".into())
    );
    assert_eq!(
        *log.moves().borrow(),
        Moves {
            done: 0,
            failed: 1,
            rows: 0
        }
    );
    assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 10);
    assert_eq!(rows(&url, "werkbrug_log_subjects").await, 0);
    let by_person = Filter {
        subject: Some("person-1".into()),
        ..Filter::default()
    };
    let mut read = log.read(by_person.clone()).await.unwrap();
    read.sort_by(|a, b| a.id.cmp(&b.id));
    let mut expected = records;
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(read, expected);
    // Once the table takes rows again, the next move takes them.
    sqlx::query("DROP TRIGGER refuse")
        .execute(&side)
        .await
        .unwrap();
    side.close().await;
    assert_eq!(log.move_recent().await.unwrap(), 10);
    assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 0);
    assert_eq!(rows(&url, "werkbrug_log_subjects").await, 10);
    assert_eq!(log.read(by_person).await.unwrap().len(), 10);
}

#[tokio::test]
async fn sqlite_an_idle_writer_moves_the_recent_rows_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    let log = Logbook::open_with(
        &url,
        Options {
            move_when_idle: Some(Duration::from_millis(20)),
        },
    )
    .unwrap();
    let mut moves = log.moves();
    log.write(
        (0..10)
            .map(|n| record(n, Some("person-1"), "2026-11-01T10:00:00Z"))
            .collect(),
    )
    .await
    .unwrap();
    // Waits for the writer's signal, not for a time; the bound only keeps a broken writer from
    // hanging the test run.
    tokio::time::timeout(Duration::from_secs(60), moves.wait_for(|m| m.done == 1))
        .await
        .expect("an idle writer moves its recent rows")
        .unwrap();
    assert_eq!(moves.borrow().rows, 10);
    assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 0);
    assert_eq!(rows(&url, "werkbrug_log_subjects").await, 10);
}

#[tokio::test]
async fn sqlite_reads_by_subject_trace_and_time_use_the_indexes_of_the_indexed_table() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    drop(Logbook::open(&url).unwrap());
    let pool = AnyPool::connect(&url).await.unwrap();
    let by = |subject: bool, trace: bool, since: bool| Filter {
        subject: subject.then(|| "s".to_owned()),
        trace_id: trace.then(|| "t".to_owned()),
        since: since.then(|| "2026-11-01T00:00:00Z".parse().unwrap()),
        limit: None,
        after: None,
    };
    for filter in [
        by(true, false, false),
        by(false, true, false),
        by(false, false, true),
    ] {
        let (sql, values) = reads::read_statement(&filter);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")));
        for value in values {
            query = query.bind(value);
        }
        let plan: Vec<String> = query
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get::<String, _>(3).unwrap())
            .collect();
        // Only the small recent table may be scanned: one scan (by its name, or by the
        // alias `s` of its arm); the indexed table and the operations are searched.
        let scans: Vec<&String> = plan.iter().filter(|s| s.starts_with("SCAN")).collect();
        assert!(scans.len() <= 1, "{filter:?}: {plan:?}");
        assert!(
            scans.iter().all(|s| s.contains("recent") || *s == "SCAN s"),
            "{filter:?}: {plan:?}"
        );
        let searches = plan.iter().filter(|s| s.starts_with("SEARCH")).count();
        assert!(searches >= 3, "{filter:?}: {plan:?}");
    }
}

#[tokio::test]
async fn concurrent_writes_are_committed_together_and_each_is_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()).await {
        let log = Logbook::open(&url).unwrap();
        let writes = (0..200).map(|n| {
            let log = log.clone();
            tokio::spawn(async move {
                log.write(vec![record(n, Some("s"), "2026-11-01T10:00:00Z")])
                    .await
            })
        });
        for write in writes {
            write.await.unwrap().unwrap();
        }
        assert_eq!(log.read(Filter::default()).await.unwrap().len(), 200);
    }
}

#[tokio::test]
async fn a_failed_write_is_reported_and_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(dir.path()).await {
        let log = Logbook::open(&url).unwrap();
        log.write(vec![record(1, Some("s"), "2026-11-01T10:00:00Z")])
            .await
            .unwrap();
        // The second record repeats the first's id: the whole transaction fails.
        let error = log
            .write(vec![
                record(2, Some("s"), "2026-11-01T10:00:00Z"),
                record(1, Some("s"), "2026-11-01T10:00:00Z"),
            ])
            .await
            .unwrap_err();
        assert!(matches!(error, LogError::Write(_)), "{error}");
        assert_eq!(log.read(Filter::default()).await.unwrap().len(), 1);
        // The connection is usable again: the failed transaction left nothing open.
        log.write(vec![record(3, Some("s"), "2026-11-01T10:00:00Z")])
            .await
            .unwrap();
        assert_eq!(log.read(Filter::default()).await.unwrap().len(), 2);
    }
}

#[test]
fn urls_of_other_databases_are_refused() {
    assert_eq!(
        Logbook::open("mysql://x").unwrap_err().to_string(),
        "the processing log cannot be opened: the URL must start with sqlite: or postgres://"
    );
}
