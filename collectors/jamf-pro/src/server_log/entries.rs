//! Entries of one server log file: `yyyy-MM-dd HH:mm:ss,SSS [LEVEL] [thread] [logger] - message`,
//! or with an ISO `T` between date and time (`2021-08-03T03:06:03,010 [ERROR] …`, as some Jamf Pro
//! servers stamp them; `domain.md` §2.5).
//! A line that does not start with such a time continues the entry above (a stack trace) and is
//! joined to it with ` | `; each entry keeps the line number of its first line. A file with text
//! but no line that starts with such a time is not a server log: it is a problem naming it, and
//! none of its lines are kept.

use jamf_triage_evidence::{CollectionProblem, CutLines, Evidence, JoinedLine, LineSink};
use jiff::civil::DateTime;

use crate::SOURCE;

/// Whether ` HH:MM:SS` (or `THH:MM:SS`), shaped as [`TIME_SHAPE`] says, is a time of day: what
/// the full check accepts once the date is known to be valid.
fn valid_time_of_day(time: &[u8]) -> bool {
    let number = |at: usize| {
        let digit = |at: usize| time.get(at).map(|byte| byte.wrapping_sub(b'0'));
        match (digit(at), digit(at + 1)) {
            (Some(tens @ 0..=9), Some(units @ 0..=9)) => Some(tens * 10 + units),
            _ => None,
        }
    };
    matches!(
        (number(1), number(4), number(7)),
        // A 60th second is a leap second, which the full check accepts too.
        (Some(0..=23), Some(0..=59), Some(0..=60))
    )
}

/// The shape of the time an entry starts with: `9` is a digit, `_` a space or `T`, anything else
/// itself.
const TIME_SHAPE: &[u8] = b"9999-99-99_99:99:99,999";
/// At most this many entries with an invalid time are reported one by one per file; the rest
/// are counted in one more problem.
const REPORTED_BAD_TIMES: usize = 5;

/// Reads the entries of one log file, one line at a time, into a lines fact (shared by the
/// files of the log). An entry whose time is shaped right but is not a real time
/// (`2024-13-45 …`) is kept and reported as a problem. What was read must be dropped from the
/// fact when [`FileReader::finish`] says the file is not a server log.
pub(crate) struct FileReader<'p> {
    path: &'p str,
    entry: JoinedLine,
    recognised: bool,
    non_blank: bool,
    bad_times: usize,
    problems: Vec<CollectionProblem>,
    cut: CutLines,
    /// The date of the last time found valid, so that a date is checked once and the entries
    /// of that day only by their time of day.
    last_valid_date: Option<[u8; 10]>,
}

impl<'p> FileReader<'p> {
    /// A reader of the file at `path`, whose entries go to a fact that keeps some lines
    /// (`keeps_text`) or none.
    pub fn new(path: &'p str, keeps_text: bool) -> Self {
        Self {
            path,
            entry: JoinedLine::new(keeps_text),
            recognised: false,
            non_blank: false,
            bad_times: 0,
            problems: Vec::new(),
            cut: CutLines::default(),
            last_valid_date: None,
        }
    }

    /// Reads one line into `sink`.
    pub fn line(&mut self, sink: &mut LineSink<'_>, number: u32, line: &str) {
        if let Some(time) = leading_time(line) {
            self.recognised = true;
            self.non_blank = true;
            self.end_entry(sink);
            self.check_time(number, time);
            self.entry.start(number, line.trim_end(), &mut self.cut);
            return;
        }
        let text = line.trim();
        if text.is_empty() {
            return;
        }
        self.non_blank = true;
        if self.entry.is_open() {
            self.entry.join(text);
        } else {
            self.entry.start(number, text, &mut self.cut);
        }
    }

    fn check_time(&mut self, number: u32, time: &str) {
        let Ok(key) = <[u8; 19]>::try_from(time.as_bytes()) else {
            return;
        };
        let (date, time_of_day) = key.split_at(10);
        if self.last_valid_date.as_ref().map(<[u8; 10]>::as_slice) == Some(date)
            && valid_time_of_day(time_of_day)
        {
            return;
        }
        let checked = match time.as_bytes().get(10) {
            Some(b'T') => DateTime::strptime("%Y-%m-%d %H:%M:%S", time.replace('T', " ")),
            _ => DateTime::strptime("%Y-%m-%d %H:%M:%S", time),
        };
        match checked {
            Ok(_) => self.last_valid_date = <[u8; 10]>::try_from(date).ok(),
            Err(error) => {
                self.bad_times += 1;
                if self.bad_times <= REPORTED_BAD_TIMES {
                    let message =
                        format!("`{time}` at the start of the entry is not a valid time: {error}");
                    let problem = CollectionProblem::new(SOURCE, self.path, message);
                    self.problems.push(problem.at_line(number));
                }
            }
        }
    }

