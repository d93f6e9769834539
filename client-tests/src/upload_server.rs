//! A loopback server for upload tests: it reads each request's body as it
//! arrives (by `content-length` or chunked), keeping only its length and a
//! hash, never the bytes, and answers every request with one status.

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// One request the server read.
#[derive(Debug)]
pub struct Received {
    /// The request line and headers, lowercased.
    pub head: String,
    /// How many bytes the body had.
    pub length: u64,
    /// [`hash`] of the body.
    pub hash: u64,
}

/// Folds `bytes` into a running hash (start at 0): what the server
/// computes of a body, for the test to compare with what it sent.
pub fn hash(mut running: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        running = running
            .wrapping_mul(0x100_0000_01b3)
            .wrapping_add(u64::from(*byte));
    }
    running
}

/// Starts the server; every request is answered with `status` and an empty
/// body, on a connection then closed. Returns the base URL and the
/// receiver of what each request sent.
pub async fn serve(status: u16) -> (String, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                if let Some(received) = read_request(socket, status).await {
                    let _ = tx.send(received);
                }
            });
        }
    });
    (url, rx)
}

async fn read_request(socket: TcpStream, status: u16) -> Option<Received> {
    let mut reader = BufReader::with_capacity(64 * 1024, socket);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        head.push_str(&line.to_lowercase());
        if line == "\r\n" {
            break;
        }
    }
    let header = |name: &str| {
        head.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|value| value.trim().to_owned())
    };
    let mut length = 0u64;
    let mut running = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    if header("transfer-encoding:").is_some_and(|value| value.contains("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).await.ok()?;
            let size = u64::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            read_counted(&mut reader, size, &mut buffer, &mut running).await?;
            length += size;
            let mut end = String::new();
            reader.read_line(&mut end).await.ok()?;
            if size == 0 {
                break;
            }
        }
    } else if let Some(declared) = header("content-length:").and_then(|v| v.parse().ok()) {
        read_counted(&mut reader, declared, &mut buffer, &mut running).await?;
        length = declared;
    }
    let reason = if status == 200 { "OK" } else { "Status" };
    let response =
        format!("HTTP/1.1 {status} {reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    reader.get_mut().write_all(response.as_bytes()).await.ok()?;
    Some(Received {
        head,
        length,
        hash: running,
    })
}

/// Reads `count` bytes through `buffer`, folding them into `running`.
async fn read_counted(
    reader: &mut BufReader<TcpStream>,
    mut count: u64,
    buffer: &mut [u8],
    running: &mut u64,
) -> Option<()> {
    while count > 0 {
        let want = buffer.len().min(usize::try_from(count).ok()?);
        let n = reader.read(&mut buffer[..want]).await.ok()?;
        if n == 0 {
            return None;
        }
        *running = hash(*running, &buffer[..n]);
        count -= n as u64;
    }
    Some(())
}
