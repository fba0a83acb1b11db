//! Times the kernel's single-needle passes on one corpus dumped by `dump_corpus.py`, next to the
//! two limits that bound them: one memchr scan (the "single scan over the bytes") and
//! memchr's own `memmem` iterator, which every search-based pass pays at least.
//!
//!     python benchmarks/kernel_scan/dump_corpus.py            # writes target/corpora/*
//!     cargo run --release --manifest-path benchmarks/kernel_scan/Cargo.toml -- long the
//!     cargo run --release ... -- long the sweep                # one pass only, for `perf record`
//!
//! Single-threaded and outside Polars: it isolates the kernel from the adapters and the pool.

use std::path::PathBuf;
use std::time::Instant;

use wordcount_kernel as kernel;
use wordcount_kernel::WordCounter;
use memchr::memmem::Finder;

const REPEATS: usize = 15;

/// A named pass over the whole corpus that returns a total.
type Pass<'a> = (&'static str, Box<dyn Fn() -> u64 + 'a>);

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/corpora")
}

/// The concatenated UTF-8 text of a corpus and its `len + 1` row offsets.
fn load(name: &str) -> Result<(Vec<u8>, Vec<usize>), String> {
    let read = |ext: &str| {
        let path = corpus_dir().join(format!("{name}.{ext}"));
        std::fs::read(&path)
            .map_err(|e| format!("{}: {e} (run dump_corpus.py first)", path.display()))
    };
    let text = read("txt")?;
    let offsets = read("offsets")?
        .chunks_exact(8)
        .map(|c| c.try_into().map(|b| u64::from_le_bytes(b) as usize))
        .collect::<Result<Vec<usize>, _>>()
        .map_err(|e| e.to_string())?;
    Ok((text, offsets))
}

/// Median MB/s of `REPEATS` runs of `f` over `bytes` bytes, and `f`'s result.
fn rate(bytes: usize, mut f: impl FnMut() -> u64) -> (f64, u64) {
    let mut seconds = Vec::with_capacity(REPEATS);
    let mut result = 0;
    for _ in 0..REPEATS {
        let start = Instant::now();
        result = std::hint::black_box(f());
        seconds.push(start.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    (bytes as f64 / seconds[REPEATS / 2] / 1e6, result)
}

/// Counts every row with the scanner, as the adapters do, in the pass chosen by `dense`
/// (`None`: the kernel's own choice), and returns the total.
fn scan(text: &[u8], offsets: &[usize], counter: &WordCounter, dense: Option<bool>) -> u64 {
    let average = text.len() / offsets.len().max(2).saturating_sub(1);
    let mut scanner = match dense {
        None => counter.scanner(text, average),
        Some(dense) => counter.scanner_with(text, dense),
    };
    let mut out = vec![0u32; offsets.len().saturating_sub(1)];
    scanner.count_spans(
        offsets.windows(2).map(|span| Some(span[0]..span[1])),
        &mut out,
    );
    out.iter().map(|&n| u64::from(n)).sum()
}

/// `many <corpus> <n>`: the n most common tokens counted at once by the kernel's `ManyCounter`,
/// against a plain tokenize-and-look-up loop, both into one column per needle, next to writing
/// the columns alone (the floor of any method with this output).
fn many(corpus: &str, n: usize) -> Result<(), String> {
    use std::collections::HashMap;
    let (text, offsets) = load(corpus)?;
    let text = std::str::from_utf8(&text).map_err(|e| e.to_string())?;
    let rows: Vec<&str> = offsets
        .windows(2)
        .filter_map(|s| text.get(s[0]..s[1]))
        .collect();
    let mut freq: HashMap<&str, u64> = HashMap::new();
    for token in kernel::whitespace::split_py_whitespace(text) {
        *freq.entry(token).or_default() += 1;
    }
    let mut common: Vec<(&str, u64)> = freq.into_iter().collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let needles: Vec<&str> = common.iter().take(n).map(|(w, _)| *w).collect();
    let counter = kernel::ManyCounter::new(&needles, kernel::MatchOptions::default());
    let slot_of: HashMap<&str, usize, foldhash::fast::RandomState> =
        needles.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let columns =
        || -> Vec<Vec<u32>> { (0..needles.len()).map(|_| vec![0u32; rows.len()]).collect() };
    let total = |columns: &[Vec<u32>]| columns.iter().flatten().map(|&c| u64::from(c)).sum::<u64>();
    println!("{corpus}: {} rows, {} needles", rows.len(), needles.len());
    let (mbs, sum) = rate(text.len(), || {
        let mut columns = columns();
        for (i, row) in rows.iter().enumerate() {
            counter.for_each_hit(row, |slot| columns[slot][i] += 1);
        }
        total(&columns)
    });
    println!("{:46} {mbs:8.0} MB/s  total {sum}", "kernel: ManyCounter");
    let (mbs, sum) = rate(text.len(), || {
        let mut columns = columns();
        for (i, row) in rows.iter().enumerate() {
            for token in kernel::whitespace::split_py_whitespace(row) {
                if let Some(&slot) = slot_of.get(token) {
                    columns[slot][i] += 1;
                }
            }
        }
        total(&columns)
    });
    println!(
        "{:46} {mbs:8.0} MB/s  total {sum}",
        "tokenize + foldhash lookup"
    );
    let (mbs, sum) = rate(text.len(), || {
        let mut columns = columns();
        for column in &mut columns {
            column.fill(1);
        }
        total(&columns)
    });
    println!(
        "{:46} {mbs:8.0} MB/s  total {sum}",
        "floor: write and sum the columns"
    );
    Ok(())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, corpus, n] = args.as_slice() {
        if mode == "many" {
            return many(corpus, n.parse().map_err(|e| format!("{e}"))?);
        }
    }
    let [corpus, needle, rest @ ..] = args.as_slice() else {
        return Err(
            "usage: kernel-scan <corpus> <needle> [search|sweep] | many <corpus> <n>".into(),
        );
    };
    let (text, offsets) = load(corpus)?;
    let counter = WordCounter::new(needle);
    if let Some(pass) = rest.first() {
        let dense = pass == "sweep";
        let (mbs, total) = rate(text.len(), || scan(&text, &offsets, &counter, Some(dense)));
        println!("{corpus} {needle:?} {pass}: {mbs:.0} MB/s, total {total}");
        return Ok(());
    }
    let finder = Finder::new(needle.as_bytes());
    let rows: Vec<Pass> = vec![
        (
            "limit: memchr, absent byte",
            Box::new(|| memchr::memchr(0, &text).map_or(0, |i| i as u64)),
        ),
        (
            "limit: memmem find_iter, all substring hits",
            Box::new(|| finder.find_iter(&text).count() as u64),
        ),
        (
            "kernel: search pass (memmem + edges)",
            Box::new(|| scan(&text, &offsets, &counter, Some(false))),
        ),
        (
            "kernel: sweep pass (SIMD windows)",
            Box::new(|| scan(&text, &offsets, &counter, Some(true))),
        ),
        (
            "kernel: its own choice",
            Box::new(|| scan(&text, &offsets, &counter, None)),
        ),
    ];
    println!(
        "{corpus}: {} rows, {} bytes; needle {needle:?}",
        offsets.len() - 1,
        text.len()
    );
    let (memchr_rate, _) = rate(text.len(), &rows[0].1);
    for (name, f) in &rows {
        let (mbs, result) = rate(text.len(), f);
        println!(
            "{name:46} {mbs:8.0} MB/s  {:5.1}% of memchr  result {result}",
            100.0 * mbs / memchr_rate
        );
    }
    Ok(())
}