    fn end_entry(&mut self, sink: &mut LineSink<'_>) {
        let Some((number, text)) = self.entry.entry() else {
            return;
        };
        if sink.keeps_any() {
            sink.offer(self.path, number, text);
        } else {
            sink.count(1);
        }
        self.entry.finish(&mut self.cut);
    }

    /// Ends the file: records its problems, and gives `false` when it is not a server log (a
    /// file with text but no line that starts with a time), whose lines must then be dropped.
    pub fn finish(mut self, sink: &mut LineSink<'_>, out: &mut Evidence) -> bool {
        self.end_entry(sink);
        if !self.recognised {
            if self.non_blank {
                let message = "no line starts with a time (`yyyy-MM-dd HH:mm:ss,SSS` or `yyyy-MM-ddTHH:mm:ss,SSS`): not a Jamf Pro server log; it was not read";
                out.add_problem(CollectionProblem::new(SOURCE, self.path, message));
            }
            return false;
        }
        for problem in self.problems {
            out.add_problem(problem);
        }
        if self.bad_times > REPORTED_BAD_TIMES {
            let more = self.bad_times - REPORTED_BAD_TIMES;
            let message = format!("{more} more entries start with a time that is not valid");
            out.add_problem(CollectionProblem::new(SOURCE, self.path, message));
        }
        self.cut.report(SOURCE, self.path, "entries", out);
        true
    }
}

