//! The updater against an update server on this machine, with a throwaway signing key made
//! here: a package signed for the version the manifest announces downloads and verifies;
//! the same package with one byte changed, a package signed by another key, and a manifest
//! announcing another version than the signed one are each refused with a clear message,
//! before anything could be installed.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use minisign::{KeyPair, PublicKey, SecretKey};
use sentia_app::commands::updates::refusal;
use serde_json::json;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri_plugin_updater::UpdaterExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

struct Key {
    pk: PublicKey,
    sk: SecretKey,
}

impl Key {
    fn new() -> Key {
        let KeyPair { pk, sk } = KeyPair::generate_unencrypted_keypair().unwrap();
        Key { pk, sk }
    }

    /// The public key as tauri.conf.json holds it: the key file, base64.
    fn public(&self) -> String {
        STANDARD.encode(self.pk.to_box().unwrap().to_string())
    }

    /// A signature as the manifest holds it, bound to `version` as the release script does.
    fn sign(&self, bytes: &[u8], version: &str) -> String {
        let trusted = format!("timestamp:1796600000\tfile:sentia.deb\tversion:{version}");
        let signature = minisign::sign(
            Some(&self.pk),
            &self.sk,
            Cursor::new(bytes),
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        STANDARD.encode(signature.to_string())
    }
}

type Files = Arc<Mutex<HashMap<String, Vec<u8>>>>;

/// Serves `files` (path → body) over HTTP on 127.0.0.1 until the test ends.
async fn serve(files: Files) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let files = files.clone();
            tokio::spawn(async move {
                let mut request = vec![0u8; 8192];
                let n = socket.read(&mut request).await.unwrap_or(0);
                let line = String::from_utf8_lossy(&request[..n]);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let found = files.lock().unwrap().get(&path).cloned();
                let (status, body) = match found {
                    Some(body) => ("200 OK", body),
                    None => ("404 Not Found", Vec::new()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\ncontent-length: {}\r\ncontent-type: application/octet-stream\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
            });
        }
    });
    base
}

/// An app with the updater as Sentia configures it, trusting `public_key`.
fn app(public_key: &str) -> tauri::App<MockRuntime> {
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert(
        "updater".into(),
        json!({
            "pubkey": public_key,
            "requireSignedVersion": true,
            "dangerousInsecureTransportProtocol": true,
        }),
    );
    mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .build(context)
        .unwrap()
}

/// What the updater makes of a manifest announcing `announced` with `package` signed as
/// `signature`: the package's bytes, or the message the user would read.
async fn fetch(
    trusted: &Key,
    announced: &str,
    package: Vec<u8>,
    signature: String,
) -> Result<Vec<u8>, String> {
    let files: Files = Arc::default();
    files
        .lock()
        .unwrap()
        .insert("/sentia.deb".to_owned(), package);
    let server = serve(files.clone()).await;
    let entry = json!({"signature": signature, "url": format!("{server}/sentia.deb")});
    let manifest = json!({
        "version": announced,
        "notes": "What is new",
        "pub_date": "2026-12-07T08:00:00Z",
        "mandatory": false,
        "platforms": {"linux-x86_64-deb": entry, "linux-x86_64": entry},
    });
    files.lock().unwrap().insert(
        "/stable/latest.json".to_owned(),
        serde_json::to_vec(&manifest).unwrap(),
    );
    let app = app(&trusted.public());
    let update = app
        .updater_builder()
        .endpoints(vec![format!("{server}/stable/latest.json")
            .parse()
            .unwrap()])
        .unwrap()
        .build()
        .unwrap()
        .check()
        .await
        .map_err(|e| refusal(e).to_string())?
        .expect("a newer version is offered");
    assert_eq!(update.version, announced);
    assert_eq!(update.body.as_deref(), Some("What is new"));
    update
        .download(|_, _| {}, || {})
        .await
        .map_err(|e| refusal(e).to_string())
}

fn package() -> Vec<u8> {
    (0..200_000u32).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn a_package_signed_for_the_announced_version_is_accepted() {
    let key = Key::new();
    let bytes = package();
    let signature = key.sign(&bytes, "9.9.9");
    let got = fetch(&key, "9.9.9", bytes.clone(), signature)
        .await
        .unwrap();
    assert_eq!(got, bytes);
}

#[tokio::test]
async fn one_byte_changed_is_refused() {
    let key = Key::new();
    let bytes = package();
    let signature = key.sign(&bytes, "9.9.9");
    let mut tampered = bytes;
    tampered[100_000] ^= 1;
    let err = fetch(&key, "9.9.9", tampered, signature).await.unwrap_err();
    assert!(err.contains("signature is not Sentia's"), "{err}");
}

#[tokio::test]
async fn a_package_signed_by_another_key_is_refused() {
    let (trusted, other) = (Key::new(), Key::new());
    let bytes = package();
    let signature = other.sign(&bytes, "9.9.9");
    let err = fetch(&trusted, "9.9.9", bytes, signature)
        .await
        .unwrap_err();
    assert!(err.contains("signature is not Sentia's"), "{err}");
}

#[tokio::test]
async fn a_manifest_announcing_another_version_than_the_signed_one_is_refused() {
    let key = Key::new();
    let bytes = package();
    // A genuine, older release offered as a newer one.
    let signature = key.sign(&bytes, "9.9.8");
    let err = fetch(&key, "9.9.9", bytes, signature).await.unwrap_err();
    assert!(
        err.contains("announced version 9.9.9, but the package is signed for 9.9.8"),
        "{err}"
    );
}
