//! No input makes policylab panic: random bytes and truncated files give diagnostics and
//! exit code 1.

mod common;

use std::process::Command;

use common::{SiteTest, fixtures_dir};

/// A small deterministic generator, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// The fixture's Markdown files, for cutting.
fn sample_files() -> Vec<Vec<u8>> {
    walkdir::WalkDir::new(fixtures_dir().join("basic/content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| std::fs::read(e.path()).expect("read fixture"))
        .collect()
}

#[test]
fn random_bytes_and_truncated_files_give_diagnostics_not_panics() {
    let mut rng = XorShift(0x5eed_c0de);
    let samples = sample_files();
    let mut failures = 0;
    for round in 0..60 {
        let site = SiteTest::new();
        let bytes = match round % 3 {
            0 => {
                let len = rng.below(400);
                rng.bytes(len)
            }
            1 => {
                let sample = &samples[rng.below(samples.len())];
                sample[..rng.below(sample.len())].to_vec()
            }
            _ => {
                let mut sample = samples[rng.below(samples.len())].clone();
                for _ in 0..4 {
                    let at = rng.below(sample.len());
                    sample[at] = rng.next() as u8;
                }
                sample
            }
        };
        site.write_bytes(&format!("content/f{round}.md"), &bytes);
        if site.build().result.is_err() {
            failures += 1;
        }
    }
    assert!(failures >= 30, "most mangled files are errors, found {failures}");
}

#[test]
fn the_binary_exits_1_on_a_folder_of_junk() {
    let mut rng = XorShift(42);
    let site = SiteTest::new();
    for i in 0..20 {
        site.write_bytes(&format!("content/junk/{i}.md"), &rng.bytes(64 + i * 7));
    }
    site.write_bytes("content/junk/_index.md", b"+++\ntitle = \"Junk\"\n+++");
    site.write_bytes("content/junk/cut.md", "+++\ntitle = \"Стратег".as_bytes());
    let output = Command::new(env!("CARGO_BIN_EXE_policylab"))
        .args(["build", "--root"])
        .arg(&site.root)
        .output()
        .expect("run policylab");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: the file is not valid UTF-8 text"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/junk/cut.md:1:1"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