/// The `yyyy-MM-dd HH:mm:ss` (or `yyyy-MM-ddTHH:mm:ss`) an entry line starts with, if it starts
/// with a time shaped `yyyy-MM-dd HH:mm:ss,SSS` or `yyyy-MM-ddTHH:mm:ss,SSS`.
fn leading_time(line: &str) -> Option<&str> {
    let head = line.as_bytes().get(..TIME_SHAPE.len())?;
    let shaped = head
        .iter()
        .zip(TIME_SHAPE)
        .all(|(byte, shape)| match shape {
            b'9' => byte.is_ascii_digit(),
            b'_' => *byte == b' ' || *byte == b'T',
            _ => byte == shape,
        });
    // The head is ASCII, so the byte offset of the comma is a character boundary.
    shaped.then(|| line.get(..19)).flatten()
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use jamf_triage_evidence::{LineNeed, LineReader, Lines};

    use super::*;

    /// Reads `bytes` as one file of the log.
    fn read(bytes: &[u8], evidence: &mut Evidence) -> Lines {
        let mut sink = LineSink::new(LineNeed::Every);
        let mark = sink.mark();
        let mut file = FileReader::new("jamf-pro/JAMFSoftwareServer.log", true);
        LineReader::new(bytes)
            .for_each(|number, line| {
                file.line(&mut sink, number, line);
                ControlFlow::Continue(())
            })
            .expect("read");
        if !file.finish(&mut sink, evidence) {
            sink.rollback(mark);
        }
        sink.finish()
    }

    fn entries(text: &str) -> (Vec<(u32, String)>, Evidence) {
        let mut evidence = Evidence::default();
        let lines = read(text.as_bytes(), &mut evidence);
        let found = lines
            .iter()
            .map(|line| (line.number, line.text.to_owned()))
            .collect();
        (found, evidence)
    }

    #[test]
    fn one_line_per_entry() {
        let (found, evidence) = entries(
            "2020-01-13 20:09:44,384 [DEBUG] [Thread-78  ] [lientCommunicationServlet] - Processing action, COM_JAMFSOFTWARE_JAMF_AADIDSUBMISSIONREQUEST\n\
             2020-01-13 20:09:45,001 [WARN ] [neralPool-0] [PushQueueManager         ] - Push queue is backed up\n",
        );
        assert!(evidence.problems().is_empty());
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].0, 2);
        assert!(found[1].1.ends_with("- Push queue is backed up"));
    }

    /// Issue 14: entries stamped with an ISO `T` (a shape seen in the field, `domain.md` §2.5
    /// "Real log shapes") were glued onto the entry before them.
    #[test]
    fn iso_t_entries_keep_their_own_level_and_time() {
        let (found, evidence) = entries(
            "2021-08-03 03:06:02,990 [INFO ] [Tomcat-1   ] [UserSessionService       ] - before\n\
             2021-08-03T03:06:03,010 [ERROR] [Tomcat-12  ] [ftIntuneGraphTokenService] - Could not retrieve the access token for Microsoft Graph API.\n\
             java.net.SocketTimeoutException: connect timed out\n",
        );
        assert!(evidence.problems().is_empty());
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].0, 2);
        assert!(
            found[1].1.starts_with("2021-08-03T03:06:03,010 [ERROR] "),
            "{}",
            found[1].1
        );
        assert!(
            found[1]
                .1
                .ends_with(" | java.net.SocketTimeoutException: connect timed out")
        );
    }

    #[test]
    fn continuation_lines_join_their_entry() {
        let (found, _) = entries(
            "2024-06-10 15:23:55,455 [ERROR] [Tomcat-23  ] [ftIntuneGraphTokenService] - Could not retrieve the access token for Microsoft Graph API.\n\
             java.net.SocketTimeoutException: connect timed out\n\
             \tat java.base/java.net.PlainSocketImpl.socketConnect(Native Method)\n\
             \n\
             \tat java.base/java.net.Socket.connect(Socket.java:609)\n\
             2024-06-10 15:23:56,000 [INFO ] [Tomcat-23  ] [UserSessionService       ] - next\n",
        );
        assert_eq!(
            found,
            [
                (1, "2024-06-10 15:23:55,455 [ERROR] [Tomcat-23  ] [ftIntuneGraphTokenService] - Could not retrieve the access token for Microsoft Graph API. | java.net.SocketTimeoutException: connect timed out | at java.base/java.net.PlainSocketImpl.socketConnect(Native Method) | at java.base/java.net.Socket.connect(Socket.java:609)".to_owned()),
                (6, "2024-06-10 15:23:56,000 [INFO ] [Tomcat-23  ] [UserSessionService       ] - next".to_owned()),
            ]
        );
    }

    #[test]
    fn lines_before_the_first_entry_form_an_entry_of_their_own() {
        let (found, _) = entries(
            "\tat com.jamf.Foo.bar(Foo.java:1)\nCaused by: x\n2024-06-10 15:23:56,000 [INFO ] [a] [b] - c\n",
        );
        assert_eq!(
            found[0],
            (
                1,
                "at com.jamf.Foo.bar(Foo.java:1) | Caused by: x".to_owned()
            )
        );
        assert_eq!(found[1].0, 3);
    }

    #[test]
    fn an_impossible_time_is_kept_and_reported_at_its_line() {
        let (found, evidence) = entries(
            "2024-06-10 15:23:56,000 [INFO ] [a] [b] - fine\n2024-13-45 25:61:00,000 [INFO ] [a] [b] - odd\n",
        );
        assert_eq!(found.len(), 2);
        let problem = &evidence.problems()[0];
        assert_eq!(problem.line, Some(2));
        assert!(
            problem.message.starts_with(
                "`2024-13-45 25:61:00` at the start of the entry is not a valid time: "
            ),
            "{}",
            problem.message
        );
    }

    #[test]
    fn an_impossible_time_of_a_valid_day_is_reported() {
        let (found, evidence) = entries(
            "2024-06-10 15:23:56,000 [INFO ] [a] [b] - fine\n\
             2024-06-10 24:00:00,000 [INFO ] [a] [b] - odd\n\
             2024-06-10T23:60:00,000 [INFO ] [a] [b] - odd\n\
             2024-06-10 23:59:59,999 [INFO ] [a] [b] - fine\n",
        );
        assert_eq!(found.len(), 4);
        let lines: Vec<_> = evidence.problems().iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(3)]);
    }

    /// The time of day checked by hand once the day is known valid says what the full check
    /// says, for every hour and the edges of minutes and seconds.
    #[test]
    fn the_time_of_day_check_agrees_with_the_full_check() {
        for hour in 0..=99 {
            for minute in [0, 9, 10, 59, 60, 99] {
                for second in [0, 1, 59, 60, 99] {
                    let time = format!("2024-06-10 {hour:02}:{minute:02}:{second:02}");
                    let full = DateTime::strptime("%Y-%m-%d %H:%M:%S", &time).is_ok();
                    let by_hand = valid_time_of_day(&time.as_bytes()[10..]);
                    assert_eq!(by_hand, full, "{time}");
                }
            }
        }
    }

    #[test]
    fn many_impossible_times_are_counted_after_the_first_five() {
        let (found, evidence) =
            entries(&"2024-02-30 10:00:00,000 [INFO ] [a] [b] - odd\n".repeat(8));
        assert_eq!(found.len(), 8);
        let lines: Vec<_> = evidence
            .problems()
            .iter()
            .map(|problem| problem.line)
            .collect();
        assert_eq!(lines, [Some(1), Some(2), Some(3), Some(4), Some(5), None]);
        assert_eq!(
            evidence.problems()[5].message,
            "3 more entries start with a time that is not valid"
        );
    }

    #[test]
    fn a_time_needs_its_milliseconds_and_multibyte_text_is_safe() {
        assert_eq!(
            leading_time("2024-06-10 15:23:56,000 x"),
            Some("2024-06-10 15:23:56")
        );
        assert_eq!(leading_time("2024-06-10 15:23:56 x"), None);
        assert_eq!(
            leading_time("2021-08-03T03:06:03,010 [ERROR] x"),
            Some("2021-08-03T03:06:03")
        );
        assert_eq!(leading_time("2021-08-03X03:06:03,010 x"), None);
        assert_eq!(leading_time("2024-06-10 15:23:5’,000"), None);
        assert_eq!(leading_time("’’’’’’’’’’’’’’’’’’’’’’’’"), None);
    }

    /// Issue 12: random bytes as `JAMFSoftwareServer.log` were read as one long entry, silently.
    #[test]
    fn a_file_with_no_entry_is_a_problem_and_gives_no_lines() {
        // Bytes from a fixed xorshift, so that the test is the same on every run.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let mut evidence = Evidence::default();
        let lines = read(&bytes, &mut evidence);
        assert_eq!((lines.len(), lines.total()), (0, 0));
        let problem = evidence.problems().first().expect("a problem");
        assert_eq!(problem.path, "jamf-pro/JAMFSoftwareServer.log");
        assert!(
            problem.message.contains("not a Jamf Pro server log"),
            "{}",
            problem.message
        );
        // A blank file is an empty log, not a problem.
        let (found, evidence) = entries("\n\n");
        assert!(found.is_empty() && evidence.problems().is_empty());
    }

    #[test]
    fn crlf_bad_bytes_and_cut_entries() {
        let (found, evidence) = entries(
            "2024-06-10 15:23:55,455 [ERROR] [a] [b] - caf\u{FFFD}\r\n\tat x\r\n2024-06-10 15:23:56,000 [INFO ] [a] [b] - next\r\n",
        );
        assert!(evidence.problems().is_empty());
        assert_eq!(
            found,
            [
                (
                    1,
                    "2024-06-10 15:23:55,455 [ERROR] [a] [b] - caf\u{FFFD} | at x".to_owned()
                ),
                (
                    3,
                    "2024-06-10 15:23:56,000 [INFO ] [a] [b] - next".to_owned()
                ),
            ]
        );
        let mut trace = "2024-06-10 15:23:55,455 [ERROR] [a] [b] - boom\n".to_owned();
        for _ in 0..40_000 {
            trace.push_str("\tat com.jamf.Something.method(Something.java:1)\n");
        }
        let (found, evidence) = entries(&trace);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.len() <= jamf_triage_evidence::MAX_LINE_BYTES);
        assert_eq!(evidence.problems()[0].line, Some(1));
        assert!(
            evidence.problems()[0]
                .message
                .contains("entries longer than")
        );
    }

    #[test]
    fn a_truncated_time_is_a_continuation() {
        let (found, _) = entries(
            "2024-06-10 15:23:55,455 [INFO ] [a] [b] - one\n2024-06-10 15:23:5\n2024-06-10 15:23:56,\n",
        );
        assert_eq!(
            found,
            [(
                1,
                "2024-06-10 15:23:55,455 [INFO ] [a] [b] - one | 2024-06-10 15:23:5 | 2024-06-10 15:23:56,".to_owned()
            )]
        );
    }
}
