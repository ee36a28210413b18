//! Where a catalog's memory goes while the app loads it: the heap in use
//! and its peak after each stage of the browser's loading order (read the
//! file, decode, check, keep the valid entries, index).
//!
//! `cargo run --release --example memory -- path/to/catalog.json`
//!
//! Native pointers are twice the size of wasm32's, so the structural part
//! of these figures is larger than in the browser; the text is the same.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use procedure_catalog::catalog::load::Loader;
use procedure_catalog::search::IndexBuilder;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn report(stage: &str, json: usize) {
    let mb = |b: usize| b as f64 / 1e6;
    let (live, peak) = (LIVE.load(Ordering::Relaxed), PEAK.load(Ordering::Relaxed));
    println!(
        "{stage:<28} live {:>8.1} MB ({:.2}x)   peak {:>8.1} MB ({:.2}x)",
        mb(live),
        live as f64 / json as f64,
        mb(peak),
        peak as f64 / json as f64
    );
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: memory <catalog.json>");
    let bytes = std::fs::read(&path).expect("a readable file");
    let json = bytes.len();
    report("file read", json);
    let loader = Loader::new(&bytes).expect("a readable catalog");
    report("structure read", json);
    let unchecked = loader.read_all();
    report("procedures decoded", json);
    drop(bytes);
    report("file dropped", json);
    let verdict = unchecked.checks(None).done();
    report("checked", json);
    let loaded = unchecked.assemble(verdict);
    report("assembled", json);
    let catalog = loaded.catalog;
    let mut builder = IndexBuilder::new(&catalog);
    while !builder.add(usize::MAX) {}
    while !builder.sort() {}
    let index = builder.finish();
    report("indexed", json);
    println!(
        "{} procedures; size_of Procedure {} bytes",
        catalog.procedures.len(),
        std::mem::size_of::<procedure_catalog::catalog::Procedure>()
    );
    drop(index);
    report("index dropped", json);
}
