//! The server log: rotated files in order, multi-line entries, odd encodings.

use crate::support::{collect_bundle, fixture, lines};

fn located(name: &str) -> Vec<(String, u32)> {
    let evidence = collect_bundle(&fixture(name));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    let entries = lines(&evidence, "jamf.server_log.entries");
    entries
        .iter()
        .map(|line| {
            (
                line.artifact.trim_start_matches("jamf-pro/").to_owned(),
                line.number,
            )
        })
        .collect()
}

#[test]
fn numbered_rotations_are_read_oldest_first() {
    let found = located("numbered-logs");
    let expected = [
        ("JAMFSoftwareServer.log.2", 1),
        ("JAMFSoftwareServer.log.2", 2),
        ("JAMFSoftwareServer.log.1", 1),
        ("JAMFSoftwareServer.log.1", 7),
        ("JAMFSoftwareServer.log", 1),
        ("JAMFSoftwareServer.log", 5),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(file, line)| ((*file).to_owned(), *line))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn dated_rotations_are_read_oldest_first() {
    let found = located("dated-logs");
    let files: Vec<_> = found.iter().map(|(file, _)| file.as_str()).collect();
    assert_eq!(
        files,
        [
            "JAMFSoftwareServer-2024-06-01.log",
            "JAMFSoftwareServer-2024-06-02.log",
            "JAMFSoftwareServer.log"
        ]
    );
}

#[test]
fn stack_traces_stay_with_their_entry() {
    let evidence = collect_bundle(&fixture("numbered-logs"));
    let entries = lines(&evidence, "jamf.server_log.entries");
    let texts: Vec<_> = entries.iter().map(|line| line.text).collect();
    assert_eq!(
        texts[2],
        "2024-06-02 09:15:06,212 [WARN ] [duledPool-7] [rosoftIntuneHeartbeatTask] - Heartbeat to Microsoft Intune failed \
         | java.net.SocketTimeoutException: Connect timed out \
         | at java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546) \
         | at java.base/java.net.Socket.connect(Socket.java:633) \
         | ... 12 more"
    );
    assert!(
        texts[0].starts_with("2024-06-01 21:33:07,068 [INFO ]"),
        "the byte-order mark is dropped"
    );
    assert!(
        !texts.iter().any(|text| text.contains('\r')),
        "CRLF line endings are read"
    );
    assert!(
        texts[3].ends_with("(4 members) \u{FFFD}"),
        "invalid UTF-8 is read lossily"
    );
    insta::assert_snapshot!("numbered-logs", evidence.to_yaml_string());
}
