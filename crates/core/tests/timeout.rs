//! Every command has a bound: a server that stops answering mid-query (no reset, the
//! packets just stop) gives `offline` within 10 seconds, and the same app and pool work
//! again once the server answers again. A small TCP proxy between the app and the test
//! PostgreSQL (`DATABASE_URL`) plays the vanishing network.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use sentia_core::connection::{self, ConnectionInput, TlsMode};
use sentia_core::{App, AppError, AppPaths, SecretStore};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Forwards bytes both ways until paused; while paused it holds what it read and keeps
/// every socket open, as a dead route does.
struct Proxy {
    port: u16,
    paused: watch::Sender<bool>,
}

async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, mut paused: watch::Receiver<bool>) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        if paused.wait_for(|p| !*p).await.is_err() {
            return;
        }
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if paused.wait_for(|p| !*p).await.is_err() {
            return;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

async fn start_proxy(upstream: SocketAddr) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (paused, rx) = watch::channel(false);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let rx = rx.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(upstream).await else {
                    return;
                };
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                tokio::spawn(pump(cr, sw, rx.clone()));
                tokio::spawn(pump(sr, cw, rx));
            });
        }
    });
    Proxy { port, paused }
}

async fn sleep_query(app: &App, seconds: f64) -> Result<(), AppError> {
    let pool = app.pool().await?;
    sqlx::query("SELECT pg_sleep($1)")
        .bind(seconds)
        .execute(&pool)
        .await
        .map_err(|e| AppError::from(sentia_db::DbError::from(e)))?;
    Ok(())
}

/// Fails (instead of hanging) when a command has no bound at all.
async fn guard<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), work)
        .await
        .expect("no answer within 60 s: the command has no bound")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_stops_answering_mid_query_is_offline_within_ten_seconds_and_the_pool_recovers(
) {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (scripts/test.sh sets it)");
    let opts: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
    let upstream = tokio::net::lookup_host((opts.get_host(), opts.get_port()))
        .await
        .unwrap()
        .next()
        .unwrap();
    let proxy = start_proxy(upstream).await;

    let dir = tempfile::tempdir().unwrap();
    let app = App::new(
        AppPaths::under(dir.path()),
        SecretStore::named(Some("mock")).unwrap(),
        "test",
    );
    connection::save_connection(
        &app,
        ConnectionInput {
            host: "127.0.0.1".into(),
            port: proxy.port,
            database: opts.get_database().unwrap_or("postgres").into(),
            user: opts.get_username().into(),
            password: None,
            tls_mode: TlsMode::Disable,
        },
    )
    .await
    .unwrap();

    // Through the proxy, the app works.
    app.bounded(sleep_query(&app, 0.0)).await.unwrap();

    // The route dies while the server is busy with the query.
    let started = Instant::now();
    let paused = proxy.paused.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        paused.send_replace(true);
    });
    let result = guard(app.bounded(sleep_query(&app, 3.0))).await;
    let elapsed = started.elapsed();
    assert_eq!(result, Err(AppError::Offline));
    assert!(
        elapsed < Duration::from_secs(10),
        "the command took {elapsed:?} to report the server unreachable"
    );
    assert!(
        elapsed > Duration::from_secs(3),
        "the error came before the query could have finished: {elapsed:?}"
    );

    // While it is gone, the next command is bounded too.
    let started = Instant::now();
    assert_eq!(
        guard(app.bounded(sleep_query(&app, 0.0))).await,
        Err(AppError::Offline)
    );
    assert!(started.elapsed() < Duration::from_secs(10));

    // The server is back: the same app and pool work again.
    proxy.paused.send_replace(false);
    let started = Instant::now();
    guard(app.bounded(sleep_query(&app, 0.0)))
        .await
        .expect("the pool recovers when the server answers again");
    assert!(started.elapsed() < Duration::from_secs(10));
}
